"""Parse ``/proc/net/sockstat`` and ``/proc/net/sockstat6``.

Example::

    >>> from netfacts.parsers.proc_net_sockstat import parse_proc_net_sockstat
    >>> out = parse_proc_net_sockstat("TCP: inuse 19 orphan 0 tw 2 alloc 40 mem 130\\n")
    >>> out.get("TCP", "tw")
    2
"""

from __future__ import annotations

import re

from netfacts.grammar import proc_net_sockstat as g
from netfacts.models.proc_net_counters import ProcNetSockstatOutput, SockstatLine
from netfacts.parsers._driver import Collector
from netfacts.parsers._table import read_table

__all__ = ["parse_proc_net_sockstat", "sniff"]

_S = g.SHAPES
_MIN, _MAX = -(1 << 63), (1 << 64) - 1


def _line(match: re.Match[str], number: int, line: str,
          collector: Collector) -> SockstatLine | None:
    words = match.group("pairs").split()
    values = tuple((key, int(value)) for key, value in zip(words[::2], words[1::2]))
    if any(not _MIN <= value <= _MAX for _, value in values):
        collector.error(number, match.start("pairs") + 1, "a number larger than 64 bits", line)
        return None
    return SockstatLine(protocol=match.group("protocol"), values=values)


def parse_proc_net_sockstat(text: str, *, strict: bool = False,
                            source: str | None = None) -> ProcNetSockstatOutput:
    """Parse the socket counters.  Lenient by default; ``strict`` raises on the first error."""
    found = read_table(text, row=_S["row"], build=_line, strict=strict, source=source)
    return ProcNetSockstatOutput(lines=tuple(found.records), diagnostics=found.collector.result(),
                                 source=source, record_lines=tuple(found.record_lines))


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer: ``("proc-net-sockstat", score)`` or None."""
    for line in lines:
        if line.startswith(("sockets: used ", "TCP: inuse ", "TCP6: inuse ")):
            return "proc-net-sockstat", 90
    return None
