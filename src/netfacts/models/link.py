"""A network interface as ``ip link`` / ``ip addr`` show it."""

from __future__ import annotations

import attrs

from netfacts.models._checked import checked
from netfacts.models.address import Address
from netfacts.models.link_kinds import kind_data
from netfacts.models.values import LinkAddress, MacAddress, OpenEnum

__all__ = [
    "DETAIL_FIELDS",
    "Counter",
    "Link",
    "LinkDetails",
    "LinkInfo",
    "LinkStats",
    "OperState",
    "RxStats",
    "TxStats",
    "VfInfo",
    "VfStats",
    "Xdp",
    "XdpProg",
]

Counter = int | str
"""A statistics counter: an integer, or the text of a ``-h`` human-readable value."""


class OperState(OpenEnum):
    """RFC 2863 operational state (``state X`` in the header, JSON ``operstate``)."""

    UNKNOWN = "UNKNOWN"
    NOTPRESENT = "NOTPRESENT"
    DOWN = "DOWN"
    LOWERLAYERDOWN = "LOWERLAYERDOWN"
    TESTING = "TESTING"
    DORMANT = "DORMANT"
    UP = "UP"


@checked
@attrs.frozen(kw_only=True)
class RxStats:
    """Receive counters (JSON ``stats64.rx``); ``None`` where the text shows none."""

    bytes: Counter | None = None
    packets: Counter | None = None
    errors: Counter | None = None
    dropped: Counter | None = None
    over_errors: Counter | None = None
    multicast: Counter | None = None
    compressed: Counter | None = None
    length_errors: Counter | None = None
    crc_errors: Counter | None = None
    frame_errors: Counter | None = None
    fifo_errors: Counter | None = None
    missed_errors: Counter | None = None
    nohandler: Counter | None = None
    otherhost: Counter | None = None


@checked
@attrs.frozen(kw_only=True)
class TxStats:
    """Transmit counters (JSON ``stats64.tx``)."""

    bytes: Counter | None = None
    packets: Counter | None = None
    errors: Counter | None = None
    dropped: Counter | None = None
    carrier_errors: Counter | None = None
    collisions: Counter | None = None
    compressed: Counter | None = None
    aborted_errors: Counter | None = None
    fifo_errors: Counter | None = None
    window_errors: Counter | None = None
    heartbeat_errors: Counter | None = None
    carrier_changes: Counter | None = None


@checked
@attrs.frozen(kw_only=True)
class LinkStats:
    """The ``RX:``/``TX:`` blocks of ``ip -s`` (``-s -s`` adds the error lines)."""

    rx: RxStats = RxStats()
    tx: TxStats = TxStats()


@checked
@attrs.frozen(kw_only=True)
class XdpProg:
    """One ``prog/xdp...`` line (``ip link`` or ``-d``)."""

    mode: str
    """``xdp`` (driver), ``xdpgeneric``, ``xdpdrv``, ``xdpoffload`` as printed after ``prog/``."""
    id: int
    name: str | None = None
    tag: str | None = None
    jited: bool = False
    load_time: int | None = None
    created_by_uid: int | None = None
    extra: tuple[tuple[str, str], ...] = ()


@checked
@attrs.frozen(kw_only=True)
class Xdp:
    """An attached XDP program: the header word and, with ``ip link``/``-d``, its prog lines."""

    mode: str
    """Header word: ``xdp``, ``xdpgeneric``, ``xdpoffload``, ``xdpmulti`` or ``xdp[N]``."""
    prog_id: int | None = None
    """From ``/id:N`` in ``ip addr`` headers."""
    progs: tuple[XdpProg, ...] = ()


@checked
@attrs.frozen(kw_only=True)
class VfStats:
    """Counters of one SR-IOV virtual function, as ``ip -s link`` prints them under its
    ``vf N`` line (``RX: bytes packets mcast bcast [dropped]`` / ``TX: bytes packets
    [dropped]``); JSON ``vfinfo_list[].stats``.  ``dropped`` exists from iproute2 5.x on."""

    rx_bytes: Counter | None = None
    rx_packets: Counter | None = None
    multicast: Counter | None = None
    broadcast: Counter | None = None
    rx_dropped: Counter | None = None
    tx_bytes: Counter | None = None
    tx_packets: Counter | None = None
    tx_dropped: Counter | None = None


@checked
@attrs.frozen(kw_only=True)
class VfInfo:
    """An SR-IOV virtual function line of a physical function.

    ``vf 0     link/ether 00:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff, vlan 10, spoof checking on,
    link-state auto, trust off`` (older iproute2 prints ``vf 0 MAC 00:11:...``).  The
    comma-separated settings are kept as printed in :attr:`settings`.
    """

    vf: int
    link_type: str | None = None
    address: LinkAddress | None = None
    broadcast: LinkAddress | None = None
    settings: tuple[str, ...] = ()
    """The phrases after the address, e.g. ``("vlan 10", "spoof checking on")``."""
    stats: VfStats | None = None
    """The VF's own counters (``ip -s link``); never the physical function's."""


