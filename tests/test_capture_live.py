"""Fresh captures on this machine: build the topology, capture ip addr/link, compare.

Runs ``scripts/capture_fixtures.py --out TMP --only ip_addr`` (it needs root and
``ip netns``; it exits 77 when it cannot run here, and always tears its namespaces down),
then checks every ``.txt`` that has an ``ip -j`` twin exactly like
``tests/test_ip_addr_twins.py`` does.  The capture is run once per session.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import netfacts
from _twins import dumps, load_json_arrays, normalise_ip_addr
from conftest import ROOT

SCRIPT = ROOT / "scripts" / "capture_fixtures.py"
SKIP_STATUS = 77


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.geteuid() != 0:
        pytest.skip("needs root (network namespaces)")
    out = tmp_path_factory.mktemp("live") / "capture"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--only", "ip_addr"],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )
    if result.returncode == SKIP_STATUS:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "exit 77"
        pytest.skip(reason)
    assert result.returncode == 0, result.stderr
    return out


def _pairs(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.txt")
                  if not p.name.endswith(".stderr.txt") and p.with_suffix(".json").exists())


@pytest.mark.root
def test_capture_made_twins_and_ground_truth(captured: Path) -> None:
    pairs = _pairs(captured / "ip_addr")
    names = {p.name for p in pairs}
    # the commands README.md lists for ip_addr/ (colour captures have no twin)
    assert {"ip_addr.txt", "ip_link.txt", "ip_-d_link.txt", "ip_-s_-s_link.txt",
            "ip_-o_addr.txt", "ip_-o_link.txt", "ip_-br_addr.txt", "ip_-br_link.txt",
            "ip_-4_addr.txt", "ip_-6_addr.txt"} <= names
    assert len(pairs) >= 20
    topology: dict[str, Any] = json.loads((captured / "topology.json").read_text())
    output = netfacts.parse((captured / "ip_addr" / "ip_link.txt").read_text(), "ip-link")
    assert isinstance(output, netfacts.IpAddrOutput)
    assert [x.ifname for x in output.links] == [
        i["name"] for i in sorted(topology["interfaces"], key=lambda i: i["ifindex"])]


@pytest.mark.root
def test_capture_cleaned_up(captured: Path) -> None:
    prefix = json.loads((captured / "topology.json").read_text())["prefix"]
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True,
                            check=False).stdout
    assert not [line for line in listed.splitlines() if line.startswith(f"{prefix}-")]


# Counters that move with traffic: the fresh topology still sends router solicitations, MLD
# and neighbour probes while the text and then the JSON command run.  Only these may grow,
# and only by a little, between the two runs; every other counter must match exactly.
_TRAFFIC = ("bytes", "packets", "multicast", "dropped")
_MAX_GROWTH = {"bytes": 64 * 1600, "packets": 64, "multicast": 64, "dropped": 64}


def _allow_counter_drift(ours: list[dict[str, Any]], twin: list[dict[str, Any]]) -> None:
    """Copy our traffic counters into the twin where the twin's are a little larger."""
    for mine, theirs in zip(ours, twin):
        mine_stats, their_stats = mine.get("stats64"), theirs.get("stats64")
        if not isinstance(mine_stats, dict) or not isinstance(their_stats, dict):
            continue
        for side in ("rx", "tx"):
            m, t = mine_stats.get(side, {}), their_stats.get(side, {})
            if set(m) != set(t):
                continue
            for key in _TRAFFIC:
                if key in m and isinstance(m[key], int) and isinstance(t[key], int) \
                        and 0 <= t[key] - m[key] <= _MAX_GROWTH[key]:
                    t[key] = m[key]


def test_drift_allowance_is_narrow() -> None:
    ours = [{"stats64": {"rx": {"bytes": 10, "packets": 1, "over_errors": 0},
                         "tx": {"bytes": 5, "packets": 1}}}]
    grown = [{"stats64": {"rx": {"bytes": 90, "packets": 2, "over_errors": 0},
                          "tx": {"bytes": 5, "packets": 1}}}]
    _allow_counter_drift(ours, grown)
    assert dumps(ours) == dumps(grown)
    for bad in ({"bytes": 10, "packets": 1, "over_errors": 1},   # an error counter differs
                {"bytes": 9, "packets": 1, "over_errors": 0},    # a counter went down
                {"bytes": 10, "packets": 100, "over_errors": 0}):  # grew too much
        twin = [{"stats64": {"rx": dict(bad), "tx": {"bytes": 5, "packets": 1}}}]
        _allow_counter_drift(ours, twin)
        assert dumps(ours) != dumps(twin)


@pytest.mark.root
def test_every_live_capture_equals_its_ip_j_twin(captured: Path) -> None:
    pairs = _pairs(captured / "ip_addr")
    assert pairs
    failures: list[str] = []
    for path in pairs:
        kind = "ip-link" if "link" in path.name.split("__")[-1] else "ip-addr"
        output = netfacts.parse(path.read_text(), kind, source=path.name)
        assert isinstance(output, netfacts.IpAddrOutput)
        if not output.ok:
            failures.append(f"{path.name}: " + "; ".join(d.render() for d in output.diagnostics))
            continue
        ours = netfacts.to_json(output)
        twin = load_json_arrays(path.with_suffix(".json").read_text())
        form = output.form
        ours, twin = normalise_ip_addr(
            ours,
            twin,
            oneline_addr=form.style == "oneline" and form.command == "addr",
            stats_layout_b_level1=form.stats == 1 and form.stats_layout == "B",
        )
        if form.stats:
            _allow_counter_drift(ours, twin)
        if dumps(ours) != dumps(twin):
            diff = difflib.unified_diff(dumps(twin).splitlines(), dumps(ours).splitlines(),
                                        "ip -j", "netfacts", lineterm="", n=2)
            failures.append(f"{path.name}:\n" + "\n".join(list(diff)[:40]))
    assert failures == [], "\n".join(failures)
