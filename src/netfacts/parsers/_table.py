"""The loop of a parser whose input is a table of independent lines (``/proc/net/*``, nstat).

:func:`read_table` checks every line against the row shape, hands each match to a builder
(which may still refuse it with a diagnostic, e.g. a number no 64-bit counter holds), lets
header lines pass, and rejects the rest: one bad line loses only its own record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from netfacts._text import split_lines
from netfacts.grammar._fastpath import LineShape
from netfacts.parsers._driver import Collector

__all__ = ["Builder", "Table", "read_table"]

R = TypeVar("R")


class Table(Generic[R]):
    """What :func:`read_table` found."""

    __slots__ = ("collector", "headers", "record_lines", "records")

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.records: list[R] = []
        self.record_lines: list[int] = []
        self.headers: list[str] = []
        """The header lines met, as printed (without trailing blanks)."""


Builder = Callable[[re.Match[str], int, str, Collector], R | None]


def read_table(text: str, *, row: LineShape, build: Builder[R],
               headers: Sequence[LineShape] = (), strict: bool = False,
               source: str | None = None, strip: str | None = None) -> Table[R]:
    """Read ``text`` line by line: ``row`` lines become records through
    ``build(match, number, line, collector)`` (None: refused, and it reported why), lines of a
    ``headers``
    shape are noted, blank lines skipped, anything else rejected.  ``strip`` is what
    :meth:`str.rstrip` removes from each line first (trailing blanks by default)."""
    collector = Collector(source=source, strict=strict)
    table: Table[R] = Table(collector)
    lines = split_lines(text)
    match_row = row.regex.fullmatch
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip(strip)
        if not line.strip():
            continue
        match = match_row(line)
        if match is None:
            if any(header.match(line) for header in headers):
                table.headers.append(line)
            else:
                collector.reject(number, line, row)
            continue
        record = build(match, number, line, collector)
        if record is not None:
            table.records.append(record)
            table.record_lines.append(number)
    collector.check_final_line(text, lines)
    return table
