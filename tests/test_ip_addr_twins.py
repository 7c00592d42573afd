"""Every ip addr/link capture with an ``ip -j`` twin parses to exactly that JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

import netfacts
from _twins import dumps, load_json_arrays, normalise_ip_addr
from conftest import CORPUS, NETNS, corpus_files

ADDR_LINK = ("addr", "a", "link")


def _twin_pairs() -> list[Path]:
    pairs = []
    for path in corpus_files(families=ADDR_LINK):
        if path.with_suffix(".json").exists() and "-j_" not in path.name:
            pairs.append(path)
    for path in sorted(NETNS.glob("ip_addr/*.txt")):
        if path.with_suffix(".json").exists() and not path.name.endswith(".stderr.txt"):
            pairs.append(path)
    return pairs


PAIRS = _twin_pairs()


def test_there_are_twins_to_compare() -> None:
    # 41 corpus pairs (5.4, 6.1, 7.1 and far/peer namespaces); more from netns captures.
    assert len([p for p in PAIRS if p.parent == CORPUS]) >= 40


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_json_equals_ip_j_twin(path: Path) -> None:
    kind = "ip-link" if "link" in path.name.split("__")[-1] else "ip-addr"
    output = netfacts.parse(path.read_text(), kind, source=path.name)
    assert output.ok, [d.render() for d in output.diagnostics]
    ours = netfacts.to_json(output)
    twin = load_json_arrays(path.with_suffix(".json").read_text())
    form = output.form
    ours, twin = normalise_ip_addr(
        ours,
        twin,
        oneline_addr=form.style == "oneline" and form.command == "addr",
        stats_layout_b_level1=form.stats == 1 and form.stats_layout == "B",
    )
    assert dumps(ours) == dumps(twin)


OLD = [p for p in corpus_files(families=ADDR_LINK) if p.name.startswith(("ip-3.10", "ip-4.9",
                                                                          "far_ip-3.10"))]


@pytest.mark.parametrize("path", OLD, ids=lambda p: p.name)
def test_old_versions_parse_without_diagnostics(path: Path) -> None:
    text = path.read_text()
    output = netfacts.parse(text, "ip-addr", source=path.name)
    assert output.diagnostics == ()
    if text.strip():
        assert output.links, "a non-empty capture must give interfaces"
