"""Render ``/proc/net/dev``, ``route``, ``ipv6_route`` and ``if_inet6`` back to text, with the
kernel's ``printf`` formats (a capture renders back byte for byte)."""

from __future__ import annotations

import ipaddress

from netfacts.grammar.proc_net_dev import HEADER1, HEADER2
from netfacts.grammar.proc_net_route import HEADER
from netfacts.models.proc_net_tables import (
    DEV_COUNTERS,
    ProcNetDevOutput,
    ProcNetIfInet6Output,
    ProcNetIpv6RouteOutput,
    ProcNetRouteOutput,
)

__all__ = ["render_proc_net_dev", "render_proc_net_if_inet6", "render_proc_net_ipv6_route",
           "render_proc_net_route"]

_DEV_WIDTHS = (7, 7, 4, 4, 4, 5, 10, 9, 8, 7, 4, 4, 4, 5, 7, 10)


def render_proc_net_dev(output: ProcNetDevOutput) -> str:
    """``"%6s: %7llu %7llu %4llu ..."`` per interface, after the two header lines."""
    lines = [HEADER1 + "\n", HEADER2 + "\n"] if output.form.header else []
    for device in output.interfaces:
        values = [getattr(device, name) for name in DEV_COUNTERS]
        text = " ".join(f"{value:{width}d}" for value, width in zip(values, _DEV_WIDTHS))
        extra = "".join(f" {value}" for value in device.extra)
        lines.append(f"{device.ifname:>6}: {text}{extra}\n")
    return "".join(lines)


def _hex4(address: ipaddress.IPv4Address, big_endian: bool) -> str:
    return (address.packed if big_endian else address.packed[::-1]).hex().upper()


def render_proc_net_route(output: ProcNetRouteOutput) -> str:
    """``"%s\\t%08X\\t%08X\\t%04X\\t%d\\t%u\\t%d\\t%08X\\t%d\\t%u\\t%u"`` padded to 127."""
    lines = [HEADER.ljust(127) + "\n"] if output.form.header else []
    big = output.form.byte_order == "big"
    for route in output.routes:
        text = (f"{route.iface or '*'}\t{_hex4(route.destination, big)}\t"
                f"{_hex4(route.gateway, big)}\t{route.flags:04X}\t{route.refcnt}\t{route.use}\t"
                f"{route.metric}\t{_hex4(route.mask, big)}\t{route.mtu}\t{route.window}\t"
                f"{route.irtt}")
        lines.append(text.ljust(127) + "\n")
    return "".join(lines)


def render_proc_net_ipv6_route(output: ProcNetIpv6RouteOutput) -> str:
    """``"%pi6 %02x %pi6 %02x %pi6 %08x %08x %08x %08x %8s"`` per route."""
    return "".join(
        f"{route.destination.network_address.packed.hex()} {route.destination.prefixlen:02x} "
        f"{route.source.network_address.packed.hex()} {route.source.prefixlen:02x} "
        f"{route.next_hop.packed.hex()} {route.metric:08x} {route.refcnt:08x} "
        f"{route.use:08x} {route.flags:08x} {route.device:>8}\n"
        for route in output.routes)


def render_proc_net_if_inet6(output: ProcNetIfInet6Output) -> str:
    """``"%pi6 %02x %02x %02x %02x %8s"`` per address."""
    return "".join(
        f"{a.address.packed.hex()} {a.ifindex:02x} {a.prefixlen:02x} {a.scope:02x} "
        f"{a.flags:02x} {a.ifname:>8}\n" for a in output.addresses)
