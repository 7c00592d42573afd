"""Parse ``nstat`` output (``nstat -zas`` in sosreports).

Example::

    >>> from netfacts.parsers.nstat import parse_nstat
    >>> out = parse_nstat("#kernel\\nIpInReceives                    38                 0.0\\n")
    >>> out.get("IpInReceives")
    38
"""

from __future__ import annotations

import re

from netfacts.grammar import nstat as g
from netfacts.models.proc_net_counters import NstatCounter, NstatForm, NstatOutput
from netfacts.parsers._driver import Collector
from netfacts.parsers._table import read_table

__all__ = ["parse_nstat", "sniff"]

_S = g.SHAPES
_MAX = (1 << 64) - 1


def _counter(match: re.Match[str], number: int, line: str,
             collector: Collector) -> NstatCounter | None:
    value = int(match.group("value"))
    if value > _MAX:
        collector.error(number, match.start("value") + 1, "a counter larger than 64 bits", line)
        return None
    return NstatCounter(name=match.group("name"), value=value, rate=float(match.group("rate")))


def parse_nstat(text: str, *, strict: bool = False, source: str | None = None) -> NstatOutput:
    """Parse nstat's table.  Lenient by default; ``strict`` raises on the first error."""
    found = read_table(text, row=_S["row"], build=_counter, headers=(_S["header"],),
                       strict=strict, source=source)
    header = found.headers[-1] if found.headers else "#kernel"
    return NstatOutput(counters=tuple(found.records), form=NstatForm(header=header),
                       diagnostics=found.collector.result(), source=source,
                       record_lines=tuple(found.record_lines))


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer: ``("nstat", score)`` or None."""
    if lines and lines[0].strip() == "#kernel":
        return "nstat", 95
    for line in lines:
        if _S["row"].match(line.rstrip()):
            return "nstat", 70
    return None
