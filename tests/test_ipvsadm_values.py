"""Values read from the hand-made ipvsadm listings (see fixtures/ipvsadm/README.md)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

import netfacts
from conftest import FIXTURES
from netfacts.detection import detect, kind_from_filename
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.ipvsadm import ipvsadm_to_json
from netfacts.models.ipvs import ForwardMethod, IpvsadmOutput, IpvsService, ListingMode
from netfacts.parsers.ipvsadm import counter_value, parse_ipvsadm, sniff
from netfacts.renderers.ipvsadm import render_ipvsadm
from netfacts.testing.sosreport import build_sosreport

IPVS = FIXTURES / "ipvsadm"
FILES = sorted(p for p in IPVS.glob("*/ipvsadm*"))


def _read(name: str) -> str:
    return (IPVS / name).read_text()


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_parses_cleanly_and_renders_back(path: Path) -> None:
    text = path.read_text()
    output = parse_ipvsadm(text, source=path.name)
    if path.parent.name == "no_ipvs":
        assert [d.severity for d in output.diagnostics] == [Severity.WARNING]
        assert not output.available and output.services == ()
    else:
        assert output.diagnostics == (), [d.render() for d in output.diagnostics]
    assert render_ipvsadm(output) == text


def test_kube_proxy_listing() -> None:
    out = parse_ipvsadm(_read("kube-proxy/ipvsadm_-Ln"))
    assert (out.version, out.size, out.form.mode, out.form.numeric) == (
        "1.2.1", 4096, ListingMode.LIST, True)
    assert len(out.services) == 17
    web = out.service("TCP", "10.96.12.34", 80)
    assert web is not None and web.scheduler == "rr" and web.persistent == 10800
    assert [(str(s.address), s.port, s.forward, s.weight) for s in web.real_servers] == [
        ("10.244.1.5", 8080, ForwardMethod.MASQ, 1), ("10.244.2.7", 8080, ForwardMethod.MASQ, 1),
        ("10.244.2.8", 8080, ForwardMethod.MASQ, 1)]
    assert web.real_servers[1].active_conns == 1 and web.real_servers[1].inactive_conns == 2
    empty = out.service("TCP", "10.96.77.7", 80)
    assert empty is not None and empty.real_servers == ()
    sctp = out.service("SCTP", "10.96.88.8", 9999)
    assert sctp is not None and sctp.family == 4
    six = out.service("TCP", "fd00:10:96::1234", 80)
    assert six is not None and six.address == ipaddress.ip_address("fd00:10:96::1234")
    assert six.real_servers[0].address == ipaddress.ip_address("fd00:10:244:1::5")
    assert out.record_lines[0] == 4


def test_stats_counters_with_units() -> None:
    out = parse_ipvsadm(_read("kube-proxy/ipvsadm_-Ln_--stats"))
    assert out.form.mode is ListingMode.STATS
    first = out.services[0]
    assert first.counters is not None
    assert first.counters.texts == ("3276", "33180", "31080", "2478000", "41664M")
    assert first.counters.values[4] == 41_664_000_000 and first.counters.approximate
    data = ipvsadm_to_json(out)["services"][0]
    assert data["outbytes"] == 41_664_000_000 and data["approximate"] is True
    exact = parse_ipvsadm(_read("lvs/ipvsadm_-Ln_--stats_--exact"))
    assert all(s.counters is not None and not s.counters.approximate for s in exact.services)
    assert counter_value("992000K") == 992_000_000


def test_rate_thresholds_persistent_modes() -> None:
    rate = parse_ipvsadm(_read("lvs/ipvsadm_-Ln_--rate"))
    assert rate.form.mode is ListingMode.RATE
    assert ipvsadm_to_json(rate)["services"][0]["cps"] == 12
    thresholds = parse_ipvsadm(_read("lvs/ipvsadm_-Ln_--thresholds"))
    server = thresholds.services[0].real_servers[0]
    assert (server.upper_threshold, server.lower_threshold, server.active_conns) == (
        500, 200, 120)
    persistent = parse_ipvsadm(_read("lvs/ipvsadm_-Ln_--persistent-conn"))
    server = persistent.services[1].real_servers[0]
    assert (server.weight, server.persistent_conns) == (100, 230)


def test_lvs_fwmark_tunnel_local_and_flags() -> None:
    out = parse_ipvsadm(_read("lvs/ipvsadm_-Ln_--tun-info"))
    assert out.form.tun_info
    https = out.service("TCP", "203.0.113.80", 443)
    assert https is not None and (https.persistent, https.mask) == (300, "255.255.255.0")
    dns = out.service("UDP", "203.0.113.53", 53)
    assert dns is not None and dns.ops and dns.scheduler == "sh"
    assert [(s.forward, s.tunnel_info) for s in dns.real_servers] == [
        (ForwardMethod.LOCAL, None), (ForwardMethod.TUNNEL, "ipip")]
    marks = [s for s in out.services if s.protocol == "FWM"]
    assert [(s.fwmark, s.ipv6, s.family) for s in marks] == [(5, False, 4), (7, True, 6)]


def test_names_without_n() -> None:
    out = parse_ipvsadm(_read("lvs/ipvsadm_-L"))
    assert out.form.numeric is False
    assert out.services[0].port == "http"
    assert out.services[0].real_servers[0].address == ipaddress.ip_address("192.0.2.21")


def test_connections_timeout_daemon() -> None:
    out = parse_ipvsadm(_read("kube-proxy/ipvsadm_-Ln_--connection"))
    assert out.form.mode is ListingMode.CONNECTION and len(out.connections) == 5
    first = out.connections[0]
    assert (first.protocol, first.expire, first.state) == ("TCP", 897, "ESTABLISHED")
    assert first.virtual == (ipaddress.ip_address("10.96.12.34"), 80)
    assert out.connections[-1].expire == 179 * 60 + 59
    old = parse_ipvsadm(_read("kube-proxy/ipvsadm_-Lc"))
    assert old.connections[0].virtual[1] == "http"
    timeout = parse_ipvsadm(_read("lvs/ipvsadm_-Ln_--timeout"))
    assert timeout.timeout == (900, 120, 300)
    assert ipvsadm_to_json(timeout) == {"mode": "timeout",
                                        "timeout": {"tcp": 900, "tcpfin": 120, "udp": 300}}
    daemon = parse_ipvsadm(_read("lvs/ipvsadm_-Ln_--daemon"))
    assert [d.state for d in daemon.daemons] == ["master", "backup"]
    assert dict(daemon.daemons[0].options)["syncid"] == "51"


def test_a_garbled_real_server_line_loses_only_itself() -> None:
    lines = _read("kube-proxy/ipvsadm_-Ln").split("\n")
    lines[4] = "  -> 10.244.1.5:8080              Masq    one    1          1         "
    out = parse_ipvsadm("\n".join(lines))
    errors = [d for d in out.diagnostics if d.severity == Severity.ERROR]
    assert [d.line for d in errors] == [5]
    assert len(out.services) == 17
    assert len(out.services[0].real_servers) == 2
    with pytest.raises(ParseError) as info:
        parse_ipvsadm("\n".join(lines), strict=True, source="ipvsadm_-Ln")
    assert "ipvsadm_-Ln:5:" in str(info.value)


def test_detection_and_sos_names() -> None:
    for name in ("sos_commands/ipvs/ipvsadm_-Ln", "sos_commands/ipvs/ipvsadm_-Ln_--stats",
                 "sos_commands/ipvs/ipvsadm_-Ln_--connection", "sos_commands/ipvs/ipvsadm_-Lc"):
        found = kind_from_filename(name)
        assert found is not None and found.kind == "ipvsadm", name
    assert detect(_read("kube-proxy/ipvsadm_-Ln")).kind == "ipvsadm"
    assert detect(_read("lvs/ipvsadm_-Ln_--connection")).kind == "ipvsadm"
    assert sniff(["Timeout (tcp tcpfin udp): 900 120 300"]) == ("ipvsadm", 90)
    assert sniff(["table ip nat {"]) is None
    output = netfacts.parse(_read("kube-proxy/ipvsadm_-Ln"), source="ipvsadm_-Ln")
    assert isinstance(output, IpvsadmOutput)
    assert netfacts.render(output) == _read("kube-proxy/ipvsadm_-Ln")


def test_snapshot_keeps_the_virtual_services(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, {}, hostname="node1", files={
        "sos_commands/ipvs/ipvsadm_-Ln": _read("kube-proxy/ipvsadm_-Ln")})
    snapshot = netfacts.load(report)
    assert not isinstance(snapshot, netfacts.Cluster)
    services = snapshot.records("ipvs")
    assert len(services) == 17 and all(isinstance(s, IpvsService) for s in services)
    import json

    from netfacts.jsonio.snapshot import snapshot_to_json

    again = netfacts.load_json(json.dumps(snapshot_to_json(snapshot)))
    assert not isinstance(again, netfacts.Cluster)
    assert again.records("ipvs") == services


@pytest.mark.parametrize("bad", ["²", "٣", "9" * 5000, "inf", "-"])
def test_bad_numbers_lose_one_line_at_most(bad: str) -> None:
    text = _read("kube-proxy/ipvsadm_-Ln_--thresholds")
    lines = text.split("\n")
    lines[4] = lines[4].replace("500", bad).replace(" 0 ", f" {bad} ", 1)
    lines[3] = lines[3].replace("10.96", bad, 1) if bad == "²" else lines[3]
    out = parse_ipvsadm("\n".join(lines))
    ipvsadm_to_json(out)
    render_ipvsadm(out)
    assert len(out.services) >= 16
    stats = _read("lvs/ipvsadm_-Ln_--stats").replace("3276", bad, 1)
    assert len(parse_ipvsadm(stats).services) >= 6
    persistent = _read("lvs/ipvsadm_-Ln").replace("persistent 300", f"persistent {bad}")
    assert len(parse_ipvsadm(persistent).services) == 7
