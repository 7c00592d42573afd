"""Line sources for the streaming parsers: the same cleaning as ``_text.split_lines``,
one line at a time.

:func:`clean_lines` yields ``(number, line)`` pairs for a path, a binary or text
file object, a string, or any iterable of lines, without ever holding more than
one line.  Each line is cleaned exactly as :func:`netfacts._text.split_lines`
cleans it (byte-order mark, colour codes, one trailing ``\\r``, terminal
redraws), so the streaming and the whole-text parsers see the same lines and
report the same line numbers.  A text file object opened in Python's default
newline mode has already turned ``\\r\\n`` and lone ``\\r`` into ``\\n``; pass a
path or a binary file to keep them as the whole-text parser sees them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

from netfacts._text import strip_ansi
from netfacts.errors import ParseError

__all__ = ["LineSource", "RecordStream", "clean_lines"]

LineSource = str | bytes | os.PathLike[str] | IO[Any] | Iterable[str] | Iterable[bytes]
"""What the streaming parsers accept."""


class _Tail:
    """What the caller needs after the last line: did the input end with a line end?"""

    __slots__ = ("last", "unterminated")

    def __init__(self) -> None:
        self.unterminated = False
        self.last = ""


def _pieces(source: Any) -> Iterator[str]:
    """Raw pieces of the input, split at ``\\n`` only, each with its ``\\n`` if it had one."""
    if isinstance(source, os.PathLike):
        with open(source, "rb") as handle:
            for chunk in handle:
                yield chunk.decode("utf-8", errors="replace")
        return
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = bytes(source).decode("utf-8", errors="replace")
    if isinstance(source, str):
        start = 0
        size = len(source)
        while start < size:
            end = source.find("\n", start)
            if end < 0:
                yield source[start:]
                return
            yield source[start : end + 1]
            start = end + 1
        return
    try:
        iterator = iter(source)
    except TypeError:
        raise ParseError(
            f"expected a path, a file or lines of text, got {type(source).__name__}"
        ) from None
    for item in iterator:
        if isinstance(item, (bytes, bytearray)):
            item = bytes(item).decode("utf-8", errors="replace")
        elif not isinstance(item, str):
            raise ParseError(f"expected lines of text, got {type(item).__name__}")
        # an item may hold several lines (a list of chunks) or none with a line end
        start = 0
        size = len(item)
        while start < size:
            end = item.find("\n", start)
            if end < 0:
                yield item[start:]
                break
            yield item[start : end + 1]
            start = end + 1


def clean_lines(source: Any, tail: _Tail | None = None) -> Iterator[tuple[int, str]]:
    """``(number, cleaned line)`` for every line of ``source`` (see the module docstring).

    Pieces that arrive without a line end (items of a list of lines) are lines of
    their own; only the very last one counts as unterminated for ``tail``.
    """
    first = True
    for number, piece in enumerate(_pieces(source), 1):
        if piece.endswith("\n"):
            line = piece[:-1]
            terminated = True
        else:
            line = piece
            terminated = False
        raw = line
        if first:
            first = False
            if line.startswith("\ufeff"):
                line = line[1:]
        if "\x1b" in line:
            line = strip_ansi(line)
        if "\r" in line:
            if line.endswith("\r"):
                line = line[:-1]
            if "\r" in line:
                line = line[line.rfind("\r") + 1 :]
        if tail is not None:
            tail.unterminated = not terminated and not raw.endswith("\r")
            tail.last = line
        yield number, line


def new_tail() -> _Tail:
    """A fresh end-of-input record for :func:`clean_lines`."""
    return _Tail()


class RecordStream:
    """What every streaming parser's iterator shares: the cleaned line source, the
    diagnostics so far, and the warning for a last line without a line end."""

    def __init__(self, source: Any, collector: Any) -> None:
        self._collector = collector
        self._tail = new_tail()
        self._lines = clean_lines(source, self._tail)
        self._done = False
        self._number = 0

    @property
    def diagnostics(self) -> tuple[Any, ...]:
        """Diagnostics so far, in input order."""
        result: tuple[Any, ...] = self._collector.result()
        return result

    def _check_final_line(self) -> None:
        """At the end of the input: warn when its last line has no line end."""
        tail = self._tail
        if tail.unterminated and tail.last.strip():
            self._collector.warning(
                self._number,
                "the last line has no line end: the output may have been cut off here",
                tail.last,
                column=len(tail.last) + 1,
            )
