"""The kernel's interface and route tables: ``/proc/net/dev``, ``/proc/net/route``,
``/proc/net/ipv6_route`` and ``/proc/net/if_inet6``.

Each record keeps every column the kernel prints, decoded (addresses as :mod:`ipaddress`
objects in the right byte order, hex numbers as integers), and names what the column
means; the route records also turn into the :class:`~netfacts.models.netstat.NetstatRoute`
that ``netstat -rn`` / ``netstat -6 -rn`` print from the same file.
"""

from __future__ import annotations

import ipaddress
from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.netstat import NetstatRoute
from netfacts.models.output import Output

__all__ = [
    "DEV_COUNTERS",
    "IF_INET6_FLAGS",
    "IPV6_ROUTE_FLAGS",
    "ROUTE_FLAGS",
    "ProcNetDevForm",
    "ProcNetDevOutput",
    "ProcNetDevice",
    "ProcNetIfInet6Output",
    "ProcNetInet6Address",
    "ProcNetIpv6Route",
    "ProcNetIpv6RouteOutput",
    "ProcNetRoute",
    "ProcNetRouteForm",
    "ProcNetRouteOutput",
    "inet6_scope_name",
]

# ---------------------------------------------------------------- /proc/net/dev

DEV_COUNTERS = (
    "rx_bytes", "rx_packets", "rx_errs", "rx_drop", "rx_fifo", "rx_frame", "rx_compressed",
    "rx_multicast", "tx_bytes", "tx_packets", "tx_errs", "tx_drop", "tx_fifo", "tx_colls",
    "tx_carrier", "tx_compressed",
)
"""The 16 counters of a ``/proc/net/dev`` line, in print order."""


@checked
@attrs.frozen(kw_only=True)
class ProcNetDevice:
    """One interface line of ``/proc/net/dev`` (``net/core/net-procfs.c``).

    The kernel folds some ``rtnl_link_stats64`` counters together: ``rx_drop`` is dropped +
    missed, ``rx_frame`` is length + over + crc + frame errors, ``tx_carrier`` is carrier +
    aborted + window + heartbeat errors.
    """

    ifname: str
    rx_bytes: int = 0
    rx_packets: int = 0
    rx_errs: int = 0
    rx_drop: int = 0
    rx_fifo: int = 0
    rx_frame: int = 0
    rx_compressed: int = 0
    rx_multicast: int = 0
    tx_bytes: int = 0
    tx_packets: int = 0
    tx_errs: int = 0
    tx_drop: int = 0
    tx_fifo: int = 0
    tx_colls: int = 0
    tx_carrier: int = 0
    tx_compressed: int = 0
    extra: tuple[int, ...] = ()
    """Counters after the 16 known ones (none on kernels up to 6.x)."""


@checked
@attrs.frozen(kw_only=True)
class ProcNetDevForm:
    """Whether the two header lines were there."""

    header: bool = True


@checked
@attrs.frozen(kw_only=True)
class ProcNetDevOutput(Output):
    """``/proc/net/dev``: the traffic counters of every interface of a namespace."""

    kind: ClassVar[str] = "proc_net_dev"
    interfaces: tuple[ProcNetDevice, ...] = ()
    form: ProcNetDevForm = ProcNetDevForm()

    def interface(self, name: str) -> ProcNetDevice | None:
        """The interface called ``name``."""
        return next((i for i in self.interfaces if i.ifname == name), None)


# ---------------------------------------------------------------- /proc/net/route

ROUTE_FLAGS = (("up", 0x1), ("gateway", 0x2), ("host", 0x4), ("reinstate", 0x8),
               ("dynamic", 0x10), ("modified", 0x20), ("mtu", 0x40), ("window", 0x80),
               ("irtt", 0x100), ("reject", 0x200))
"""RTF_* bits of ``include/uapi/linux/route.h`` with their names."""
_RTF_REJECT = 0x200
_ANY4 = ipaddress.IPv4Address(0)
_ANY6 = ipaddress.IPv6Address(0)
_ALL6 = ipaddress.IPv6Network("::/0")
_LETTERS4 = (("U", 0x1), ("G", 0x2), ("H", 0x4), ("R", 0x8), ("D", 0x10), ("M", 0x20))


