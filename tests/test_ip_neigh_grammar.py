"""The ip neigh grammar: compiled fast path, pyparsing element and key table agree.

Like ``tests/property/test_fastpath.py`` for ``ip addr``: on every line of the real
captures and on damaged and generated lines, the cached regex and the pyparsing element
accept the same lines with the same fields; the ``used`` atom's converter accepts exactly
what its element accepts; the fast tail reader equals the token walk.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import neigh_captures, same_fast_slow
from netfacts.grammar import ip_neigh as g
from netfacts.grammar._keywords import walk
from netfacts.models.neighbour import IpNeighOutput
from netfacts.testing._strategies_neigh import ip_neigh_outputs

SHAPE = g.SHAPES["neighbour"]
LINES = sorted({line.rstrip() for path in neigh_captures()
                for line in path.read_text().splitlines() if line.strip()})


def test_real_lines_fast_and_slow_agree() -> None:
    assert len(LINES) > 200
    for line in LINES:
        same_fast_slow(SHAPE, line)
        assert SHAPE.match(line) is not None


@pytest.mark.property
@given(st.sampled_from(LINES), st.integers(0, 120), st.text(alphabet="ab09.:/-_ \tfxZ",
                                                            max_size=12))
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    same_fast_slow(SHAPE, line[:position] + insert + line[position + len(insert) // 2:])


@pytest.mark.property
@given(ip_neigh_outputs())
def test_generated_lines_fast_and_slow_agree(case: tuple[str, IpNeighOutput]) -> None:
    for line in case[0].splitlines():
        same_fast_slow(SHAPE, line.rstrip())


@pytest.mark.property
@given(st.one_of(st.text(alphabet="0123456789/probesx", max_size=16),
                 st.sampled_from(["1/2/3", "1/2", "1/2/3/4", "01/2/3", "/1/2", "1//2"])))
def test_used_atom_converter_matches_its_element(token: str) -> None:
    import pyparsing as pp

    element = g.CACHEINFO.element.copy() + pp.StringEnd()
    try:
        element.parse_string(token)
        grammar_ok = True
    except pp.ParseBaseException:
        grammar_ok = False
    assert g.CACHEINFO.accepts(token) == grammar_ok


_WORDS = st.lists(st.sampled_from([*g.NEIGH_KEYS, "eth0", "02:00:00:00:00:01", "08", "1/2/3",
                                   "7", "x", "static", "zz"]), max_size=12)


@pytest.mark.property
@given(_WORDS)
def test_fast_tail_reader_equals_token_walk(words: list[str]) -> None:
    fast = g.TAIL.read(" ".join(words))
    slow = walk(words, g.NEIGH_KEYS)
    fast.values.pop("__end__", None)
    slow.values.pop("__end__", None)
    slow_values = {k: tuple(v) if isinstance(v, list) else v for k, v in slow.values.items()}
    assert (fast.values, fast.unknown, fast.error) == (slow_values, slow.unknown, slow.error)


def test_unglue_only_touches_the_used_triple() -> None:
    assert g.unglue("lladdr 02:00:00:00:00:01  used 3/3/3probes 4 REACHABLE") == (
        "lladdr 02:00:00:00:00:01  used 3/3/3 probes 4 REACHABLE")
    assert g.unglue("dev myprobes lladdr 08") == "dev myprobes lladdr 08"
