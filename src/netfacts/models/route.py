"""Routes (``ip route``), nexthops, and what ``ip route`` output returns."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models._record import record_text
from netfacts.models.address import AddressFamily, Scope
from netfacts.models.lazy import LazyTuple
from netfacts.models.output import Output
from netfacts.models.values import IPAddress, IPNetwork, OpenEnum, ip_text

__all__ = [
    "Encap",
    "IpRouteForm",
    "IpRouteOutput",
    "Nexthop",
    "NhInfo",
    "Route",
    "RouteList",
    "RouteMetric",
    "RouteType",
    "dst_text",
]



def dst_text(network: IPNetwork) -> str:
    """A destination as ``ip route`` prints it: ``default``, a host address, or a prefix."""
    if network.prefixlen == 0:
        return "default"
    if network.prefixlen == network.max_prefixlen:
        return ip_text(network.network_address)
    return f"{ip_text(network.network_address)}/{network.prefixlen}"

class RouteType(OpenEnum):
    """Route type (``ip -j route`` ``type``); ``unicast`` is what a bare route is."""

    UNICAST = "unicast"
    LOCAL = "local"
    BROADCAST = "broadcast"
    ANYCAST = "anycast"
    MULTICAST = "multicast"
    BLACKHOLE = "blackhole"
    UNREACHABLE = "unreachable"
    PROHIBIT = "prohibit"
    THROW = "throw"
    NAT = "nat"
    XRESOLVE = "xresolve"
    UNSPEC = "unspec"


@checked
@attrs.frozen(kw_only=True)
class Encap:
    """A lightweight-tunnel encapsulation (``encap ip id 100 src ... dst ...``).

    ``tokens`` are the words printed after the type, kept as printed; the typed
    fields of the ``ip -j`` object come from :func:`netfacts.jsonio.ip_route.encap_to_json`.
    """

    type: str
    tokens: tuple[str, ...] = ()


def _family(word: str | None) -> AddressFamily | None:
    """The family word of ``via FAMILY ADDR`` (unknown words kept as pseudo-members)."""
    return None if word is None else AddressFamily.of(word)


_METRIC_NUMBER = re.compile(r"(0[xX][0-9a-fA-F]{1,16}|[0-9]{1,20}(?:\.[0-9]{1,9})?)(ms|s)?")
"""A metric value iproute2 prints: ``1400``, ``0x10``, ``20ms``, ``1.5s`` (u32/u64 range)."""


@checked
@attrs.frozen(kw_only=True)
class RouteMetric:
    """One RTA_METRICS value: ``mtu lock 1400``, ``rtt 20ms``, ``congctl bbr``."""

    name: str
    value: str
    """As printed (``20ms``, ``1.5s``, ``ecn``); see :attr:`number` for the integer."""
    lock: bool = False

    @property
    def number(self) -> int | None:
        """The value as ``ip -j`` gives it: milliseconds for rtt/rttvar/rto_min, else the int
        (None when the value is not a number of that form: ``ecn``, ``inf``, ``1e999``)."""
        match = _METRIC_NUMBER.fullmatch(self.value)
        if match is None:
            return None
        number, unit = match.groups()
        if unit == "ms":
            return int(float(number))
        if unit == "s":
            if self.name not in ("rtt", "rttvar", "rto_min"):
                return None
            return round(float(number) * 1000)
        if "." in number:
            return None
        return int(number, 16) if number[:2] in ("0x", "0X") else int(number)


@checked
@attrs.frozen(kw_only=True)
class Nexthop:
    """One path of a multipath route (a ``nexthop`` line)."""

    gateway: IPAddress | None = None
    via_family: AddressFamily | None = attrs.field(default=None, converter=_family)
    """``inet6`` for ``via inet6 ADDR`` (RTA_VIA, an IPv4 route via an IPv6 gateway)."""
    dev: str | None = None
    weight: int | None = None
    flags: tuple[str, ...] = ()
    encap: Encap | None = None
    realms: str | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        """``nexthop via 10.0.0.1 dev eth0 weight 1``."""
        return record_text(self)


@checked
@attrs.frozen(kw_only=True)
class NhInfo:
    """The nexthop object a route uses (``-d``: ``nh_info id 20 group 10/11,2 ...``)."""

    id: int
    group: tuple[tuple[int, int | None], ...] = ()
    """Members as (nexthop id, weight or None when 1 is implied)."""
    gateway: IPAddress | None = None
    dev: str | None = None
    scope: Scope | None = None
    blackhole: bool = False
    fdb: bool = False
    protocol: str | None = None
    flags: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()


@checked
@attrs.frozen(kw_only=True)
class Route:
    """One route.

    Field names follow ``ip -j route``.  Defaults that ``ip`` does not print are
    filled in: ``type`` is ``unicast``, ``protocol`` ``boot``, ``scope`` ``global``
    and ``table`` ``main`` unless the text (or the command line, for filtered
    output such as ``show table 100``) says otherwise.
    """

    type: RouteType = RouteType.UNICAST
    dst: IPNetwork
    """The destination; ``default`` is ``0.0.0.0/0`` or ``::/0``."""
    src_prefix: IPNetwork | None = None
    """``from PREFIX`` (IPv6 source-specific routes); JSON ``from``."""
    nhid: int | None = None
    as_to: str | None = None
    encap: Encap | None = None
    tos: str | None = None
    gateway: IPAddress | None = None
    via_family: AddressFamily | None = attrs.field(default=None, converter=_family)
    """``inet6`` for ``via inet6 ADDR`` (RTA_VIA, an IPv4 route via an IPv6 gateway)."""
    dev: str | None = None
    table: str = "main"
    protocol: str = "boot"
    scope: Scope = Scope.GLOBAL
    prefsrc: IPAddress | None = None
    metric: int | None = None
    flags: tuple[str, ...] = ()
    mark: str | None = None
    realms: str | None = None
    """``realm 5`` → ``"5"``; ``realms 1/2`` → ``"1/2"``."""
    uid: int | None = None
    cache: tuple[str, ...] | None = None
    """Cache flags of an ``ip route get`` result (``()`` for a bare ``cache`` line)."""
    expires: int | None = None
    error: int | None = None
    users: int | None = None
    used: int | None = None
    age: int | None = None
    metrics: tuple[RouteMetric, ...] = ()
    iif: str | None = None
    pref: str | None = None
    ttl_propagate: str | None = None
    nh_info: NhInfo | None = None
    nexthops: tuple[Nexthop, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    """Attributes this version of netfacts does not know, as (keyword, value)."""

    def __str__(self) -> str:
        """The ``ip route`` line (``default via 192.168.50.1 dev eth0 proto dhcp metric
        100``); a multipath route's nexthops follow on the same line, as ``ip route add``
        takes them."""
        return record_text(self)

    @property
    def family(self) -> int:
        """4 or 6."""
        return self.dst.version

    @property
    def is_default(self) -> bool:
        """A default route (``0.0.0.0/0`` or ``::/0``)."""
        return self.dst.prefixlen == 0

    @property
    def gateways(self) -> tuple[IPAddress, ...]:
        """The gateway, or the gateways of every nexthop of a multipath route."""
        if self.gateway is not None:
            return (self.gateway,)
        return tuple(nh.gateway for nh in self.nexthops if nh.gateway is not None)

    def contains(self, address: IPAddress | str) -> bool:
        """``address`` falls inside :attr:`dst`."""
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        return ip.version == self.dst.version and ip in self.dst


@checked
@attrs.frozen(kw_only=True)
class IpRouteForm:
    """How ``ip route`` was run, as far as the output and the command line tell."""

    family: str | None = None
    """``"inet6"`` for ``ip -6 route``, ``"inet"`` for ``-4``, else None."""
    details: bool = False
    oneline: bool = False
    get: bool = False
    pref_on_nexthop: bool = False
    """iproute2 4.17-5.5 layout: a multipath route's ``pref`` is printed at the end of its
    last nexthop line (and after ``nexthops`` in JSON)."""
    filters: tuple[tuple[str, str], ...] = ()
    """Selectors of the command line that remove fields from the output, e.g.
    ``(("table", "100"),)`` for ``show table 100`` (``table all`` is ``("table", "all")``)."""

    def filter(self, name: str) -> str | None:
        """The value of a command-line selector (``"dev"``, ``"table"``, ...)."""
        for key, value in self.filters:
            if key == name:
                return value
        return None


class RouteList(LazyTuple[Route]):
    """The routes of an output: kept as the parser's validated rows, each :class:`Route`
    built on first use (see :class:`~netfacts.models.lazy.LazyTuple`)."""

    __slots__ = ()


def _as_routes(value: Sequence[Route]) -> Sequence[Route]:
    return value if isinstance(value, LazyTuple) else tuple(value)


@checked
@attrs.frozen(kw_only=True)
class IpRouteOutput(Output):
    """``ip route`` output: one :class:`Route` per route line."""

    kind: ClassVar[str] = "ip_route"
    routes: Sequence[Route] = attrs.field(default=(), converter=_as_routes)
    form: IpRouteForm = IpRouteForm()

    def default_routes(self) -> tuple[Route, ...]:
        """Default routes of the main table, lowest metric first."""
        found = [r for r in self.routes if r.is_default and r.table == "main"
                 and r.type is RouteType.UNICAST]
        return tuple(sorted(found, key=lambda r: (r.metric or 0)))
