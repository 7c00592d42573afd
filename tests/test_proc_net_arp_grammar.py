"""The /proc/net/arp grammar: compiled fast path and pyparsing element agree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import NETNS, same_fast_slow
from netfacts.grammar import proc_net_arp as g
from netfacts.models.neighbour import ProcNetArpOutput
from netfacts.testing._strategies_neigh import proc_net_arp_outputs

LINES = (NETNS / "arp" / "proc_net_arp.txt").read_text().splitlines()


def test_real_lines_fast_and_slow_agree() -> None:
    for line in LINES:
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line)
    assert g.SHAPES["header"].match(LINES[0]) and all(g.SHAPES["row"].match(x) for x in LINES[1:])


@pytest.mark.property
@given(st.sampled_from(LINES), st.integers(0, 80), st.text(alphabet="ab09.:x* \t", max_size=8))
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2:]
    for shape in g.SHAPES.values():
        same_fast_slow(shape, damaged)


@pytest.mark.property
@given(proc_net_arp_outputs())
def test_generated_lines_fast_and_slow_agree(case: tuple[str, ProcNetArpOutput]) -> None:
    for line in case[0].splitlines():
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line)
