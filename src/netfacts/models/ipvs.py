"""IPVS virtual services as ``ipvsadm -L`` lists them, and IPVS connection entries.

A :class:`IpvsService` is a virtual service (``TCP 10.96.0.1:443 rr``, or a firewall-mark
service ``FWM 5``) with its :class:`IpvsRealServer` destinations; which of their fields are
filled depends on the listing mode (``IpvsadmForm.mode``): forwarding method, weight and
connection counts in the plain listing, counters in ``--stats``/``--rate``, thresholds in
``--thresholds``, persistent connections in ``--persistent-conn``.  ``ipvsadm -c`` lists
:class:`IpvsConnection` entries instead.  Without ``-n`` addresses and ports may be names:
they are then kept as text.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output
from netfacts.models.values import IPAddress, OpenEnum

__all__ = [
    "ForwardMethod",
    "IpvsConnection",
    "IpvsCounters",
    "IpvsDaemon",
    "IpvsRealServer",
    "IpvsService",
    "IpvsadmForm",
    "IpvsadmOutput",
    "ListingMode",
]


class ForwardMethod(OpenEnum):
    """How a real server is reached (``-m``, ``-g``, ``-i``)."""

    MASQ = "Masq"
    LOCAL = "Local"
    TUNNEL = "Tunnel"
    ROUTE = "Route"


class ListingMode(OpenEnum):
    """Which ``ipvsadm -L`` listing the text is."""

    LIST = "list"
    STATS = "stats"
    RATE = "rate"
    THRESHOLDS = "thresholds"
    PERSISTENT_CONN = "persistent-conn"
    CONNECTION = "connection"
    TIMEOUT = "timeout"
    DAEMON = "daemon"


@checked
@attrs.frozen(kw_only=True)
class IpvsCounters:
    """Five counters of ``--stats`` (conns, packets in/out, bytes in/out) or ``--rate``
    (per second).  Values ipvsadm printed with a ``K``/``M``/``G``/``T`` suffix are the
    printed number times the unit (``992000K`` → 992000000); ``approximate`` says so."""

    values: tuple[int, int, int, int, int]
    texts: tuple[str, str, str, str, str]
    """As printed (``"992000K"``)."""

    @property
    def approximate(self) -> bool:
        """Some value was printed with a unit suffix (rounded down)."""
        return any(not text.isdigit() for text in self.texts)


@checked
@attrs.frozen(kw_only=True)
class IpvsRealServer:
    """One destination of a virtual service (``  -> 10.244.1.5:8080  Masq  1  0  3``)."""

    address: IPAddress | str
    """The address, or the host name ``ipvsadm`` printed without ``-n`` (cut to 28
    characters for IPv4)."""
    port: int | str
    """The port, or its service name without ``-n``."""
    forward: ForwardMethod | None = None
    tunnel_info: str | None = None
    """``--tun-info``'s column (ipvsadm 1.31)."""
    weight: int | None = None
    active_conns: int | None = None
    inactive_conns: int | None = None
    persistent_conns: int | None = None
    upper_threshold: int | None = None
    lower_threshold: int | None = None
    counters: IpvsCounters | None = None
    """``--stats`` or ``--rate`` counters (the form says which)."""
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@checked
@attrs.frozen(kw_only=True)
class IpvsService:
    """A virtual service and its real servers."""

    protocol: str
    """``TCP``, ``UDP``, ``SCTP`` or ``FWM`` (a firewall-mark service)."""
    address: IPAddress | str | None = None
    port: int | str | None = None
    fwmark: int | None = None
    ipv6: bool = False
    """``FWM N IPv6``: an IPv6 firewall-mark service."""
    scheduler: str | None = None
    persistent: int | None = None
    """``persistent T``: seconds of persistence (ClientIP affinity in kube-proxy)."""
    mask: str | None = None
    pe: str | None = None
    ops: bool = False
    flags: tuple[str, ...] = ()
    """Words after the known ones (scheduler flags such as ``sh-port``), kept as printed."""
    counters: IpvsCounters | None = None
    real_servers: tuple[IpvsRealServer, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def family(self) -> int | None:
        """4 or 6 (from the address, or ``IPv6`` of a fwmark service); None for a name."""
        if self.fwmark is not None:
            return 6 if self.ipv6 else 4
        if isinstance(self.address, str) or self.address is None:
            return None
        return self.address.version


@checked
@attrs.frozen(kw_only=True)
class IpvsConnection:
    """One entry of ``ipvsadm -Lc``: ``TCP 14:57 ESTABLISHED 10.0.0.5:51234 ...``."""

    protocol: str
    expire: int
    """Seconds until the entry expires (printed ``MM:SS``)."""
    state: str
    source: tuple[IPAddress | str, int | str]
    virtual: tuple[IPAddress | str, int | str]
    destination: tuple[IPAddress | str, int | str]
    pe_name: str | None = None
    pe_data: str | None = None
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@checked
@attrs.frozen(kw_only=True)
class IpvsDaemon:
    """``master sync daemon (mcast=eth0, syncid=1, ...)``."""

    state: str
    options: tuple[tuple[str, str], ...] = ()


@checked
@attrs.frozen(kw_only=True)
class IpvsadmForm:
    """How ``ipvsadm`` was run, as far as the text tells."""

    mode: ListingMode = ListingMode.LIST
    numeric: bool | None = None
    """All addresses and ports numeric (``-n``); None when nothing was listed."""
    tun_info: bool = False
    """The ``TunnelInfo`` column (``--tun-info``)."""
    pe_columns: bool = False
    """The connection listing has the ``pe name pe_data`` columns."""


@checked
@attrs.frozen(kw_only=True)
class IpvsadmOutput(Output):
    """``ipvsadm -L`` output of any mode."""

    kind: ClassVar[str] = "ipvsadm"
    version: str | None = None
    """``IP Virtual Server version 1.2.1``: the kernel's IPVS version."""
    size: int | None = None
    """The connection hash table size (``size=4096``)."""
    services: tuple[IpvsService, ...] = ()
    connections: tuple[IpvsConnection, ...] = ()
    timeout: tuple[int, int, int] | None = None
    """``--timeout``: (tcp, tcpfin, udp) seconds."""
    daemons: tuple[IpvsDaemon, ...] = ()
    messages: tuple[str, ...] = ()
    """What ipvsadm wrote instead of a listing (``Can't initialize ipvs: Protocol not
    available`` when the kernel has no IPVS; sos merges stderr into the file)."""
    form: IpvsadmForm = IpvsadmForm()

    @property
    def available(self) -> bool:
        """ipvsadm could read the kernel's IPVS table (no error message instead)."""
        return not self.messages

    def service(self, protocol: str, address: str, port: int) -> IpvsService | None:
        """The virtual service ``protocol address:port`` (``("TCP", "10.96.0.1", 443)``)."""
        for service in self.services:
            if (service.protocol == protocol.upper() and str(service.address) == address
                    and service.port == port):
                return service
        return None
