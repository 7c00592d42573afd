"""The ``link_health`` check on captured uplink layouts assembled into sosreports.

Truth: ``fixtures/netns_hw/node/`` (n1: default route through bridge ``br-ex`` over
``eno1`` at 1000Mb/s and ``eno2`` at 10000Mb/s, ``ens1f0`` half duplex off the default
route; n2: default route through ``ens1f0`` at half duplex; n3: through ``ens1f1``, no
carrier; ``README.md`` there), the i40e counters written from ethtool's source
(``ethtool/from_source/ethtool_-S_ens1f0.txt``: ``rx_errors 12``, ``rx_crc_errors 12``),
and the line numbers read from those files here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _hw import NODE, SOURCE, line_of, node_report
from netfacts.checks import CHECKS, render_findings, run_checks
from netfacts.errors import Severity
from netfacts.models.snapshot import Snapshot


def _check(*snapshots: Snapshot) -> list[tuple[str, str, str]]:
    return [(f.severity.value, f.node or "", f.message)
            for f in run_checks(snapshots, only=["link_health"])]


def test_bridge_members_at_different_speeds(tmp_path: Path) -> None:
    snap = node_report(tmp_path, "n1")
    findings = run_checks([snap], only=["link_health"])
    assert [(f.severity, f.message) for f in findings] == [
        (Severity.ERROR, "members of br-ex run at different speeds: eno1 1000Mb/s, "
                         "eno2 10000Mb/s")]  # ens1f0's half duplex is off the default route
    evidence = findings[0].evidence
    assert [(Path(e.file).name, e.line, e.text) for e in evidence] == [
        ("ethtool_eno1", line_of(NODE / "n1" / "ethtool_eno1.txt", "Speed:"),
         "Speed: 1000Mb/s"),
        ("ethtool_eno2", line_of(NODE / "n1" / "ethtool_eno2.txt", "Speed:"),
         "Speed: 10000Mb/s")]
    assert evidence[0].file.startswith(snap.origin or "?")


def test_half_duplex_on_the_default_route(tmp_path: Path) -> None:
    findings = run_checks([node_report(tmp_path, "n2")], only=["link_health"])
    assert [(f.severity, f.message) for f in findings] == [
        (Severity.ERROR, "ens1f0 runs at half duplex (1000Mb/s); it carries the default "
                         "route (ens1f0)")]
    [evidence] = findings[0].evidence
    assert (Path(evidence.file).name, evidence.line) == (
        "ethtool_ens1f0", line_of(NODE / "n2" / "ethtool_ens1f0.txt", "Duplex:"))


def test_no_link_on_the_default_route(tmp_path: Path) -> None:
    findings = run_checks([node_report(tmp_path, "n3")], only=["link_health"])
    assert [(f.severity, f.message) for f in findings] == [
        (Severity.ERROR, "ens1f1 has no link (ethtool: Link detected: no); it carries the "
                         "default route (ens1f1)")]
    ethtool, address = findings[0].evidence
    assert (Path(ethtool.file).name, ethtool.line) == (
        "ethtool_ens1f1", line_of(NODE / "n3" / "ethtool_ens1f1.txt", "Link detected:"))
    assert Path(address.file).name == "ip_-d_address"
    assert address.line == line_of(NODE / "n3" / "ip_-d_address.txt", "2: ens1f1:")


def test_no_carrier_without_ethtool(tmp_path: Path) -> None:
    drop = [f"ethtool {form}{dev}" for form in ("", "-i ", "-S ", "-k ", "-g ", "-l ")
            for dev in ("ens1f1", "eno1")]
    snap = node_report(tmp_path, "n3", drop=drop)
    assert snap.records("hardware") == ()
    assert _check(snap) == [
        ("error", "n3", "ens1f1 has no link (NO-CARRIER); it carries the default route "
                        "(ens1f1)")]


def test_error_counters_are_info(tmp_path: Path) -> None:
    snap = node_report(tmp_path, "n2", replace={"ethtool -S ens1f0":
                                                SOURCE / "ethtool_-S_ens1f0.txt"})
    findings = run_checks([snap], only=["link_health"])
    assert [(f.severity, f.message) for f in findings] == [
        (Severity.ERROR, "ens1f0 runs at half duplex (1000Mb/s); it carries the default "
                         "route (ens1f0)"),
        (Severity.INFO, "ens1f0 counted errors: rx_errors 12, rx_crc_errors 12; it carries "
                        "the default route (ens1f0)")]
    source = SOURCE / "ethtool_-S_ens1f0.txt"
    assert [(Path(e.file).name, e.line) for e in findings[1].evidence] == [
        ("ethtool_-S_ens1f0", line_of(source, "rx_errors:")),
        ("ethtool_-S_ens1f0", line_of(source, "rx_crc_errors:"))]
    assert "INFO     link_health" in render_findings(findings)


def test_several_nodes_and_the_check_list(tmp_path: Path) -> None:
    nodes = [node_report(tmp_path, name) for name in ("n1", "n2", "n3")]
    assert [node for _, node, _ in _check(*nodes)] == ["n1", "n2", "n3"]
    names = list(CHECKS)
    assert names.index("link_health") == names.index("mtu_mismatch") + 1


@pytest.mark.parametrize("name", ["n1", "n2", "n3"])
def test_other_checks_see_no_new_problem(tmp_path: Path, name: str) -> None:
    """The node layouts are otherwise plain: no ip_forward etc. in them, so only warnings."""
    findings = run_checks([node_report(tmp_path, name)])
    assert all(f.check == "link_health" or f.severity is not Severity.ERROR
               or f.check in ("required_ports",) for f in findings)
