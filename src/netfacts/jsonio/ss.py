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
import json
from collections.abc import Iterable
from json.encoder import encode_basestring as _string
from typing import TYPE_CHECKING, Any

from netfacts.grammar.ss import EXTENSION_KEYS
from netfacts.models.socket import Socket, SsExtensions
from netfacts.models.ss import IP, Row, SsOutput, SsSummary, ss_socket_row, ss_socket_rows
from netfacts.models.values import ip_text, is_decimal

if TYPE_CHECKING:
    from netfacts.errors import Diagnostic

__all__ = [
    "ss_direct_json",
    "ss_socket_to_json",
    "ss_sockets_json_text",
    "ss_to_json",
    "ss_to_json_text",
    "summary_to_json",
]

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


_EXTENSION_FIELDS = tuple(key.field for key in EXTENSION_KEYS if key.field != "inode")
"""The members of ss's ``-e`` words, in the field table's order (the socket's ``inode`` is
written before them)."""


def _extensions(ext: SsExtensions, out: dict[str, Any]) -> None:
    for name in _EXTENSION_FIELDS:
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


_NULL = "null"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _text(value: str | None) -> str:
    return _NULL if value is None else _string(value)


def _scalar(value: Any) -> str:
    """A port, an inode, a queue: an integer, a word, or None."""
    if value is None:
        return _NULL
    if type(value) is int:
        return str(value)
    return _dumps(value)


def _tail(row: Row) -> str:
    """The members after ``processes``: ``peer_interface``, ``timer``, ``inode``, the
    extensions (only those the text showed)."""
    unix = row[16]
    out: dict[str, Any] = {}
    if unix is None and row[10] is not None:
        out["peer_interface"] = row[10]
    timer = row[14]
    if timer is not None:
        out["timer"] = {"name": timer.name, "expires_ms": timer.expires_ms,
                        "retransmits": timer.retransmits}
    if unix is None and row[13] is not None:
        out["inode"] = row[13]
    if row[15] is not None:
        _extensions(row[15], out)
    return "," + _dumps(out)[1:-1] if out else ""


def ss_sockets_json_text(rows: Iterable[Row]) -> str:
    """The JSON array (compact text) of ss socket rows (:data:`~netfacts.models.ss.SS_ROW`).

    The one writer of ss socket objects: :func:`ss_to_json` and :func:`ss_socket_to_json`
    read what it writes."""
    heads: dict[tuple[Any, Any], str] = {}
    """(netid, state) → ``{"netid":...,"state":...,"recv_q":``: a memo of this call, keyed
    by the values themselves."""
    string = _string
    parts: list[str] = []
    append = parts.append
    for row in rows:
        (netid, state, recv_q, send_q, laddr, lport, liface, lkind, paddr, pport, piface,
         pkind, processes, inode, timer, ext, unix) = row
        head = heads.get((netid, state))
        if head is None:
            head = heads[(netid, state)] = (
                f'{{"netid":{_text(netid)},"state":'
                f'{_text(state.ss_word if state is not None else None)},"recv_q":')
        if unix is not None:
            local = (f'{_text(unix.path)},"local_port":{_scalar(inode)},"local_interface":null,'
                     f'"peer_address":{_text(unix.peer_path)},"peer_port":'
                     f'{_scalar(unix.peer_inode)}')
        else:
            lj = _NULL if laddr is None else f'"{laddr}"' if lkind == IP else string(laddr)
            pj = _NULL if paddr is None else f'"{paddr}"' if pkind == IP else string(paddr)
            local = (f'{lj},"local_port":{lport if type(lport) is int else _scalar(lport)}'
                     f',"local_interface":{_NULL if liface is None else string(liface)}'
                     f',"peer_address":{pj}'
                     f',"peer_port":{pport if type(pport) is int else _scalar(pport)}')
        owners = ",".join([f'{{"name":{string(name)},"pid":{_scalar(pid)},"fd":{_scalar(fd)}}}'
                           for name, pid, fd in processes])
        piece = (f'{head}{recv_q if type(recv_q) is int else _scalar(recv_q)},"send_q":'
                 f'{send_q if type(send_q) is int else _scalar(send_q)},"local_address":'
                 f'{local},"processes":[{owners}]')
        if timer is not None or ext is not None or inode is not None or (
                piface is not None and unix is None):
            piece += _tail(row)
        append(piece + "}")
    return "[" + ",".join(parts) + "]"


def ss_socket_to_json(socket: Socket) -> dict[str, Any]:
    """One socket object (see the module docstring)."""
    result: dict[str, Any] = json.loads(ss_sockets_json_text((ss_socket_row(socket),)))[0]
    return result


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


def ss_to_json_text(output: SsOutput) -> str:
    """The compact JSON text of :func:`ss_to_json` (which reads it): the rows the parser
    kept are written without building a ``Socket``."""
    text = '{"sockets":' + ss_sockets_json_text(ss_socket_rows(output.sockets))
    if output.summary is not None:
        text += ',"summary":' + _dumps(summary_to_json(output.summary))
    return text + "}"


def ss_to_json(output: SsOutput) -> dict[str, Any]:
    """``{"sockets": [...]}`` and, for ``ss -s``, ``"summary"``."""
    result: dict[str, Any] = json.loads(ss_to_json_text(output))
    return result


def ss_direct_json(text: str, *, source: str | None = None, netid: str | None = None,
                   **_hints: Any) -> tuple[str, tuple[Diagnostic, ...]]:
    """``netfacts parse --as ss`` (``direct_json`` of the registry): the parser's rows
    straight to JSON text, no ``Socket`` built; equal to the compact ``json.dumps`` of
    :func:`ss_to_json`."""
    from netfacts.parsers.ss import parse_ss

    output = parse_ss(text, source=source, netid=netid)
    return ss_to_json_text(output), output.diagnostics
