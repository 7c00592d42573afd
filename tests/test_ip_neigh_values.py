"""ip neigh values checked against ground truth that does not come from netfacts.

* ``fixtures/netns/topology.json``: the neighbours ``scripts/capture_fixtures.py`` built
  (address, device, MAC, expected state, flags, protocol) for ``fixtures/netns/ip_neigh``;
* ``fixtures/corpus/MANIFEST.txt`` and lines read by hand from the corpus captures;
* lines captured by hand for cases no fixture has (NONE state, ``managed``, ``Deleted``),
  and lines written from iproute2's ``print_neigh()`` for cases no kernel here produces
  (``miss``, ``offload``, ``extern_valid``, 20-byte and dotted-quad link-layer addresses,
  3.10's comma-joined states).  Each is marked where it is used.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest

from _twins_neigh import CORPUS, NETNS
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.ip_neigh import ip_neigh_to_json
from netfacts.models.neighbour import IpNeighOutput, Neighbour, NeighCacheInfo, NudState
from netfacts.models.values import MacAddress
from netfacts.parsers.ip_neigh import parse_ip_neigh, sniff

TOPOLOGY: dict[str, Any] = json.loads((NETNS / "topology.json").read_text())
BUILT = [n for n in TOPOLOGY["neighbours"] if n.get("namespace") == "nf-host" and "dst" in n]
IP_NEIGH = NETNS / "ip_neigh"


def parse(name: str) -> IpNeighOutput:
    path = IP_NEIGH / name if (IP_NEIGH / name).exists() else CORPUS / name
    out = parse_ip_neigh(path.read_text(), source=path.name)
    assert out.diagnostics == ()
    return out


def find(out: IpNeighOutput, dst: str, dev: str | None = None) -> Neighbour:
    found = out.get(dst, dev)
    assert found is not None, f"{dst} not in {[str(n.dst) for n in out.neighbours]}"
    return found


def one(line: str) -> Neighbour:
    out = parse_ip_neigh(line + "\n", source="line")
    assert out.diagnostics == (), [d.render() for d in out.diagnostics]
    (neighbour,) = out.neighbours
    return neighbour


# ============================================================ netns ground truth

NOT_PROXY = [n for n in BUILT if not n["proxy"]]


@pytest.mark.parametrize("truth", NOT_PROXY, ids=lambda n: n["dst"])
def test_nud_all_shows_every_built_neighbour(truth: dict[str, Any]) -> None:
    n = find(parse("ip_neigh_show_nud_all.txt"), truth["dst"], truth["dev"])
    assert n.dst == ipaddress.ip_address(truth["dst"])
    assert n.dev == truth["dev"]
    if truth["lladdr"] is None:
        assert n.lladdr is None
    else:
        assert n.lladdr == MacAddress.parse(truth["lladdr"])
    assert n.state == (NudState(truth["state"]),)
    assert n.flags == tuple(truth["flags"])
    assert n.protocol == truth.get("proto")
    assert n.is_permanent is (truth["state"] == "PERMANENT")
    assert n.is_complete is (truth["lladdr"] is not None)
    assert n.is_router is ("router" in truth["flags"])
    assert n.cache is None


@pytest.mark.parametrize("truth", NOT_PROXY, ids=lambda n: n["dst"])
def test_plain_ip_neigh_hides_only_noarp(truth: dict[str, Any]) -> None:
    out = parse("ip_neigh.txt")
    assert (out.get(truth["dst"], truth["dev"]) is None) is (truth["state"] == "NOARP")


def test_proxy_entries() -> None:
    out = parse("ip_neigh_show_proxy.txt")
    expected = [(n["dst"], n["dev"]) for n in BUILT if n["proxy"]]
    assert [(str(n.dst), n.dev) for n in out.neighbours] == expected
    for n in out.neighbours:
        assert n.flags == ("proxy",) and n.is_proxy
        assert n.state == () and n.lladdr is None
    assert ip_neigh_to_json(out)[0] == {"dst": "192.168.50.200", "dev": "eth0", "proxy": None}


def test_ipv6_capture_holds_only_ipv6() -> None:
    out = parse("ip_-6_neigh.txt")
    expected = {n["dst"] for n in NOT_PROXY if ":" in n["dst"] and n["state"] != "NOARP"}
    assert {str(n.dst) for n in out.neighbours} == expected


@pytest.mark.parametrize("name", ["ip_-s_neigh.txt", "ip_-s_-s_neigh_show.txt"])
def test_statistics(name: str) -> None:
    out = parse(name)
    assert out.form.stats and out.form.layout == "B"
    assert all(n.cache is not None for n in out.neighbours)
    # "10.244.0.3 dev cni0 lladdr 02:00:0a:f4:00:03  ref 1 used 3/3/3probes 4 REACHABLE "
    assert find(out, "10.244.0.3").cache == NeighCacheInfo(refcnt=1, used=3, confirmed=3,
                                                            updated=3, probes=4)
    # "192.168.50.77 dev eth0  used 3/243/0probes 6 FAILED "
    failed = find(out, "192.168.50.77")
    assert failed.cache == NeighCacheInfo(used=3, confirmed=243, updated=0, probes=6)
    assert failed.state == (NudState.FAILED,)
    # "10.20.0.92 dev br0 lladdr 02:00:00:00:20:92  ref 1 used 3/63/2probes 1 PROBE "
    assert find(out, "10.20.0.92").state == (NudState.PROBE,)
    assert find(out, "10.77.0.91").state == (NudState.DELAY,)
    assert find(out, "10.77.0.78").state == (NudState.INCOMPLETE,)


# ============================================================ corpus (MANIFEST.txt topology)


@pytest.mark.parametrize("version", ["3.10", "4.9", "5.4", "6.1", "7.1"])
def test_corpus_neighbours_of_gr_host_in_every_version(version: str) -> None:
    out = parse(f"ip-{version}__neigh_show_nud_all.txt")
    # MANIFEST: PERMANENT 192.168.50.99, NOARP (hidden by default), STALE, REACHABLE,
    # FAILED, INCOMPLETE 192.168.50.78, router (IPv6)
    assert find(out, "192.168.50.99").state == (NudState.PERMANENT,)
    assert find(out, "192.168.50.99").lladdr == MacAddress.parse("02:00:00:00:00:99")
    assert find(out, "192.168.50.98").state == (NudState.NOARP,)
    assert find(out, "192.168.50.78").state == (NudState.INCOMPLETE,)
    assert find(out, "192.168.50.78").lladdr is None
    assert find(out, "192.168.50.1").lladdr == MacAddress.parse("02:00:00:00:50:01")
    assert find(out, "2001:db8:50::99").flags == ("router",)
    layout = "A" if version in ("3.10", "4.9", "5.4") else "B"
    assert out.form.layout == layout
    # extern_learn is printed from 4.19 on (4.9 and 3.10 silently omit it)
    expected = () if version in ("3.10", "4.9") else ("extern_learn",)
    assert find(out, "192.168.50.94").flags == expected
    # proto is printed from 5.0 on
    assert find(out, "192.168.50.93").protocol == (
        None if version in ("3.10", "4.9") else "static")


def test_one_byte_lladdr_of_a_tun_device() -> None:
    """MANIFEST: kernel NOARP multicast entries, incl. "lladdr 08" on tun0 (link/none)."""
    n = find(parse("ip-6.1__neigh_show_nud_all.txt"), "ff02::16", "tun0")
    assert isinstance(n.lladdr, MacAddress) and n.lladdr.octets == b"\x08"
    assert str(n.lladdr) == "08"


def test_show_dev_has_no_dev() -> None:
    for version in ("3.10", "6.1"):
        out = parse(f"ip-{version}__neigh_show_dev_eth0.txt")
        assert out.neighbours and all(n.dev is None for n in out.neighbours)
    # 3.10: "192.168.50.95  FAILED" (two blanks: dst "%s " then " FAILED")
    assert find(parse("ip-3.10__neigh_show_dev_eth0.txt"), "192.168.50.95").state == (
        NudState.FAILED,)


def test_old_and_new_statistics_layouts() -> None:
    # 3.10: "192.168.50.1 dev eth0 lladdr 02:00:00:00:50:01 ref 1 used 29/29/29 probes 4 ..."
    old = find(parse("ip-3.10__-s_neigh.txt"), "192.168.50.1")
    assert old.cache == NeighCacheInfo(refcnt=1, used=29, confirmed=29, updated=29, probes=4)
    # 7.1: "192.168.50.1 dev eth0 lladdr 02:00:00:00:50:01  ref 1 used 31/31/31probes 4 ..."
    new = find(parse("ip-7.1__-s_neigh.txt"), "192.168.50.1")
    assert new.cache == NeighCacheInfo(refcnt=1, used=31, confirmed=31, updated=31, probes=4)


def test_delay_and_probe_capture() -> None:
    out = parse("ip-6.1__neigh_show_delay_probe.txt")
    assert [(str(n.dst), n.state) for n in out.neighbours] == [
        ("192.168.50.91", (NudState.DELAY,)), ("192.168.50.92", (NudState.PROBE,))]


def test_empty_output() -> None:
    for name in ("far_ip-6.1__neigh.txt", "far_ip-3.10__neigh.txt"):
        out = parse(name)
        assert out.neighbours == () and ip_neigh_to_json(out) == []


# ============================================================ lines no fixture holds

# Captured by hand with iproute2 6.1 on the 6.18 kernel (netns, veth d0):
#   ip neigh add 10.9.0.5 lladdr 02:00:00:00:09:05 dev d0 nud none
#   ip neigh add 10.9.0.6 dev d0 managed
#   ip monitor neigh, while deleting 10.9.0.7
HAND = {
    "none": "10.9.0.5 dev d0 ",
    "none_s": "10.9.0.5 dev d0  used 0/60/0probes 0 ",
    "managed": "10.9.0.6 dev d0 managed INCOMPLETE ",
    "managed_s": "10.9.0.6 dev d0 managed  ref 1 used 0/60/0probes 4 INCOMPLETE ",
    "deleted": "Deleted 10.9.0.7 dev d0 FAILED ",
}


def test_nud_none_has_no_state_word() -> None:
    n = one(HAND["none"])
    assert n.state == () and n.lladdr is None and not n.is_complete
    assert ip_neigh_to_json(IpNeighOutput(neighbours=(n,))) == [
        {"dst": "10.9.0.5", "dev": "d0"}]  # ip -j printed exactly this
    assert one(HAND["none_s"]).cache == NeighCacheInfo(used=0, confirmed=60, updated=0,
                                                       probes=0)


def test_managed_flag() -> None:
    n = one(HAND["managed"])
    assert n.flags == ("managed",) and n.state == (NudState.INCOMPLETE,)
    assert ip_neigh_to_json(IpNeighOutput(neighbours=(n,))) == [
        {"dst": "10.9.0.6", "dev": "d0", "managed": None, "state": ["INCOMPLETE"]}]
    assert one(HAND["managed_s"]).cache == NeighCacheInfo(refcnt=1, used=0, confirmed=60,
                                                          updated=0, probes=4)


def test_deleted_prefix() -> None:
    n = one(HAND["deleted"])
    assert n.deleted and not n.miss and n.state == (NudState.FAILED,)
    assert ip_neigh_to_json(IpNeighOutput(neighbours=(n,)))[0] == {
        "deleted": True, "dst": "10.9.0.7", "dev": "d0", "state": ["FAILED"]}


# Written from print_neigh() (iproute2 7.x): no kernel here produces them.
def test_miss_prefix() -> None:
    n = one("miss 10.9.0.44 dev d0 INCOMPLETE ")
    assert n.miss and not n.deleted
    assert next(iter(ip_neigh_to_json(IpNeighOutput(neighbours=(n,)))[0])) == "miss"


def test_every_flag_word_in_print_order() -> None:
    n = one("10.0.0.1 dev e lladdr 02:00:00:00:00:01 router proxy managed extern_learn "
            "offload extern_valid REACHABLE proto zebra ")
    assert n.flags == ("router", "proxy", "managed", "extern_learn", "offload", "extern_valid")
    assert n.protocol == "zebra"
    assert list(ip_neigh_to_json(IpNeighOutput(neighbours=(n,)))[0]) == [
        "dst", "dev", "lladdr", "router", "proxy", "managed", "extern_learn", "offload",
        "extern_valid", "state", "protocol"]


def test_link_layer_addresses_of_other_lengths() -> None:
    ib = "80:00:00:48:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"
    assert one(f"10.1.0.2 dev ib0 lladdr {ib} REACHABLE ").lladdr == MacAddress.parse(ib)
    assert len(MacAddress.parse(ib).octets) == 20
    tunnel = one("10.2.0.2 dev gre1 lladdr 192.0.2.7 PERMANENT ")
    assert tunnel.lladdr == ipaddress.IPv4Address("192.0.2.7")


def test_comma_joined_states_of_iproute2_3_10() -> None:
    n = one("10.0.0.1 dev eth0 lladdr 02:00:00:00:00:01 STALE,NOARP")
    assert n.state == (NudState.STALE, NudState.NOARP) and n.extra == ()


def test_unknown_words_are_kept() -> None:
    n = one("10.0.0.1 dev eth0 lladdr 02:00:00:00:00:01 shiny FUTURE_STATE ")
    assert n.extra == (("shiny", "FUTURE_STATE"),)
    n = one("10.0.0.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE color 7 ")
    assert n.extra == (("color", "7"),) and n.state == (NudState.REACHABLE,)
    assert ip_neigh_to_json(IpNeighOutput(neighbours=(n,)))[0]["color"] == 7


def test_interface_names_that_are_keywords() -> None:
    n = one("10.0.0.1 dev router lladdr 02:00:00:00:00:01 PERMANENT")
    assert (n.dev, n.flags) == ("router", ())


# ============================================================ noise, errors, strict mode


def test_prompt_and_stderr_are_warnings() -> None:
    text = ("$ ip neigh show dev eth9\nDevice \"eth9\" does not exist.\n"
            "10.0.0.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE \n")
    out = parse_ip_neigh(text, source="x")
    assert [(d.severity, d.line) for d in out.diagnostics] == [(Severity.WARNING, 1),
                                                                (Severity.WARNING, 2)]
    assert len(out.neighbours) == 1
    assert parse_ip_neigh(text, strict=True) == out


def test_bad_link_layer_address() -> None:
    text = "10.0.0.1 dev eth0 lladdr zz:00 REACHABLE \n10.0.0.2 dev eth0 FAILED \n"
    out = parse_ip_neigh(text, source="n.txt")
    # "10.0.0.1 dev eth0 lladdr " is 25 characters: the address starts at column 26
    assert [(d.line, d.column, d.message) for d in out.diagnostics] == [
        (1, 26, "Expected link-layer address after 'lladdr'")]
    assert [str(n.dst) for n in out.neighbours] == ["10.0.0.2"]  # no partial 10.0.0.1
    with pytest.raises(ParseError) as raised:
        parse_ip_neigh(text, strict=True, source="n.txt")
    assert str(raised.value).splitlines()[0] == (
        "n.txt:1:26: error: Expected link-layer address after 'lladdr'")
    assert (raised.value.line, raised.value.column) == (1, 26)


def test_bad_counter_after_glued_probes() -> None:
    # "10.0.0.1 dev eth0  used 1/2/3probes x FAILED ": "used" is columns 20-23, "1/2/3"
    # 25-29, the glued "probes" 30-35, so "x" is at column 37
    line = "10.0.0.1 dev eth0  used 1/2/3probes x FAILED "
    out = parse_ip_neigh(line + "\n")
    assert [(d.column, d.message) for d in out.diagnostics] == [
        (37, "Expected decimal number after 'probes'")]


def test_garbage_line_between_records() -> None:
    text = "10.0.0.1 dev eth0 FAILED \nthis is not a neighbour\n10.0.0.2 dev eth0 FAILED \n"
    out = parse_ip_neigh(text, source="g.txt")
    ((line, column, severity),) = [(d.line, d.column, d.severity) for d in out.diagnostics]
    assert (line, column, severity) == (2, 1, Severity.ERROR)
    assert len(out.neighbours) == 2
    with pytest.raises(ParseError) as raised:
        parse_ip_neigh(text, strict=True, source="g.txt")
    assert str(raised.value).startswith("g.txt:2:1: error: Expected neighbour address")


def test_hex_word_that_is_not_an_address() -> None:
    out = parse_ip_neigh("cafe dev eth0 FAILED\n")
    assert [(d.column, d.message) for d in out.diagnostics] == [
        (1, "Expected IP address, found 'cafe'")]


def test_truncated_last_line_is_reported() -> None:
    out = parse_ip_neigh("10.0.0.1 dev eth0 lladdr 02:00:00:00:00:01 REACHA")
    assert [(d.severity, d.line) for d in out.diagnostics] == [(Severity.WARNING, 1)]


# ============================================================ detection


@pytest.mark.parametrize("name", ["ip-6.1__neigh.txt", "ip-3.10__-s_neigh.txt",
                                  "ip-6.1__neigh_show_proxy.txt", "ip-7.1__-6_neigh.txt"])
def test_sniffer_recognises_captures(name: str) -> None:
    assert sniff((CORPUS / name).read_text().splitlines()) == ("ip-neigh", 90)


@pytest.mark.parametrize("name", ["ip-6.1__route.txt", "ip-6.1__addr.txt", "ip-6.1__rule.txt",
                                  "arp-2.10__-n.txt", "ip-6.1__-6_route.txt"])
def test_sniffer_leaves_other_commands_alone(name: str) -> None:
    assert sniff((CORPUS / name).read_text().splitlines()) is None


def test_record_lines() -> None:
    out = parse_ip_neigh("$ ip neigh\n" + (CORPUS / "ip-6.1__neigh.txt").read_text())
    assert out.record_lines == tuple(range(2, 2 + len(out.neighbours)))


def test_colour_and_crlf_change_nothing() -> None:
    """``ip -c neigh`` colours the address, the device and the MAC (GRAMMAR.md §1.2)."""
    import re

    text = (CORPUS / "ip-6.1__neigh_show_nud_all.txt").read_text()
    coloured = re.sub(r"^(\S+) dev (\S+)", "\x1b[35m\\1 \x1b[0mdev \x1b[36m\\2 \x1b[0m", text,
                      flags=re.M)
    coloured = re.sub(r"lladdr (\S+)", "lladdr \x1b[33m\\1\x1b[0m", coloured)
    assert coloured.count("\x1b[") > 100
    clean = parse_ip_neigh(text)
    for damaged in (coloured, coloured.replace("\n", "\r\n")):
        out = parse_ip_neigh(damaged)
        assert out.diagnostics == () and out == clean
