"""A socket as ``netstat`` and ``ss`` show it, with one vocabulary for both.

The two tools print the same kernel facts in different words: netstat says
``ESTABLISHED`` / ``LISTENING`` / an empty State column / ``7``, ss says
``ESTAB`` / ``LISTEN`` / ``UNCONN``.  :class:`TcpState` uses netstat's
spellings and every parser maps its tool's words onto it, so sockets from
either command compare equal where the kernel state is equal:

================  ===================  =========================  ==========
kernel state      netstat (inet)       netstat (UNIX)             ss
================  ===================  =========================  ==========
TCP_ESTABLISHED   ``ESTABLISHED``      ``CONNECTED``              ``ESTAB``
TCP_SYN_SENT      ``SYN_SENT``         ``CONNECTING``             ``SYN-SENT``
TCP_CLOSE         ``CLOSE``; UDP: empty; RAW: ``7``  empty        ``UNCONN``
TCP_LISTEN        ``LISTEN``           ``LISTENING``              ``LISTEN``
================  ===================  =========================  ==========

(the other TCP states are spelled alike with ``_`` vs ``-``).  What was printed
can always be printed again: the renderers map back.

Addresses are :mod:`ipaddress` objects where the text is an address, ``str``
for host names (output without ``-n``) and text netstat cut short, ``None``
for the ``*`` wildcard.  Ports are ``int``, ``str`` for service names, ``None``
for ``*``.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import attrs

from netfacts.models._checked import checked
from netfacts.models.values import IPAddress, OpenEnum, is_decimal

__all__ = [
    "SOCKET_KINDS",
    "Endpoint",
    "Port",
    "Socket",
    "SocketAddress",
    "SocketProcess",
    "SsExtensions",
    "TcpState",
    "Timer",
    "UnixInfo",
    "UnixType",
    "make_endpoint",
    "make_socket",
    "transport_of",
]

SocketAddress = IPAddress | str | None
"""An endpoint address: an IP address, a host name or cut text (``str``), ``None`` for ``*``."""
Port = int | str | None
"""A port: a number, a service name (``str``), ``None`` for ``*``."""


class TcpState(OpenEnum):
    """Socket state in netstat's spelling (see the module docstring for the mapping)."""

    ESTABLISHED = "ESTABLISHED"
    SYN_SENT = "SYN_SENT"
    SYN_RECV = "SYN_RECV"
    FIN_WAIT1 = "FIN_WAIT1"
    FIN_WAIT2 = "FIN_WAIT2"
    TIME_WAIT = "TIME_WAIT"
    CLOSE = "CLOSE"
    CLOSE_WAIT = "CLOSE_WAIT"
    LAST_ACK = "LAST_ACK"
    LISTEN = "LISTEN"
    CLOSING = "CLOSING"
    NEW_SYN_RECV = "NEW_SYN_RECV"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def from_ss(cls, word: str) -> TcpState:
        """The state of an ss State word (``ESTAB``, ``UNCONN``, ``FIN-WAIT-1`` ...)."""
        state = _FROM_SS.get(word)
        return state if state is not None else cls.of(word)

    @classmethod
    def from_number(cls, number: int) -> TcpState:
        """The state of a kernel state number (what netstat prints for RAW sockets)."""
        state = _BY_NUMBER.get(number)
        return state if state is not None else cls.of(str(number))

    @classmethod
    def from_unix(cls, word: str) -> TcpState:
        """The state of a netstat UNIX State word (``LISTENING``, ``CONNECTED``, empty ...)."""
        state = _FROM_UNIX.get(word)
        return state if state is not None else cls.of(word)

    @property
    def ss_word(self) -> str:
        """How ss prints this state."""
        return _TO_SS.get(self, self.value)

    @property
    def unix_word(self) -> str:
        """How netstat prints this state in its UNIX section ("" for unconnected)."""
        return _TO_UNIX.get(self, self.value)

    @property
    def number(self) -> int | None:
        """The kernel's state number (netstat prints it for RAW sockets)."""
        number = _NUMBER.get(self)
        if number is not None:
            return number
        return int(self.value) if is_decimal(self.value) else None


