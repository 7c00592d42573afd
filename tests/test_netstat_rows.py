"""netstat socket rows: the two readings of a row agree, rows and models convert both ways.

The reader takes a row of a known layout whose endpoints are ``IP:PORT`` (or a field cut
to 23 characters) with an inline reading in :meth:`Reader.feed`, and every other row
column by column.  On every capture, on generated listings and on damaged text, both
readings must give the same rows and the same diagnostics; a row must survive the trip
to a ``Socket`` and back; and the result must not depend on what was parsed before (no
cache keyed by printed text).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, NETNS
from netfacts.models.netstat import (
    CUT,
    INET_ROW,
    UNIX_ROW,
    NetstatOutput,
    SocketList,
    socket_from_row,
    socket_row,
)
from netfacts.parsers.netstat import _reader, parse_netstat
from netfacts.testing._strategies_sockets import netstat_outputs
from netfacts.testing.garble import garbled

PATHS = [
    path
    for path in sorted(CORPUS.glob("netstat-*.txt")) + sorted(CORPUS.glob("far_netstat-*.txt"))
    + sorted((NETNS / "netstat").glob("netstat_*.txt"))
    if not path.name.endswith("stderr.txt")
]
TEXTS = [path.read_text(errors="replace") for path in PATHS]


@contextmanager
def _column_by_column() -> Iterator[None]:
    _reader._FAST = False
    try:
        yield
    finally:
        _reader._FAST = True


def _rows(output: NetstatOutput) -> list[object]:
    rows: list[object] = []
    for sample in output.samples:
        assert isinstance(sample.sockets, (SocketList, tuple))
        rows.append(sample.sockets.rows if isinstance(sample.sockets, SocketList) else ())
    return rows


def _agree(text: str, wide: bool | None = None) -> NetstatOutput:
    fast = parse_netstat(text, wide=wide)
    with _column_by_column():
        slow = parse_netstat(text, wide=wide)
    assert _rows(fast) == _rows(slow)
    assert [d.render() for d in fast.diagnostics] == [d.render() for d in slow.diagnostics]
    assert fast.record_lines == slow.record_lines
    assert fast.form == slow.form
    return fast


def test_captures_read_the_same_both_ways() -> None:
    assert len(TEXTS) > 40
    cut = 0
    for text in TEXTS:
        output = _agree(text)
        _agree(text, wide=True)
        for rows in _rows(output):
            for row in rows or ():  # type: ignore[attr-defined]
                assert len(row) in (len(INET_ROW), len(UNIX_ROW))
                assert socket_row(socket_from_row(row)) == row
                cut += len(row) == len(INET_ROW) and CUT in (row[6], row[9])
    assert cut > 0  # cut fields are among them


@settings(max_examples=150)
@given(garbled(st.sampled_from(TEXTS)))
def test_damaged_captures_read_the_same_both_ways(text: str) -> None:
    _agree(text)


@given(netstat_outputs())
def test_generated_listings_read_the_same_both_ways(case: tuple[str, NetstatOutput]) -> None:
    text, expected = case
    _agree(text, wide=expected.form.wide)


def test_no_result_depends_on_what_was_parsed_before() -> None:
    """A host name first seen in a short field, then in a 23-character field: the second
    is cut (the text caches of the old fast path remembered the first reading)."""
    head = ("Active Internet connections (servers and established)\n"
            "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n")
    short = "tcp        0      0 localhost:22            gateway.example.net:1   ESTABLISHED\n"
    cut = "tcp        0      0 localhost:*             gateway.example.net:100 ESTABLISHED\n"
    alone = parse_netstat(head + cut, wide=True).sockets[0].peer
    parse_netstat(head + short, wide=True)
    after = parse_netstat(head + cut, wide=True).sockets[0].peer
    assert alone == after
    assert after is not None and after.truncated
