"""``netstat`` output: sockets (see :mod:`netfacts.models.socket`), routes, interfaces,
statistics, multicast groups, and the samples of ``netstat -c``.

One run of netstat prints one or more *sections* (Internet sockets, UNIX sockets,
a routing table, the interface table, ``-s`` statistics, group memberships);
``-c`` repeats them every second.  :class:`NetstatOutput` keeps each repetition
as a :class:`NetstatSample`; ``out.sockets`` and its siblings are those of the
first sample (the only one without ``-c``).  :class:`NetstatForm` records which
sections and columns were printed, so the renderer prints the same form again.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from netfacts.models._checked import builder, checked
from netfacts.models.lazy import LazyTuple, as_sequence
from netfacts.models.output import Output
from netfacts.models.socket import (
    Port,
    Socket,
    TcpState,
    UnixInfo,
    make_endpoint,
    make_process,
    make_socket,
)
from netfacts.models.values import IPAddress, IPNetwork, ip_address, ip_text

__all__ = [
    "IfconfigAddress",
    "IfconfigInterface",
    "MulticastGroup",
    "NetstatForm",
    "NetstatInterface",
    "NetstatOutput",
    "NetstatRoute",
    "NetstatSample",
    "NetstatSection",
    "SocketList",
    "StatEntry",
    "StatSection",
    "socket_from_row",
    "socket_row",
    "socket_rows",
]


@checked
@attrs.frozen(kw_only=True)
class NetstatRoute:
    """One row of ``netstat -r`` (IPv4, ``Kernel IP routing table``) or ``netstat -6 -r``
    (``Kernel IPv6 routing table``).  ``-`` (reject routes) reads as None."""

    family: str = "inet"
    """``inet`` or ``inet6``."""
    destination: IPAddress | IPNetwork | str
    """IPv4: the network address, ``default`` or a name (cut to 15 characters); IPv6:
    the prefix."""
    gateway: IPAddress | str | None = None
    """IPv4 Gateway (1.60 prints ``*`` for none) or IPv6 Next Hop; a name without ``-n``."""
    genmask: IPAddress | None = None
    """IPv4 only."""
    flags: str = ""
    """As printed: ``UG``, ``UGH``, ``!`` (reject), ``!n``, ``Un`` ..."""
    metric: int | None = None
    ref: int | None = None
    use: int | None = None
    mss: int | None = None
    window: int | None = None
    irtt: int | None = None
    iface: str | None = None
    """``*`` for blackhole/throw routes; None for ``-``."""
    truncated: tuple[str, ...] = ()
    """Fields netstat may have cut (``destination``, ``gateway``: names at 15 characters;
    ``iface``: 6 characters with ``-ee``)."""

    @property
    def is_default(self) -> bool:
        """``default``, ``0.0.0.0`` with mask ``0.0.0.0``, or ``::/0``."""
        destination = self.destination
        if destination == "default":
            return True
        if isinstance(destination, ipaddress.IPv4Address):
            return destination.is_unspecified and self.genmask == ipaddress.IPv4Address(0)
        if isinstance(destination, ipaddress.IPv6Network):
            return destination.prefixlen == 0
        return False


@checked
@attrs.frozen(kw_only=True)
class NetstatInterface:
    """One row of the ``netstat -i`` table."""

    name: str
    """Cut to the column width (15 in 2.10, 8 in RHEL 7's snapshot, 5 in 1.60)."""
    mtu: int | None = None
    metric: int | None = None
    """1.60's ``Met`` column."""
    rx_ok: int | None = None
    rx_err: int | None = None
    rx_drp: int | None = None
    rx_ovr: int | None = None
    tx_ok: int | None = None
    tx_err: int | None = None
    tx_drp: int | None = None
    tx_ovr: int | None = None
    flags: str = ""
    """``Flg`` letters (``BMRU``, ``LRU``, ``[NO FLAGS]``)."""
    truncated: bool = False
    """The name filled its column and may be cut."""

    @property
    def has_statistics(self) -> bool:
        """False for the ``- no statistics available -`` rows of alias labels."""
        return self.rx_ok is not None


@checked
@attrs.frozen(kw_only=True)
class IfconfigAddress:
    """An address line of ``netstat -ie`` (``inet ...`` / ``inet6 ...``)."""

    family: str
    """``inet`` or ``inet6``."""
    address: IPAddress
    netmask: IPAddress | None = None
    prefixlen: int | None = None
    broadcast: IPAddress | None = None
    destination: IPAddress | None = None
    """Point-to-point peer (``destination`` / ``P-t-P:``)."""
    scope: str | None = None
    """``link``, ``global``, ``host``, ``site``, ``compat`` (lower case)."""
    scopeid: int | None = None
    """2.10's ``scopeid 0x20``."""


@checked
@attrs.frozen(kw_only=True)
class IfconfigInterface:
    """One ``ifconfig``-style block of ``netstat -ie`` (either layout)."""

    name: str
    flags: tuple[str, ...] = ()
    """``UP``, ``BROADCAST``, ``RUNNING`` ..."""
    flags_value: int | None = None
    """2.10's ``flags=4163``."""
    mtu: int | None = None
    metric: int | None = None
    link_type: str | None = None
    """2.10's first word of the link line (``ether``, ``loop``, ``unspec`` ...)."""
    encap: str | None = None
    """``Ethernet``, ``Local Loopback``, ``UNSPEC`` (2.10 in parentheses, 1.60 after
    ``Link encap:``)."""
    hwaddr: str | None = None
    txqueuelen: int | None = None
    addresses: tuple[IfconfigAddress, ...] = ()
    rx_packets: int | None = None
    rx_bytes: int | None = None
    rx_errors: int | None = None
    rx_dropped: int | None = None
    rx_overruns: int | None = None
    rx_frame: int | None = None
    tx_packets: int | None = None
    tx_bytes: int | None = None
    tx_errors: int | None = None
    tx_dropped: int | None = None
    tx_overruns: int | None = None
    tx_carrier: int | None = None
    collisions: int | None = None
    extra_lines: tuple[str, ...] = ()
    """Lines of the block not understood (kept as text)."""
    truncated: bool = False
    """1.60 cuts names to 9 characters."""


@checked
@attrs.frozen(kw_only=True)
class StatEntry:
    """One counter of ``netstat -s``."""

    key: str
    """``Forwarding`` for ``Forwarding: 2``; the sentence without its number for
    ``228 total packets received`` (``total packets received``)."""
    value: int | None = None
    sentence: str | None = None
    """The sentence with ``{}`` where the number was (None for ``Key: value`` lines)."""
    group: str | None = None
    """The sub-heading the counter is listed under (``ICMP input histogram``)."""


@checked
@attrs.frozen(kw_only=True)
class StatSection:
    """A ``netstat -s`` section (``Ip:``, ``Tcp:``, ``TcpExt:`` ...)."""

    name: str
    entries: tuple[StatEntry, ...] = ()

    def get(self, key: str, group: str | None = None) -> int | None:
        """The value of the counter called ``key`` (in ``group``), if present."""
        for entry in self.entries:
            if entry.key == key and entry.group == group:
                return entry.value
        return None


@checked
@attrs.frozen(kw_only=True)
class MulticastGroup:
    """One row of ``netstat -g``."""

    interface: str
    refcnt: int
    group: IPAddress | str
    """The group address (a name without ``-n``)."""
    truncated: bool = False
    """The interface name filled its column (15, 1.60: 10) and may be cut."""


@checked
@attrs.frozen(kw_only=True)
class NetstatSection:
    """How one section was printed: its kind, title line and optional columns."""

    kind: str
    """``inet``, ``unix``, ``route``, ``route6``, ``interfaces``, ``ifconfig``,
    ``statistics`` or ``groups``."""
    title: str | None = None
    """The title line (``Active Internet connections (only servers)``)."""
    columns: tuple[str, ...] = ()
    """inet: any of ``user``, ``inode``, ``program``, ``timer``; unix: ``program``;
    route: ``mss window irtt`` (default), ``metric ref use`` (``-e``), all six (``-ee``)."""
    legacy: bool = False
    """net-tools 1.60 layout (header spacing, UNIX I-Node width, ``Met`` column, old
    ``ifconfig`` blocks)."""


@checked
@attrs.frozen(kw_only=True)
class NetstatForm:
    """How netstat was run, as far as the output shows it."""

    sections: tuple[NetstatSection, ...] = ()
    """The sections of one sample, in print order."""
    continuous: bool = False
    """``-c``: the sections repeat (see ``NetstatOutput.samples``)."""
    wide: bool = False
    """``-W``: addresses are never cut (known from a hint or from a field longer than 23)."""

    def section(self, kind: str) -> NetstatSection | None:
        """The first section of this kind."""
        for section in self.sections:
            if section.kind == kind:
                return section
        return None


# ---------------------------------------------------------------- socket rows

INET_ROW = ("proto", "state", "recv_q", "send_q", "local_address", "local_port", "local_kind",
            "foreign_address", "foreign_port", "foreign_kind", "pid", "program",
            "program_truncated", "user", "inode", "timer")
"""The slots of the row the netstat parser keeps for an Internet socket, in order.

Addresses are kept as text: an IP address as ``inet_ntop`` writes it (``*_kind`` 0), a
host name as printed (1), or a field netstat may have cut to 23 characters (2); None for
``*``.  ``pid``/``program`` are None for ``-``."""
UNIX_ROW = ("proto", "state", "refcnt", "flags", "type", "path", "inode", "pid", "program",
            "program_truncated")
"""The slots of a UNIX socket row (``proto`` is ``"unix"``)."""
IP, HOST, CUT = 0, 1, 2
"""``*_kind`` of an address slot."""

Row = tuple[Any, ...]


_unix_info = builder(UnixInfo)  # rows hold valid values: no constructor checks


def socket_from_row(row: Row) -> Socket:
    """The :class:`~netfacts.models.socket.Socket` of a netstat row (``INET_ROW`` or
    ``UNIX_ROW``)."""
    if row[0] == "unix" and len(row) == len(UNIX_ROW):
        _, state, refcnt, flags, kind, path, inode, pid, name, cut = row
        info = _unix_info(type=kind, path=path, refcnt=refcnt, flags=flags)
        socket: Socket = make_socket("unix", state, None, None, None, None,
                                     (make_process(name, pid, None, cut),)
                                     if name is not None else (), None, inode, None, info)
        return socket
    (proto, state, recv_q, send_q, laddr, lport, lkind, faddr, fport, fkind, pid, name, cut,
     user, inode, timer) = row
    built: Socket = make_socket(
        proto, state, recv_q, send_q,
        make_endpoint(ip_address(laddr) if lkind == IP and laddr is not None else laddr,
                      lport, None, lkind == CUT),
        make_endpoint(ip_address(faddr) if fkind == IP and faddr is not None else faddr,
                      fport, None, fkind == CUT),
        (make_process(name, pid, None, cut),) if name is not None else (), user, inode, timer)
    return built


def _address_slot(value: Any, truncated: bool) -> tuple[Any, int]:
    if value is None:
        return None, IP
    if truncated:
        return str(value), CUT
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return ip_text(value), IP
    return str(value), HOST


def socket_row(socket: Socket) -> Row:
    """The netstat row of a socket model (the inverse of :func:`socket_from_row` for the
    sockets netstat prints)."""
    processes = socket.processes
    first = processes[0] if processes else None
    pid = first.pid if first is not None else None
    name = first.name if first is not None else None
    cut = first.truncated if first is not None else False
    unix = socket.unix
    if unix is not None:
        return ("unix", socket.state, unix.refcnt, unix.flags, unix.type, unix.path,
                socket.inode, pid, name, cut)
    local, peer = socket.local, socket.peer
    laddr, lkind = _address_slot(local.address, local.truncated) if local else (None, IP)
    faddr, fkind = _address_slot(peer.address, peer.truncated) if peer else (None, IP)
    return (socket.proto, socket.state, socket.recv_q, socket.send_q, laddr,
            local.port if local else None, lkind, faddr, peer.port if peer else None, fkind,
            pid, name, cut, socket.user, socket.inode, socket.timer)


class SocketList(LazyTuple[Socket]):
    """The sockets of a netstat sample: kept as the parser's rows (``INET_ROW``,
    ``UNIX_ROW``), each :class:`~netfacts.models.socket.Socket` built on first use (see
    :class:`~netfacts.models.lazy.LazyTuple`)."""

    __slots__ = ()


def socket_rows(sockets: Sequence[Socket]) -> Sequence[Row]:
    """The rows of ``sockets``: the parser's while no model was built, else made from the
    models."""
    if isinstance(sockets, SocketList):
        rows = sockets.rows
        if rows is not None:
            return rows
    return [socket_row(socket) for socket in sockets]


@checked
@attrs.frozen(kw_only=True)
class NetstatSample:
    """One printing of the sections (``-c`` prints one per second)."""

    sockets: Sequence[Socket] = attrs.field(default=(), converter=as_sequence)
    """A :class:`SocketList` when parsed: the parser's rows, each ``Socket`` built on
    first use."""
    routes: tuple[NetstatRoute, ...] = ()
    interfaces: tuple[NetstatInterface | IfconfigInterface, ...] = ()
    statistics: tuple[StatSection, ...] = ()
    groups: tuple[MulticastGroup, ...] = ()


_EMPTY = NetstatSample()


@checked
@attrs.frozen(kw_only=True)
class NetstatOutput(Output):
    """``netstat`` output in any mode.

    ``record_lines`` (from :class:`Output`) holds the line of each of :attr:`sockets` (the
    first sample's); it is empty for output without sockets.
    """

    kind: ClassVar[str] = "netstat"
    samples: tuple[NetstatSample, ...] = ()
    form: NetstatForm = NetstatForm()

    @property
    def _first(self) -> NetstatSample:
        return self.samples[0] if self.samples else _EMPTY

    @property
    def sockets(self) -> Sequence[Socket]:
        """Sockets (Internet and UNIX, in print order) of the first sample."""
        return self._first.sockets

    @property
    def routes(self) -> tuple[NetstatRoute, ...]:
        """Routes of the first sample."""
        return self._first.routes

    @property
    def interfaces(self) -> tuple[NetstatInterface | IfconfigInterface, ...]:
        """Interfaces (``-i`` rows or ``-ie`` blocks) of the first sample."""
        return self._first.interfaces

    @property
    def statistics(self) -> tuple[StatSection, ...]:
        """``-s`` sections of the first sample."""
        return self._first.statistics

    @property
    def groups(self) -> tuple[MulticastGroup, ...]:
        """``-g`` rows of the first sample."""
        return self._first.groups

    def statistic(self, section: str, key: str, group: str | None = None) -> int | None:
        """A ``-s`` counter: ``out.statistic("Tcp", "active connection openings")``."""
        for stat in self.statistics:
            if stat.name == section:
                return stat.get(key, group)
        return None

    def listening(self, *, port: Port = None, program: str | None = None) -> list[Socket]:
        """Listening sockets, optionally on ``port`` and/or of a program (name prefix match,
        since netstat may cut names)."""
        found = []
        for socket in self.sockets:
            if not socket.is_listening:
                continue
            if port is not None and socket.local_port != port:
                continue
            if program is not None:
                name = socket.program
                if name is None or not (program.startswith(name) or name.startswith(program)):
                    continue
            found.append(socket)
        return found

    def established(self, *, local_port: Port = None) -> list[Socket]:
        """ESTABLISHED sockets, optionally with this local port."""
        return [
            socket
            for socket in self.sockets
            if socket.state is TcpState.ESTABLISHED
            and (local_port is None or socket.local_port == local_port)
        ]
