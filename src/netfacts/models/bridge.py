"""``bridge link``, ``bridge fdb``, ``bridge vlan`` and ``bridge mdb`` output (iproute2).

Four families, one record type each: a bridge port (:class:`BridgePort`), a forwarding
database entry (:class:`FdbEntry`), a VLAN (range) of a port (:class:`BridgeVlan`) and a
multicast group membership (:class:`MdbEntry`, plus :class:`MdbRouter` ports).  Values are
typed (``ipaddress`` objects, :class:`~netfacts.models.values.MacAddress`, integers);
attributes a newer iproute2 prints that these models do not name are kept in ``extra`` as
printed, in order.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output
from netfacts.models.values import IPAddress, MacAddress, is_decimal

__all__ = [
    "PORT_STATES",
    "BridgeFdbOutput",
    "BridgeLinkOutput",
    "BridgeMdbOutput",
    "BridgePort",
    "BridgeVlan",
    "BridgeVlanOutput",
    "FdbEntry",
    "MdbEntry",
    "MdbRouter",
    "VlanStats",
]

PORT_STATES = ("disabled", "listening", "learning", "forwarding", "blocking")
"""STP port states in kernel order (``BR_STATE_DISABLED`` = 0 ...)."""

Pair = tuple[str, str]


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative: {value}")


def _vid(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and not 0 <= value <= 4095:
        raise ValueError(f"{attribute.name} must be a VLAN id (0-4095): {value}")


def _text(value: str) -> bool | int | str:
    """An option value as ``bridge -j`` gives it: on/off as booleans, numbers as numbers."""
    if value in ("on", "off"):
        return value == "on"
    if is_decimal(value):
        return int(value)
    return value


# ---------------------------------------------------------------- bridge link


@checked
@attrs.frozen(kw_only=True)
class BridgePort:
    """One line of ``bridge link`` (a bridge port, or with ``-d`` on iproute2 before 5.17
    the bridge itself), with its ``-d`` line of port options."""

    ifindex: int = attrs.field(validator=_non_negative)
    ifname: str
    link: str | None = None
    """The peer after ``@`` (``ba0@if2`` → ``if2``)."""
    flags: tuple[str, ...] = ()
    mtu: int | None = attrs.field(default=None, validator=_non_negative)
    master: str | None = None
    state: str | None = None
    """STP port state (``forwarding``...) or ``(N)`` for a number iproute2 has no name for."""
    priority: int | None = attrs.field(default=None, validator=_non_negative)
    cost: int | None = attrs.field(default=None, validator=_non_negative)
    hwmode: str | None = None
    operstate: str | None = None
    """Operational state printed before the colon by iproute2 before 4.15 (``3: eth0 state
    UP : <...>``); None in the current layout."""
    options: tuple[Pair, ...] = ()
    """The ``-d`` line as printed, in order: ``(("hairpin", "off"), ("learning", "on"),
    ("mcast_router", "2"), ...)``."""
    extra: tuple[Pair, ...] = ()
    """Attributes of the first line this model does not name (``(key, value)``; value
    ``""`` for a bare word)."""
    deleted: bool = False

    def option(self, name: str) -> bool | int | str | None:
        """A ``-d`` option: ``on``/``off`` as booleans, numbers as ints, else the text."""
        for key, value in self.options:
            if key == name:
                return _text(value)
        return None

    @property
    def forwarding(self) -> bool:
        return self.state == "forwarding"

    @property
    def carrier(self) -> bool:
        """The port's link has carrier (``LOWER_UP``, no ``NO-CARRIER``)."""
        return "LOWER_UP" in self.flags and "NO-CARRIER" not in self.flags

    @property
    def is_bridge(self) -> bool:
        """The line is the bridge device itself (``master`` names the line's own device)."""
        return self.master == self.ifname


