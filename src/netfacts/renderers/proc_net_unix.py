"""Render UNIX sockets back to ``/proc/net/unix`` text (the kernel's ``printf`` format)."""

from __future__ import annotations

from netfacts.grammar.proc_net_unix import HEADER
from netfacts.models.proc_net_sockets import (
    ProcNetUnixOutput,
    ProcNetUnixSocket,
    unix_state_number,
    unix_type_number,
)

__all__ = ["render_proc_net_unix", "render_proc_net_unix_line"]


def render_proc_net_unix_line(socket: ProcNetUnixSocket) -> str:
    """``"%pK: %08X %08X %08X %04X %02X %5lu"`` and `` PATH`` when bound."""
    text = (f"{socket.address}: {socket.refcount:08X} {socket.protocol:08X} {socket.flags:08X} "
            f"{unix_type_number(socket.type):04X} {unix_state_number(socket.state):02X} "
            f"{socket.inode:5d}")
    return text if socket.path is None else f"{text} {socket.path}"


def render_proc_net_unix(output: ProcNetUnixOutput) -> str:
    """The header line (when the text had it) and one line per socket."""
    lines = [HEADER + "\n"] if output.form.header else []
    lines.extend(render_proc_net_unix_line(s) + "\n" for s in output.sockets)
    return "".join(lines)
