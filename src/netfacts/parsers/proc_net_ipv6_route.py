"""Parse the kernel's ``/proc/net/ipv6_route`` (IPv6 routes of every table).

Example::

    >>> from netfacts.parsers.proc_net_ipv6_route import parse_proc_net_ipv6_route
    >>> out = parse_proc_net_ipv6_route(
    ...     "fd000020000000000000000000000000 40 00000000000000000000000000000000 00 "
    ...     "00000000000000000000000000000000 00000100 00000006 00000000 00000001     eth0\\n")
    >>> route = out.routes[0]
    >>> str(route.destination), route.metric, route.netstat_flags, route.device
    ('fd00:20::/64', 256, 'U', 'eth0')
"""

from __future__ import annotations

import ipaddress
import re

from netfacts.grammar import proc_net_ipv6_route as g
from netfacts.models.proc_net_tables import ProcNetIpv6Route, ProcNetIpv6RouteOutput
from netfacts.parsers._driver import Collector
from netfacts.parsers._table import read_table

__all__ = ["parse_proc_net_ipv6_route", "sniff"]

_S = g.SHAPES


def _network(address: str, length: str) -> ipaddress.IPv6Network | None:
    bits = int(length, 16)
    if bits > 128:
        return None
    return ipaddress.IPv6Network((int(address, 16), bits), strict=False)


def _route(match: re.Match[str], number: int, line: str,
           collector: Collector) -> ProcNetIpv6Route | None:
    destination = _network(match.group("destination"), match.group("destination_plen"))
    source = _network(match.group("source"), match.group("source_plen"))
    if destination is None or source is None:
        collector.error(number, 1, "a prefix length above 128", line)
        return None
    return ProcNetIpv6Route(
        destination=destination, source=source,
        next_hop=ipaddress.IPv6Address(int(match.group("next_hop"), 16)),
        metric=int(match.group("metric"), 16), refcnt=int(match.group("refcnt"), 16),
        use=int(match.group("use"), 16), flags=int(match.group("flags"), 16),
        device=match.group("device"))


def parse_proc_net_ipv6_route(text: str, *, strict: bool = False,
                              source: str | None = None) -> ProcNetIpv6RouteOutput:
    """Parse ``/proc/net/ipv6_route``.  Lenient by default; ``strict`` raises on the first
    error."""
    found = read_table(text, row=_S["row"], build=_route, strict=strict, source=source)
    return ProcNetIpv6RouteOutput(routes=tuple(found.records),
                                  diagnostics=found.collector.result(), source=source,
                                  record_lines=tuple(found.record_lines))


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer: ``("proc-net-ipv6-route", score)`` or None."""
    for line in lines:
        if _S["row"].match(line.rstrip()):
            return "proc-net-ipv6-route", 85
    return None