_FROM_SS: dict[str, TcpState] = {
    "ESTAB": TcpState.ESTABLISHED,
    "SYN-SENT": TcpState.SYN_SENT,
    "SYN-RECV": TcpState.SYN_RECV,
    "FIN-WAIT-1": TcpState.FIN_WAIT1,
    "FIN-WAIT-2": TcpState.FIN_WAIT2,
    "TIME-WAIT": TcpState.TIME_WAIT,
    "UNCONN": TcpState.CLOSE,
    "CLOSE-WAIT": TcpState.CLOSE_WAIT,
    "LAST-ACK": TcpState.LAST_ACK,
    "LISTEN": TcpState.LISTEN,
    "CLOSING": TcpState.CLOSING,
    "NEW-SYN-RECV": TcpState.NEW_SYN_RECV,
    "UNKNOWN": TcpState.UNKNOWN,
}
_TO_SS = {state: word for word, state in _FROM_SS.items()}
_NUMBER: dict[TcpState, int] = {
    TcpState.ESTABLISHED: 1,
    TcpState.SYN_SENT: 2,
    TcpState.SYN_RECV: 3,
    TcpState.FIN_WAIT1: 4,
    TcpState.FIN_WAIT2: 5,
    TcpState.TIME_WAIT: 6,
    TcpState.CLOSE: 7,
    TcpState.CLOSE_WAIT: 8,
    TcpState.LAST_ACK: 9,
    TcpState.LISTEN: 10,
    TcpState.CLOSING: 11,
    TcpState.NEW_SYN_RECV: 12,
}
_BY_NUMBER = {number: state for state, number in _NUMBER.items()}
_FROM_UNIX: dict[str, TcpState] = {
    "LISTENING": TcpState.LISTEN,
    "CONNECTED": TcpState.ESTABLISHED,
    "CONNECTING": TcpState.SYN_SENT,
    "": TcpState.CLOSE,
    "UNKNOWN": TcpState.UNKNOWN,
}
_TO_UNIX = {state: word for word, state in _FROM_UNIX.items()}

SOCKET_KINDS: dict[str, str] = {
    "tcp": "tcp", "tcp6": "tcp", "udp": "udp", "udp6": "udp", "udpl": "udplite",
    "udpl6": "udplite", "raw": "raw", "raw6": "raw", "sctp": "sctp", "sctp6": "sctp",
    "unix": "unix", "u_str": "unix", "u_dgr": "unix", "u_seq": "unix", "u_seqpacket": "unix",
    "nl": "netlink", "p_raw": "packet", "p_dgr": "packet", "mptcp": "mptcp", "dccp": "dccp",
    "icmp6": "raw", "v_str": "vsock", "v_dgr": "vsock", "tipc": "tipc", "xdp": "xdp",
}
"""netstat Proto / ss Netid word → transport (``Socket.transport``)."""


def transport_of(proto: str | None) -> str | None:
    """``"tcp6"`` → ``"tcp"``, ``"u_str"`` → ``"unix"``; None for an unknown word."""
    if proto is None:
        return None
    return SOCKET_KINDS.get(proto)


@checked
@attrs.frozen(kw_only=True)
class Endpoint:
    """One end of a socket: ``address:port`` (and ss's ``%interface``)."""

    address: SocketAddress = None
    """IP address, host name, cut text (see ``truncated``), or None for ``*``."""
    port: Port = None
    """Port number, service name, or None for ``*``.  netlink: the port id; packet: the
    interface, as ss prints them."""
    interface: str | None = None
    """The device a socket is bound to (ss ``%eth0``)."""
    truncated: bool = False
    """netstat without ``-W`` printed exactly 23 characters here: the address may be cut
    short (it is then kept as text, never as a possibly wrong IP address)."""

    def __str__(self) -> str:
        """``10.0.0.1:22``, ``[2001:db8::1]:443``, ``*:*``, ss's ``0.0.0.0%eth0:68``."""
        address = self.address
        text = "*" if address is None else str(address)
        if isinstance(address, ipaddress.IPv6Address):
            text = f"[{text}]"
        if self.interface is not None:
            text += f"%{self.interface}"
        return f"{text}:{'*' if self.port is None else self.port}"

    @property
    def ip(self) -> IPAddress | None:
        """The address as an IP address (None for names, cut text and ``*``)."""
        address = self.address
        if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            return address
        return None

    @property
    def unmapped(self) -> SocketAddress:
        """The address with IPv4-mapped IPv6 (``::ffff:1.2.3.4``) turned into IPv4.

        netstat 2.10 prints such addresses as plain IPv4, ss as ``[::ffff:1.2.3.4]``;
        this is the form that compares equal across both.
        """
        address = self.address
        if isinstance(address, ipaddress.IPv6Address):
            mapped = address.ipv4_mapped
            if mapped is not None:
                return mapped
        return address

    @property
    def is_wildcard(self) -> bool:
        """``*``, ``0.0.0.0`` or ``::``."""
        address = self.address
        if address is None:
            return True
        if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            return address.is_unspecified
        return False


