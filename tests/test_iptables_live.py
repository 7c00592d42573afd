"""Fresh iptables captures on this machine: ``scripts/capture_iptables.py`` into a temporary
folder (it needs root, ``ip netns`` and iptables 1.8; it exits 77 when it cannot run here,
and always removes its namespaces), then the same checks as on the committed fixtures:
every capture parses cleanly and renders back, and the Services come back from the dumps
and the listings."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from netfacts.facts.services import listing_views, services_from_iptables, services_from_views
from netfacts.parsers.iptables import parse_iptables
from netfacts.parsers.iptables_save import parse_iptables_save
from netfacts.renderers.iptables import render_iptables
from netfacts.renderers.iptables_save import render_iptables_save

SCRIPT = ROOT / "scripts" / "capture_iptables.py"


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.geteuid() != 0:
        pytest.skip("needs root (network namespaces)")
    if shutil.which("iptables-legacy-restore") is None:
        pytest.skip("iptables (with its legacy build) is not installed")
    out = tmp_path_factory.mktemp("live-iptables")
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)],
                            capture_output=True, text=True, timeout=600, check=False,
                            cwd=ROOT)
    if result.returncode == 77:
        pytest.skip(result.stderr.strip().splitlines()[-1] if result.stderr else "exit 77")
    assert result.returncode == 0, result.stderr
    return out


def test_fresh_captures_parse_and_render_back(captured: Path) -> None:
    saves = sorted((captured / "iptables_save").glob("*.txt"))
    listings = sorted((captured / "iptables").glob("*.txt"))
    assert len(saves) == 7 and len(listings) == 11
    for path in saves:
        text = path.read_text()
        output = parse_iptables_save(text, source=path.name)
        assert [d for d in output.diagnostics if d.severity.value == "error"] == [], path
        if "stderr-merged" not in path.name:
            assert render_iptables_save(output) == text, path
    for path in listings:
        text = path.read_text()
        listed = parse_iptables(text, source=path.name)
        assert [d for d in listed.diagnostics if d.severity.value == "error"] == [], path
        if "stderr-merged" not in path.name:
            assert render_iptables(listed) == text, path


def test_fresh_captures_give_the_services_back(captured: Path) -> None:
    truth = json.loads((captured / "iptables_save" / "services.json").read_text())
    names = sorted(s["name"] for s in truth["ipv4"])
    save = parse_iptables_save((captured / "iptables_save" / "iptables-save.txt").read_text())
    assert sorted(s.name or "" for s in services_from_iptables(save)) == names
    nat = parse_iptables((captured / "iptables" / "iptables_-t_nat_-nvL.txt").read_text(),
                         table="nat")
    filter_ = parse_iptables((captured / "iptables" / "iptables_-t_filter_-nvL.txt")
                             .read_text(), table="filter")
    found = services_from_views(itertools.chain(listing_views(nat), listing_views(filter_)))
    assert sorted(s.name or "" for s in found) == names
    assert subprocess.run(["ip", "netns", "list"], capture_output=True, text=True,
                          check=False).stdout.count("nfipt-") == 0