@checked
@attrs.frozen(kw_only=True)
class BridgeLinkOutput(Output):
    """``bridge [-s] [-d] link show``."""

    kind: ClassVar[str] = "bridge_link"
    ports: tuple[BridgePort, ...] = ()
    details: bool = False
    """``-d`` option lines were printed."""
    legacy: bool = False
    """The layout of iproute2 before 4.15 (operational state before the colon)."""
    messages: tuple[str, ...] = ()
    """Error lines the command printed (``Dump terminated``...)."""

    def port(self, name: str) -> BridgePort | None:
        for port in self.ports:
            if port.ifname == name:
                return port
        return None

    def of(self, bridge: str) -> tuple[BridgePort, ...]:
        """The ports of ``bridge`` (the bridge's own line left out)."""
        return tuple(p for p in self.ports if p.master == bridge and not p.is_bridge)


# ---------------------------------------------------------------- bridge fdb


@checked
@attrs.frozen(kw_only=True)
class FdbEntry:
    """One forwarding database entry (``bridge fdb show``)."""

    mac: MacAddress
    dev: str | None = None
    """The port (None with ``bridge fdb show dev X``, whose lines leave it out: see
    :attr:`BridgeFdbOutput.dev`)."""
    dst: IPAddress | str | None = None
    """Remote VTEP of a vxlan entry (text when not an IP address)."""
    vlan: int | None = attrs.field(default=None, validator=_vid)
    port: int | None = attrs.field(default=None, validator=_non_negative)
    vni: int | None = attrs.field(default=None, validator=_non_negative)
    src_vni: int | None = attrs.field(default=None, validator=_non_negative)
    via: str | None = None
    via_ifindex: int | None = attrs.field(default=None, validator=_non_negative)
    nhid: int | None = attrs.field(default=None, validator=_non_negative)
    link_netnsid: int | None = None
    used: int | None = attrs.field(default=None, validator=_non_negative)
    """Seconds since the entry was last used (``-s``)."""
    updated: int | None = attrs.field(default=None, validator=_non_negative)
    """Seconds since the entry was last updated (``-s``)."""
    flags: tuple[str, ...] = ()
    """``self``, ``router``, ``extern_learn``, ``offload``, ``sticky``... in printed order."""
    master: str | None = None
    """The bridge of an entry the bridge learned or was given (``master br0``)."""
    state: str = ""
    """``permanent``, ``static``, ``stale``, ``state=0x..`` or ``""`` (a dynamic entry)."""
    extra: tuple[Pair, ...] = ()
    deleted: bool = False

    @property
    def dynamic(self) -> bool:
        """Learned and ageing (no state word)."""
        return self.state == ""

    @property
    def local(self) -> bool:
        """The bridge's own address on a port (``master BR permanent``)."""
        return self.state == "permanent" and self.master is not None

    @property
    def self_entry(self) -> bool:
        """An entry of the device's own table (``self``), not of a bridge."""
        return "self" in self.flags


@checked
@attrs.frozen(kw_only=True)
class BridgeFdbOutput(Output):
    """``bridge [-s] [-d] fdb show [br BR | dev DEV]``."""

    kind: ClassVar[str] = "bridge_fdb"
    entries: tuple[FdbEntry, ...] = ()
    dev: str | None = None
    """The port of ``bridge fdb show dev DEV`` / ``brport DEV``, whose lines leave it out."""
    stats: bool = False
    """``used U/UPD`` times were printed (``-s``)."""
    messages: tuple[str, ...] = ()

    def device(self, entry: FdbEntry) -> str | None:
        return entry.dev if entry.dev is not None else self.dev

    def of(self, bridge: str) -> tuple[FdbEntry, ...]:
        """The entries of ``bridge``'s own table (``master BR``)."""
        return tuple(e for e in self.entries if e.master == bridge)


# ---------------------------------------------------------------- bridge vlan


@checked
@attrs.frozen(kw_only=True)
class VlanStats:
    """``bridge -s vlan show`` counters of one VLAN."""

    rx_bytes: int = attrs.field(validator=_non_negative)
    rx_packets: int = attrs.field(validator=_non_negative)
    tx_bytes: int = attrs.field(validator=_non_negative)
    tx_packets: int = attrs.field(validator=_non_negative)


