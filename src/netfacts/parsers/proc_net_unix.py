"""Parse the kernel's ``/proc/net/unix`` into
:class:`~netfacts.models.proc_net_sockets.ProcNetUnixSocket` records.

Each line gives the socket's kernel address, reference count, flags (``ACC`` for
listeners), type, state, inode and bound name; the records are built on first use from
the validated lines.  Grammar: :mod:`netfacts.grammar.proc_net_unix`.

Example::

    >>> from netfacts.parsers.proc_net_unix import parse_proc_net_unix
    >>> out = parse_proc_net_unix(
    ...     "Num       RefCount Protocol Flags    Type St Inode Path\\n"
    ...     "0000000057e2caa3: 00000002 00000000 00010000 0001 01 805836 /run/demo.sock\\n")
    >>> s = out.sockets[0]
    >>> s.type, s.state.value, s.flag_words, s.inode, s.path
    ('STREAM', 'LISTEN', ('ACC',), 805836, '/run/demo.sock')
"""

from __future__ import annotations

from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import proc_net_unix as g
from netfacts.models.lazy import LazyTuple
from netfacts.models.proc_net_sockets import (
    ProcNetUnixForm,
    ProcNetUnixOutput,
    ProcNetUnixSocket,
    unix_socket_from_groups,
)
from netfacts.parsers._driver import Collector

__all__ = ["parse_proc_net_unix", "sniff", "unix_socket_from_line"]

_S = g.SHAPES


def unix_socket_from_line(row: tuple[str, ...]) -> ProcNetUnixSocket:
    """The record of a line the parser kept, ``(line,)`` (it matches the row shape)."""
    match = _S["row"].regex.fullmatch(row[0])
    assert match is not None
    return unix_socket_from_groups(match.groups())


def parse_proc_net_unix(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
) -> ProcNetUnixOutput:
    """Parse ``/proc/net/unix``.

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first one
    raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    row = _S["row"].regex.fullmatch
    header = _S["header"].regex.fullmatch
    rows: list[tuple[str]] = []
    record_lines: list[int] = []
    saw_header = False
    for number, line in enumerate(lines, 1):
        if row(line) is None:
            stripped = line.rstrip()
            if stripped != line and row(stripped) is not None:
                line = stripped  # trailing blanks after the inode, no path
            elif header(stripped) is not None:
                saw_header = True
                continue
            else:
                if stripped:
                    collector.reject(number, stripped, _S["row"])
                continue
        rows.append((line,))
        record_lines.append(number)
    collector.check_final_line(text, lines)
    fields: dict[str, Any] = {}
    if rows:
        fields["sockets"] = LazyTuple[ProcNetUnixSocket](rows=rows, build=unix_socket_from_line)
    return ProcNetUnixOutput(
        **fields,
        form=ProcNetUnixForm(header=saw_header or not rows),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(record_lines),
    )


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("proc-net-unix", score)`` or None."""
    for line in lines:
        if _S["header"].match(line.rstrip()):
            return "proc-net-unix", 95
        if _S["row"].match(line):
            return "proc-net-unix", 85
    return None