@checked
@attrs.frozen(kw_only=True)
class SocketProcess:
    """A process holding a socket: netstat's ``PID/Program name``, one ss ``users:`` item."""

    name: str
    """netstat: argv[0] (its basename when absolute), cut so that ``PID/name`` fits in 19
    characters; ss: the kernel's comm (at most 15 bytes, cut at the first ``)``)."""
    pid: int | None = None
    fd: int | None = None
    """ss only: the file descriptor."""
    truncated: bool = False
    """netstat: ``PID/name`` filled the 19-character column, so the name may be cut."""


@checked
@attrs.frozen(kw_only=True)
class Timer:
    """A socket timer: netstat ``-o`` ``keepalive (7171.60/0/0)``, ss ``-o``
    ``timer:(keepalive,119min,0)``."""

    name: str
    """``off``, ``on``, ``keepalive``, ``timewait``, ``probe``, ``persist`` ..."""
    expires_ms: int | None = None
    """Time left in milliseconds (netstat prints 1/100 s, ss at most ms); None when ss
    printed nothing (an expired timer)."""
    retransmits: int = 0
    probes: int | None = None
    """netstat only: keepalive probes sent."""


class UnixType(OpenEnum):
    """The type of a UNIX-domain socket (netstat's ``Type``; ss's ``u_str``...)."""

    STREAM = "STREAM"
    DGRAM = "DGRAM"
    SEQPACKET = "SEQPACKET"
    RAW = "RAW"
    RDM = "RDM"
    UNKNOWN = "UNKNOWN"


def _unix_type(word: str | None) -> UnixType | None:
    return None if word is None else UnixType.of(word)


@checked
@attrs.frozen(kw_only=True)
class UnixInfo:
    """The UNIX-domain part of a socket."""

    type: UnixType | None = attrs.field(default=None, converter=_unix_type)
    """``STREAM``, ``DGRAM``, ``SEQPACKET``, ``RAW``, ``RDM`` or ``UNKNOWN`` (netstat's Type;
    derived from ss's ``u_str``/``u_dgr``/``u_seq``); other words (``/proc/net/unix``'s
    hex numbers of types it does not name) are kept as pseudo-members."""
    path: str | None = None
    """Filesystem path, ``@abstract`` name, or None for an unnamed socket.  netstat stops
    at the first space (``/run/my app.sock`` shows as ``/run/my``); ss prints it whole."""
    refcnt: int | None = None
    """netstat RefCnt."""
    flags: tuple[str, ...] = ()
    """netstat Flags words: ``ACC`` (accepting), ``W`` (waiting data), ``N`` (no space)."""
    peer_path: str | None = None
    """ss: the peer's name when printed (usually ``*``, i.e. None)."""
    peer_inode: int | None = None
    """ss: the inode of the peer socket (0 for listeners)."""


