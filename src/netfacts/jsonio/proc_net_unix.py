"""``/proc/net/unix`` JSON: a list of sockets keyed like netstat's UNIX socket JSON.

Each socket: ``proto`` (``"unix"``), ``refcnt``, ``flags`` (netstat's words: ``ACC``,
``W``, ``N``), ``type`` (``STREAM``, ``DGRAM``, ``SEQPACKET``..., else the number in hex),
``state`` (netstat's word: ``LISTENING``, ``CONNECTED``, ``CONNECTING``,
``DISCONNECTING``; ``null`` for an unconnected socket), ``inode``, ``path`` (``null`` when
unbound) — the keys and values of :mod:`netfacts.jsonio.netstat` for the same socket, except
that netstat cuts a path at its first space and this one does not — then the kernel's own
``address`` (``Num``, text) and ``protocol``.  Flag bits netstat has no word for are in the
model (``ProcNetUnixSocket.flags``), not in the JSON.
"""

from __future__ import annotations

from typing import Any

from netfacts.models.proc_net_sockets import ProcNetUnixOutput, ProcNetUnixSocket

__all__ = ["proc_net_unix_to_json", "unix_socket_to_json"]


def unix_socket_to_json(socket: ProcNetUnixSocket) -> dict[str, Any]:
    """One socket."""
    return {
        "proto": "unix",
        "refcnt": socket.refcount,
        "flags": list(socket.flag_words),
        "type": socket.type,
        "state": socket.state.unix_word or None,
        "inode": socket.inode,
        "path": socket.path,
        "address": socket.address,
        "protocol": socket.protocol,
    }


def proc_net_unix_to_json(output: ProcNetUnixOutput) -> list[dict[str, Any]]:
    """Every socket, in print order."""
    return [unix_socket_to_json(socket) for socket in output.sockets]
