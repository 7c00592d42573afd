"""Kubernetes clusters captured in network namespaces, read back from sosreports.

``fixtures/k8s/{healthy,faulty}`` are three-node clusters (controlplane, node01,
node02) built by ``scripts/capture_k8s.py`` with stand-in daemons; ``EXPECTED.json``
is the capture script's own description of each node and of the faults it injected.
Here they are packaged as a sos-collector bundle and answered offline: the
"Explore Environment" walk-through, the cluster checks and the semantic diff.
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import netfacts
from _k8s import NODES, build_bundle, build_node, expected
from netfacts.checks import Finding, node_role, run_checks
from netfacts.diff import diff
from netfacts.errors import Severity
from netfacts.models.snapshot import Cluster, Snapshot

HEALTHY = expected("healthy")
FAULTY = expected("faulty")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("k8s")
    return {name: build_bundle(name, root / name) for name in ("healthy", "faulty")}


@pytest.fixture(scope="module")
def clusters(bundles: dict[str, Path]) -> dict[str, Cluster]:
    loaded = {}
    for name, path in bundles.items():
        cluster = netfacts.load(path)
        assert isinstance(cluster, Cluster)
        loaded[name] = cluster
    return loaded


# ---------------------------------------------------------------- walk-through


def test_bundle_holds_every_node(clusters: dict[str, Cluster]) -> None:
    for cluster in clusters.values():
        assert sorted(cluster.nodes) == sorted(NODES)


@pytest.mark.parametrize("node", NODES)
def test_node_ip_interface_and_mac(clusters: dict[str, Cluster], node: str) -> None:
    truth = HEALTHY["nodes"][node]
    snap = clusters["healthy"].nodes[node]
    link = snap.interface_with_address(truth["node_ip"])
    assert link is not None and link.ifname == truth["node_interface"]
    assert str(link.mac) == truth["node_mac"]
    primary = snap.primary_address()
    assert primary is not None and str(primary.local) == truth["node_ip"]
    assert str(snap.default_gateway()) == truth["default_gateway"]["gateway"]


def test_node01_seen_from_the_controlplane(clusters: dict[str, Cluster]) -> None:
    snap = clusters["healthy"].nodes["controlplane"]
    truth = HEALTHY["nodes"]["node01"]
    assert [str(a) for a in snap.resolve("node01")] == [truth["node_ip"]]
    neighbour = snap.neighbor("node01")
    assert neighbour is not None
    assert str(neighbour.dst) == truth["node_ip"]
    assert str(neighbour.lladdr) == truth["node_mac"]


@pytest.mark.parametrize("node", NODES)
def test_container_runtime_bridge(clusters: dict[str, Cluster], node: str) -> None:
    truth = HEALTHY["nodes"][node]["cni0"]
    snap = clusters["healthy"].nodes[node]
    bridge = snap.link("cni0")
    assert bridge is not None
    assert bridge.kind == "bridge"
    assert bridge.operstate is not None and bridge.operstate.value == truth["operstate"]
    assert {f"{a.local}/{a.prefixlen}" for a in bridge.addresses
            if a.family.value == "inet"} == {truth["address"]}
    ports = {link.ifname for link in snap.links() if link.master == "cni0"}
    assert ports == set(truth["ports"])


def test_scheduler_port_and_etcd_connections(clusters: dict[str, Cluster]) -> None:
    snap = clusters["healthy"].nodes["controlplane"]
    truth = HEALTHY["nodes"]["controlplane"]
    scheduler = {int(p) for p, progs in truth["listening_tcp_ports"].items()
                 if "kube-scheduler" in progs}
    assert {s.local_port for s in snap.listening(program="kube-scheduler")} == scheduler
    client = len(snap.established(local_port=2379))
    peer = len(snap.established(local_port=2380))
    assert client == truth["established"]["local_port_2379"]
    assert peer == truth["established"]["local_port_2380"]
    assert client > peer


@pytest.mark.parametrize("node", NODES)
def test_listeners_and_programs(clusters: dict[str, Cluster], node: str) -> None:
    truth = HEALTHY["nodes"][node]["listening_tcp_ports"]
    snap = clusters["healthy"].nodes[node]
    found: dict[int, set[str]] = {}
    for socket in snap.listening():
        if socket.transport == "tcp" and isinstance(socket.local_port, int):
            found.setdefault(socket.local_port, set()).add(socket.program or "?")
    assert set(found) == {int(p) for p in truth}
    for port, programs in truth.items():
        for program in programs:
            # ss gives the 15-character comm; netstat's cut-off names are completed from it
            assert any(p.startswith(program[:15]) or program.startswith(p)
                       for p in found[int(port)]), (port, found[int(port)], programs)


@pytest.mark.parametrize("cluster", ["healthy", "faulty"])
def test_ip_forward_and_roles(clusters: dict[str, Cluster], cluster: str) -> None:
    truth = HEALTHY if cluster == "healthy" else FAULTY
    for node, snap in clusters[cluster].nodes.items():
        assert snap.sysctl["net.ipv4.ip_forward"] == truth["nodes"][node]["ip_forward"]
        assert node_role(snap) == ("control-plane" if node == "controlplane" else "worker")


# ---------------------------------------------------------------- checks


def _errors(findings: list[Finding]) -> set[tuple[str, str | None]]:
    return {(f.check, f.node) for f in findings if f.severity is Severity.ERROR}


def test_healthy_cluster_has_no_errors(clusters: dict[str, Cluster]) -> None:
    findings = run_checks([clusters["healthy"]])
    assert _errors(findings) == set(), [f.message for f in findings]


_FAULT_CHECKS = {  # the capture script's fault names → the check that must find them
    "ip_forward": {"ip_forward"},
    "kubelet_port": {"required_ports", "port_conflict"},
    "duplicate_mac": {"duplicate_mac"},
    "mtu_mismatch": {"mtu_mismatch"},
    "pod_routes": {"pod_routes"},
    "etcd_peer_port": {"required_ports"},
    "service_missing": {"service_consistency"},
    "forward_drop": {"forward_policy"},
}


def _expected_errors() -> set[tuple[str, str]]:
    wanted = set()
    for fault in FAULTY["faults"]:
        for node in fault.get("nodes", [fault["node"]]):
            for check in _FAULT_CHECKS[fault["check"]]:
                wanted.add((check, node))
    return wanted


def test_faulty_cluster_reports_each_fault_on_its_node(clusters: dict[str, Cluster]) -> None:
    findings = run_checks([clusters["faulty"]])
    assert _errors(findings) == _expected_errors(), [f.message for f in findings]


def test_findings_point_at_evidence(clusters: dict[str, Cluster]) -> None:
    findings = [f for f in run_checks([clusters["faulty"]]) if f.severity is Severity.ERROR]
    by_check = {(f.check, f.node): f for f in findings}
    forward = by_check[("ip_forward", "node01")]
    assert forward.evidence and forward.evidence[0].line is not None
    assert forward.evidence[0].file.endswith(("sysctl_-a", "proc/sys/net/ipv4/ip_forward"))
    conflict = by_check[("port_conflict", "node02")]
    assert "nginx" in conflict.message and "10250" in conflict.message
    assert conflict.evidence[0].line is not None
    assert "sosreport-node02" in conflict.evidence[0].file
    mac = by_check[("duplicate_mac", "node02")]
    assert FAULTY["nodes"]["node02"]["node_mac"] in mac.message
    assert mac.evidence[0].file.endswith(("ip_-d_address", "ip_-s_-d_link"))
    route = by_check[("pod_routes", "node01")]
    assert "10.244.2.0/24" in route.message
    mtu = by_check[("mtu_mismatch", "node01")]
    assert "flannel.1" in mtu.message and "1500" in mtu.message


def test_roles_can_be_given(clusters: dict[str, Cluster]) -> None:
    findings = run_checks([clusters["healthy"]], roles={"node01": "control-plane"})
    assert ("required_ports", "node01") in _errors(findings)


def test_duplicate_hostnames(tmp_path: Path) -> None:
    first = netfacts.load(build_node("healthy", "node01", tmp_path / "a"))
    second = netfacts.load(build_node("healthy", "node02", tmp_path / "b"))
    assert isinstance(first, Snapshot) and isinstance(second, Snapshot)
    import attrs

    twin = attrs.evolve(second, hostname="node01")
    errors = _errors(run_checks([first, twin], only=["duplicate_hostname"]))
    assert errors == {("duplicate_hostname", "node01"), ("duplicate_hostname", "node01#2")}


def test_cli_check(bundles: dict[str, Path]) -> None:
    healthy = _cli("check", str(bundles["healthy"]))
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    faulty = _cli("check", "--json", str(bundles["faulty"]))
    assert faulty.returncode == 1
    data = json.loads(faulty.stdout)
    assert {(f["check"], f["node"]) for f in data if f["severity"] == "error"} == \
        _expected_errors()
    for finding in data:
        assert set(finding) == {"check", "severity", "node", "message", "evidence"}
    text = _cli("check", str(bundles["faulty"])).stdout
    assert "ip_forward" in text and "node01" in text and "evidence:" in text


# ---------------------------------------------------------------- diff


def test_diff_of_the_same_node_is_empty(clusters: dict[str, Cluster]) -> None:
    snap = clusters["healthy"].nodes["node01"]
    assert diff(snap, snap) == []


def test_diff_healthy_and_faulty_worker_shows_the_drift(clusters: dict[str, Cluster]) -> None:
    before = clusters["healthy"].nodes["node01"]
    after = clusters["faulty"].nodes["node01"]
    changes = {(c.kind, c.key, c.field): (c.before, c.after)
               for c in diff(before, after, normalise=True)}
    assert changes.pop(("sysctl", "net.ipv4.ip_forward", "value")) == (1, 0)
    assert changes.pop(("interface", "flannel.1", "mtu")) == (1450, 1500)
    missing = [key for key in changes if key[0] == "route" and key[2] in (None, "count")]
    assert len(missing) == 1, changes
    changes.pop(missing[0])
    assert changes == {}


def test_diff_of_two_healthy_workers_is_empty_when_normalised(
        clusters: dict[str, Cluster]) -> None:
    a = clusters["healthy"].nodes["node01"]
    b = clusters["healthy"].nodes["node02"]
    raw = diff(a, b)
    assert any(c.key == "hostname" for c in raw)  # without normalisation they differ
    assert diff(a, b, normalise=True) == []


def test_volatile_facts_only_on_request(clusters: dict[str, Cluster]) -> None:
    a = clusters["healthy"].nodes["node01"]
    b = clusters["faulty"].nodes["node01"]
    quiet = {c.kind for c in diff(a, b)}
    loud = {c.kind for c in diff(a, b, include_volatile=True)}
    assert "connection" not in quiet or loud >= quiet
    assert any(c.field and "stats" in c.field for c in diff(a, b, include_volatile=True))
    assert not any(c.field and "stats" in c.field for c in diff(a, b))


def test_cli_diff(bundles: dict[str, Path]) -> None:
    healthy, faulty = str(bundles["healthy"]), str(bundles["faulty"])
    result = _cli("diff", "--normalise", "--json", f"{healthy}#node01", f"{faulty}#node01")
    assert result.returncode == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    assert {"kind": "sysctl", "key": "net.ipv4.ip_forward", "field": "value",
            "before": 1, "after": 0} in data
    for change in data:
        assert set(change) == {"kind", "key", "field", "before", "after"}
    table = _cli("diff", "--normalise", f"{healthy}#node01", f"{faulty}#node01").stdout
    assert "net.ipv4.ip_forward" in table
    ambiguous = _cli("diff", healthy, faulty)
    assert ambiguous.returncode == 2 and "#HOSTNAME" in ambiguous.stderr


def test_pod_cidrs_are_normalised(clusters: dict[str, Cluster]) -> None:
    from netfacts.diff import pod_cidr

    for node, snap in clusters["healthy"].nodes.items():
        assert pod_cidr(snap) == ipaddress.ip_network(HEALTHY["nodes"][node]["pod_cidr"])


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netfacts", *args], check=False,
                          capture_output=True,
                          text=True, timeout=300)


def _dual_stack_node(n: int) -> Snapshot:
    text = (
        f"1: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
        f"group default qlen 1000\n    link/ether 52:54:00:00:00:0{n} brd ff:ff:ff:ff:ff:ff\n"
        f"    inet 192.168.121.1{n}/24 brd 192.168.121.255 scope global eth0\n"
        f"       valid_lft forever preferred_lft forever\n"
        f"2: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP "
        f"group default qlen 1000\n    link/ether 0a:58:0a:f4:0{n}:01 brd ff:ff:ff:ff:ff:ff\n"
        f"    inet 10.244.{n}.1/24 brd 10.244.{n}.255 scope global cni0\n"
        f"       valid_lft forever preferred_lft forever\n"
        f"    inet6 fd00:10:244:{n}::1/64 scope global \n"
        f"       valid_lft forever preferred_lft forever\n"
    )
    routes = (f"default via 192.168.121.1 dev eth0 \n"
              f"10.244.{n}.0/24 dev cni0 proto kernel scope link src 10.244.{n}.1 \n"
              f"10.244.{3 - n}.0/24 via 10.244.{3 - n}.0 dev cni0 onlink \n"
              f"fd00:10:244:{n}::/64 dev cni0 proto kernel metric 256 pref medium\n"
              f"fd00:10:244:{3 - n}::/64 via fd00:10:244:{n}::2 dev cni0 metric 1024 "
              f"pref medium\n")
    return Snapshot(hostname=f"node0{n}",
                    interfaces=netfacts.parse(text, "ip-addr").links,  # type: ignore[attr-defined]
                    routes=netfacts.parse(routes, "ip-route").routes)  # type: ignore[attr-defined]


def test_dual_stack_pod_cidrs_are_normalised() -> None:
    one, two = _dual_stack_node(1), _dual_stack_node(2)
    assert any(c.kind == "address" for c in diff(one, two))
    assert diff(one, two, normalise=True) == []
