"""The kernel's socket tables as records: ``/proc/net/tcp|tcp6|udp|udp6|raw|raw6`` and
``/proc/net/unix``.

A :class:`ProcNetSocket` is one line of an Internet table with every column the kernel
prints, decoded: addresses as :mod:`ipaddress` objects (byte order handled), ports as
numbers, ``st`` as a :class:`~netfacts.models.socket.TcpState` (netstat's words), the
``tr``/``tm->when``/``retrnsmt``/``timeout`` columns as netstat's
:class:`~netfacts.models.socket.Timer`.  A :class:`ProcNetUnixSocket` is one line of the
UNIX table.  Both turn into the :class:`~netfacts.models.socket.Socket` that ``netstat``
and ``ss`` give (:meth:`ProcNetSocket.to_socket`), which is how
:mod:`netfacts.facts.proc_sockets` answers socket questions from a report without netstat
or ss.

Byte order: the kernel prints each 32-bit word of an address as a host integer, so the
hex text depends on the machine that wrote it.  Little-endian (x86_64, aarch64,
ppc64le) is the default; for s390x and ppc64 (big-endian) pass ``byte_order="big"`` to
the parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.lazy import LazyTuple, as_sequence
from netfacts.models.output import Output
from netfacts.models.socket import (
    Endpoint,
    Socket,
    TcpState,
    Timer,
    UnixInfo,
    make_endpoint,
    make_socket,
)
from netfacts.models.values import IPAddress, ip_address

try:  # the C module behind ``socket`` (see netfacts.models.values)
    from _socket import AF_INET, AF_INET6, inet_ntop
except ImportError:  # pragma: no cover - other interpreters
    from socket import AF_INET, AF_INET6, inet_ntop

__all__ = [
    "INET_PROTOS",
    "STATES",
    "TIMERS",
    "UNIX_FLAGS",
    "UNIX_TYPES",
    "ProcNetSocket",
    "ProcNetTcpForm",
    "ProcNetTcpOutput",
    "ProcNetUnixForm",
    "ProcNetUnixOutput",
    "ProcNetUnixSocket",
    "address_hex",
    "address_text",
    "socket_from_line",
    "timer_code",
    "unix_socket_from_groups",
]

INET_PROTOS = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6")
"""The tables of the family, named as netstat's Proto column names their sockets."""

STATES = {
    1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
    6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING",
    12: "NEW_SYN_RECV",
}
"""``st`` (``include/net/tcp_states.h``) → netstat's state word."""

TIMERS = {0: "off", 1: "on", 2: "keepalive", 3: "timewait", 4: "probe"}
"""``tr`` → netstat's timer word (``unkn-N`` for other codes, as netstat prints them)."""

_STATE = {number: TcpState(word) for number, word in STATES.items()}
_STATE_NUMBER = {state: number for number, state in _STATE.items()}
_TIMER_CODE = {word: code for code, word in TIMERS.items()}


def state_of(number: int) -> TcpState:
    """``st`` → the state (netstat's words; unknown codes as two hex digits)."""
    state = _STATE.get(number)
    return state if state is not None else TcpState.of(f"{number:02X}")


def state_number(state: TcpState) -> int:
    """The ``st`` of a state (the inverse of the parser's mapping)."""
    number = _STATE_NUMBER.get(state)
    if number is not None:
        return number
    return int(state.value, 16)


def timer_name(code: int) -> str:
    """``tr`` → netstat's timer word (``unkn-N`` for codes netstat does not name)."""
    name = TIMERS.get(code)
    return name if name is not None else f"unkn-{code}"


def timer_code(name: str) -> int:
    """netstat's timer word → ``tr``."""
    code = _TIMER_CODE.get(name)
    if code is not None:
        return code
    return int(name.removeprefix("unkn-"))


# ---------------------------------------------------------------- addresses


def address_text(hex_text: str, big_endian: bool = False) -> str:
    """``0100007F`` → ``127.0.0.1``; 32 hex digits → an IPv6 address (``inet_ntop`` text)."""
    raw = bytes.fromhex(hex_text)
    if len(raw) == 4:
        return inet_ntop(AF_INET, raw if big_endian else raw[::-1])
    if not big_endian:
        raw = raw[3::-1] + raw[7:3:-1] + raw[11:7:-1] + raw[15:11:-1]
    return inet_ntop(AF_INET6, raw)


