"""The kube-proxy checks (service_consistency, nodeport_range, forward_policy, masquerade)
on the captured clusters (fixtures/k8s, whose nodes carry kube-proxy's rules; see
scripts/_capture_k8s_firewall.py) and on variations of them."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import netfacts
from _k8s import K8S, NODES, build_node, expected
from netfacts.checks import Finding, run_checks
from netfacts.errors import Severity
from netfacts.facts.services import services_from_iptables
from netfacts.models.snapshot import Snapshot
from netfacts.models.socket import SocketProcess
from netfacts.parsers.iptables_save import parse_iptables_save

KUBE = ["service_consistency", "nodeport_range", "forward_policy", "masquerade"]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Snapshot]:
    root = tmp_path_factory.mktemp("healthy")
    nodes = {}
    for node in NODES:
        snapshot = netfacts.load(build_node("healthy", node, root / node))
        assert isinstance(snapshot, Snapshot)
        nodes[node] = snapshot
    return nodes


def _errors(findings: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.check, f.node) for f in findings if f.severity is Severity.ERROR}


def _run(nodes: dict[str, Snapshot], *replaced: tuple[str, Snapshot]) -> list[Finding]:
    chosen = dict(nodes)
    chosen.update(dict(replaced))
    return run_checks(list(chosen.values()), only=KUBE)


def _key(service: netfacts.Service) -> tuple[object, ...]:
    return (service.name, service.key, service.nodeport, service.endpoint_set,
            service.internal_traffic_policy)


@pytest.mark.parametrize("cluster", ["healthy", "faulty"])
@pytest.mark.parametrize("node", NODES)
def test_listings_in_the_sosreport_agree_with_iptables_save(
        tmp_path: Path, cluster: str, node: str) -> None:
    snapshot = netfacts.load(build_node(cluster, node, tmp_path))
    assert isinstance(snapshot, Snapshot)
    files = {ref.file for s in snapshot.services() for ref in s.rules}
    assert files <= {"sos_commands/firewall_tables/iptables_-t_nat_-nvL",
                     "sos_commands/firewall_tables/iptables_-t_filter_-nvL"}
    twin = parse_iptables_save((K8S / cluster / node / "iptables-save").read_text())
    assert sorted(map(_key, snapshot.services()), key=repr) == sorted(
        map(_key, services_from_iptables(twin)), key=repr)
    truth = expected(cluster)["nodes"][node]["firewall"]
    assert sorted(s.name or "" for s in snapshot.services()) == sorted(truth["services"])
    assert snapshot.firewall.policy("filter", "FORWARD") == truth["forward_policy"]


def test_healthy_cluster_passes(healthy: dict[str, Snapshot]) -> None:
    assert _run(healthy) == []


def test_missing_service_and_stale_endpoints(healthy: dict[str, Snapshot]) -> None:
    node = healthy["node02"]
    services = node.services()
    echo = next(s for s in services if s.name == "default/echo:http")
    stale = attrs.evolve(echo, endpoints=(*echo.endpoints[:1], attrs.evolve(
        echo.endpoints[1], ip=netfacts.models.values.ip_address("10.244.2.99"))))
    changed = tuple(stale if s is echo else s for s in services
                    if s.name != "kube-system/metrics-server:https")
    other = _with_services(node, changed)
    findings = [f for f in _run(healthy, ("node02", other))
                if f.check == "service_consistency"]
    assert _errors(findings) == {("service_consistency", "node02")}
    messages = sorted(f.message for f in findings)
    assert "metrics-server" in messages[1] and "not programmed" in messages[1]
    assert "lacks 10.244.2.2:8080" in messages[0] and "stale 10.244.2.99:8080" in messages[0]
    missing = next(f for f in findings if "not programmed" in f.message)
    assert missing.evidence[0].file.endswith("sos_commands/firewall_tables/iptables_-t_nat_-nvL")
    assert missing.evidence[0].line is None  # the file that should have had it
    line = missing.evidence[1]  # the rule on a node that has it
    assert line.line is not None and "sosreport-controlplane" in line.file
    rule = Path(line.file.split("sosreport-controlplane-2026-11-26-abcdefg/")[1])
    listing = (K8S / "healthy" / "controlplane" / rule.name).read_text().splitlines()
    assert "kube-system/metrics-server:https cluster IP" in listing[line.line - 1]


def _with_services(node: Snapshot, services: tuple[netfacts.Service, ...]) -> Snapshot:
    return attrs.evolve(node, facts=tuple(
        (name, services if name == "services" else records) for name, records in node.facts))


def test_nodeport_missing_and_held(healthy: dict[str, Snapshot]) -> None:
    node = healthy["node01"]
    services = tuple(attrs.evolve(s, nodeport=None) if s.nodeport else s
                     for s in node.services())
    findings = [f for f in _run(healthy, ("node01", _with_services(node, services)))
                if f.check == "nodeport_range"]
    assert [(f.severity, f.node) for f in findings] == [(Severity.ERROR, "node01")]
    assert "NodePort 30080" in findings[0].message
    nginx = (SocketProcess(name="nginx", pid=4242),)
    sockets = tuple(attrs.evolve(s, processes=nginx) if s.is_listening and s.local_port ==
                    30080 else s for s in node.sockets)
    sockets += tuple(attrs.evolve(s, local=attrs.evolve(s.local, port=31111), processes=nginx)
                     for s in node.sockets if s.is_listening and s.local_port == 30080)
    held = [f for f in _run(healthy, ("node01", attrs.evolve(node, sockets=sockets)))
            if f.check == "nodeport_range"]
    assert {(f.severity, "30080" in f.message, "31111" in f.message) for f in held} == {
        (Severity.ERROR, True, False), (Severity.WARNING, False, True)}


def _listings(node: Snapshot, table: str, change: object) -> Snapshot:
    tables = tuple(change(t) if t.name == table else t  # type: ignore[operator]
                   for t in node.records("iptables_listings"))
    return attrs.evolve(node, facts=tuple(
        (name, tables if name == "iptables_listings" else records)
        for name, records in node.facts))


def test_forward_policy(healthy: dict[str, Snapshot]) -> None:
    node = healthy["controlplane"]  # policy ACCEPT, no flannel accepts

    def drop(table: object) -> object:
        chains = tuple(attrs.evolve(c, policy="DROP") if c.name == "FORWARD" else c
                       for c in table.chains)  # type: ignore[attr-defined]
        return attrs.evolve(table, chains=chains)

    findings = _run(healthy, ("controlplane", _listings(node, "filter", drop)))
    (finding,) = findings
    assert (finding.check, finding.node, finding.severity) == (
        "forward_policy", "controlplane", Severity.ERROR)
    assert "10.244.0.0/24" in finding.message and "KUBE-FORWARD" in finding.message
    evidence = finding.evidence[0]
    assert evidence.file.endswith("iptables_-t_filter_-nvL") and evidence.line is not None
    lines = (K8S / "healthy" / "controlplane" / "iptables_-t_filter_-nvL").read_text()
    assert lines.splitlines()[evidence.line - 1].startswith("Chain FORWARD")
    # node01 drops too, but flannel's accepts for 10.244.0.0/16 let pod traffic through
    assert healthy["node01"].firewall.policy("filter", "FORWARD") == "DROP"


def test_masquerade(healthy: dict[str, Snapshot]) -> None:
    node = healthy["node01"]

    def no_masquerade(table: object) -> object:
        chains = tuple(attrs.evolve(c, rules=tuple(r for r in c.rules
                                                   if r.target != "MASQUERADE"))
                       for c in table.chains)  # type: ignore[attr-defined]
        return attrs.evolve(table, chains=chains)

    broken = _listings(node, "nat", no_masquerade)
    findings = _run(healthy, ("node01", broken))
    assert _errors(findings) == {("masquerade", "node01")}
    assert "KUBE-POSTROUTING" in findings[0].message
    off = attrs.evolve(broken, sysctls=tuple((k, 0 if k == "net.ipv4.ip_forward" else v)
                                             for k, v in broken.sysctls))
    assert _run(healthy, ("node01", off)) == []  # nothing forwarded, nothing to masquerade


def test_nodes_without_rules_are_not_checked(healthy: dict[str, Snapshot]) -> None:
    bare = attrs.evolve(healthy["node02"], facts=())
    findings = _run(healthy, ("node02", bare))
    assert _errors(findings) == set()
