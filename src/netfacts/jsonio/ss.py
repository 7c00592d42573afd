"""ss shaped JSON (ss has no JSON output of its own; this is netfacts' schema).

``ss_to_json(out)`` gives ``{"sockets": [...]}`` (plus ``"summary"`` for ``ss -s``).
Each socket object has the keys ``netid``, ``state``, ``recv_q``, ``send_q``,
``local_address``, ``local_port``, ``local_interface``, ``peer_address``, ``peer_port``,
``processes`` (a list of ``{"name", "pid", "fd"}``), followed — only when the text shows
them — by the extension fields: ``peer_interface``, ``timer`` (``{"name", "expires_ms",
"retransmits"}``), ``uid``, ``inode``, ``cookie`` (``sk:``), ``cgroup``, ``v6only``,
``fwmark``, ``shutdown``, ``vfs_inode`` and ``vfs_dev`` (UNIX ``ino:``/``dev:``), ``peers``,
``netlink``, ``skmem`` and ``tcp_info`` (objects), ``extra`` (words not understood).

Value rules: ``netid`` and ``state`` are ss's own words (``ESTAB``, ``UNCONN``), ``null``
when the output had no such column; addresses are ``inet_ntop`` strings without brackets
(``::ffff:127.0.0.1``), ``null`` for ``*``; ports are integers (service names stay
strings), ``null`` for ``*``.  UNIX sockets: ``local_address``/``peer_address`` are the
paths (``null`` for unnamed), ``local_port``/``peer_port`` the socket inodes — the
columns where ss prints them.  netlink: the protocol and the port id; packet: the
link-layer protocol and the interface.  In ``tcp_info`` numbers become integers, bare
words ``true``, everything else stays a string; a later ``bbr:(...)`` group replaces the
bare ``bbr`` word.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from netfacts.models.socket import Socket, SsExtensions
from netfacts.models.ss import SsOutput, SsSummary
from netfacts.models.values import ip_text, is_decimal

__all__ = ["ss_socket_to_json", "ss_to_json", "summary_to_json"]

_IP = (ipaddress.IPv4Address, ipaddress.IPv6Address)


def _address(value: Any) -> Any:
    if isinstance(value, _IP):
        return ip_text(value)
    return value


def _value(text: str | None) -> Any:
    if text is None:
        return True
    if is_decimal(text):
        return int(text)
    return text


def _extensions(ext: SsExtensions, out: dict[str, Any]) -> None:
    for name in ("uid", "cookie", "cgroup", "v6only", "fwmark", "shutdown", "vfs_inode",
                 "vfs_dev"):
        value = getattr(ext, name)
        if value is not None:
            out[name] = value
    if ext.peers is not None:
        out["peers"] = list(ext.peers)
    if ext.netlink:
        out["netlink"] = dict(ext.netlink)
    if ext.skmem is not None:
        out["skmem"] = dict(ext.skmem)
    if ext.tcp_info:
        info: dict[str, Any] = {}
        for key, value in ext.tcp_info:
            if value is None and key in info:
                continue
            info[key] = _value(value)
        out["tcp_info"] = info
    if ext.extra:
        out["extra"] = list(ext.extra)


def ss_socket_to_json(socket: Socket) -> dict[str, Any]:
    """One socket object (see the module docstring)."""
    state = socket.state
    unix = socket.unix
    out: dict[str, Any] = {
        "netid": socket.proto,
        "state": state.ss_word if state is not None else None,
        "recv_q": socket.recv_q,
        "send_q": socket.send_q,
    }
    if unix is not None:
        out["local_address"] = unix.path
        out["local_port"] = socket.inode
        out["local_interface"] = None
        out["peer_address"] = unix.peer_path
        out["peer_port"] = unix.peer_inode
    else:
        local = socket.local
        peer = socket.peer
        out["local_address"] = _address(local.address) if local is not None else None
        out["local_port"] = local.port if local is not None else None
        out["local_interface"] = local.interface if local is not None else None
        out["peer_address"] = _address(peer.address) if peer is not None else None
        out["peer_port"] = peer.port if peer is not None else None
    out["processes"] = [{"name": p.name, "pid": p.pid, "fd": p.fd} for p in socket.processes]
    if unix is None and socket.peer is not None and socket.peer.interface is not None:
        out["peer_interface"] = socket.peer.interface
    timer = socket.timer
    if timer is not None:
        out["timer"] = {"name": timer.name, "expires_ms": timer.expires_ms,
                        "retransmits": timer.retransmits}
    if unix is None and socket.inode is not None:
        out["inode"] = socket.inode
    if socket.ss is not None:
        _extensions(socket.ss, out)
    return out


def summary_to_json(summary: SsSummary) -> dict[str, Any]:
    """The ``ss -s`` object: ``total``, ``kernel``, ``tcp`` (``{"total": N, "estab": N,
    ...}``; ``timewait`` stays ``"1/0"`` text in iproute2 ≤ 4.x), ``ports`` and
    ``transports`` (``{"RAW": {"total", "ip", "ipv6"}, ...}``)."""
    tcp: dict[str, Any] = {"total": summary.tcp_total}
    for key, value in summary.tcp:
        tcp[key] = _value(value)
    out: dict[str, Any] = {"total": summary.total}
    if summary.kernel is not None:
        out["kernel"] = summary.kernel
    out["tcp"] = tcp
    if summary.ports is not None:
        out["ports"] = summary.ports
    out["transports"] = {
        row.name: {"total": row.total, "ip": row.ip, "ipv6": row.ipv6}
        for row in summary.transports
    }
    return out


def ss_to_json(output: SsOutput) -> dict[str, Any]:
    """``{"sockets": [...]}`` and, for ``ss -s``, ``"summary"``."""
    out: dict[str, Any] = {"sockets": [ss_socket_to_json(s) for s in output.sockets]}
    if output.summary is not None:
        out["summary"] = summary_to_json(output.summary)
    return out
