"""Hypothesis strategies for ``/proc/net/dev``, ``route``, ``ipv6_route``, ``if_inet6``,
``snmp``/``netstat``/``snmp6``, ``nstat`` and ``sockstat``: each draws a model and renders
it, so every ``(text, output)`` pair carries its ground truth."""

from __future__ import annotations

import ipaddress

from hypothesis import strategies as st

from netfacts.models.proc_net_counters import (
    NstatCounter,
    NstatForm,
    NstatOutput,
    ProcNetSnmpForm,
    ProcNetSnmpOutput,
    ProcNetSockstatOutput,
    SnmpCounter,
    SockstatLine,
)
from netfacts.models.proc_net_tables import (
    DEV_COUNTERS,
    ProcNetDevForm,
    ProcNetDevice,
    ProcNetDevOutput,
    ProcNetIfInet6Output,
    ProcNetInet6Address,
    ProcNetIpv6Route,
    ProcNetIpv6RouteOutput,
    ProcNetRoute,
    ProcNetRouteForm,
    ProcNetRouteOutput,
)
from netfacts.renderers.proc_net_counters import (
    render_nstat,
    render_proc_net_snmp,
    render_proc_net_sockstat,
)
from netfacts.renderers.proc_net_tables import (
    render_proc_net_dev,
    render_proc_net_if_inet6,
    render_proc_net_ipv6_route,
    render_proc_net_route,
)

__all__ = ["nstat_outputs", "proc_net_dev_outputs", "proc_net_if_inet6_outputs",
           "proc_net_ipv6_route_outputs", "proc_net_route_outputs", "proc_net_snmp_outputs",
           "proc_net_sockstat_outputs"]

_IFNAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_@#", min_size=1,
                  max_size=15)
_U64 = st.one_of(st.integers(0, 10_000), st.integers(0, 2**64 - 1))
_U32 = st.integers(0, 2**32 - 1)
_S32 = st.integers(-(2**31), 2**31 - 1)
_V4 = st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address)
_V6 = st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address)
_NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,40}", fullmatch=True)


@st.composite
def _device(draw: st.DrawFn) -> ProcNetDevice:
    counters = {name: draw(_U64) for name in DEV_COUNTERS}
    extra = tuple(draw(st.lists(_U64, max_size=2)))
    return ProcNetDevice(ifname=draw(_IFNAME), extra=extra, **counters)


@st.composite
def proc_net_dev_outputs(draw: st.DrawFn) -> tuple[str, ProcNetDevOutput]:
    """``(text, output)``: a ``/proc/net/dev`` and its model."""
    devices = tuple(draw(st.lists(_device(), max_size=5)))
    output = ProcNetDevOutput(interfaces=devices,
                              form=ProcNetDevForm(header=draw(st.booleans()) or not devices))
    return render_proc_net_dev(output), output


@st.composite
def _route(draw: st.DrawFn) -> ProcNetRoute:
    return ProcNetRoute(iface=draw(st.one_of(st.none(), _IFNAME.filter(lambda n: n != "*"))),
                        destination=draw(_V4), gateway=draw(_V4),
                        flags=draw(st.integers(0, 0xFFFF)), refcnt=draw(_S32), use=draw(_U32),
                        metric=draw(_S32), mask=draw(_V4), mtu=draw(_S32), window=draw(_U32),
                        irtt=draw(_U32))


@st.composite
def proc_net_route_outputs(draw: st.DrawFn) -> tuple[str, ProcNetRouteOutput]:
    """``(text, output)``: a ``/proc/net/route`` and its model."""
    routes = tuple(draw(st.lists(_route(), max_size=5)))
    output = ProcNetRouteOutput(routes=routes,
                                form=ProcNetRouteForm(header=draw(st.booleans()) or not routes))
    return render_proc_net_route(output), output


def _network() -> st.SearchStrategy[ipaddress.IPv6Network]:
    return st.tuples(_V6, st.integers(0, 128)).map(
        lambda t: ipaddress.IPv6Network((int(t[0]), t[1]), strict=False))


@st.composite
def proc_net_ipv6_route_outputs(draw: st.DrawFn) -> tuple[str, ProcNetIpv6RouteOutput]:
    """``(text, output)``: a ``/proc/net/ipv6_route`` and its model."""
    routes = tuple(ProcNetIpv6Route(
        destination=draw(_network()), source=draw(_network()), next_hop=draw(_V6),
        metric=draw(_U32), refcnt=draw(_U32), use=draw(_U32), flags=draw(_U32),
        device=draw(_IFNAME)) for _ in range(draw(st.integers(0, 5))))
    output = ProcNetIpv6RouteOutput(routes=routes)
    return render_proc_net_ipv6_route(output), output


@st.composite
def proc_net_if_inet6_outputs(draw: st.DrawFn) -> tuple[str, ProcNetIfInet6Output]:
    """``(text, output)``: a ``/proc/net/if_inet6`` and its model."""
    addresses = tuple(ProcNetInet6Address(
        address=draw(_V6), ifindex=draw(st.integers(1, 2**31 - 1)),
        prefixlen=draw(st.integers(0, 128)), scope=draw(st.sampled_from([0, 0x10, 0x20, 0x40,
                                                                          0x05])),
        flags=draw(st.integers(0, 255)), ifname=draw(_IFNAME))
        for _ in range(draw(st.integers(0, 5))))
    output = ProcNetIfInet6Output(addresses=addresses)
    return render_proc_net_if_inet6(output), output


_VALUE = st.integers(-(2**63), 2**64 - 1)


@st.composite
def proc_net_snmp_outputs(draw: st.DrawFn) -> tuple[str, ProcNetSnmpOutput]:
    """``(text, output)``: ``snmp``/``netstat`` groups and/or ``snmp6`` counters."""
    counters: list[SnmpCounter] = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            group = draw(_NAME)
            names = draw(st.lists(_NAME, min_size=1, max_size=6))
            counters += [SnmpCounter(group=group, name=name, value=draw(_VALUE))
                         for name in names]
        else:
            counters += [SnmpCounter(group=None, name=draw(_NAME), value=draw(_VALUE))
                         for _ in range(draw(st.integers(1, 4)))]
    style = "list" if counters and all(c.group is None for c in counters) else "table"
    output = ProcNetSnmpOutput(counters=tuple(counters), form=ProcNetSnmpForm(style=style))
    return render_proc_net_snmp(output), output


@st.composite
def nstat_outputs(draw: st.DrawFn) -> tuple[str, NstatOutput]:
    """``(text, output)``: an ``nstat -zas`` table and its model."""
    counters = tuple(NstatCounter(name=draw(_NAME), value=draw(_U64),
                                  rate=draw(st.integers(0, 10**7)) / 10)
                     for _ in range(draw(st.integers(0, 6))))
    output = NstatOutput(counters=counters, form=NstatForm())
    return render_nstat(output), output


@st.composite
def proc_net_sockstat_outputs(draw: st.DrawFn) -> tuple[str, ProcNetSockstatOutput]:
    """``(text, output)``: a ``/proc/net/sockstat`` and its model."""
    key = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
    lines = tuple(SockstatLine(
        protocol=draw(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,10}", fullmatch=True)),
        values=tuple((draw(key), draw(_VALUE)) for _ in range(draw(st.integers(1, 5)))))
        for _ in range(draw(st.integers(0, 5))))
    output = ProcNetSockstatOutput(lines=lines)
    return render_proc_net_sockstat(output), output
