"""The iptables grammars' compiled regexes and their pyparsing elements accept the same
lines and extract the same fields: real lines of the captures, and damaged ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import NETNS
from netfacts.grammar import iptables as listing_grammar
from netfacts.grammar import iptables_save as save_grammar
from netfacts.grammar._fastpath import LineShape

pytestmark = pytest.mark.property


def _lines(folder: str) -> list[str]:
    found: set[str] = set()
    for path in sorted((NETNS / folder).glob("*.txt")):
        found.update(line for line in path.read_text().splitlines() if line.strip())
    return sorted(found)


SAVE_LINES = _lines("iptables_save")
LIST_LINES = _lines("iptables")


def _same(shapes: dict[str, LineShape], line: str) -> None:
    for name, shape in shapes.items():
        fast = shape.match(line)
        slow = shape.parse_slow(line)
        assert (fast is not None) == (slow is not None), (name, line)
        if fast is not None and slow is not None:
            fields = {k: v for k, v in fast.groupdict().items() if v not in (None, "")}
            assert fields == slow, (name, line)


def test_real_lines() -> None:
    assert len(SAVE_LINES) > 200 and len(LIST_LINES) > 200
    for line in SAVE_LINES:
        _same(save_grammar.SHAPES, line)
    for line in LIST_LINES:
        _same(listing_grammar.SHAPES, line)


_NOISE = st.text(alphabet=' \t"\\!-abAC0:/[]*#', max_size=8)


@given(st.sampled_from(SAVE_LINES), st.integers(0, 300), _NOISE)
def test_damaged_save_lines(line: str, position: int, noise: str) -> None:
    _same(save_grammar.SHAPES, line[:position] + noise + line[position + len(noise) // 2:])


@given(st.sampled_from(LIST_LINES), st.integers(0, 300), _NOISE)
def test_damaged_listing_lines(line: str, position: int, noise: str) -> None:
    _same(listing_grammar.SHAPES, line[:position] + noise + line[position + len(noise) // 2:])
