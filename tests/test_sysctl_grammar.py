"""The sysctl grammar: compiled fast path and pyparsing element agree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _twins_neigh import NETNS, same_fast_slow
from netfacts.grammar import sysctl as g
from netfacts.models.sysctl import SysctlOutput
from netfacts.testing._strategies_neigh import sysctl_outputs

LINES = [line.rstrip() for line in
         (NETNS / "sysctl" / "sysctl_-a.txt").read_text().splitlines()[::7]] + [
    "sysctl: permission denied on key 'net.ipv4.route.flush'",
    "error: permission denied on key 'net.core.bpf_jit_harden'",
    "* Applying /etc/sysctl.d/99-sysctl.conf ...",
    "net.ipv4.ip_forward=1",
]


def test_real_lines_fast_and_slow_agree() -> None:
    for line in LINES:
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line)


@pytest.mark.property
@given(st.sampled_from(LINES), st.integers(0, 60), st.text(alphabet="ab09.=:/ \t*-", max_size=8))
def test_damaged_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2:]
    for shape in g.SHAPES.values():
        same_fast_slow(shape, damaged.rstrip())


@pytest.mark.property
@given(sysctl_outputs(style="sysctl"))
def test_generated_lines_fast_and_slow_agree(case: tuple[str, SysctlOutput]) -> None:
    for line in case[0].splitlines():
        for shape in g.SHAPES.values():
            same_fast_slow(shape, line.rstrip())
