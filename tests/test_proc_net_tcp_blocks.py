"""/proc/net/tcp read a block of lines at a time: a chunk that is all socket lines of one
table is checked by the grammar at once and written from its tokens; every other chunk
line by line.  Both readings must give the same sockets, JSON and diagnostics, whatever
the chunk size (so that the tests here reach the block path with small files)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from _proc_net import INET_TABLES, ROLES, proc_file
from netfacts.jsonio.proc_net_tcp import direct_json, proc_net_tcp_to_json
from netfacts.parsers.proc_net_tcp import Scanner, parse_proc_net_tcp
from netfacts.testing._strategies_proc_net import proc_net_tcp_cases

CASES = [(role, table) for role in ROLES for table in INET_TABLES]
SIZES = (1, 2, 3, 5, 4096)


def _read(text: str, chunk: int, **hints: Any) -> tuple[Any, ...]:
    saved = Scanner.CHUNK
    Scanner.CHUNK = chunk
    try:
        output = parse_proc_net_tcp(text, **hints)
        written, diagnostics = direct_json(text, **hints)
    finally:
        Scanner.CHUNK = saved
    return (list(output.sockets), output.record_lines, output.diagnostics, written,
            diagnostics)


def _model_json(text: str, **hints: Any) -> str:
    return json.dumps(proc_net_tcp_to_json(parse_proc_net_tcp(text, **hints)),
                      ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize(("role", "table"), CASES)
def test_real_tables_read_alike_in_blocks(role: str, table: str) -> None:
    text = proc_file(role, table).read_text()
    readings = {size: _read(text, size, proto=table) for size in SIZES}
    assert readings[4096][0] or role == "peer"
    assert all(reading == readings[4096] for reading in readings.values())
    assert readings[1][3] == _model_json(text, proto=table)


def _mixed() -> str:
    """tcp with full, timewait and request lines, a line with two more columns than
    the kernel prints today, a damaged line, a blank line, then tcp6."""
    tcp = proc_file("host", "tcp").read_text().splitlines()
    tcp6 = proc_file("host", "tcp6").read_text().splitlines()
    full = next(line for line in tcp[1:] if len(line.split()) == 17)
    extra = full.rstrip() + " 7 8"
    damaged = full.replace(":", ";", 1)
    body = [*tcp[1:], extra, *tcp[1:3], damaged, "", *tcp[1:]]
    return "\n".join([tcp[0], *body, *tcp6]) + "\n"


def test_a_mixed_file_reads_alike_in_blocks() -> None:
    text = _mixed()
    readings = {size: _read(text, size) for size in SIZES}
    assert all(reading == readings[4096] for reading in readings.values())
    sockets, _, diagnostics, written, _ = readings[2]
    assert len(diagnostics) == 1 and diagnostics[0].line == len(
        proc_file("host", "tcp").read_text().splitlines()) + 4
    assert written == _model_json(text)
    assert [s["extra"] for s in json.loads(written) if "extra" in s] == [[7, 8]]
    assert {s.proto for s in sockets} == {"tcp", "tcp6"}


@settings(max_examples=60, deadline=None)
@given(proc_net_tcp_cases())
def test_generated_tables_read_alike_in_blocks(case: tuple[str, Any, dict[str, Any]]) -> None:
    text, _, hints = case
    assert _read(text, 2, **hints) == _read(text, 4096, **hints)
    assert _read(text, 3, **hints)[3] == _model_json(text, **hints)
