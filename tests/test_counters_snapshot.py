"""Kernel counters in snapshots (issue 12): interface error/drop counters from /proc/net/dev
when the report has no ``ip -s link``, the protocol counters of /proc/net/snmp, netstat,
snmp6 (else nstat -zas) and sockstat; the diff treats them as volatile.

The report is fixtures/netns_proc/host (captured by scripts/capture_proc_net.py: it has the
/proc/net files and nstat, no ip output); its twins (``ip -j -s -s link``, ``nstat -zas -j``)
were read at the same moment.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import netfacts
from netfacts.diff import diff
from netfacts.facts.counters import counter_of

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "netns_proc"
HOST = FIXTURE / "host"
TWINS = FIXTURE / "twins" / "host"
SNMP = ("proc/net/snmp", "proc/net/netstat", "proc/net/snmp6")


def _report(tmp_path: Path, name: str, *, without: tuple[str, ...] = ()) -> Path:
    root = tmp_path / f"sosreport-{name}-2026-11-26-abcdefg"
    shutil.copytree(HOST, root)
    for relative in without:
        (root / relative).unlink()
    return root


def _load(path: Path) -> netfacts.Snapshot:
    snapshot = netfacts.load_snapshot(path)
    assert isinstance(snapshot, netfacts.Snapshot)
    return snapshot


def _errors(path: Path, errs: int, drop: int) -> str:
    """``/proc/net/dev`` with eth0's RX errs and drop set."""
    return re.sub(r"^(\s*eth0:(?:\s+\d+){2})\s+\d+\s+\d+", rf"\g<1> {errs} {drop}",
                  path.read_text(), flags=re.M)


def test_interface_counters_from_proc_net_dev_equal_ip_s_link(tmp_path: Path) -> None:
    snapshot = _load(_report(tmp_path, "h"))
    assert not snapshot.links()  # no ip output in this report
    twin = json.loads((TWINS / "ip_-j_-s_-s_link").read_text())
    assert len(twin) >= 3
    for link in twin:
        rx, tx = link["stats64"]["rx"], link["stats64"]["tx"]
        facts = snapshot.hardware(link["ifname"])
        assert facts is not None, link["ifname"]
        assert (facts.rx_errors, facts.tx_errors, facts.tx_dropped) == (
            rx["errors"], tx["errors"], tx["dropped"])
        assert facts.rx_dropped == rx["dropped"] + rx["missed_errors"]  # the file adds them
    used = {s.path for s in snapshot.sources if s.used}
    assert "proc/net/dev" in used


def test_error_counters_reach_the_hardware_facts(tmp_path: Path) -> None:
    root = _report(tmp_path, "h")
    (root / "proc/net/dev").write_text(_errors(root / "proc/net/dev", 7, 3))
    facts = _load(root).hardware("eth0")
    assert facts is not None
    assert (facts.rx_errors, facts.rx_dropped) == (7, 3)
    assert ("rx_errors", 7) in facts.errors and ("rx_dropped", 3) in facts.drops


def test_ip_s_link_is_preferred(tmp_path: Path) -> None:
    from _k8s import build_node

    outputs_root = build_node("healthy", "node01", tmp_path / "tree")
    (outputs_root / "proc/net").mkdir(parents=True, exist_ok=True)
    (outputs_root / "proc/net/dev").write_text(_errors(HOST / "proc/net/dev", 999, 999))
    snapshot = _load(outputs_root)
    facts = snapshot.hardware("eth0")
    link = snapshot.link("eth0")
    assert facts is not None and link is not None and link.stats is not None
    assert facts.rx_dropped == link.stats.rx.dropped != 999
    assert snapshot.records("interface_counters")  # read, but ip -s link wins
    assert facts.tx_errors == link.stats.tx.errors


def test_protocol_counters_from_proc_equal_nstat(tmp_path: Path) -> None:
    twin = json.loads((TWINS / "nstat_-zas_-j").read_text())["kernel"]
    full = _load(_report(tmp_path, "a"))
    names = {c.name for c in full.records("counters")}
    assert {"IpInReceives", "TcpRetransSegs", "TcpExtListenDrops", "Ip6InReceives"} <= names
    for name in ("IpInReceives", "TcpActiveOpens", "TcpExtTCPTimeouts", "Ip6OutRequests"):
        assert counter_of(full, name) == twin[name], name
    assert len(names) == len(full.records("counters"))  # one record per counter
    used = {s.path for s in full.sources if s.used and s.facts == "counters"}
    assert set(SNMP) <= used
    # without the /proc files the same counters come from nstat -zas
    bare = _load(_report(tmp_path, "b", without=SNMP))
    assert {c.name: c.value for c in bare.records("counters")} == {
        name: value for name, value in twin.items() if name in
        {c.name for c in bare.records("counters")}}
    assert counter_of(bare, "TcpActiveOpens") == twin["TcpActiveOpens"]


def test_sockstat(tmp_path: Path) -> None:
    snapshot = _load(_report(tmp_path, "s"))
    lines = {line.protocol: dict(line.values) for line in snapshot.records("sockstat")}
    assert "TCP" in lines and "TCP6" in lines
    sockstat6 = (HOST / "proc/net/sockstat6").read_text()
    match = re.search(r"^TCP6: inuse (\d+)", sockstat6, flags=re.M)
    assert match is not None and lines["TCP6"]["inuse"] == int(match.group(1))


def test_counters_are_volatile_in_a_diff(tmp_path: Path) -> None:
    before = _load(_report(tmp_path, "d1"))
    root = _report(tmp_path, "d2")
    for relative in ("proc/net/dev", "proc/net/snmp", "proc/net/sockstat"):
        path = root / relative
        path.write_text(re.sub(r"(?<=[ :])(\d+)(?=\s|$)", lambda m: str(int(m.group(1)) + 1),
                               path.read_text()))
    after = _load(root)
    assert counter_of(after, "IpInReceives") == (counter_of(before, "IpInReceives") or 0) + 1
    kinds = {"interface_counters", "counters", "sockstat"}
    assert diff(before, after, kinds=kinds) == []
    changed = {change.kind for change in diff(before, after, kinds=kinds,
                                              include_volatile=True)}
    assert changed == kinds
