"""Every ip neigh capture with an ``ip -j neigh`` twin parses to exactly that JSON.

The twins are ``ip -j`` runs taken right after the text (iproute2 5.4, 6.1 and 7.1 in the
corpus, 6.1 in ``fixtures/netns/ip_neigh``).  The versions without JSON (3.10, 4.9) must
parse without a single diagnostic, and every capture must render back byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _twins_neigh import (
    CORPUS,
    NETNS,
    dumps,
    load_json_arrays,
    neigh_captures,
    normalise_ip_neigh,
)
from netfacts.jsonio.ip_neigh import ip_neigh_to_json
from netfacts.parsers.ip_neigh import parse_ip_neigh
from netfacts.renderers.ip_neigh import render_ip_neigh

CAPTURES = neigh_captures()
PAIRS = [p for p in CAPTURES if p.with_suffix(".json").exists()]
OLD = [p for p in CAPTURES if p.name.startswith(("ip-3.10", "ip-4.9", "far_ip-3.10"))]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_there_are_twins_to_compare() -> None:
    # 5.4, 6.1 and 7.1: neigh, -6 neigh, -s neigh, show dev eth0, nud all, proxy (+ far
    # and 6.1's delay/probe pair) and the 6 netns captures.
    assert len([p for p in PAIRS if p.parent == CORPUS]) == 20
    assert len([p for p in PAIRS if p.parent == NETNS / "ip_neigh"]) == 6
    assert len(OLD) == 13


@pytest.mark.parametrize("path", PAIRS, ids=_id)
def test_json_equals_ip_j_twin(path: Path) -> None:
    output = parse_ip_neigh(path.read_text(), source=path.name)
    assert output.diagnostics == (), [d.render() for d in output.diagnostics]
    twin = load_json_arrays(path.with_suffix(".json").read_text())
    ours, twin = normalise_ip_neigh(ip_neigh_to_json(output), twin)
    assert dumps(ours) == dumps(twin)


@pytest.mark.parametrize("path", OLD, ids=_id)
def test_old_versions_parse_without_diagnostics(path: Path) -> None:
    text = path.read_text()
    output = parse_ip_neigh(text, source=path.name)
    assert output.diagnostics == ()
    assert len(output.neighbours) == len(text.splitlines())
    assert output.form.layout == "A" or not text


@pytest.mark.parametrize("path", CAPTURES, ids=_id)
def test_every_capture_renders_back_byte_for_byte(path: Path) -> None:
    text = path.read_text()
    output = parse_ip_neigh(text, source=path.name)
    assert render_ip_neigh(output) == text


@pytest.mark.parametrize(("old", "new"), [
    ("ip-5.4__-s_neigh.txt", "ip-6.1__-s_neigh.txt"),
    ("ip-5.4__neigh_show_proxy.txt", "ip-6.1__neigh_show_proxy.txt"),
    ("ip-5.4__neigh_show_dev_eth0.txt", "ip-6.1__neigh_show_dev_eth0.txt"),
])
def test_the_two_layouts_give_the_same_kind_of_json(old: str, new: str) -> None:
    """5.4 (layout A) and 6.1 (layout B) print different spacing; the JSON keys agree."""
    a = parse_ip_neigh((CORPUS / old).read_text())
    b = parse_ip_neigh((CORPUS / new).read_text())
    assert (a.form.layout, b.form.layout) == ("A", "B")
    assert [sorted(o) for o in ip_neigh_to_json(a)] == [sorted(o) for o in ip_neigh_to_json(b)]
