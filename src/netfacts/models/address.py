"""An address assigned to an interface (``ip addr`` address lines, ``-o``, ``-br``)."""

from __future__ import annotations

import ipaddress

import attrs

from netfacts.models._checked import checked
from netfacts.models.values import IPAddress, OpenEnum, address_text

__all__ = ["ADDRESS_FLAGS", "Address", "AddressFamily", "Family", "Scope"]


class AddressFamily(OpenEnum):
    """Address family word of an address line (``ip -j``: ``family``)."""

    INET = "inet"
    INET6 = "inet6"
    DNET = "dnet"
    IPX = "ipx"
    MPLS = "mpls"
    BRIDGE = "bridge"


Family = AddressFamily
"""Former name of :class:`AddressFamily` (kept for the modules that import it)."""


class Scope(OpenEnum):
    """Address or route scope; numeric scopes become pseudo-members (``"77"``)."""

    GLOBAL = "global"
    SITE = "site"
    LINK = "link"
    HOST = "host"
    NOWHERE = "nowhere"


ADDRESS_FLAGS = frozenset(
    {
        "secondary",
        "temporary",
        "nodad",
        "optimistic",
        "dadfailed",
        "home",
        "deprecated",
        "tentative",
        "dynamic",
        "mngtmpaddr",
        "noprefixroute",
        "autojoin",
        "stable-privacy",
    }
)
"""Address flag words iproute2 prints (each a ``true`` key in ``ip -j``)."""


@checked
@attrs.frozen(kw_only=True)
class Address:
    """One address of a link.

    Field names follow ``ip -j addr``'s ``addr_info`` objects, except that the
    peer address (JSON ``address``) is called ``peer`` here.  Fields a given output
    form does not show are ``None`` (``-br`` has no scope or lifetimes).
    """

    family: AddressFamily
    """Always set; for ``-br`` output (which prints none) it is taken from ``local``."""
    local: IPAddress | str
    """The address itself; a string only for families without an IP type."""
    prefixlen: int | None = None
    peer: IPAddress | str | None = None
    """Point-to-point peer (``10.99.0.1 peer 10.99.0.2/32``); JSON ``address``."""
    metric: int | None = None
    broadcast: IPAddress | None = None
    anycast: IPAddress | None = None
    multicast: IPAddress | None = None
    scope: Scope | None = None
    flags: tuple[str, ...] = ()
    """Flag words in the order printed (``secondary``, ``dynamic``, ...)."""
    ifa_flags: str | None = None
    """Unknown flag bits (``flags 800`` of iproute2 < 4.13), as printed, in hex."""
    protocol: str | None = None
    """Address protocol (``proto kernel_ll``, iproute2 6.4+)."""
    label: str | None = None
    """IPv4 label (the interface name, or an alias such as ``eth0:web``)."""
    valid_life_time: int | None = None
    """Seconds; :data:`~netfacts.models.values.FOREVER` for ``forever``."""
    preferred_life_time: int | None = None
    extra: tuple[tuple[str, str], ...] = ()
    """Attributes this version of netfacts does not know, as (keyword, value)."""

    @property
    def interface(self) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface | None:
        """``local/prefixlen`` as an ``ipaddress`` interface (None without a prefix)."""
        if self.prefixlen is None or isinstance(self.local, str):
            return None
        if self.peer is not None:
            return ipaddress.ip_interface(f"{self.local}/{self.local.max_prefixlen}")
        return ipaddress.ip_interface(f"{self.local}/{self.prefixlen}")

    @property
    def network(self) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
        """The on-link network (for a peer address, the peer's network)."""
        if self.prefixlen is None:
            return None
        base = self.peer if self.peer is not None else self.local
        if isinstance(base, str):
            return None
        return ipaddress.ip_network(f"{base}/{self.prefixlen}", strict=False)

    def has_flag(self, flag: str) -> bool:
        """True when ``flag`` (e.g. ``"secondary"``) was printed."""
        return flag in self.flags

    def __str__(self) -> str:
        """As ``ip addr`` prints it and people write it: ``192.168.104.12/24``
        (``10.99.0.1 peer 10.99.0.2/32``; the address alone without a prefix length)."""
        text = address_text(self.local)
        if self.peer is not None:
            text += f" peer {address_text(self.peer)}"
        return text if self.prefixlen is None else f"{text}/{self.prefixlen}"

    @property
    def is_permanent(self) -> bool:
        """Not ``dynamic`` (iproute2 prints ``dynamic`` for non-permanent addresses)."""
        return "dynamic" not in self.flags