def address_hex(address: IPAddress, big_endian: bool = False) -> str:
    """The kernel's hex text of ``address`` (the inverse of :func:`address_text`)."""
    raw = address.packed
    if not big_endian:
        if len(raw) == 4:
            raw = raw[::-1]
        else:
            raw = raw[3::-1] + raw[7:3:-1] + raw[11:7:-1] + raw[15:11:-1]
    return raw.hex().upper()


# ---------------------------------------------------------------- Internet sockets


_NO_TIMER = Timer(name="off", expires_ms=0, retransmits=0, probes=0)


@checked
@attrs.frozen(kw_only=True)
class ProcNetSocket:
    """One socket line of ``/proc/net/tcp``, ``tcp6``, ``udp``, ``udp6``, ``raw`` or ``raw6``.

    Field names follow netstat's socket JSON where netstat shows the column
    (``recv_q`` is the kernel's ``rx_queue``, ``send_q`` its ``tx_queue``); the other
    columns keep the kernel's meaning.
    """

    proto: str
    """``tcp``, ``tcp6``, ``udp``, ``udp6``, ``raw`` or ``raw6`` (the table it was read from)."""
    slot: int
    """``sl``: a row counter in the tcp tables, the hash bucket in udp and raw ones."""
    local_address: IPAddress
    local_port: int
    """A raw socket's "port" is its IP protocol number (1 ICMP, 58 ICMPv6, 255 raw)."""
    foreign_address: IPAddress
    foreign_port: int
    state: TcpState
    """``st`` in netstat's words; an unconnected UDP or raw socket is ``CLOSE``."""
    send_q: int = 0
    """``tx_queue``: TCP bytes not yet acknowledged; UDP/raw: send buffer bytes in use."""
    recv_q: int = 0
    """``rx_queue``: TCP bytes not yet read (a listener: connections waiting in the accept
    queue); UDP/raw: receive buffer bytes in use."""
    timer: Timer = _NO_TIMER
    """``tr`` (netstat's word), ``tm->when`` (clock ticks of 1/100 s, as milliseconds),
    ``retrnsmt`` and ``timeout`` (the unanswered probes, despite its name)."""
    uid: int = 0
    inode: int = 0
    """0 for sockets without a file: timewait and request lines, connections not yet
    accepted."""
    refcount: int | None = None
    pointer: str | None = None
    """The socket's kernel address as printed (hashed, or zeros for unprivileged readers)."""
    rto: int | None = None
    """TCP: retransmission timeout in clock ticks (full lines only, as the rest below)."""
    ato: int | None = None
    """TCP: delayed-ACK timeout in clock ticks."""
    quick_acks: int | None = None
    """TCP: quick ACKs still to send (the printed value shifted right by one)."""
    pingpong: bool | None = None
    """TCP: interactive (ping-pong) mode (the printed value's lowest bit)."""
    cwnd: int | None = None
    """TCP: congestion window in segments."""
    ssthresh: int | None = None
    """TCP: slow-start threshold, -1 during the initial slow start (not for listeners)."""
    fastopen_max_qlen: int | None = None
    """TCP listeners: the Fast Open queue limit, printed where others have ``ssthresh``."""
    drops: int | None = None
    """UDP and raw: datagrams dropped."""
    extra: tuple[int, ...] = ()
    """Numbers after the known columns (newer kernels), or a tail of unexpected length."""

    @property
    def short(self) -> bool:
        """A line that stops after the pointer: timewait and request sockets."""
        return (self.rto is None and self.drops is None and not self.extra
                and self.refcount is not None)

    @property
    def family(self) -> str:
        """``inet`` or ``inet6``."""
        return "inet6" if self.proto.endswith("6") else "inet"

    @property
    def local(self) -> Endpoint:
        """Local address and port as netstat shows them (port 0 is ``*``, None)."""
        endpoint: Endpoint = make_endpoint(self.local_address, self.local_port or None)
        return endpoint

    @property
    def peer(self) -> Endpoint:
        """Foreign address and port as netstat shows them."""
        endpoint: Endpoint = make_endpoint(self.foreign_address, self.foreign_port or None)
        return endpoint

    def to_socket(self) -> Socket:
        """The :class:`~netfacts.models.socket.Socket` netstat ``-neo`` would show for this
        line (without a process: see :mod:`netfacts.facts.proc_sockets`)."""
        socket: Socket = make_socket(self.proto, self.state, self.recv_q, self.send_q,
                                     self.local, self.peer, (), str(self.uid), self.inode,
                                     self.timer)
        return socket


_IP = ip_address


