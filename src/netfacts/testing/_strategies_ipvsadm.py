"""Hypothesis strategies for ``ipvsadm -L`` output in every mode.

Re-exported by :mod:`netfacts.testing.strategies`.  :func:`ipvsadm_outputs` draws a model
(virtual services with real servers, or connection entries, timeouts, sync daemons) in one
listing mode and renders it::

    from hypothesis import given
    from netfacts.testing.strategies import ipvsadm_outputs

    @given(ipvsadm_outputs())
    def test_my_tool(case):
        text, expected = case
        ...
"""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from netfacts.grammar.ipvsadm import SUFFIXES
from netfacts.models.ipvs import (
    ForwardMethod,
    IpvsadmForm,
    IpvsadmOutput,
    IpvsConnection,
    IpvsCounters,
    IpvsDaemon,
    IpvsRealServer,
    IpvsService,
    ListingMode,
)
from netfacts.models.values import IPAddress
from netfacts.renderers.ipvsadm import render_ipvsadm

__all__ = ["ipvs_services", "ipvsadm_outputs"]

_IPV4 = st.ip_addresses(v=4)
_IPV6 = st.ip_addresses(v=6)
_PORT: st.SearchStrategy[int | str] = st.one_of(
    st.integers(0, 65535), st.sampled_from(["http", "https", "domain"]))
_SCHEDULERS = ("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo",
               "ovf", "mh")


def _largenum(value: int) -> str:
    """ipvsadm's ``print_largenum`` without ``--exact``."""
    for limit, unit in ((10**8, ""), (10**9, "K"), (10**11, "M"), (10**14, "G")):
        if value < limit:
            return f"{value // SUFFIXES[unit]}{unit}" if unit else str(value)
    return f"{value // SUFFIXES['T']}T"


@st.composite
def _counters(draw: st.DrawFn) -> IpvsCounters:
    numbers = draw(st.lists(st.one_of(st.integers(0, 10**8), st.integers(0, 10**16)),
                            min_size=5, max_size=5))
    exact = draw(st.booleans())  # --exact prints every digit
    texts = [str(n) if exact else _largenum(n) for n in numbers]
    values = tuple(int(t[:-1]) * SUFFIXES[t[-1]] if t[-1] in SUFFIXES else int(t)
                   for t in texts)
    return IpvsCounters(values=values, texts=tuple(texts))  # type: ignore[arg-type]


@st.composite
def _real_server(draw: st.DrawFn, mode: ListingMode, v6: bool, tun_info: bool
                 ) -> IpvsRealServer:
    drawn: Any = draw(_IPV6 if v6 else _IPV4)  # hypothesis >= 6.170.29 says _BaseAddress
    address: IPAddress = drawn
    fields: dict[str, Any] = {"address": address, "port": draw(_PORT)}
    count = st.integers(0, 10**6)
    if mode is ListingMode.LIST:
        fields.update(forward=ForwardMethod.of(draw(st.sampled_from(
            ["Masq", "Local", "Tunnel", "Route"]))), weight=draw(st.integers(0, 65535)),
            active_conns=draw(count), inactive_conns=draw(count))
        if tun_info and draw(st.booleans()):
            fields["tunnel_info"] = draw(st.sampled_from(["ipip", "gue:6080", "gre"]))
    elif mode in (ListingMode.STATS, ListingMode.RATE):
        fields["counters"] = draw(_counters())
    elif mode is ListingMode.THRESHOLDS:
        fields.update(upper_threshold=draw(count), lower_threshold=draw(count),
                      active_conns=draw(count), inactive_conns=draw(count))
    else:
        fields.update(weight=draw(st.integers(0, 65535)), persistent_conns=draw(count),
                      active_conns=draw(count), inactive_conns=draw(count))
    return IpvsRealServer(**fields)


