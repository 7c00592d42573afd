"""Parse ``/proc/net/tcp``, ``tcp6``, ``udp``, ``udp6``, ``raw`` and ``raw6``.

One parser for the six tables: each header line says which table follows (tcp or
udp/raw by its last words, IPv4 or IPv6 by ``rem_address``/``remote_address``), so a
``cat /proc/net/tcp /proc/net/tcp6`` reads as one output.  Two things the text cannot
say come as hints:

* ``proto``: udp6 and raw6 print the same header (and udp and raw differ only in
  spacing), so a file named ``proc/net/raw6`` needs ``proto="raw6"`` (detection passes it
  from the file name); without a header, ``proto`` names the table outright;
* ``byte_order``: ``"little"`` (default) or ``"big"`` for s390x and ppc64 hosts, whose
  kernels print addresses in natural order.  A file that looks like the other order
  (``7F000001`` read as 1.0.0.127) gets a warning.

Every line is checked against the grammar (:mod:`netfacts.grammar.proc_net_tcp`) and kept
as it is (without the kernel's space padding); the
:class:`~netfacts.models.proc_net_sockets.ProcNetSocket` records are built from the kept
lines on first use, and the JSON writer reads the lines directly.

Example::

    >>> from netfacts.parsers.proc_net_tcp import parse_proc_net_tcp
    >>> out = parse_proc_net_tcp(
    ...     "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
    ...     "   uid  timeout inode\\n"
    ...     "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
    ...     "     0        0 805829 1 0000000057697c9e 100 0 0 10 0\\n")
    >>> s = out.sockets[0]
    >>> s.proto, str(s.local_address), s.local_port, s.state.value, s.inode
    ('tcp', '127.0.0.1', 8080, 'LISTEN', 805829)
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator
from itertools import repeat
from typing import Any, NamedTuple

from netfacts._text import split_lines
from netfacts.errors import ParseError
from netfacts.grammar import proc_net_tcp as g
from netfacts.grammar._fastpath import LineShape
from netfacts.models.lazy import LazyTuple
from netfacts.models.proc_net_sockets import (
    INET_PROTOS,
    ProcNetSocket,
    ProcNetTcpForm,
    ProcNetTcpOutput,
    socket_from_line,
)
from netfacts.parsers._driver import Collector

__all__ = ["Chunk", "Run", "Scanner", "check_hints", "parse_proc_net_tcp", "sniff",
           "table_of_header"]

_S = g.SHAPES
_BYTE_ORDERS = ("little", "big")


def check_hints(proto: str | None, byte_order: str) -> None:
    """Raise :class:`~netfacts.errors.ParseError` for a hint this family does not know."""
    if proto is not None and proto not in INET_PROTOS:
        raise ParseError(f"proto must be one of {', '.join(INET_PROTOS)}, not {proto!r}")
    if byte_order not in _BYTE_ORDERS:
        raise ParseError(f"byte_order must be 'little' or 'big', not {byte_order!r}")


def table_of_header(line: str, remote: str, dgram: bool, hint: str | None) -> str:
    """The table a header line starts: tcp, tcp6, udp, udp6, raw or raw6.

    udp and raw (IPv4) differ only in layout: udp's header has three leading spaces
    (two on kernels before 4.x) and is padded to 127 characters, raw's is neither.  udp6
    and raw6 print the same header; ``hint`` (from the file name) decides, else udp6.
    """
    six = "6" if remote == "remote_address" else ""
    if not dgram:
        return "tcp" + six
    if hint is not None and hint.rstrip("6") in ("udp", "raw"):
        return hint.rstrip("6") + six
    if six:
        return "udp6"
    udp = line.startswith("   sl") or len(line) >= 127
    return "udp" if udp else "raw"


def _guess(match: re.Match[str], hint: str | None) -> str:
    six = "6" if len(match.group("local_address")) == 32 else ""
    if hint is not None:
        return hint.rstrip("6") + six
    if (match.group("refcount") is not None and match.group("tail1") is not None
            and match.group("tail2") is None and match.group("more") is None):
        return "udp" + six
    return "tcp" + six


class Run(NamedTuple):
    """Consecutive valid socket lines of one table: ``lines[start:end]`` of a chunk."""

    table: str
    start: int
    end: int


class Chunk(NamedTuple):
    """A slice of the input as :class:`Scanner` hands it out: ``lines`` (as in the text),
    ``matches`` (of the lines without their padding, None where the row shape failed;
    ``matches`` itself is None when the whole chunk is socket lines of one table, checked
    at once), the runs of socket lines in it and the 0-based number of its first line."""

    offset: int
    lines: list[str]
    matches: list[re.Match[str] | None] | None
    runs: list[Run]


@functools.cache
def _block(shape: LineShape) -> Any:
    """``fullmatch`` of a block of lines (each ending in a newline) that all have
    ``shape``: the shape's own regex, its groups not capturing, repeated.

    Each line is matched as an atomic group (Python 3.11; before, inside a lookahead and
    then consumed by a back-reference, a third slower), so a line once matched
    is never matched again another way: the row grammar reads a full TCP tail either as
    five columns or as one column and four extra ones, and without this a block that
    fails on its last line (a file cut mid-line) would retry both readings of every line
    above it — 2**4096 attempts.  With it a failing block costs one pass.
    """
    line = re.sub(r"\(\?P<\w+>", "(?:", shape.regex.pattern)
    if sys.version_info >= (3, 11):
        return re.compile(f"(?>{line}\n)*").fullmatch
    return re.compile(f"(?:(?=({line}\n))\\1)*").fullmatch  # pragma: no cover - 3.10


class Scanner:
    """Checks every line against the grammar, a chunk of lines at a time, and groups the
    socket lines into runs per table.

    The regex runs over a whole chunk at once; only the lines it rejects (headers, blank
    lines, damage) are looked at one by one.  Iterate :meth:`chunks` to the end, then read
    :attr:`tables` and :attr:`collector`.
    """

    CHUNK = 4096

    def __init__(self, text: str, *, strict: bool = False, source: str | None = None,
                 proto: str | None = None, byte_order: str = "little") -> None:
        check_hints(proto, byte_order)
        self.text = text
        self.proto = proto
        self.byte_order = byte_order
        self.collector = Collector(source=source, strict=strict)
        self.tables: list[str] = []
        self.first_row: int | None = None

    def chunks(self) -> Iterator[Chunk]:
        """The chunks in order; diagnostics go to :attr:`collector` as lines are read."""
        raw = split_lines(self.text)
        header = _S["header"].regex.fullmatch
        collector = self.collector
        table: str | None = None
        shape = _S["row"]
        for offset in range(0, len(raw), self.CHUNK):
            lines = raw[offset:offset + self.CHUNK]
            stripped = list(map(str.rstrip, lines))
            if table is not None and _block(shape)("\n".join(stripped) + "\n"):
                # the usual case: socket lines of the table above, all of them
                if self.first_row is None:
                    self.first_row = offset
                yield Chunk(offset, lines, None, [Run(table, 0, len(lines))])
                continue
            matches = list(map(shape.regex.fullmatch, stripped))
            runs: list[Run] = []
            start = 0
            index = 0
            while index <= len(lines):
                if index < len(lines):
                    index = _next_none(matches, index)
                if start < index:
                    runs.extend(self._runs(table, matches, start, index))
                if index == len(lines):
                    break
                start = index + 1
                line = stripped[index]
                found = header(line)
                if found is not None:
                    table = table_of_header(lines[index], found.group("remote"),
                                            found.group("dgram") is not None, self.proto)
                    self.tables.append(table)
                    shape = _S["row6" if table.endswith("6") else "row4"]
                    matches[start:] = map(shape.regex.fullmatch, stripped[start:])
                elif line:
                    self._reject(offset + index + 1, line, table, shape)
                index += 1
            if runs and self.first_row is None:
                self.first_row = offset + runs[0].start
            yield Chunk(offset, lines, matches, runs)
        collector.check_final_line(self.text, raw)
        if self.first_row is not None and not self.tables:
            collector.info(self.first_row + 1, "no header line before the first sockets: the "
                           "table was taken from the columns (name the file or pass "
                           "proto=...)", raw[self.first_row].rstrip())
        _check_byte_order(self.text, self.byte_order, collector)

    def _runs(self, table: str | None, matches: list[Any], start: int,
              end: int) -> list[Run]:
        if table is not None:
            return [Run(table, start, end)]
        return [Run(_guess(matches[index], self.proto), index, index + 1)
                for index in range(start, end)]

    def _reject(self, number: int, line: str, table: str | None, shape: LineShape) -> None:
        other = _S["row"].regex.fullmatch(line) if table is not None else None
        if other is not None:
            family = "IPv6" if shape is _S["row4"] else "IPv4"
            position = other.start("local_address")
            if len(other.group("local_address")) == len(other.group("remote_address")):
                message = f"an {family} socket line in the {table} table"
            else:
                message = "the two addresses of a socket line have different widths"
                position = other.start("remote_address")
            self.collector.error(number, position + 1, message, line)
            return
        self.collector.reject(number, line, shape)


def _next_none(matches: list[Any], start: int) -> int:
    """The index of the first None in ``matches[start:]`` (``len(matches)`` if none)."""
    try:
        return matches.index(None, start)
    except ValueError:
        return len(matches)


def parse_proc_net_tcp(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
    proto: str | None = None,
    byte_order: str = "little",
) -> ProcNetTcpOutput:
    """Parse one or more Internet socket tables of ``/proc/net``.

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first
    one raises :class:`~netfacts.errors.ParseError`.
    """
    scanner = Scanner(text, strict=strict, source=source, proto=proto, byte_order=byte_order)
    rows: list[tuple[str, str]] = []
    record_lines: list[int] = []
    for offset, lines, _, runs in scanner.chunks():
        for table, start, end in runs:
            rows.extend(zip(repeat(table), lines[start:end]))
            record_lines.extend(range(offset + start + 1, offset + end + 1))
    fields: dict[str, Any] = {}
    if rows:
        build = functools.partial(socket_from_line, big_endian=byte_order == "big")
        fields["sockets"] = LazyTuple[ProcNetSocket](rows=rows, build=build)
    return ProcNetTcpOutput(
        **fields,
        form=ProcNetTcpForm(tables=tuple(scanner.tables), byte_order=byte_order),
        diagnostics=scanner.collector.result(),
        source=source,
        record_lines=tuple(record_lines),
    )


_LOOPBACK = {"little": ("7F000001:", "00000000000000000000000000000001:"),
             "big": ("0100007F:", "00000000000000000000000001000000:")}


def _check_byte_order(text: str, byte_order: str, collector: Collector) -> None:
    """Warn when a loopback address spelled in the other byte order appears (in the first
    megabyte: listeners, usually on loopback too, come first)."""
    for spelling in _LOOPBACK[byte_order]:
        # a whole address column (after its blank), not the end of a longer IPv6 spelling
        position = text.find(" " + spelling, 0, 1 << 20) + 1
        if position > 0:
            number = text.count("\n", 0, position) + 1
            other = "big" if byte_order == "little" else "little"
            collector.warning(number, f"{spelling[:-1]} is a loopback address in {other}-endian "
                              f"order: this file may come from a {other}-endian host (pass "
                              f"byte_order={other!r})", spelling[:-1])
            return


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("proc-net-tcp", score)`` or None."""
    for line in lines:
        stripped = line.rstrip()
        if _S["header"].match(stripped):
            return "proc-net-tcp", 95
        if _S["row"].match(stripped):
            return "proc-net-tcp", 85
    return None