@checked
@attrs.frozen(kw_only=True)
class SsExtensions:
    """What ss prints after the process column (``-e``, ``-o``, ``-m``, ``-i``)."""

    uid: int | None = None
    """``uid:N`` (printed only when not 0)."""
    cookie: str | None = None
    """``sk:HEX`` (the socket cookie)."""
    cgroup: str | None = None
    v6only: bool | None = None
    fwmark: str | None = None
    shutdown: str | None = None
    """``<->``, ``-->``, ``<--`` or ``---``: which directions are still open."""
    vfs_inode: int | None = None
    """UNIX sockets: ``ino:N`` is the inode of the bound path (not of the socket)."""
    vfs_dev: str | None = None
    peers: tuple[int, ...] | None = None
    """UNIX listeners: ``peers:`` (inodes of pending connections)."""
    netlink: tuple[tuple[str, str], ...] = ()
    """netlink ``sk=0 cb=0 groups=0x...`` pairs."""
    skmem: tuple[tuple[str, int], ...] | None = None
    """``skmem:(r0,rb212992,...)`` (or the old ``mem:(...)``) as (name, value) pairs."""
    tcp_info: tuple[tuple[str, str | None], ...] = ()
    """``-i``: (keyword, value) pairs in print order; value None for bare words such as
    ``ts``, ``sack``, the congestion control name or ``app_limited``."""
    extra: tuple[str, ...] = ()
    """Words not understood (kept, in order)."""


@checked
@attrs.frozen(kw_only=True)
class Socket:
    """One socket row of ``netstat`` or ``ss`` (every kind: inet, UNIX, netlink, packet)."""

    proto: str | None = None
    """netstat Proto (``tcp``, ``tcp6``, ``udp``, ``raw6``, ``unix`` ...) or ss Netid (``tcp``,
    ``u_str``, ``nl``, ``p_raw`` ...); None when ss printed no Netid column."""
    state: TcpState | None = None
    """Normalised state (see the module docstring); None when the text has no State column."""
    recv_q: int | None = None
    send_q: int | None = None
    local: Endpoint | None = None
    """Local address and port (None for UNIX sockets)."""
    peer: Endpoint | None = None
    """netstat's Foreign Address, ss's Peer Address."""
    processes: tuple[SocketProcess, ...] = ()
    """netstat: at most one (none for ``-``); ss: every ``users:`` item."""
    user: str | None = None
    """netstat ``-e`` User column: a login name, or the UID as text with ``-n``."""
    inode: int | None = None
    """Socket inode: netstat ``-e`` Inode / UNIX I-Node, ss ``ino:`` / the UNIX Port column."""
    timer: Timer | None = None
    unix: UnixInfo | None = None
    ss: SsExtensions | None = None

    # ------------------------------------------------------------ convenience

    @property
    def transport(self) -> str | None:
        """``tcp``, ``udp``, ``udplite``, ``raw``, ``unix``, ``netlink``, ``packet`` ... or None."""
        transport = SOCKET_KINDS.get(self.proto) if self.proto is not None else None
        if transport is None and self.unix is not None:
            return "unix"
        return transport

    @property
    def local_address(self) -> SocketAddress:
        """Local address, IPv4-mapped addresses as IPv4 (comparable across netstat and ss);
        the UNIX path for UNIX sockets."""
        if self.unix is not None:
            return self.unix.path
        return self.local.unmapped if self.local is not None else None

    @property
    def local_port(self) -> Port:
        """Local port (None for ``*`` and for UNIX sockets)."""
        return self.local.port if self.local is not None else None

    @property
    def peer_address(self) -> SocketAddress:
        """Peer (foreign) address, IPv4-mapped addresses as IPv4."""
        return self.peer.unmapped if self.peer is not None else None

    @property
    def peer_port(self) -> Port:
        """Peer (foreign) port."""
        return self.peer.port if self.peer is not None else None

    foreign_address = peer_address
    foreign_port = peer_port

    @property
    def program(self) -> str | None:
        """Name of the (first) owning process, None when unknown."""
        return self.processes[0].name if self.processes else None

    @property
    def pid(self) -> int | None:
        """PID of the (first) owning process, None when unknown."""
        return self.processes[0].pid if self.processes else None

    @property
    def path(self) -> str | None:
        """UNIX socket path (None for other sockets and unnamed UNIX sockets)."""
        return self.unix.path if self.unix is not None else None

    @property
    def is_listening(self) -> bool:
        """A server socket: LISTEN, or an unconnected datagram socket (UDP, RAW, UNIX
        DGRAM) — what ``netstat -l`` and ``ss -l`` list."""
        state = self.state
        if state is TcpState.LISTEN:
            return True
        if state is not TcpState.CLOSE:
            return False
        transport = self.transport
        if transport == "unix":
            kind = self.unix.type if self.unix is not None else None
            return kind in ("DGRAM", "RAW", "RDM") and self.unix is not None and bool(
                self.unix.path
            )
        if transport in ("tcp", "sctp", "mptcp", "dccp"):
            return False
        return self.peer is None or self.peer.is_wildcard

    def replace(self, **changes: Any) -> Socket:
        """A copy with some fields changed."""
        return attrs.evolve(self, **changes)