def socket_from_line(row: tuple[str, str], big_endian: bool = False) -> ProcNetSocket:
    """The :class:`ProcNetSocket` of a row the parser validated: ``(proto, line)``."""
    proto, line = row
    f = line.split()
    laddr, _, lport = f[1].partition(":")
    raddr, _, rport = f[2].partition(":")
    tx, _, rx = f[4].partition(":")
    tr, _, when = f[5].partition(":")
    state = state_of(int(f[3], 16))
    fields: dict[str, Any] = {}
    if len(f) > 10:
        fields["refcount"] = int(f[10])
        fields["pointer"] = f[11]
        tail = [int(x) for x in f[12:]]
        if proto in ("tcp", "tcp6"):
            if len(tail) >= 5:
                rto, ato, qack, cwnd, last = tail[:5]
                fields.update(rto=rto, ato=ato, quick_acks=qack >> 1, pingpong=bool(qack & 1),
                              cwnd=cwnd)
                fields["fastopen_max_qlen" if state is TcpState.LISTEN else "ssthresh"] = last
                tail = tail[5:]
        elif tail:
            fields["drops"] = tail[0]
            tail = tail[1:]
        if tail:
            fields["extra"] = tuple(tail)
    return ProcNetSocket(
        proto=proto,
        slot=int(f[0][:-1]),
        local_address=_IP(address_text(laddr, big_endian)),
        local_port=int(lport, 16),
        foreign_address=_IP(address_text(raddr, big_endian)),
        foreign_port=int(rport, 16),
        state=state,
        send_q=int(tx, 16),
        recv_q=int(rx, 16),
        timer=Timer(name=timer_name(int(tr, 16)), expires_ms=int(when, 16) * 10,
                    retransmits=int(f[6], 16), probes=int(f[8])),
        uid=int(f[7]),
        inode=int(f[9]),
        **fields,
    )


def _as_sockets(value: Sequence[ProcNetSocket]) -> Sequence[ProcNetSocket]:
    return as_sequence(value)


@checked
@attrs.frozen(kw_only=True)
class ProcNetTcpForm:
    """How the tables were laid out."""

    tables: tuple[str, ...] = ()
    """The table of each header line, in order (``("tcp", "tcp6")`` for ``cat tcp tcp6``);
    empty when the text has no header."""
    byte_order: str = "little"
    """``little`` or ``big``: how the hex addresses were read (a parser hint; the text
    cannot tell)."""


@checked
@attrs.frozen(kw_only=True)
class ProcNetTcpOutput(Output):
    """One or more Internet socket tables of ``/proc/net``."""

    kind: ClassVar[str] = "proc_net_tcp"
    sockets: Sequence[ProcNetSocket] = attrs.field(default=(), converter=_as_sockets)
    """A tuple, or for parse results a :class:`~netfacts.models.lazy.LazyTuple`."""
    form: ProcNetTcpForm = ProcNetTcpForm()

    def to_sockets(self) -> tuple[Socket, ...]:
        """Every socket as netstat's :class:`~netfacts.models.socket.Socket`."""
        return tuple(s.to_socket() for s in self.sockets)

    def listening(self, port: int | None = None) -> list[ProcNetSocket]:
        """Sockets in LISTEN state and unbound-peer UDP/raw sockets (``netstat -l``)."""
        return [s for s in self.sockets
                if (s.state is TcpState.LISTEN
                    or (s.state is TcpState.CLOSE and not s.proto.startswith("tcp")
                        and s.foreign_port == 0))
                and (port is None or s.local_port == port)]


# ---------------------------------------------------------------- UNIX sockets

UNIX_TYPES = {1: "STREAM", 2: "DGRAM", 3: "RAW", 4: "RDM", 5: "SEQPACKET"}
"""``Type`` → netstat's word (``SOCK_*``)."""
_UNIX_TYPE_NUMBER = {word: number for number, word in UNIX_TYPES.items()}

UNIX_FLAGS = (("ACC", 1 << 16), ("W", 1 << 17), ("N", 1 << 18))
"""netstat's flag words and their bits: ``__SO_ACCEPTCON``, ``SOCK_ASYNC_WAITDATA``,
``SOCK_ASYNC_NOSPACE``."""

_UNIX_STATE = {1: TcpState.CLOSE, 2: TcpState.SYN_SENT, 3: TcpState.ESTABLISHED,
               4: TcpState("DISCONNECTING"), 0: TcpState("FREE")}


def unix_type_name(number: int) -> str:
    """``Type`` → ``STREAM``..., else the number as four hex digits."""
    name = UNIX_TYPES.get(number)
    return name if name is not None else f"{number:04X}"


