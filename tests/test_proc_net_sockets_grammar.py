"""The /proc/net socket table grammars: compiled fast path and pyparsing element agree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _proc_net import INET_TABLES, ROLES, proc_file, sos_file
from _twins_neigh import same_fast_slow
from netfacts.grammar import lsof as gl
from netfacts.grammar import proc_net_tcp as gt
from netfacts.grammar import proc_net_unix as gu
from netfacts.testing._strategies_proc_net import (
    lsof_outputs,
    proc_net_tcp_cases,
    proc_net_unix_outputs,
)

TCP_LINES = sorted({line.rstrip() for role in ROLES for table in INET_TABLES
                    for line in proc_file(role, table).read_text().splitlines()})
UNIX_LINES = sorted({line for role in ROLES
                     for line in proc_file(role, "unix").read_text().splitlines()})


LSOF_LINES = sorted({line.rstrip() for form in ("process/lsof_M_-n_-l_-c", "process/lsof_M_-n_-l",
                                                "filesys/lsof_-b_M_-n_-l_-P")
                     for line in sos_file("host", form).read_text().splitlines()})


def test_real_lsof_lines_fast_and_slow_agree() -> None:
    assert len(LSOF_LINES) > 500
    for line in LSOF_LINES:
        for shape in gl.SHAPES.values():
            same_fast_slow(shape, line)


@pytest.mark.property
@given(st.sampled_from(LSOF_LINES), st.integers(0, 120), st.text(alphabet="a09:-> \t", max_size=6))
def test_damaged_lsof_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2:]
    for shape in gl.SHAPES.values():
        same_fast_slow(shape, damaged)


@pytest.mark.property
@given(lsof_outputs())
def test_generated_lsof_lines_fast_and_slow_agree(case: tuple[str, object]) -> None:
    for line in case[0].splitlines():
        for shape in gl.SHAPES.values():
            same_fast_slow(shape, line)


def test_real_lines_fast_and_slow_agree() -> None:
    assert len(TCP_LINES) > 40 and len(UNIX_LINES) > 10
    for line in TCP_LINES:
        for shape in gt.SHAPES.values():
            same_fast_slow(shape, line)
        assert gt.SHAPES["header"].match(line) or gt.SHAPES["row"].match(line), line
    for line in UNIX_LINES:
        for shape in gu.SHAPES.values():
            same_fast_slow(shape, line)
        assert gu.SHAPES["header"].match(line) or gu.SHAPES["row"].match(line), line


@pytest.mark.property
@given(st.sampled_from(TCP_LINES), st.integers(0, 160), st.text(alphabet="aF09:- \t", max_size=6))
def test_damaged_tcp_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2:]
    for shape in gt.SHAPES.values():
        same_fast_slow(shape, damaged)


@pytest.mark.property
@given(st.sampled_from(UNIX_LINES), st.integers(0, 80), st.text(alphabet="aF09:@/ \t", max_size=6))
def test_damaged_unix_lines_fast_and_slow_agree(line: str, position: int, insert: str) -> None:
    damaged = line[:position] + insert + line[position + len(insert) // 2:]
    for shape in gu.SHAPES.values():
        same_fast_slow(shape, damaged)


@pytest.mark.property
@given(proc_net_tcp_cases(), proc_net_unix_outputs())
def test_generated_lines_fast_and_slow_agree(tcp: tuple[str, object, object],
                                             unix: tuple[str, object]) -> None:
    for line in tcp[0].splitlines():
        for shape in gt.SHAPES.values():
            same_fast_slow(shape, line.rstrip())
    for line in unix[0].splitlines():
        for shape in gu.SHAPES.values():
            same_fast_slow(shape, line)
