"""The Explore-Environment questions answered from sosreports without netstat and ss (issue 12).

Every node of the captured clusters (``fixtures/k8s``) has a socket capture of its own
(``<node>/sockets/``: ``/proc/net`` socket tables, ``lsof``, ``ps`` and netstat and ss of the
same moment; scripts/_capture_k8s_sockets.py).  Each node is read twice: the full report,
and the same report with every ``netstat`` and ``ss`` file left out, so that the sockets can
only come from ``/proc/net`` joined with lsof and ps.  The answers must be the same, and the
cluster checks about ports must say the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import netfacts
from _k8s import NODES, build_bundle, build_node, expected
from netfacts.checks import run_checks
from netfacts.models.snapshot import Cluster, Snapshot

CLUSTERS = ("healthy", "faulty")
LISTINGS = ("netstat", "ss")


def _load(path: Path) -> Snapshot:
    snapshot = netfacts.load(path)
    assert isinstance(snapshot, Snapshot)
    return snapshot


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory
            ) -> dict[tuple[str, str], tuple[Snapshot, Snapshot]]:
    """(cluster, node) → (full report, report without netstat and ss)."""
    root = tmp_path_factory.mktemp("k8s-no-netstat")
    loaded = {}
    for cluster in CLUSTERS:
        for node in NODES:
            full = _load(build_node(cluster, node, root / cluster / node / "full",
                                    sockets=True))
            bare = _load(build_node(cluster, node, root / cluster / node / "bare",
                                    sockets=True, without=LISTINGS))
            loaded[cluster, node] = (full, bare)
    return loaded


def _listening(snapshot: Snapshot) -> set[tuple[object, ...]]:
    return {(s.transport, str(s.local_address), s.local_port, s.program, s.pid)
            for s in snapshot.listening() if s.transport in ("tcp", "udp")}


def _interfaces(snapshot: Snapshot) -> list[tuple[object, ...]]:
    return sorted((link.ifname, str(link.mac), link.mtu,
                   sorted(f"{a.local}/{a.prefixlen}" for a in link.addresses))
                  for link in snapshot.links())


@pytest.mark.parametrize("cluster", CLUSTERS)
@pytest.mark.parametrize("node", NODES)
def test_answers_without_netstat_and_ss_equal_netstats(
        reports: dict[tuple[str, str], tuple[Snapshot, Snapshot]], cluster: str, node: str
) -> None:
    full, bare = reports[cluster, node]
    used = {s.path for s in bare.sources if s.used}
    assert not {p for p in used if "networking/netstat" in p or "/ss_" in p}
    assert {"proc/net/tcp", "sos_commands/process/lsof_M_-n_-l_-c"} <= used
    assert "sos_commands/networking/netstat_-W_-neopa" in {
        s.path for s in full.sources if s.used and s.facts == "sockets"}
    # listening ports and the programs holding them
    assert _listening(bare) == _listening(full)
    # interfaces, their MACs and addresses; default gateway; ip_forward
    assert _interfaces(bare) == _interfaces(full)
    assert bare.default_gateway() == full.default_gateway()
    assert bare.default_interface() == full.default_interface()
    assert bare.sysctl["net.ipv4.ip_forward"] == full.sysctl["net.ipv4.ip_forward"]
    # ... and they are the capture's truth, not two equal empty answers
    truth = expected(cluster)["nodes"][node]
    assert str(bare.default_gateway()) == truth["default_gateway"]["gateway"]
    assert bare.sysctl["net.ipv4.ip_forward"] == truth["ip_forward"]
    link = bare.interface_with_address(truth["node_ip"])
    assert link is not None and str(link.mac) == truth["node_mac"]
    ports: dict[int, set[str]] = {}
    for socket in bare.listening():
        if socket.transport == "tcp" and isinstance(socket.local_port, int):
            ports.setdefault(socket.local_port, set()).add(socket.program or "?")
    assert set(ports) == {int(p) for p in truth["listening_tcp_ports"]}
    for port, programs in truth["listening_tcp_ports"].items():
        for program in programs:  # EXPECTED has comm (15 characters), netstat argv[0]
            assert any(p.startswith(program) or program.startswith(p)
                       for p in ports[int(port)]), (port, ports[int(port)], programs)


def _port_findings(path: Path) -> list[tuple[object, ...]]:
    cluster = netfacts.load(path)
    assert isinstance(cluster, Cluster)
    findings = run_checks([cluster], only=["required_ports", "port_conflict"])
    return sorted((f.check, f.node, f.severity.value, f.message) for f in findings)


def _cli_check(path: Path) -> tuple[int, list[dict[str, Any]]]:
    done = subprocess.run([sys.executable, "-m", "netfacts", "check", "--check",
                           "required_ports", "--json", str(path)],
                          capture_output=True, text=True, check=False)
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    return done.returncode, findings


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_required_ports_check_is_the_same(tmp_path: Path, cluster: str) -> None:
    full_bundle = build_bundle(cluster, tmp_path / "full", sockets=True)
    bare_bundle = build_bundle(cluster, tmp_path / "bare", sockets=True, without=LISTINGS)
    full = _port_findings(full_bundle)
    bare = _port_findings(bare_bundle)
    assert bare == full
    # netfacts check: the same findings and exit status; the evidence names /proc/net
    (full_rc, full_cli), (bare_rc, bare_cli) = _cli_check(full_bundle), _cli_check(bare_bundle)
    assert bare_rc == full_rc == (0 if cluster == "healthy" else 1)

    def said(findings: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
        return sorted((f["check"], f["severity"], f["node"], f["message"]) for f in findings)

    assert said(bare_cli) == said(full_cli)
    for finding in bare_cli:
        assert all(e["file"].endswith("proc/net/tcp") for e in finding["evidence"])
    errors = {(check, node) for check, node, severity, _ in bare if severity == "error"}
    if cluster == "healthy":
        assert not errors
        assert not [f for f in bare if "not checked" in str(f[3])]
    else:  # the kubelet port held by nginx, etcd's missing peer port
        assert {("required_ports", "node02"), ("port_conflict", "node02"),
                ("required_ports", "controlplane")} <= errors
