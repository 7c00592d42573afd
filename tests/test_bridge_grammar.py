"""The bridge grammar: compiled fast path, pyparsing elements and key tables agree.

On every line of the bridge fixtures and on damaged and generated lines, each line
shape's cached regex and its pyparsing element accept the same lines with the same fields;
the ``used`` atom's converter accepts exactly what its element accepts; the fast tail
readers equal the token walk.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _twins_neigh import same_fast_slow
from conftest import FIXTURES
from netfacts.grammar import bridge as g
from netfacts.grammar._keywords import walk
from netfacts.testing import _strategies_bridge as strategies

LINES = sorted({line.rstrip("\n") for path in (FIXTURES / "netns_hw" / "bridge").rglob("*.txt")
                for line in path.read_text().splitlines() if line.strip()})


def test_real_lines_fast_and_slow_agree() -> None:
    assert len(LINES) > 140
    for line in LINES:
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line)


def test_every_shape_is_covered_by_the_fixtures() -> None:
    seen = {name for line in LINES for name, shape in g.SHAPES.items() if shape.match(line)}
    assert set(g.SHAPES) == seen == {
        "link", "details", "fdb", "mdb", "router", "vlan_header", "vlan_port", "vlan_cont",
        "vlan_stats", "vlan_opts", "vlan_none", "message"}


@pytest.mark.property
@given(st.sampled_from(LINES), st.integers(0, 120),
       st.text(alphabet="ab09.:/-_ \tfx@<>()", max_size=12))
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2:]
    for shape in g.SHAPES.values():
        same_fast_slow(shape, damaged)


@pytest.mark.property
@settings(max_examples=25)
@given(st.one_of(strategies.bridge_link_outputs(), strategies.bridge_fdb_outputs(),
                 strategies.bridge_vlan_outputs(), strategies.bridge_mdb_outputs()))
def test_generated_lines_fast_and_slow_agree(case: tuple[str, object]) -> None:
    for line in case[0].splitlines():
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line)


@pytest.mark.property
@given(st.one_of(st.text(alphabet="0123456789/x", max_size=10),
                 st.sampled_from(["1/2", "1/2/3", "/2", "1/", "01/2"])))
def test_used_atom_converter_matches_its_element(token: str) -> None:
    import pyparsing as pp

    element = g.USED.element.copy() + pp.StringEnd()
    try:
        element.parse_string(token)
        grammar_ok = True
    except pp.ParseBaseException:
        grammar_ok = False
    assert g.USED.accepts(token) == grammar_ok


_TAILS = {"link": (g.LINK_TAIL, g.LINK_KEYS), "fdb": (g.FDB_TAIL, g.FDB_KEYS),
          "mdb": (g.MDB_TAIL, g.MDB_KEYS)}
_WORDS = st.lists(st.sampled_from([*g.LINK_KEYS, *g.FDB_KEYS, *g.MDB_KEYS, "br0", "eth0",
                                   "10", "3/3", "x/3", "10.0.0.1", "locked", "zz"]),
                  max_size=12)


@pytest.mark.property
@pytest.mark.parametrize("name", sorted(_TAILS))
@given(words=_WORDS)
def test_fast_tail_readers_equal_token_walk(name: str, words: list[str]) -> None:
    reader, keys = _TAILS[name]
    fast = reader.read(" ".join(words))
    slow = walk(words, keys)
    fast.values.pop("__end__", None)
    slow.values.pop("__end__", None)
    slow_values = {k: tuple(v) if isinstance(v, list) else v for k, v in slow.values.items()}
    assert (fast.values, fast.unknown, fast.error) == (slow_values, slow.unknown, slow.error)


def test_via_ifindex_is_read_as_one_keyword() -> None:
    assert g.fdb_tail("dst 10.0.0.1 via ifindex 7 link-netnsid 0 self permanent") == (
        "dst 10.0.0.1 via_ifindex 7 link-netnsid 0 self permanent")
    assert g.fdb_tail("via eth0 self") == "via eth0 self"