@st.composite
def ipvs_services(draw: st.DrawFn, mode: ListingMode = ListingMode.LIST,
                  tun_info: bool = False) -> IpvsService:
    """One virtual service with real servers, as the listing ``mode`` shows it."""
    fields: dict[str, Any] = {}
    v6 = draw(st.booleans())
    if draw(st.integers(0, 5)) == 0:
        fields.update(protocol="FWM", fwmark=draw(st.integers(1, 2**32 - 1)), ipv6=v6)
    else:
        address = draw(_IPV6 if v6 else _IPV4)
        fields.update(protocol=draw(st.sampled_from(["TCP", "UDP", "SCTP"])),
                      address=address, port=draw(_PORT))
    if mode in (ListingMode.STATS, ListingMode.RATE):
        fields["counters"] = draw(_counters())
    else:
        fields["scheduler"] = draw(st.sampled_from(_SCHEDULERS))
        if draw(st.booleans()):
            fields["persistent"] = draw(st.integers(1, 10**6))
            if draw(st.booleans()):
                fields["mask"] = str(draw(st.integers(1, 128))) if v6 else str(
                    ipaddress.IPv4Address(draw(st.integers(0, 2**32 - 1))))
        if draw(st.integers(0, 5)) == 0:
            fields["pe"] = "sip"
        fields["ops"] = draw(st.integers(0, 5)) == 0
        if draw(st.integers(0, 7)) == 0:
            fields["flags"] = (draw(st.sampled_from(["sh-fallback", "sh-port", "flag-1"])),)
    fields["real_servers"] = tuple(draw(st.lists(_real_server(mode, v6, tun_info),
                                                 max_size=4)))
    return IpvsService(**fields)


@st.composite
def _connection(draw: st.DrawFn) -> IpvsConnection:
    v6 = draw(st.booleans())
    address = _IPV6 if v6 else _IPV4

    def endpoint() -> tuple[Any, Any]:
        return (draw(address), draw(_PORT))

    pe = draw(st.booleans())
    return IpvsConnection(
        protocol=draw(st.sampled_from(["TCP", "UDP", "SCTP"])),
        expire=draw(st.integers(0, 10**6)),
        state=draw(st.sampled_from(["ESTABLISHED", "TIME_WAIT", "SYN_RECV", "UDP", "NONE",
                                    "CLOSE_WAIT", "FIN_WAIT"])),
        source=endpoint(), virtual=endpoint(), destination=endpoint(),
        pe_name="sip" if pe else None, pe_data="abc123" if pe else None)


def _numeric(output: IpvsadmOutput) -> bool | None:
    values: list[Any] = []
    for service in output.services:
        if service.fwmark is None:
            values += [service.address, service.port]
        for server in service.real_servers:
            values += [server.address, server.port]
    for connection in output.connections:
        values += [*connection.source, *connection.virtual, *connection.destination]
    if not values:
        return None
    return not any(isinstance(value, str) for value in values)


@st.composite
def ipvsadm_outputs(draw: st.DrawFn) -> tuple[str, IpvsadmOutput]:
    """``(text, output)`` pairs of ``ipvsadm -L[n]`` in any listing mode."""
    mode = draw(st.sampled_from(list(ListingMode)))
    fields: dict[str, Any] = {}
    tun_info = mode is ListingMode.LIST and draw(st.booleans())
    pe_columns = False
    if mode is ListingMode.CONNECTION:
        pe_columns = draw(st.booleans())
        connections = draw(st.lists(_connection(), max_size=5))
        fields["connections"] = tuple(
            c if pe_columns else IpvsConnection(
                protocol=c.protocol, expire=c.expire, state=c.state, source=c.source,
                virtual=c.virtual, destination=c.destination) for c in connections)
    elif mode is ListingMode.TIMEOUT:
        fields["timeout"] = tuple(draw(st.lists(st.integers(0, 10**6), min_size=3,
                                                max_size=3)))
    elif mode is ListingMode.DAEMON:
        fields["daemons"] = tuple(
            IpvsDaemon(state=state, options=(("mcast", "eth1"), ("syncid", "5")))
            for state in draw(st.sampled_from([("master",), ("backup",),
                                               ("master", "backup")])))
    else:
        if draw(st.booleans()):
            fields.update(version="1.2.1", size=draw(st.integers(0, 2**20)))
        fields["services"] = tuple(draw(st.lists(ipvs_services(mode, tun_info), max_size=5)))
    output = IpvsadmOutput(**fields)
    form = IpvsadmForm(mode=mode, numeric=_numeric(output), tun_info=tun_info,
                       pe_columns=pe_columns)
    output = IpvsadmOutput(**fields, form=form)
    return render_ipvsadm(output), output