def _socket_maker() -> Any:
    fields = [attribute.name for attribute in attrs.fields(Socket)]
    expected = ["proto", "state", "recv_q", "send_q", "local", "peer", "processes", "user",
                "inode", "timer", "unix", "ss"]
    if fields != expected:  # pragma: no cover - guards the positional order below
        raise RuntimeError("Socket fields changed: update _socket_maker")
    s = [Socket.__dict__[name].__set__ for name in fields]
    new = object.__new__
    s_proto, s_state, s_rq, s_sq, s_local, s_peer, s_proc, s_user, s_inode, s_timer, s_unix, \
        s_ss = s

    def make_socket(  # noqa: PLR0917 - positional on purpose: the parsers' hot path
        proto: Any, state: Any, recv_q: Any, send_q: Any, local: Any, peer: Any,
        processes: Any, user: Any, inode: Any, timer: Any, unix: Any = None, ss: Any = None,
    ) -> Socket:
        obj = new(Socket)
        s_proto(obj, proto)
        s_state(obj, state)
        s_rq(obj, recv_q)
        s_sq(obj, send_q)
        s_local(obj, local)
        s_peer(obj, peer)
        s_proc(obj, processes)
        s_user(obj, user)
        s_inode(obj, inode)
        s_timer(obj, timer)
        s_unix(obj, unix)
        s_ss(obj, ss)
        return obj

    return make_socket


make_socket = _socket_maker()
"""``make_socket(proto, state, recv_q, send_q, local, peer, processes, user, inode, timer,
unix=None, ss=None)``: a :class:`Socket` built positionally (parsers' hot path)."""


def _endpoint_maker() -> Any:
    s_address, s_port, s_interface, s_truncated = (
        Endpoint.__dict__[name].__set__ for name in ("address", "port", "interface", "truncated")
    )
    if [a.name for a in attrs.fields(Endpoint)] != ["address", "port", "interface", "truncated"]:
        raise RuntimeError("Endpoint fields changed: update _endpoint_maker")  # pragma: no cover
    new = object.__new__

    def make_endpoint(address: Any, port: Any, interface: Any = None,
                      truncated: bool = False) -> Endpoint:
        obj = new(Endpoint)
        s_address(obj, address)
        s_port(obj, port)
        s_interface(obj, interface)
        s_truncated(obj, truncated)
        return obj

    return make_endpoint


make_endpoint = _endpoint_maker()
"""``make_endpoint(address, port, interface=None, truncated=False)`` positionally."""


def _process_maker() -> Any:
    names = ["name", "pid", "fd", "truncated"]
    if [a.name for a in attrs.fields(SocketProcess)] != names:
        raise RuntimeError("SocketProcess fields changed")  # pragma: no cover
    s_name, s_pid, s_fd, s_truncated = (SocketProcess.__dict__[name].__set__ for name in names)
    new = object.__new__

    def make_process(name: Any, pid: Any, fd: Any = None, truncated: bool = False
                     ) -> SocketProcess:
        obj = new(SocketProcess)
        s_name(obj, name)
        s_pid(obj, pid)
        s_fd(obj, fd)
        s_truncated(obj, truncated)
        return obj

    return make_process


make_process = _process_maker()
"""``make_process(name, pid, fd=None, truncated=False)`` positionally (parsers' hot path)."""
