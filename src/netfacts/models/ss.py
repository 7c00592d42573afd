"""``ss`` output: sockets (see :mod:`netfacts.models.socket`) and the ``ss -s`` summary."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.lazy import LazyTuple, as_sequence
from netfacts.models.output import Output
from netfacts.models.socket import (
    Endpoint,
    Port,
    Socket,
    TcpState,
    make_endpoint,
    make_process,
    make_socket,
)
from netfacts.models.values import ip_address, ip_text

__all__ = [
    "SS_ROW",
    "SsForm",
    "SsOutput",
    "SsSocketList",
    "SsSummary",
    "SsTransport",
    "ss_socket_from_row",
    "ss_socket_row",
    "ss_socket_rows",
]

SS_ROW = ("netid", "state", "recv_q", "send_q", "local_address", "local_port",
          "local_interface", "local_kind", "peer_address", "peer_port", "peer_interface",
          "peer_kind", "processes", "inode", "timer", "ss", "unix")
"""The slots of the row the ss parser keeps for a socket, in order.

Addresses are text: an IP address as ``inet_ntop`` writes it (``*_kind`` 0) or the word
ss printed (1: a netlink protocol, a path...); None for ``*``.  ``processes`` holds
``(name, pid, fd)`` triples; ``timer``, ``ss`` (:class:`SsExtensions`) and ``unix``
(:class:`UnixInfo`, then the endpoints are None) are the models of the rarer parts."""
IP, TEXT = 0, 1
"""``*_kind`` of an address slot."""

Row = tuple[Any, ...]


def _endpoint(address: str | None, port: Any, interface: str | None, kind: int) -> Endpoint:
    built: Endpoint = make_endpoint(
        ip_address(address) if kind == IP and address is not None else address, port,
        interface, False)
    return built


def ss_socket_from_row(row: Row) -> Socket:
    """The :class:`~netfacts.models.socket.Socket` of an ss row (:data:`SS_ROW`)."""
    (netid, state, recv_q, send_q, laddr, lport, liface, lkind, paddr, pport, piface, pkind,
     processes, inode, timer, ext, unix) = row
    socket: Socket = make_socket(
        netid, state, recv_q, send_q,
        None if unix is not None else _endpoint(laddr, lport, liface, lkind),
        None if unix is not None else _endpoint(paddr, pport, piface, pkind),
        tuple([make_process(name, pid, fd, False) for name, pid, fd in processes]),
        None, inode, timer, unix, ext)
    return socket


def _slots(endpoint: Endpoint | None) -> tuple[Any, Any, Any, int]:
    if endpoint is None:
        return None, None, None, IP
    address = endpoint.address
    if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return ip_text(address), endpoint.port, endpoint.interface, IP
    return address, endpoint.port, endpoint.interface, TEXT if address is not None else IP


def ss_socket_row(socket: Socket) -> Row:
    """The ss row of a socket model (the inverse of :func:`ss_socket_from_row`)."""
    unix = socket.unix
    local = _slots(None if unix is not None else socket.local)
    peer = _slots(None if unix is not None else socket.peer)
    return (socket.proto, socket.state, socket.recv_q, socket.send_q, *local, *peer,
            tuple([(p.name, p.pid, p.fd) for p in socket.processes]), socket.inode,
            socket.timer, socket.ss, unix)


class SsSocketList(LazyTuple[Socket]):
    """The sockets of an ss output: kept as the parser's rows (:data:`SS_ROW`), each
    :class:`~netfacts.models.socket.Socket` built on first use."""

    __slots__ = ()


def ss_socket_rows(sockets: Sequence[Socket]) -> Sequence[Row]:
    """The rows of ``sockets``: the parser's while no model was built, else made from the
    models."""
    if isinstance(sockets, SsSocketList):
        rows = sockets.rows
        if rows is not None:
            return rows
    return [ss_socket_row(socket) for socket in sockets]


@checked
@attrs.frozen(kw_only=True)
class SsTransport:
    """One row of the ``ss -s`` transport table (``TCP  24  11  13``); ``-`` reads None."""

    name: str
    total: int | None = None
    ip: int | None = None
    ipv6: int | None = None


@checked
@attrs.frozen(kw_only=True)
class SsSummary:
    """``ss -s``."""

    total: int | None = None
    kernel: int | None = None
    """iproute2 ≤ 4.x: ``Total: 43 (kernel 284)``."""
    tcp_total: int | None = None
    tcp: tuple[tuple[str, str], ...] = ()
    """The parenthesised TCP counts as printed: ``(("estab", "13"), ("timewait", "1/0"))``."""
    ports: int | None = None
    """iproute2 ≤ 4.x: ``, ports 0``."""
    transports: tuple[SsTransport, ...] = ()


@checked
@attrs.frozen(kw_only=True)
class SsForm:
    """How ss was run, as far as the output shows it."""

    netid_column: bool = True
    """False when one socket table was selected (``ss -t``, ``ss -tlnp``)."""
    state_column: bool = True
    """False when one state was selected (``ss -t state established``)."""
    header: bool = True
    """False with ``-H``."""
    process_header: bool = True
    """The header names a Process column (5.4+; 6.8+ only with ``-p``)."""
    summary: bool = False
    """``ss -s``."""


@checked
@attrs.frozen(kw_only=True)
class SsOutput(Output):
    """``ss`` output: one :class:`~netfacts.models.socket.Socket` per row."""

    kind: ClassVar[str] = "ss"
    sockets: Sequence[Socket] = attrs.field(default=(), converter=as_sequence)
    """An :class:`SsSocketList` when parsed: each ``Socket`` built on first use."""
    summary: SsSummary | None = None
    form: SsForm = SsForm()

    def listening(self, *, port: Port = None, program: str | None = None) -> list[Socket]:
        """Listening sockets (LISTEN, and unconnected UDP/RAW), optionally filtered."""
        return [
            socket
            for socket in self.sockets
            if socket.is_listening
            and (port is None or socket.local_port == port)
            and (program is None or any(p.name == program for p in socket.processes))
        ]

    def established(self, *, local_port: Port = None) -> list[Socket]:
        """ESTABLISHED sockets, optionally with this local port."""
        return [
            socket
            for socket in self.sockets
            if socket.state is TcpState.ESTABLISHED
            and (local_port is None or socket.local_port == local_port)
        ]
