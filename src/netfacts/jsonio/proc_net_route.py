"""``/proc/net/route`` and ``/proc/net/ipv6_route`` JSON: a list of routes, the kernel's
columns decoded.

IPv4 (``/proc/net/route``): ``iface`` (``null`` for ``*``), ``destination``, ``gateway``,
``mask`` (dotted), ``prefixlen`` (``null`` when the mask is not a prefix), ``flags`` (netstat's
letters: ``UG``, ``UGH``, ``!``), ``flag_words`` (``up``, ``gateway``, ``host``, ``reject``...),
``refcnt``, ``use``, ``metric``, ``mtu`` (netstat's MSS column), ``window``, ``irtt``.

IPv6 (``/proc/net/ipv6_route``): ``destination`` and ``source`` (``prefix/len``),
``next_hop``, ``metric`` (unsigned, as the kernel prints it), ``refcnt``, ``use``, ``flags``
(netstat -6's letters: ``U``, ``UG``, ``Un``, ``!n``), ``flag_words``, ``device``.

The rows ``netstat -rn`` / ``netstat -6 -rn`` print from these files are
``ProcNetRoute.to_netstat_route()`` (in netstat's JSON: :mod:`netfacts.jsonio.netstat`).
"""

from __future__ import annotations

from typing import Any

from netfacts.models.proc_net_tables import (
    ProcNetIpv6Route,
    ProcNetIpv6RouteOutput,
    ProcNetRoute,
    ProcNetRouteOutput,
)

__all__ = ["ipv6_route_to_json", "proc_net_ipv6_route_to_json", "proc_net_route_to_json",
           "route_to_json"]


def route_to_json(route: ProcNetRoute) -> dict[str, Any]:
    """One IPv4 route."""
    network = route.network
    return {
        "iface": route.iface, "destination": str(route.destination),
        "gateway": str(route.gateway), "mask": str(route.mask),
        "prefixlen": network.prefixlen if network is not None else None,
        "flags": route.netstat_flags, "flag_words": list(route.flag_words),
        "refcnt": route.refcnt, "use": route.use, "metric": route.metric, "mtu": route.mtu,
        "window": route.window, "irtt": route.irtt,
    }


def proc_net_route_to_json(output: ProcNetRouteOutput) -> list[dict[str, Any]]:
    """Every route, in print order."""
    return [route_to_json(route) for route in output.routes]


def ipv6_route_to_json(route: ProcNetIpv6Route) -> dict[str, Any]:
    """One IPv6 route."""
    return {
        "destination": str(route.destination), "source": str(route.source),
        "next_hop": str(route.next_hop), "metric": route.metric, "refcnt": route.refcnt,
        "use": route.use, "flags": route.netstat_flags, "flag_words": list(route.flag_words),
        "device": route.device,
    }


def proc_net_ipv6_route_to_json(output: ProcNetIpv6RouteOutput) -> list[dict[str, Any]]:
    """Every route, in print order."""
    return [ipv6_route_to_json(route) for route in output.routes]
