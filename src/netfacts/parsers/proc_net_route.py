"""Parse the kernel's ``/proc/net/route`` (IPv4 routes of the main table).

Addresses are decoded like ``/proc/net/tcp``'s: little-endian by default,
``byte_order="big"`` for s390x and ppc64 hosts.

Example::

    >>> from netfacts.parsers.proc_net_route import parse_proc_net_route
    >>> out = parse_proc_net_route("eth0\\t00000000\\t0200140A\\t0003\\t0\\t0\\t0\\t00000000"
    ...                            "\\t0\\t0\\t0\\n")
    >>> route = out.routes[0]
    >>> str(route.gateway), route.netstat_flags, route.iface
    ('10.20.0.2', 'UG', 'eth0')
"""

from __future__ import annotations

import ipaddress
import re

from netfacts.errors import ParseError
from netfacts.grammar import proc_net_route as g
from netfacts.models.proc_net_tables import ProcNetRoute, ProcNetRouteForm, ProcNetRouteOutput
from netfacts.parsers._driver import Collector
from netfacts.parsers._table import read_table

__all__ = ["parse_proc_net_route", "sniff"]

_S = g.SHAPES
_I32 = 1 << 31


def _ipv4(text: str, big_endian: bool) -> ipaddress.IPv4Address:
    raw = bytes.fromhex(text)
    return ipaddress.IPv4Address(raw if big_endian else raw[::-1])


def parse_proc_net_route(text: str, *, strict: bool = False, source: str | None = None,
                         byte_order: str = "little") -> ProcNetRouteOutput:
    """Parse ``/proc/net/route``.  Lenient by default; ``strict`` raises on the first error."""
    if byte_order not in ("little", "big"):
        raise ParseError(f"byte_order must be 'little' or 'big', not {byte_order!r}")
    big = byte_order == "big"

    def route(match: re.Match[str], number: int, line: str,
              collector: Collector) -> ProcNetRoute | None:
        numbers = {key: int(match.group(key)) for key in
                   ("refcnt", "use", "metric", "mtu", "window", "irtt")}
        if any(not -_I32 <= value < 2 * _I32 for value in numbers.values()):
            collector.error(number, 1, "a number larger than 32 bits", line)
            return None
        iface = match.group("iface")
        return ProcNetRoute(
            iface=None if iface == "*" else iface,
            destination=_ipv4(match.group("destination"), big),
            gateway=_ipv4(match.group("gateway"), big),
            flags=int(match.group("flags"), 16), mask=_ipv4(match.group("mask"), big),
            **numbers)

    found = read_table(text, row=_S["row"], build=route, headers=(_S["header"],),
                       strict=strict, source=source, strip=" ")
    return ProcNetRouteOutput(routes=tuple(found.records),
                              form=ProcNetRouteForm(header=bool(found.headers)
                                                    or not found.records,
                                                    byte_order=byte_order),
                              diagnostics=found.collector.result(), source=source,
                              record_lines=tuple(found.record_lines))


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("proc-net-route", score)`` or None."""
    for line in lines:
        stripped = line.rstrip(" ")
        if _S["header"].match(stripped):
            return "proc-net-route", 95
        if "\t" in stripped and _S["row"].match(stripped):
            return "proc-net-route", 80
    return None
