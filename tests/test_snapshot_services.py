"""Services and iptables tables in snapshots: a sosreport with the host's listings (sos
4.x ``firewall_tables``) and a namespace's ``iptables-save``; JSON round trip, show, diff."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import netfacts
from conftest import NETNS
from netfacts.diff import diff
from netfacts.jsonio.snapshot import snapshot_to_json
from netfacts.models.snapshot import Snapshot
from netfacts.show import show_snapshot
from netfacts.testing.sosreport import build_sosreport

LISTINGS = NETNS / "iptables"
SAVES = NETNS / "iptables_save"
TRUTH = json.loads((SAVES / "services.json").read_text())
LO = "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"


def _report(root: Path, layout: str = "4.x") -> Snapshot:
    outputs = {
        "iptables -t nat -nvL": (LISTINGS / "iptables_-t_nat_-nvL.txt").read_text(),
        "iptables -t filter -nvL": (LISTINGS / "iptables_-t_filter_-nvL.txt").read_text(),
        "ip6tables -t nat -nvL": (LISTINGS / "ip6tables_-t_nat_-nvL.txt").read_text(),
        "ip -o addr": LO,
    }
    namespaces = {"ns1": {"iptables-save": (SAVES / "iptables-save.txt").read_text(),
                          "ip -o addr": LO}}
    report = build_sosreport(root, outputs, hostname="node1", namespaces=namespaces,
                             layout=layout)
    snapshot = netfacts.load(report)
    assert isinstance(snapshot, Snapshot)
    return snapshot


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return _report(tmp_path_factory.mktemp("sos"))


def _names(services: tuple[netfacts.Service, ...], family: int = 4) -> list[str | None]:
    return sorted(s.name or "" for s in services if s.family == family)


@pytest.mark.parametrize("layout", ["4.x", "3.x"])
def test_services_of_the_host_and_of_a_namespace(tmp_path: Path, layout: str) -> None:
    snapshot = _report(tmp_path, layout)
    assert _names(snapshot.services()) == sorted(s["name"] for s in TRUTH["ipv4"])
    assert _names(snapshot.services(), 6) == sorted(s["name"] for s in TRUTH["ipv6"])
    (namespace,) = snapshot.namespaces
    assert _names(namespace.records("services")) == sorted(s["name"] for s in TRUTH["ipv4"])
    plugin = "firewall_tables" if layout == "4.x" else "networking"
    files = {ref.file for s in snapshot.services() for ref in s.rules}
    assert files == {f"sos_commands/{plugin}/iptables_-t_nat_-nvL",
                     f"sos_commands/{plugin}/iptables_-t_filter_-nvL",
                     f"sos_commands/{plugin}/ip6tables_-t_nat_-nvL"}


def test_firewall(snapshot: Snapshot) -> None:
    firewall = snapshot.firewall
    assert firewall.policy("filter", "FORWARD") == "DROP"  # set by the capture's rules
    assert firewall.table("nat", 6) is not None and firewall.table("mangle") is None
    assert {(t.name, t.family) for t in firewall.listings} == {
        ("filter", 4), ("nat", 4), ("nat", 6)}
    (namespace,) = snapshot.namespaces
    assert [t.name for t in namespace.records("iptables")] == ["mangle", "filter", "nat"]


def test_json_round_trip(snapshot: Snapshot) -> None:
    text = json.dumps(snapshot_to_json(snapshot))
    back = netfacts.load_json(text)
    assert isinstance(back, Snapshot)
    assert back == snapshot
    assert back.services() == snapshot.services()
    assert back.firewall == snapshot.firewall
    data = json.loads(text)
    echo = next(s for s in data["services"] if s["name"] == "default/echo")
    assert echo["nodeport"] == 30080 and len(echo["endpoints"]) == 3


def test_show_has_a_services_section(snapshot: Snapshot) -> None:
    shown = show_snapshot(snapshot)
    assert "\nServices\n" in shown
    assert "default/echo" in shown and "tcp 10.96.100.20:80" in shown and "30080" in shown


def test_diff_compares_services_and_chain_policies(snapshot: Snapshot) -> None:
    services = snapshot.services()
    echo = next(s for s in services if s.name == "default/echo")
    stale = attrs.evolve(echo, endpoints=echo.endpoints[:2])
    changed = tuple(stale if s is echo else s for s in services[1:])
    other = attrs.evolve(snapshot, facts=tuple(
        (name, changed if name == "services" else records)
        for name, records in snapshot.facts))
    changes = {(c.kind, c.key): c for c in diff(snapshot, other)}
    removed = changes[("service", "tcp 10.96.0.1:443")]
    assert removed.after is None
    endpoints = changes[("service", "tcp 10.96.100.20:80")]
    assert endpoints.field == "endpoints"
    assert diff(snapshot, snapshot) == []
    policy = [c for c in diff(snapshot, _without_forward_drop(snapshot)) if c.kind == "chain"]
    assert [(c.key, c.field, c.before, c.after) for c in policy] == [
        ("ipv4 filter FORWARD", "policy", "DROP", "ACCEPT")]


def _without_forward_drop(snapshot: Snapshot) -> Snapshot:
    listings = []
    for table in snapshot.records("iptables_listings"):
        chains = tuple(attrs.evolve(c, policy="ACCEPT") if c.name == "FORWARD" else c
                       for c in table.chains)
        listings.append(attrs.evolve(table, chains=chains))
    return attrs.evolve(snapshot, facts=tuple(
        (name, tuple(listings) if name == "iptables_listings" else records)
        for name, records in snapshot.facts))
