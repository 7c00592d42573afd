"""Parse ``/proc/net/snmp``, ``/proc/net/netstat`` and ``/proc/net/snmp6``.

``snmp`` and ``netstat`` print each group twice — a line of names, then a line of values —
and the values are paired with the names by position (the names differ between kernels);
``snmp6`` prints one ``name<TAB>value`` line per counter.  A values line whose group or
count does not match the names line above it loses that group (an error), nothing else.

Example::

    >>> from netfacts.parsers.proc_net_snmp import parse_proc_net_snmp
    >>> out = parse_proc_net_snmp("Tcp: RtoAlgorithm MaxConn RetransSegs\\nTcp: 1 -1 7\\n")
    >>> out.get("Tcp", "MaxConn"), out.nstat_counters()["TcpRetransSegs"]
    (-1, 7)
"""

from __future__ import annotations

from itertools import pairwise

from netfacts._text import split_lines
from netfacts.grammar import proc_net_snmp as g
from netfacts.models.proc_net_counters import ProcNetSnmpForm, ProcNetSnmpOutput, SnmpCounter
from netfacts.parsers._driver import Collector

__all__ = ["parse_proc_net_snmp", "sniff"]

_S = g.SHAPES
_MIN, _MAX = -(1 << 63), (1 << 64) - 1


def parse_proc_net_snmp(text: str, *, strict: bool = False,
                        source: str | None = None) -> ProcNetSnmpOutput:
    """Parse one (or several, concatenated) of the counter files.  Lenient by default;
    ``strict`` raises on the first error."""
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    counters: list[SnmpCounter] = []
    record_lines: list[int] = []
    pending: tuple[int, str, list[str], str] | None = None  # line, group, names, text
    styles: set[str] = set()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line:
            continue
        names = _S["names"].match(line)
        if names is not None:
            if pending is not None:
                collector.error(pending[0], 1, f"no values line after the {pending[1]} names",
                                pending[3])
            pending = (number, names.group("group"), names.group("names").split(), line)
            continue
        values = _S["values"].match(line)
        if values is not None:
            numbers = [int(v) for v in values.group("values").split()]
            group = values.group("group")
            if pending is None or pending[1] != group:
                collector.error(number, 1, f"{group} values without a {group} names line",
                                line)
            elif len(pending[2]) != len(numbers):
                collector.error(number, 1, f"{len(numbers)} {group} values for "
                                f"{len(pending[2])} names", line)
            elif any(not _MIN <= value <= _MAX for value in numbers):
                collector.error(number, 1, "a counter larger than 64 bits", line)
            else:
                styles.add("table")
                for name, value in zip(pending[2], numbers):
                    counters.append(SnmpCounter(group=group, name=name, value=value))
                    record_lines.append(number)
            pending = None
            continue
        pair = _S["pair"].match(line)
        if pair is not None and pending is None:
            value = int(pair.group("value"))
            if not _MIN <= value <= _MAX:
                collector.error(number, pair.start("value") + 1, "a counter larger than 64 "
                                "bits", line)
                continue
            styles.add("list")
            counters.append(SnmpCounter(group=None, name=pair.group("name"), value=value))
            record_lines.append(number)
            continue
        collector.reject(number, line, _S["values"] if pending is not None else _S["names"])
        pending = None
    if pending is not None:
        collector.warning(pending[0], f"the {pending[1]} names line is not followed by its "
                          "values: the output may have been cut off here", pending[3])
    collector.check_final_line(text, lines)
    style = "list" if styles == {"list"} else "table"
    return ProcNetSnmpOutput(counters=tuple(counters), form=ProcNetSnmpForm(style=style),
                             diagnostics=collector.result(), source=source,
                             record_lines=tuple(record_lines))


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer: ``("proc-net-snmp", score)`` or None (a names line followed by its
    values line)."""
    for first, second in pairwise(lines):
        names = _S["names"].match(first.rstrip())
        values = _S["values"].match(second.rstrip())
        if names and values and names.group("group") == values.group("group"):
            return "proc-net-snmp", 90
    return None
