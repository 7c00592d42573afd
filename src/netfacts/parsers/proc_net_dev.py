"""Parse the kernel's ``/proc/net/dev``: the traffic counters of every interface.

Example::

    >>> from netfacts.parsers.proc_net_dev import parse_proc_net_dev
    >>> out = parse_proc_net_dev(
    ...     "    lo:     916      17    0    0    0     0          0         0      916      17"
    ...     "    0    0    0     0       0          0\\n")
    >>> out.interfaces[0].ifname, out.interfaces[0].rx_packets
    ('lo', 17)
"""

from __future__ import annotations

import re

from netfacts.grammar import proc_net_dev as g
from netfacts.models.proc_net_tables import (
    DEV_COUNTERS,
    ProcNetDevForm,
    ProcNetDevice,
    ProcNetDevOutput,
)
from netfacts.parsers._driver import Collector
from netfacts.parsers._table import read_table

__all__ = ["parse_proc_net_dev", "sniff"]

_S = g.SHAPES
_U64 = (1 << 64) - 1


def _device(match: re.Match[str], number: int, line: str,
            collector: Collector) -> ProcNetDevice | None:
    values = [int(v) for v in match.group("counters").split()]
    if max(values) > _U64:
        collector.error(number, match.start("counters") + 1, "a counter larger than 64 bits",
                        line)
        return None
    return ProcNetDevice(ifname=match.group("ifname"), **dict(zip(DEV_COUNTERS, values)),
                         extra=tuple(values[len(DEV_COUNTERS):]))


def parse_proc_net_dev(text: str, *, strict: bool = False,
                       source: str | None = None) -> ProcNetDevOutput:
    """Parse ``/proc/net/dev``.  Lenient by default; ``strict`` raises on the first error."""
    found = read_table(text, row=_S["row"], build=_device,
                       headers=(_S["header1"], _S["header2"]), strict=strict, source=source)
    return ProcNetDevOutput(interfaces=tuple(found.records),
                            form=ProcNetDevForm(header=bool(found.headers) or not found.records),
                            diagnostics=found.collector.result(), source=source,
                            record_lines=tuple(found.record_lines))


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("proc-net-dev", score)`` or None."""
    for line in lines:
        stripped = line.rstrip()
        if _S["header1"].match(stripped) or _S["header2"].match(stripped):
            return "proc-net-dev", 95
        if _S["row"].match(stripped):
            return "proc-net-dev", 80
    return None
