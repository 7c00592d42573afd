"""Every ``nft list ruleset`` capture parses to its ``nft -j list ruleset`` twin.

``fixtures/nft/<scenario>/`` holds ``nft list ruleset``, ``nft -a list ruleset`` and
``nft -j list ruleset`` of the same ruleset (nftables 1.0.6, see the README there).  Both
text forms must give the JSON twin (the one without ``-a`` minus the handles), render back
byte for byte, and parse without a diagnostic.  The comparison allows exactly what
:mod:`netfacts.jsonio.nft` documents: nft 1.0.6 leaves table and chain comments, a chain's
``dev`` and a set's ``dynamic`` flag out of its JSON, and iptables-nft rules show nft's
translation of xt extensions in the text but the opaque ``xt`` object in the JSON.
A fresh capture on this machine (root, nft) is checked the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT
from netfacts.jsonio.nft import nft_to_json
from netfacts.parsers.nft import parse_nft
from netfacts.renderers.nft import render_nft

NFT = FIXTURES / "nft"
SCENARIOS = sorted(p for p in NFT.iterdir() if p.is_dir())
TEXTS = [("nft_-a_list_ruleset.txt", True), ("nft_list_ruleset.txt", False)]
SCRIPT = ROOT / "scripts" / "capture_nft.py"


def truth_items(data: dict[str, Any], *, handles: bool) -> list[dict[str, Any]]:
    """``nft -j`` objects without metainfo (and without handles for a listing without -a)."""
    out = []
    for item in data["nftables"]:
        (key, value), = item.items()
        if key == "metainfo":
            continue
        if not handles and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k != "handle"}
        out.append({key: value})
    return out


def our_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Our objects with what nft 1.0.6 does not write taken out."""
    out = []
    for item in data["nftables"]:
        (key, value), = item.items()
        if key == "metainfo":
            continue
        value = dict(value)
        if key in ("table", "chain"):
            value.pop("comment", None)
        if key == "chain":
            value.pop("dev", None)
        if key in ("set", "map") and "flags" in value:
            value["flags"] = [flag for flag in value["flags"] if flag != "dynamic"]
            if not value["flags"]:
                del value["flags"]
        out.append({key: value})
    return out


def _mentions_xt(value: Any) -> bool:
    return "xt" in json.dumps(value)


def compare(directory: Path, name: str, handles: bool) -> list[tuple[Any, Any]]:
    """(ours, nft's) pairs that differ; the lists must have the same length."""
    text = (directory / name).read_text()
    output = parse_nft(text, source=name)
    assert output.diagnostics == (), [d.render() for d in output.diagnostics]
    ours = our_items(nft_to_json(output))
    truth = truth_items(json.loads((directory / "nft_-j_list_ruleset.json").read_text()),
                        handles=handles)
    assert len(ours) == len(truth)
    return [(a, b) for a, b in zip(ours, truth, strict=True) if a != b]


def test_the_scenarios_are_there() -> None:
    assert {p.name for p in SCENARIOS} >= {"varied", "more", "kube-proxy"}


@pytest.mark.parametrize("handles", [True, False], ids=["-a", "plain"])
@pytest.mark.parametrize("directory", SCENARIOS, ids=lambda p: p.name)
def test_json_equals_nft_j_twin(directory: Path, handles: bool) -> None:
    name = TEXTS[0][0] if handles else TEXTS[1][0]
    differences = compare(directory, name, handles)
    if directory.name != "iptables-nft":
        assert differences == []
        return
    # only rules whose xt extensions nft printed as translations may differ
    assert differences
    for ours, truth in differences:
        assert "rule" in ours and _mentions_xt(truth)
        assert ours["rule"]["handle" if handles else "chain"] == \
            truth["rule"]["handle" if handles else "chain"]


@pytest.mark.parametrize("directory", SCENARIOS, ids=lambda p: p.name)
def test_captures_render_back_byte_for_byte(directory: Path) -> None:
    for path in sorted(directory.glob("nft_*list_ruleset*.txt")):
        if path.name.endswith(".stderr.txt"):
            continue
        text = path.read_text()
        assert render_nft(parse_nft(text)) == text, path.name


def test_every_statement_of_the_captures_is_understood() -> None:
    for directory in SCENARIOS:
        output = parse_nft((directory / "nft_-a_list_ruleset.txt").read_text())
        unknown = [(chain.name, rule.handle) for _, chain, rule in output.rules()
                   if not rule.complete]
        assert unknown == [], directory.name


@pytest.mark.root
def test_a_fresh_capture_equals_its_twins(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root (network namespaces)")
    out = tmp_path / "nft"
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out),
                             "--prefix", f"h13b-t{os.getpid() % 100000}"],
                            capture_output=True, text=True, timeout=300, check=False)
    if result.returncode == 77:
        pytest.skip(result.stderr.strip().splitlines()[-1] if result.stderr.strip()
                    else "capture_nft.py cannot run here")
    assert result.returncode == 0, result.stderr
    for scenario in ("varied", "more", "kube-proxy"):
        for name, handles in TEXTS:
            assert compare(out / scenario, name, handles) == [], (scenario, name)
            text = (out / scenario / name).read_text()
            assert render_nft(parse_nft(text)) == text
