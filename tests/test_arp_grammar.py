"""The arp grammar: compiled fast path and pyparsing element agree on every line shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import arp_captures, same_fast_slow
from netfacts.grammar import arp as g
from netfacts.models.neighbour import ArpOutput
from netfacts.testing._strategies_neigh import arp_outputs

LINES = sorted({line.rstrip() for path in arp_captures()
                for line in path.read_text().splitlines() if line.strip()})


def test_real_lines_fast_and_slow_agree() -> None:
    assert len(LINES) > 60
    for line in LINES:
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line)


def test_every_shape_is_covered_by_real_lines() -> None:
    seen = {name for name, shape in g.SHAPES.items() for line in LINES if shape.match(line)}
    assert seen == set(g.SHAPES)


def test_column_table_matches_the_header() -> None:
    for name, start, width in g.TABLE_COLUMNS:
        label = {"address": "Address", "hwtype": "HWtype", "hwaddress": "HWaddress",
                 "flags": "Flags", "mask": "Mask"}[name]
        assert g.HEADER[start:start + width].rstrip() == label
    assert g.HEADER[75:] == "Iface"


@pytest.mark.property
@given(st.sampled_from(LINES), st.integers(0, 90), st.text(alphabet="ab09.:()<>*[] \tCMP",
                                                           max_size=12))
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2:]
    for shape in g.SHAPES.values():
        same_fast_slow(shape, damaged)


@pytest.mark.property
@given(arp_outputs())
def test_generated_lines_fast_and_slow_agree(case: tuple[str, ArpOutput]) -> None:
    for line in case[0].splitlines():
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line.rstrip())


@pytest.mark.property
@given(st.text(alphabet="CMPA!TXc ", max_size=8))
def test_flags_atom_converter_matches_its_element(token: str) -> None:
    import pyparsing as pp

    element = g.FLAGS.element.copy().leave_whitespace() + pp.StringEnd().leave_whitespace()
    try:
        element.parse_string(token)
        grammar_ok = True
    except pp.ParseBaseException:
        grammar_ok = False
    # The element checks the letters, the converter also refuses repeated letters.
    assert g.FLAGS.accepts(token) == (grammar_ok and len(set(token)) == len(token))
