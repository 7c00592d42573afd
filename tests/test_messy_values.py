"""Silent wrong values from real, messy text (issue 10 §1): each case gives the right
value or a diagnostic, never a wrong value, an exception or a lost neighbour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import netfacts
from conftest import CORPUS, FIXTURES, NETNS
from netfacts.errors import ParseError, Severity
from netfacts.testing.sosreport import build_sosreport

MESSY = FIXTURES / "messy"


def _errors(output: netfacts.Output) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in output.diagnostics if d.severity is Severity.ERROR]


def _json(output: object) -> str:
    return json.dumps(netfacts.to_json(output), allow_nan=False)  # type: ignore[arg-type]


# ---------------------------------------------------------------- SR-IOV counters


@pytest.mark.parametrize("name", ["ip_-s_link_sriov-6.txt", "ip_-s_link_sriov-4.txt"])
def test_vf_counters_belong_to_each_vf_not_to_the_link(name: str) -> None:
    output = netfacts.parse((MESSY / name).read_text(), "ip-link", strict=True)
    pf = next(link for link in output.links if link.ifname == "enp3s0f0")
    assert pf.stats is not None
    assert (pf.stats.rx.bytes, pf.stats.rx.packets, pf.stats.rx.multicast) == \
        (17496609, 120034, 1033)
    assert (pf.stats.tx.bytes, pf.stats.tx.packets) == (33991, 310)
    assert [vf.vf for vf in pf.vfs] == [0, 1]
    first, second = (vf.stats for vf in pf.vfs)
    assert first is not None and second is not None
    assert (first.rx_bytes, first.rx_packets, first.multicast, first.broadcast) == \
        (3421870, 22013, 12, 40)
    assert (first.tx_bytes, first.tx_packets) == (118823, 1391)
    assert (second.rx_bytes, second.tx_bytes) == (14069717, 0)
    data = next(item for item in netfacts.to_json(output) if item["ifname"] == "enp3s0f0")
    assert not [key for key in data if key.startswith(("rx_", "tx_"))]
    assert data["stats64"]["rx"]["bytes"] == 17496609
    assert data["stats64"]["tx"]["bytes"] == 33991
    # ip -j's own shape (print_vf_stats64): TX keys are tx_bytes/tx_packets
    assert data["vfinfo_list"][0]["stats"]["rx"]["broadcast"] == 40
    assert data["vfinfo_list"][0]["stats"]["tx"]["tx_bytes"] == 118823
    assert netfacts.parse(netfacts.render(output), "ip-link").links == output.links


def test_vf_dropped_counters_of_newer_kernels() -> None:
    output = netfacts.parse((MESSY / "ip_-s_link_sriov-6.txt").read_text(), "ip-link")
    second = output.links[1].vfs[1].stats
    assert second is not None and (second.rx_dropped, second.tx_dropped) == (2, 0)
    assert output.links[1].altnames == ("enp3s0f0np0",)


# ---------------------------------------------------------------- garbled headers


def _ip_addr() -> list[str]:
    return (NETNS / "ip_addr" / "ip_addr.txt").read_text().splitlines()


def _addresses(output: netfacts.IpAddrOutput) -> dict[str, list[str]]:  # type: ignore[name-defined]
    return {link.ifname: [str(a.local) for a in link.addresses] for link in output.links}


@pytest.mark.parametrize("damage", [
    lambda line: "x" + line,                    # digits no longer first
    lambda line: line.replace(":", "", 1),      # "3 eth1: ..."
    lambda line: "#" + line[1:],                # the index overwritten
    lambda line: " " + line,                    # pushed right: looks like a continuation
    lambda line: line.split(":", 1)[1],         # " eth1: <...> mtu ...": index gone too
    lambda line: "",                            # blanked
])
def test_lines_under_a_garbled_header_are_dropped_not_rehomed(damage: object) -> None:
    lines = _ip_addr()
    clean = netfacts.parse("\n".join(lines) + "\n", "ip-addr")
    headers = [i for i, line in enumerate(lines) if line[:1].isdigit()]
    victim = headers[2]
    lines[victim] = damage(lines[victim])  # type: ignore[operator]
    output = netfacts.parse("\n".join(lines) + "\n", "ip-addr")
    lost = clean.links[2]
    assert lost.ifname not in [link.ifname for link in output.links]
    assert list(output.links) == [link for link in clean.links if link != lost]
    # the header's own line, or (blanked) the first line under it
    assert _errors(output) and _errors(output)[0][0] in (victim + 1, victim + 2)
    with pytest.raises(ParseError):
        netfacts.parse("\n".join(lines) + "\n", "ip-addr", strict=True)


def test_a_garbled_first_header_does_not_turn_the_capture_into_brief_form() -> None:
    lines = _ip_addr()
    clean = netfacts.parse("\n".join(lines) + "\n", "ip-addr")
    lines[0] = "1\\: " + lines[0][3:]
    output = netfacts.parse("\n".join(lines) + "\n", "ip-addr")
    assert output.form == clean.form
    assert list(output.links) == list(clean.links[1:])


def test_a_second_link_line_starts_no_merge() -> None:
    lines = (NETNS / "ip_addr" / "ip_link.txt").read_text().splitlines()
    clean = netfacts.parse("\n".join(lines) + "\n", "ip-link")
    del lines[2]  # the second interface's header
    output = netfacts.parse("\n".join(lines) + "\n", "ip-link")
    assert list(output.links) == [clean.links[0], *clean.links[2:]]
    assert _errors(output)[0][0] == 3


# ---------------------------------------------------------------- netstat without -W


def _netstat() -> list[str]:
    return (CORPUS / "netstat-2.10__-anp.txt").read_text().splitlines()


def test_a_wide_garbled_row_does_not_switch_off_truncation_detection() -> None:
    lines = _netstat()
    garbled = lines[5].replace("192.168.50.10:8080", "192.168.50.10:8080xx:yy#zz:1")
    lines.insert(3, garbled)
    output = netfacts.parse("\n".join(lines) + "\n", "netstat")
    assert output.form.wide is False
    cut = [str(s.local.address) for s in output.sockets if s.local is not None and
           s.local.truncated]
    assert "fe80::ff:fe00:500" in cut
    assert any("23-character" in d.message for d in output.diagnostics)
    assert _errors(output) and _errors(output)[0][0] == 4


def test_a_long_real_address_still_proves_wide_output() -> None:
    lines = _netstat()
    lines.insert(3, "tcp6       0      0 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1:443 :::*"
                    "                    LISTEN      10080/nginx: master ")
    output = netfacts.parse("\n".join(lines) + "\n", "netstat")
    assert output.form.wide is True
    cut = [str(s.local.address) for s in output.sockets if s.local and s.local.truncated]
    assert "fe80::ff:fe00:500" not in cut  # a complete address of 23 characters
    # fields that cannot be addresses are still cut (the capture was made without -W)
    assert set(cut) == {"2001:db8:aaaa:bbbb:", "2001:db8:aaaa:bbb"}


@pytest.mark.parametrize("field", ["192#junk#.168.50.10:22", "19²2.168.50.10:22",
                                   "192.168.50.10:2#2", "192.168.50.10:99999"])
def test_a_garbled_host_is_an_error_not_a_host_name(field: str) -> None:
    lines = _netstat()
    clean = netfacts.parse("\n".join(lines) + "\n", "netstat")
    assert lines[5][20:44] == "192.168.50.10:8080      "
    lines[5] = lines[5][:20] + field.ljust(24) + lines[5][44:]
    output = netfacts.parse("\n".join(lines) + "\n", "netstat")
    assert _errors(output) and _errors(output)[0][0] == 6
    assert len(output.sockets) == len(clean.sockets) - 1
    assert not any("#" in str(s.local.address) for s in output.sockets if s.local)


def test_host_and_service_names_are_still_read() -> None:
    text = ("Active Internet connections (servers and established)\n"
            "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n"
            "tcp        0      0 localhost:ssh           node-1.example.com:4711 ESTABLISHED\n"
            "tcp        0      0 [UNKNOWN]:http-alt      *:*                     LISTEN\n")
    output = netfacts.parse(text, "netstat", strict=True)
    assert [(s.local.address, s.local.port) for s in output.sockets if s.local] == [
        ("localhost", "ssh"), ("[UNKNOWN]", "http-alt")]


# ---------------------------------------------------------------- ip_forward


@pytest.mark.parametrize("text", ["yes\n", "1\n0\n", "2\n", "true\n", "-1\n", " 1 1\n"])
def test_ip_forward_is_only_0_or_1(text: str) -> None:
    output = netfacts.parse(text, "ip-forward")
    assert output.entries == () and _errors(output)
    assert output.ip_forward is None
    with pytest.raises(ParseError):
        netfacts.parse(text, "ip-forward", strict=True)


def test_ip_forward_in_sysctl_output_too() -> None:
    output = netfacts.parse("net.ipv4.ip_forward = yes\nnet.core.somaxconn = 4096\n", "sysctl")
    assert output.as_dict() == {"net.core.somaxconn": 4096}
    assert _errors(output) == [(1, "Expected 0 or 1 for net.ipv4.ip_forward, found 'yes'")]
    assert netfacts.parse("0\n", "ip-forward", strict=True).ip_forward is False
    assert netfacts.parse("1\n", "ip-forward", strict=True).ip_forward is True


# ---------------------------------------------------------------- numbers


BAD_NUMBERS = ["²", "٣", "9" * 5000, "inf", "1e999"]

CASES = [  # (kind, capture, the line to damage, the number in it to replace)
    ("ip-addr", NETNS / "ip_addr" / "ip_addr.txt", 0, "65536"),
    ("ip-addr", NETNS / "ip_addr" / "ip_addr.txt", 2, "8"),
    ("ip-addr", NETNS / "ip_addr" / "ip_-o_addr.txt", 0, "1"),
    ("ip-link", NETNS / "ip_addr" / "ip_-s_-s_link.txt", 3, "0"),
    ("ip-link", CORPUS / "ip-3.10__-d_link.txt", None, "42"),
    ("ip-route", NETNS / "ip_route" / "ip_route.txt", 0, "100"),
    ("ip-rule", CORPUS / "ip-6.1__rule.txt", 0, "0"),
    ("ip-neigh", NETNS / "ip_neigh" / "ip_-s_neigh.txt", 0, "1"),
    ("arp", CORPUS / "arp-1.60__-nv.txt", -1, "14"),
    ("arp", CORPUS / "arp-1.60__-a_192.168.99.99.txt", 0, "14"),
    ("proc-net-arp", NETNS / "arp" / "proc_net_arp.txt", 1, "0x2"),
    ("sysctl", NETNS / "sysctl" / "sysctl_-a.txt", 0, "1"),
    ("netstat", CORPUS / "netstat-1.60__-anp.txt", 3, "0"),
    ("netstat", CORPUS / "netstat-1.60__-anp.txt", 3, "5432"),
    ("ss", CORPUS / "ss-3.10__-anp.txt", 1, "0"),
    ("ss", CORPUS / "ss-3.10__-s.txt", 0, "43"),
    ("ss", CORPUS / "ss-3.10__-tanpi.txt", 2, "10"),
]


def _damaged(path: Path, index: int | None, number: str, bad: str) -> tuple[str, int]:
    lines = path.read_text().splitlines()
    if index is None:
        index = next(i for i, line in enumerate(lines) if f" {number} " in line)
    if index < 0:
        index += len(lines)
    line = lines[index]
    position = line.find(number) if number[:1] == "0" and number != "0" else \
        next(i for i in range(len(line)) if line.startswith(number, i) and
             not line[i - 1 : i].isdigit() and not line[i + len(number):][:1].isdigit())
    lines[index] = line[:position] + bad + line[position + len(number):]
    return "\n".join(lines) + "\n", index + 1


@pytest.mark.parametrize("bad", BAD_NUMBERS, ids=["superscript", "arabic", "5000 digits", "inf",
                                                  "1e999"])
@pytest.mark.parametrize(("kind", "path", "index", "number"), CASES,
                         ids=[f"{k}-{p.name}-{n}" for k, p, _, n in CASES])
def test_a_bad_number_is_a_diagnostic(kind: str, path: Path, index: int | None, number: str,
                                      bad: str) -> None:
    text, line = _damaged(path, index, number, bad)
    clean = netfacts.parse(path.read_text(), kind, source="x.txt")
    output = netfacts.parse(text, kind, source="x.txt")  # no internal error
    _json(output)  # no OverflowError, no NaN/Infinity
    netfacts.render(output)
    new = [d for d in output.diagnostics if d not in clean.diagnostics]
    kept_as_text = netfacts.to_json(output) != netfacts.to_json(clean)
    assert {d.line for d in new} <= {line} and (new or kept_as_text), new
    try:
        netfacts.parse(text, kind, strict=True, source="x.txt")
    except ParseError as exc:
        assert "internal error" not in str(exc) and exc.line == line


@pytest.mark.parametrize("metric", ["rtt infms", "rtt 1e999ms", "mtu inf", "rttvar nan",
                                    "advmss " + "9" * 5000, "mtu lock ²"])
def test_route_metrics_that_are_not_numbers(metric: str) -> None:
    text = f"10.0.0.0/8 via 10.0.0.1 dev eth0 {metric} \ndefault via 10.0.0.1 dev eth0 \n"
    output = netfacts.parse(text, "ip-route", source="r.txt")
    assert len(output.routes) == 1 and _errors(output)[0][0] == 1
    _json(output)
    status_model = json.loads(_json(output))
    assert status_model == [{"dst": "default", "gateway": "10.0.0.1", "dev": "eth0",
                             "flags": []}]


def test_route_metric_numbers_in_every_printed_form() -> None:
    text = ("10.0.0.0/8 via 10.0.0.1 dev eth0 mtu lock 1400 rtt 20ms rttvar 1.5s "
            "features ecn congctl bbr \n")
    (route,) = netfacts.parse(text, "ip-route", strict=True).routes
    assert [(m.name, m.number) for m in route.metrics] == [
        ("mtu", 1400), ("rtt", 20), ("rttvar", 1500), ("features", None), ("congctl", None)]


def test_one_bad_record_in_a_snapshot_loses_one_record(tmp_path: Path) -> None:
    sysctl = (NETNS / "sysctl" / "sysctl_-a.txt").read_text().splitlines()
    netstat = (NETNS / "netstat" / "netstat_-W_-neopa.txt").read_text().splitlines()
    sysctl[3] = sysctl[3].split(" = ")[0] + " = " + "9" * 5000
    row = next(i for i, line in enumerate(netstat) if line.startswith("tcp "))
    netstat[row] = netstat[row].replace(" 0 ", " " + "7" * 5000 + " ", 1)
    outputs = {"sysctl -a": "\n".join(sysctl) + "\n",
               "netstat -W -neopa": "\n".join(netstat) + "\n"}
    clean = netfacts.parse((NETNS / "netstat" / "netstat_-W_-neopa.txt").read_text(), "netstat")
    snapshot = netfacts.load(build_sosreport(tmp_path, outputs, hostname="h"))
    assert len(snapshot.sysctls) == len(sysctl)  # the long value is kept as text, warned
    assert len(snapshot.sockets) == len(clean.sockets) - 1
    assert not [d for d in snapshot.diagnostics if d.message.startswith("not used")]


def test_a_blank_line_ends_a_route_its_nexthop_is_not_given_to_the_route_above() -> None:
    text = ("10.50.0.0/16 \n\tnexthop via 192.168.50.1 dev eth0 weight 1 \n"
            "192.168.65.0/24 dev eth0 proto kernel scope link src 192.168.65.5 \n"
            "\n\tnexthop via 10.20.0.2 dev br0 weight 3 \n")
    output = netfacts.parse(text, "ip-route")
    assert [len(route.nexthops) for route in output.routes] == [1, 0]
    assert _errors(output) == [(5, "'nexthop' line with no route before it")]
