"""Render Internet sockets back to ``/proc/net/tcp|tcp6|udp|udp6|raw|raw6`` text, with the
kernel's own ``printf`` formats and padding (a capture renders back byte for byte)."""

from __future__ import annotations

from netfacts.grammar.proc_net_tcp import HEADERS
from netfacts.models.proc_net_sockets import (
    ProcNetSocket,
    ProcNetTcpOutput,
    address_hex,
    state_number,
    timer_code,
)

__all__ = ["render_proc_net_tcp", "render_proc_net_tcp_line"]

_PAD = {"tcp": 149, "udp": 127}
"""Tables whose lines the kernel pads with spaces (``seq_setwidth``), and to what width."""


def render_proc_net_tcp_line(socket: ProcNetSocket, big_endian: bool = False) -> str:
    """One socket line, padded like the kernel pads its table."""
    proto = socket.proto
    timer = socket.timer
    slot = f"{socket.slot:5d}" if proto in ("udp", "udp6", "raw6") else f"{socket.slot:4d}"
    text = (f"{slot}: {address_hex(socket.local_address, big_endian)}:{socket.local_port:04X} "
            f"{address_hex(socket.foreign_address, big_endian)}:{socket.foreign_port:04X} "
            f"{state_number(socket.state):02X} {socket.send_q:08X}:{socket.recv_q:08X} "
            f"{timer_code(timer.name):02X}:{(timer.expires_ms or 0) // 10:08X} "
            f"{timer.retransmits:08X} {socket.uid:5d} {timer.probes or 0:8d} {socket.inode}")
    if socket.refcount is not None:
        text += f" {socket.refcount} {socket.pointer}"
    if socket.rto is not None:
        last = socket.fastopen_max_qlen if socket.fastopen_max_qlen is not None else (
            socket.ssthresh)
        qack = ((socket.quick_acks or 0) << 1) | bool(socket.pingpong)
        text += f" {socket.rto} {socket.ato} {qack} {socket.cwnd} {last}"
    if socket.drops is not None:
        text += f" {socket.drops}"
    if socket.extra:
        text += " " + " ".join(map(str, socket.extra))
    return text.ljust(_PAD.get(proto, 0))


def _header(proto: str) -> str:
    return HEADERS[proto].ljust(_PAD.get(proto, 0)) + "\n"


def render_proc_net_tcp(output: ProcNetTcpOutput) -> str:
    """The tables: each header of ``output.form.tables`` followed by its sockets."""
    big_endian = output.form.byte_order == "big"
    sockets = list(output.sockets)
    parts: list[str] = []
    index = 0
    tables = list(output.form.tables)
    if not tables:  # no header: the lines alone
        return "".join(render_proc_net_tcp_line(s, big_endian) + "\n" for s in sockets)
    while index < len(sockets) or tables:
        table = tables.pop(0) if tables else sockets[index].proto
        parts.append(_header(table))
        while index < len(sockets) and sockets[index].proto == table:
            parts.append(render_proc_net_tcp_line(sockets[index], big_endian) + "\n")
            index += 1
    return "".join(parts)