def _words(flags: int, table: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    return tuple(word for word, bit in table if flags & bit)


@checked
@attrs.frozen(kw_only=True)
class ProcNetRoute:
    """One line of ``/proc/net/route``: an IPv4 route of the **main** table only (other
    tables, and the route type of reject routes, are not in the file)."""

    iface: str | None
    """The device; None for ``*`` (unreachable, prohibit and blackhole routes)."""
    destination: ipaddress.IPv4Address
    gateway: ipaddress.IPv4Address
    flags: int
    """RTF_* bits (:attr:`flag_words`)."""
    refcnt: int = 0
    use: int = 0
    metric: int = 0
    mask: ipaddress.IPv4Address = _ANY4
    mtu: int = 0
    """The route's advertised MSS column (netstat ``MSS``), not the route ``mtu``."""
    window: int = 0
    irtt: int = 0

    @property
    def flag_words(self) -> tuple[str, ...]:
        """``up``, ``gateway``, ``host``, ``reject`` ..."""
        return _words(self.flags, ROUTE_FLAGS)

    @property
    def network(self) -> ipaddress.IPv4Network | None:
        """Destination and mask as a network (None when the mask is not a prefix)."""
        try:
            return ipaddress.IPv4Network(f"{self.destination}/{self.mask}")
        except ValueError:
            return None

    @property
    def netstat_flags(self) -> str:
        """The Flags netstat prints: ``U``, ``G``, ``H``, ``R``, ``D``, ``M``; ``!`` alone for
        a reject route."""
        if self.flags & _RTF_REJECT:
            return "!"
        return "".join(letter for letter, bit in _LETTERS4 if self.flags & bit)

    def to_netstat_route(self) -> NetstatRoute:
        """The row ``netstat -rnee`` prints for this line (``-`` columns of reject routes
        as None)."""
        if self.flags & _RTF_REJECT:
            return NetstatRoute(family="inet", destination=self.destination, gateway=None,
                                genmask=self.mask, flags="!", metric=self.metric, use=self.use)
        return NetstatRoute(family="inet", destination=self.destination, gateway=self.gateway,
                            genmask=self.mask, flags=self.netstat_flags, metric=self.metric,
                            ref=self.refcnt, use=self.use, mss=self.mtu, window=self.window,
                            irtt=self.irtt, iface=self.iface or "*")


@checked
@attrs.frozen(kw_only=True)
class ProcNetRouteForm:
    """The header line, and how the hex addresses were read."""

    header: bool = True
    byte_order: str = "little"
    """``little`` or ``big`` (a parser hint: the text cannot tell)."""


@checked
@attrs.frozen(kw_only=True)
class ProcNetRouteOutput(Output):
    """``/proc/net/route``."""

    kind: ClassVar[str] = "proc_net_route"
    routes: tuple[ProcNetRoute, ...] = ()
    form: ProcNetRouteForm = ProcNetRouteForm()

    def to_netstat_routes(self) -> tuple[NetstatRoute, ...]:
        """Every route as ``netstat -rn`` shows it."""
        return tuple(route.to_netstat_route() for route in self.routes)


# ---------------------------------------------------------------- /proc/net/ipv6_route

IPV6_ROUTE_FLAGS = (
    ("up", 0x1), ("gateway", 0x2), ("host", 0x4), ("reject", 0x200), ("default", 0x10000),
    ("allonlink", 0x20000), ("addrconf", 0x40000), ("prefix_rt", 0x80000),
    ("anycast", 0x100000), ("nonexthop", 0x200000), ("expires", 0x400000),
    ("routeinfo", 0x800000), ("cache", 0x1000000), ("flow", 0x2000000), ("policy", 0x4000000),
    ("pref_low", 0x8000000), ("pref_high", 0x10000000), ("pcpu", 0x40000000),
    ("local", 0x80000000),
)
"""RTF_* bits of ``include/uapi/linux/ipv6_route.h`` (and the IPv4 low bits) with names."""
_LETTERS6 = (("U", 0x1), ("!", 0x200), ("G", 0x2), ("H", 0x4), ("D", 0x10000),
             ("A", 0x40000), ("C", 0x1000000), ("a", 0x20000), ("e", 0x400000),
             ("m", 0x20), ("n", 0x200000), ("f", 0x2000000))


@checked
@attrs.frozen(kw_only=True)
class ProcNetIpv6Route:
    """One line of ``/proc/net/ipv6_route``: a route of **any** table (main, local, others:
    the file has no table column, so the same prefix may appear more than once)."""

    destination: ipaddress.IPv6Network
    source: ipaddress.IPv6Network = _ALL6
    next_hop: ipaddress.IPv6Address = _ANY6
    metric: int = 0
    """As an unsigned 32-bit number (``ffffffff`` is 4294967295; netstat prints -1)."""
    refcnt: int = 0
    use: int = 0
    flags: int = 0
    """RTF_* bits (:attr:`flag_words`): 0x80200001 is local, no next hop, up."""
    device: str = ""

    @property
    def flag_words(self) -> tuple[str, ...]:
        """``up``, ``gateway``, ``nonexthop``, ``local`` ..."""
        return _words(self.flags, IPV6_ROUTE_FLAGS)

    @property
    def netstat_flags(self) -> str:
        """The Flag netstat -6 prints (``U``, ``UG``, ``Un``, ``!n`` ...)."""
        return "".join(letter for letter, bit in _LETTERS6 if self.flags & bit)

    def to_netstat_route(self) -> NetstatRoute:
        """The row ``netstat -6 -rn`` prints for this line."""
        metric = self.metric - (1 << 32) if self.metric >= 1 << 31 else self.metric
        return NetstatRoute(family="inet6", destination=self.destination,
                            gateway=self.next_hop, flags=self.netstat_flags, metric=metric,
                            ref=self.refcnt, use=self.use, iface=self.device)


@checked
@attrs.frozen(kw_only=True)
class ProcNetIpv6RouteOutput(Output):
    """``/proc/net/ipv6_route`` (no header line)."""

    kind: ClassVar[str] = "proc_net_ipv6_route"
    routes: tuple[ProcNetIpv6Route, ...] = ()

    def to_netstat_routes(self) -> tuple[NetstatRoute, ...]:
        """Every route as ``netstat -6 -rn`` shows it."""
        return tuple(route.to_netstat_route() for route in self.routes)


# ---------------------------------------------------------------- /proc/net/if_inet6

IF_INET6_FLAGS = (("temporary", 0x01), ("nodad", 0x02), ("optimistic", 0x04),
                  ("dadfailed", 0x08), ("home", 0x10), ("deprecated", 0x20),
                  ("tentative", 0x40), ("permanent", 0x80))
"""IFA_F_* bits (the low byte some kernels print) and ``ip``'s words for them."""
_SCOPES = {0x00: "global", 0x10: "host", 0x20: "link", 0x40: "site"}


def inet6_scope_name(scope: int) -> str:
    """``if_inet6``'s scope number (IPV6_ADDR_SCOPE_*) → the word ``ip`` prints."""
    return _SCOPES.get(scope, str(scope))


@checked
@attrs.frozen(kw_only=True)
class ProcNetInet6Address:
    """One line of ``/proc/net/if_inet6``: an IPv6 address of an interface."""

    address: ipaddress.IPv6Address
    ifindex: int
    prefixlen: int
    scope: int
    """IPV6_ADDR_SCOPE_* (0x00 global, 0x10 host, 0x20 link, 0x40 site); :attr:`scope_name`."""
    flags: int
    """IFA_F_* bits (:attr:`flag_words`)."""
    ifname: str

    @property
    def scope_name(self) -> str:
        """``global``, ``host``, ``link``, ``site`` (else the number)."""
        return inet6_scope_name(self.scope)

    @property
    def flag_words(self) -> tuple[str, ...]:
        """``temporary``, ``nodad``, ``optimistic``, ``dadfailed``, ``home``, ``deprecated``,
        ``tentative``, ``permanent``."""
        return _words(self.flags, IF_INET6_FLAGS)


@checked
@attrs.frozen(kw_only=True)
class ProcNetIfInet6Output(Output):
    """``/proc/net/if_inet6`` (no header line)."""

    kind: ClassVar[str] = "proc_net_if_inet6"
    addresses: tuple[ProcNetInet6Address, ...] = ()
