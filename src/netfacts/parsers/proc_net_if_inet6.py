"""Parse the kernel's ``/proc/net/if_inet6``: the IPv6 addresses of every interface.

Example::

    >>> from netfacts.parsers.proc_net_if_inet6 import parse_proc_net_if_inet6
    >>> out = parse_proc_net_if_inet6("fd000020000000000000000000000001 02 40 00 82     eth0\\n")
    >>> a = out.addresses[0]
    >>> str(a.address), a.ifindex, a.prefixlen, a.scope_name, a.flag_words
    ('fd00:20::1', 2, 64, 'global', ('nodad', 'permanent'))
"""

from __future__ import annotations

import ipaddress
import re

from netfacts.grammar import proc_net_if_inet6 as g
from netfacts.models.proc_net_tables import ProcNetIfInet6Output, ProcNetInet6Address
from netfacts.parsers._driver import Collector
from netfacts.parsers._table import read_table

__all__ = ["parse_proc_net_if_inet6", "sniff"]

_S = g.SHAPES


def _address(match: re.Match[str], number: int, line: str,
             collector: Collector) -> ProcNetInet6Address | None:
    prefixlen = int(match.group("prefixlen"), 16)
    if prefixlen > 128:
        collector.error(number, match.start("prefixlen") + 1, "a prefix length above 128",
                        line)
        return None
    return ProcNetInet6Address(
        address=ipaddress.IPv6Address(int(match.group("address"), 16)),
        ifindex=int(match.group("ifindex"), 16), prefixlen=prefixlen,
        scope=int(match.group("scope"), 16), flags=int(match.group("flags"), 16),
        ifname=match.group("ifname"))


def parse_proc_net_if_inet6(text: str, *, strict: bool = False,
                            source: str | None = None) -> ProcNetIfInet6Output:
    """Parse ``/proc/net/if_inet6``.  Lenient by default; ``strict`` raises on the first
    error."""
    found = read_table(text, row=_S["row"], build=_address, strict=strict, source=source)
    return ProcNetIfInet6Output(addresses=tuple(found.records),
                                diagnostics=found.collector.result(), source=source,
                                record_lines=tuple(found.record_lines))


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer: ``("proc-net-if-inet6", score)`` or None."""
    for line in lines:
        if _S["row"].match(line.strip()):
            return "proc-net-if-inet6", 85
    return None
