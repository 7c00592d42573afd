"""Real forms that were rejected or misreported (issue 10 §2), from captures made in a
network namespace by ``scripts/capture_messy.sh`` (``fixtures/messy``)."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

import netfacts
from conftest import FIXTURES, NETNS
from netfacts.cli import main
from netfacts.errors import Severity
from netfacts.testing.sosreport import build_sosreport

MESSY = FIXTURES / "messy"


def _severities(output: object) -> list[str]:
    return [d.severity.value for d in output.diagnostics]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- route -6, netstat -6 -r


@pytest.mark.parametrize("name", ["route_-6_-n.txt", "route_-6.txt", "netstat_-6_-r.txt",
                                  "netstat_-6_-rn.txt"])
def test_every_ipv6_route_row_is_read(name: str) -> None:
    text = (MESSY / name).read_text()
    output = netfacts.parse(text, "netstat", strict=True, source=name)
    rows = [line for line in text.splitlines()[2:] if line.strip()]
    assert len(output.routes) == len(rows) == 16
    assert output.diagnostics == ()
    destinations = [route.destination for route in output.routes]
    # "0.0.0.0/96" is how net-tools prints the IPv4-mapped prefix ::ffff:0.0.0.0/96
    assert ipaddress.IPv6Network("::ffff:0.0.0.0/96") in destinations
    assert ipaddress.IPv6Network("::/96") in destinations  # "[::]/96" without -n
    assert output.routes[-1].is_default and output.routes[-1].flags == "!n"
    assert output.routes[-1].metric == -1
    assert netfacts.parse(netfacts.render(output), "netstat").routes == output.routes


def test_ipv6_route_rows_with_host_names() -> None:
    output = netfacts.parse((MESSY / "route_-6.txt").read_text(), "netstat", strict=True)
    by_destination = {str(route.destination): route for route in output.routes}
    assert by_destination["2001:db8:99::/48"].gateway == "gw-a.example.net"
    assert by_destination["ip6-localhost/128"].gateway == ipaddress.IPv6Address("::")
    assert "node-1/128" in by_destination
    numeric = netfacts.parse((MESSY / "route_-6_-n.txt").read_text(), "netstat")
    assert [str(r.destination) for r in numeric.routes][:3] == [
        "::/96", "::ffff:0:0/96", "2001:db8:10::/64"]
    data = netfacts.to_json(output)
    assert {"destination": "ip6-localhost/128", "next_hop": "::"}.items() <= \
        next(r for r in data["routes"] if r["destination"] == "ip6-localhost/128").items()


@pytest.mark.parametrize("row", [
    "2001:db8#::/48                 ::                         U    256 1      0 eth0",
    "2001:db8::/48                  ::#1                       U    256 1      0 eth0",
    "node 1/128                     ::                         U    256 1      0 eth0",
])
def test_a_damaged_ipv6_route_row_is_an_error(row: str) -> None:
    lines = (MESSY / "route_-6_-n.txt").read_text().splitlines()
    lines.insert(3, row)
    output = netfacts.parse("\n".join(lines) + "\n", "netstat")
    assert len(output.routes) == 16
    assert "error" in _severities(output)


# ---------------------------------------------------------------- foreign sections, stderr


def test_bluetooth_section_is_skipped_with_an_info() -> None:
    text = (MESSY / "netstat_-anp_bluetooth.txt").read_text()
    base = netfacts.parse((NETNS / "netstat" / "netstat_-anp.txt").read_text(), "netstat")
    output = netfacts.parse(text, "netstat", strict=True)
    assert output.sockets == base.sockets
    assert [(d.severity, d.message) for d in output.diagnostics][-1:] == [
        (Severity.INFO, "skipped the Bluetooth connections section: netfacts does not read "
                        "that socket family")]
    assert [d.message for d in output.diagnostics][:-1] == [d.message for d in base.diagnostics]


def test_a_clean_report_with_a_bluetooth_section_snapshots_with_exit_0(tmp_path: Path) -> None:
    outputs = {"ip -o addr": (NETNS / "ip_addr" / "ip_-o_addr.txt").read_text(),
               "netstat -W -neopa": (MESSY / "netstat_-anp_bluetooth.txt").read_text()}
    report = build_sosreport(tmp_path, outputs, hostname="h")
    assert main(["snapshot", str(report), "-o", str(tmp_path / "s.json")]) == 0
    data = json.loads((tmp_path / "s.json").read_text())
    assert not [d for d in data["diagnostics"] if d["severity"] == "error"]


def test_netstat_stderr_is_a_warning_about_the_capture() -> None:
    text = (MESSY / "netstat_-s_error_parsing.txt").read_text()
    output = netfacts.parse(text, "netstat", strict=True)
    clean = netfacts.parse(text.split("\n", 1)[1], "netstat")
    assert output.statistics == clean.statistics and output.statistics
    assert [(d.line, d.severity) for d in output.diagnostics] == [(1, Severity.WARNING)]


def test_ip_netns_exec_failure_is_a_warning_not_a_parse_error(tmp_path: Path) -> None:
    text = (MESSY / "ip_netns_exec_netstat_failed.txt").read_text()
    assert text.startswith('exec of "netstat" failed: ')
    output = netfacts.parse(text, "netstat", strict=True)
    assert output.sockets == () and _severities(output) == ["warning"]
    outputs = {"ip -o addr": (NETNS / "ip_addr" / "ip_-o_addr.txt").read_text(),
               "netstat -W -neopa": (NETNS / "netstat" / "netstat_-W_-neopa.txt").read_text()}
    report = build_sosreport(tmp_path, outputs, hostname="h",
                             namespaces={"ns1": {"netstat -W -neopa": text}})
    snapshot = netfacts.load(report)
    mine = [d for d in snapshot.diagnostics if "ns1" in (d.source or "")]
    assert mine and all(d.severity is Severity.WARNING for d in mine)


# ---------------------------------------------------------------- ip neigh


@pytest.mark.parametrize("line", [
    "172.17.42.2 dev lo lladdr 02:42:zz:11:00:02 REACHABLE",
    "172.17.42.2 dev lo lladdr 02:42:ac:11:00:02 used 1/2 probes 0 STALE",
    "172.17.42.2 dev lo lladdr 02:42:ac:11:00:02 ref ² REACHABLE",
])
def test_an_ip_neigh_line_with_an_error_gives_no_partial_record(line: str) -> None:
    text = (NETNS / "ip_neigh" / "ip_neigh.txt").read_text()
    clean = netfacts.parse(text, "ip-neigh")
    output = netfacts.parse(line + "\n" + text, "ip-neigh")
    assert list(output.neighbours) == list(clean.neighbours)
    assert "error" in _severities(output)


# ---------------------------------------------------------------- ip -d address + ip -s -d link


def test_link_details_merge_when_ip_d_address_exists(tmp_path: Path) -> None:
    outputs = {"ip -d address": (NETNS / "ip_addr" / "ip_-d_addr.txt").read_text(),
               "ip -s -d link": (NETNS / "ip_addr" / "ip_-s_-d_link.txt").read_text()}
    snapshot = netfacts.load(build_sosreport(tmp_path, outputs, hostname="h"))
    link_only = netfacts.parse(outputs["ip -s -d link"], "ip-link")
    for link in snapshot.interfaces:
        other = next(item for item in link_only.links if item.ifname == link.ifname)
        assert link.details is not None and other.details is not None
        assert link.details.inet6_addr_gen_mode == other.details.inet6_addr_gen_mode
        assert link.stats == other.stats
    assert any(link.details and link.details.inet6_addr_gen_mode for link in snapshot.interfaces)
