"""``ss`` output: sockets (see :mod:`netfacts.models.socket`) and the ``ss -s`` summary."""

from __future__ import annotations

from typing import ClassVar

import attrs

from netfacts.models.output import Output
from netfacts.models.socket import Port, Socket, TcpState

__all__ = ["SsForm", "SsOutput", "SsSummary", "SsTransport"]


@attrs.frozen(kw_only=True)
class SsTransport:
    """One row of the ``ss -s`` transport table (``TCP  24  11  13``); ``-`` reads None."""

    name: str
    total: int | None = None
    ip: int | None = None
    ipv6: int | None = None


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


@attrs.frozen(kw_only=True)
class SsOutput(Output):
    """``ss`` output: one :class:`~netfacts.models.socket.Socket` per row."""

    kind: ClassVar[str] = "ss"
    sockets: tuple[Socket, ...] = ()
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