@checked
@attrs.frozen(kw_only=True)
class BridgeVlan:
    """One VLAN, or range of VLANs, of one port (``bridge vlan show``)."""

    port: str
    vlan: int = attrs.field(validator=_vid)
    vlan_end: int | None = attrs.field(default=None, validator=_vid)
    """Last VLAN of a range (``20-22``); None for a single VLAN."""
    pvid: bool = False
    untagged: bool = False
    """``Egress Untagged``."""
    options: tuple[Pair, ...] = ()
    """The per-VLAN line of ``-d`` (iproute2 5.13+ with a kernel that dumps VLANs):
    ``(("state", "forwarding"), ("mcast_router", "1"))``."""
    stats: VlanStats | None = None

    def __attrs_post_init__(self) -> None:
        if self.vlan_end is not None and self.vlan_end < self.vlan:
            raise ValueError(f"VLAN range ends before it starts: {self.vlan}-{self.vlan_end}")

    @property
    def vids(self) -> range:
        """Every VLAN id of the entry."""
        return range(self.vlan, (self.vlan_end if self.vlan_end is not None else self.vlan) + 1)

    def option(self, name: str) -> bool | int | str | None:
        for key, value in self.options:
            if key == name:
                return _text(value)
        return None

    @property
    def state(self) -> str | None:
        """The VLAN's STP state (``-d``)."""
        value = self.option("state")
        return None if value is None else str(value)


@checked
@attrs.frozen(kw_only=True)
class BridgeVlanOutput(Output):
    """``bridge [-d] [-s] vlan show``."""

    kind: ClassVar[str] = "bridge_vlan"
    vlans: tuple[BridgeVlan, ...] = ()
    none: tuple[str, ...] = ()
    """Ports listed with ``None`` (no VLAN table; iproute2 before 4.x-5.x only)."""
    legacy: bool = False
    """The tab-separated layout of iproute2 before 4.15 (``port\\tvlan ids``)."""
    details: bool = False
    """Per-VLAN option lines (``-d``)."""
    stats: bool = False
    """``-s`` counters."""
    messages: tuple[str, ...] = ()
    """Error lines: ``RTNETLINK answers: Operation not supported`` and ``Dump terminated``
    when the kernel cannot dump VLANs (no bridge VLAN filtering): the listing is then
    empty because it is incomplete, not because no port has VLANs."""

    @property
    def complete(self) -> bool:
        return not any(m.startswith("Dump terminated") for m in self.messages)

    def of(self, port: str) -> tuple[BridgeVlan, ...]:
        return tuple(v for v in self.vlans if v.port == port)

    def pvid(self, port: str) -> int | None:
        return next((v.vlan for v in self.of(port) if v.pvid), None)


# ---------------------------------------------------------------- bridge mdb


@checked
@attrs.frozen(kw_only=True)
class MdbEntry:
    """One multicast group membership of a bridge port (``bridge mdb show``)."""

    dev: str
    """The bridge."""
    port: str
    grp: IPAddress | MacAddress | str
    """The group (an IP address, a MAC address for L2 entries, else the text)."""
    src: IPAddress | str | None = None
    """The source of an (S, G) entry (IGMPv3/MLDv2)."""
    state: str = "temp"
    """``permanent`` or ``temp``."""
    flags: tuple[str, ...] = ()
    """``offload``, ``fast_leave``, ``added_by_star_ex``, ``blocked``..."""
    filter_mode: str | None = None
    protocol: str | None = None
    vid: int | None = attrs.field(default=None, validator=_vid)
    timer: float | None = attrs.field(default=None)
    """Seconds left (``-s``), as printed with two decimals."""
    extra: tuple[Pair, ...] = ()
    deleted: bool = False

    @property
    def permanent(self) -> bool:
        return self.state == "permanent"


@checked
@attrs.frozen(kw_only=True)
class MdbRouter:
    """A multicast router port of a bridge (``router ports on BR: PORT``)."""

    dev: str
    port: str
    timer: float | None = None
    type: str | None = None
    """``permanent`` or ``temp`` (``-s``)."""


@checked
@attrs.frozen(kw_only=True)
class BridgeMdbOutput(Output):
    """``bridge [-s] [-d] mdb show``."""

    kind: ClassVar[str] = "bridge_mdb"
    entries: tuple[MdbEntry, ...] = ()
    routers: tuple[MdbRouter, ...] = ()
    stats: bool = False
    """Timers were printed (``-s``)."""
    messages: tuple[str, ...] = ()
