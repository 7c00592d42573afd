"""``lsof`` JSON: the socket rows, one object each.

The columns as printed, under jc's key names — ``command``, ``pid``, ``tid``, ``user``,
``fd``, ``type``, ``device``, ``size_off``, ``node``, ``name`` — plus ``task_command``
(TASKCMD), with ``pid`` and ``tid`` as numbers and the rest as text (``null`` when blank;
jc makes ``size_off`` and ``node`` numbers, which loses ``0t`` offsets and protocol names).
Then what the row means:

* ``inode`` — the socket inode (DEVICE of ``IPv4``/``IPv6`` rows, NODE of the others);
* ``protocol`` — ``TCP``, ``UDP``... (``sock`` rows: the word after ``protocol:``;
  ``UNIX``, ``RAW``, ``RAW6``);
* ``local_address``, ``local_port``, ``foreign_address``, ``foreign_port`` — Internet rows:
  addresses as ``inet_ntop`` text (a host name as printed), ports as numbers or, without
  ``-P``, the service name lsof printed; ``null`` for ``*`` and for other rows;
* ``state`` — the word lsof printed in parentheses (``LISTEN``, ``ESTABLISHED``,
  ``CONNECTED``...), ``null`` when none;
* ``path``, ``socket_type`` — UNIX rows: the bound name (lsof cuts it at its first blank)
  and the ``type=`` word.

Every key is present in every object.
"""

from __future__ import annotations

from typing import Any

from netfacts.models.lsof import LsofOutput, LsofSocket
from netfacts.models.socket import Endpoint
from netfacts.models.values import address_text

__all__ = ["lsof_socket_to_json", "lsof_to_json"]


def _address(endpoint: Endpoint | None) -> Any:
    if endpoint is None or endpoint.address is None:
        return None
    return address_text(endpoint.address)


def lsof_socket_to_json(row: LsofSocket) -> dict[str, Any]:
    """One socket row."""
    local, peer = row.local, row.peer
    state = row._inet()[2] if row.type in ("IPv4", "IPv6") else None
    if row.type == "unix" and row.state is not None:
        state = row.name.rsplit("(", 1)[1].rstrip(")")
    return {
        "command": row.command,
        "pid": row.pid,
        "tid": row.tid,
        "task_command": row.task_command,
        "user": row.user,
        "fd": row.fd,
        "type": row.type,
        "device": row.device,
        "size_off": row.size_off,
        "node": row.node,
        "name": row.name,
        "inode": row.inode,
        "protocol": row.protocol,
        "local_address": _address(local),
        "local_port": local.port if local is not None else None,
        "foreign_address": _address(peer),
        "foreign_port": peer.port if peer is not None else None,
        "state": state,
        "path": row.path,
        "socket_type": row.socket_type,
    }


def lsof_to_json(output: LsofOutput) -> list[dict[str, Any]]:
    """Every socket row, in print order."""
    return [lsof_socket_to_json(row) for row in output.sockets]