@checked
@attrs.frozen(kw_only=True)
class LinkInfo:
    """The kind lines of ``ip -d``: device kind and, for a port, its master's kind.

    The attributes are kept as printed (keyword and value tokens, in order) so
    nothing a newer iproute2 adds is lost; :attr:`data` and :attr:`slave_data`
    give the typed ``ip -j`` ``info_data`` / ``info_slave_data`` view.
    """

    kind: str | None = None
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    slave_kind: str | None = None
    slave_attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def data(self) -> dict[str, object]:
        """``linkinfo.info_data`` as ``ip -j -d`` prints it (keys the text carries)."""
        return kind_data(self.kind or "", self.attributes)

    @property
    def slave_data(self) -> dict[str, object]:
        """``linkinfo.info_slave_data`` (e.g. bridge port state)."""
        return kind_data(f"{self.slave_kind}_slave", self.slave_attributes)


@checked
@attrs.frozen(kw_only=True)
class LinkDetails:
    """Device attributes ``ip -d`` prints for every kind (JSON keys at link level)."""

    promiscuity: int | None = None
    allmulti: int | None = None
    min_mtu: int | None = None
    max_mtu: int | None = None
    netns_immutable: bool = False
    inet6_addr_gen_mode: str | None = None
    num_tx_queues: int | None = None
    num_rx_queues: int | None = None
    gso_max_size: int | None = None
    gso_max_segs: int | None = None
    tso_max_size: int | None = None
    tso_max_segs: int | None = None
    gro_max_size: int | None = None
    gso_ipv4_max_size: int | None = None
    gro_ipv4_max_size: int | None = None
    phys_port_name: str | None = None
    phys_port_id: str | None = None
    phys_switch_id: str | None = None
    parentbus: str | None = None
    parentdev: str | None = None


DETAIL_FIELDS = tuple(field.name for field in attrs.fields(LinkDetails))
"""Field names of :class:`LinkDetails`, in ``ip -j`` order."""


@checked
@attrs.frozen(kw_only=True)
class Link:
    """One interface.

    Field names follow ``ip -j link`` / ``ip -j addr``.  The ``@`` suffix of the
    name becomes :attr:`link` (a device in the same namespace) or
    :attr:`link_index` (``@ifN``: the peer lives in another namespace; ``@NONE``
    is ``link_index == 0``).  Fields a form does not print are ``None``.
    """

    ifindex: int | None = None
    """``None`` only for ``-br`` output."""
    ifname: str
    link: str | None = None
    link_index: int | None = None
    flags: tuple[str, ...] = ()
    mtu: int | None = None
    xdp: Xdp | None = None
    qdisc: str | None = None
    master: str | None = None
    operstate: OperState | None = None
    linkmode: str | None = None
    group: str | None = None
    txqlen: int | None = None
    event: str | None = None
    link_type: str | None = None
    address: LinkAddress | None = None
    broadcast: LinkAddress | None = None
    pointtopoint: bool = False
    """The ``link/`` line said ``peer`` instead of ``brd`` (JSON ``link_pointtopoint``)."""
    permaddr: LinkAddress | None = None
    link_netns: str | None = None
    """Namespace *name* of ``link-netns NAME`` (not in ``ip -j``, which has only the id)."""
    link_netnsid: int | None = None
    proto_down: bool = False
    proto_down_reason: tuple[str, ...] = ()
    details: LinkDetails | None = None
    """The generic ``-d`` attributes (promiscuity, queue counts, GSO/GRO limits, ...)."""
    linkinfo: LinkInfo | None = None
    ifalias: str | None = None
    altnames: tuple[str, ...] = ()
    vfs: tuple[VfInfo, ...] = ()
    stats: LinkStats | None = None
    addresses: tuple[Address, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    """Attributes this version of netfacts does not know, as (keyword, value)."""
    unknown_lines: tuple[str, ...] = ()
    """Continuation lines of unknown shape, kept verbatim."""
    inferred_kind: str | None = None
    """The device kind a snapshot worked out when no ``-d`` kind line says it."""

    @property
    def name(self) -> str:
        """The interface name (same as :attr:`ifname`)."""
        return self.ifname

    @property
    def mac(self) -> MacAddress | None:
        """The link-layer address when it is a MAC (None for ``link/none``, tunnels)."""
        return self.address if isinstance(self.address, MacAddress) else None

    @property
    def state(self) -> OperState | None:
        """Operational state (same as :attr:`operstate`)."""
        return self.operstate

    @property
    def kind(self) -> str | None:
        """Device kind: from ``-d`` details (``"veth"``, ``"bridge"``...), else what a snapshot
        inferred (:attr:`inferred_kind`), else None."""
        if self.linkinfo is not None and self.linkinfo.kind is not None:
            return self.linkinfo.kind
        return self.inferred_kind

    @property
    def is_up(self) -> bool:
        """The ``UP`` flag is set (administratively up)."""
        return "UP" in self.flags

    @property
    def has_carrier(self) -> bool:
        """``LOWER_UP`` is set and ``NO-CARRIER`` is not."""
        return "LOWER_UP" in self.flags and "NO-CARRIER" not in self.flags