def unix_type_number(name: str) -> int:
    """The inverse of :func:`unix_type_name`."""
    number = _UNIX_TYPE_NUMBER.get(name)
    return number if number is not None else int(name, 16)


def unix_state(number: int, flags: int) -> TcpState:
    """``St`` (and the accepting flag) → the socket vocabulary: ``LISTEN`` for an accepting
    unconnected socket, ``CLOSE`` unconnected, ``SYN_SENT`` connecting, ``ESTABLISHED``."""
    if number == 1 and flags & (1 << 16):
        return TcpState.LISTEN
    state = _UNIX_STATE.get(number)
    return state if state is not None else TcpState.of(f"{number:02X}")


def unix_state_number(state: TcpState) -> int:
    """The ``St`` of a state (the inverse of :func:`unix_state`)."""
    if state is TcpState.LISTEN:
        return 1
    for number, known in _UNIX_STATE.items():
        if known is state:
            return number
    return int(state.value, 16)


@checked
@attrs.frozen(kw_only=True)
class ProcNetUnixSocket:
    """One line of ``/proc/net/unix``."""

    address: str
    """``Num``: the socket's kernel address as printed (hashed; zeros for unprivileged
    readers); lsof shows the same value as the DEVICE of a ``unix`` row."""
    refcount: int
    protocol: int = 0
    flags: int = 0
    """The ``Flags`` bits; :attr:`flag_words` names the ones netstat names."""
    type: str = "STREAM"
    """``STREAM``, ``DGRAM``, ``SEQPACKET``, ``RAW``, ``RDM``, else the number in hex."""
    state: TcpState = TcpState.CLOSE
    """``LISTEN`` (unconnected and accepting), ``CLOSE`` (unconnected), ``SYN_SENT``
    (connecting), ``ESTABLISHED`` (connected), ``DISCONNECTING``."""
    inode: int = 0
    path: str | None = None
    """The bound name: a path, ``@abstract`` (NUL bytes inside it print as ``@`` too), or
    None.  Accepted server sockets show their listener's path; clients none."""

    @property
    def flag_words(self) -> tuple[str, ...]:
        """netstat's Flags words: ``ACC``, ``W``, ``N``."""
        return tuple(word for word, bit in UNIX_FLAGS if self.flags & bit)

    def to_socket(self) -> Socket:
        """The :class:`~netfacts.models.socket.Socket` netstat would show for this line."""
        unix = UnixInfo(type=self.type, path=self.path, refcnt=self.refcount,
                        flags=self.flag_words)
        socket: Socket = make_socket("unix", self.state, None, None, None, None, (), None,
                                     self.inode, None, unix)
        return socket


def unix_socket_from_groups(groups: Sequence[str | None]) -> ProcNetUnixSocket:
    """The :class:`ProcNetUnixSocket` of the regex groups of a line the parser validated
    (``address, refcount, protocol, flags, type, state, inode, path``)."""
    address, refcount, protocol, flags_text, kind, state, inode, path = groups
    assert address is not None and refcount is not None and protocol is not None
    assert flags_text is not None and kind is not None and state is not None
    assert inode is not None
    flags = int(flags_text, 16)
    return ProcNetUnixSocket(
        address=address,
        refcount=int(refcount, 16),
        protocol=int(protocol, 16),
        flags=flags,
        type=unix_type_name(int(kind, 16)),
        state=unix_state(int(state, 16), flags),
        inode=int(inode),
        path=path,
    )


def _as_unix_sockets(value: Sequence[ProcNetUnixSocket]) -> Sequence[ProcNetUnixSocket]:
    return as_sequence(value)


@checked
@attrs.frozen(kw_only=True)
class ProcNetUnixForm:
    """``/proc/net/unix`` has one form; the record says whether the header was there."""

    header: bool = True


@checked
@attrs.frozen(kw_only=True)
class ProcNetUnixOutput(Output):
    """``/proc/net/unix``."""

    kind: ClassVar[str] = "proc_net_unix"
    sockets: Sequence[ProcNetUnixSocket] = attrs.field(default=(), converter=_as_unix_sockets)
    """A tuple, or for parse results a :class:`~netfacts.models.lazy.LazyTuple`."""
    form: ProcNetUnixForm = ProcNetUnixForm()

    def to_sockets(self) -> tuple[Socket, ...]:
        """Every socket as netstat's :class:`~netfacts.models.socket.Socket`."""
        return tuple(s.to_socket() for s in self.sockets)


__all__ += ["LazyTuple", "state_number", "timer_name", "unix_state", "unix_state_number",
            "unix_type_name", "unix_type_number"]
