"""ss socket listings straight to compact JSON text: the CLI's fast path.

``netfacts parse --as ss`` on a large ``ss -tuanp`` would spend most of its time
building typed :class:`~netfacts.models.socket.Socket` objects that are thrown away
once the JSON is written.  This module writes the common rows as JSON text without
models: an Internet row matched by the full-row shape of the header's layout
(:mod:`netfacts.grammar.ss`), with no continuation lines and nothing after its
address columns but a ``users:((...))`` block.  Each JSON member is made once from
the parser's own functions (:func:`~netfacts.parsers.ss.endpoint`,
:func:`~netfacts.parsers.ss.processes`, ``TcpState.from_ss``) and the JSON writer's
value rules, and reused from a cache keyed by the printed text, so a piece is what
the model path writes for that text.  Every other line (headers, rows with
extensions or continuation lines, UNIX/netlink/packet rows, prompts, errors) goes
through the same reader as :func:`~netfacts.parsers.ss.parse_ss`, and its sockets
through :func:`~netfacts.jsonio.ss.ss_socket_to_json`, so the diagnostics are the
parser's own.  ``ss -s`` output returns None (the model path writes it).

The result equals, byte for byte, the compact JSON of the model path
(``tests/property/test_ss_direct.py`` checks it on every capture, on generated
listings and on damaged text).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from netfacts._text import split_lines
from netfacts.jsonio.ss import _address, ss_socket_to_json
from netfacts.models.socket import TcpState
from netfacts.models.values import MAX_DIGITS
from netfacts.parsers import ss as parser
from netfacts.parsers._driver import BAD_VALUES, Collector

if TYPE_CHECKING:
    import re

    from netfacts.errors import Diagnostic

__all__ = ["direct_json"]

_LIMIT = 65536
_NO_PROCESSES = ',"processes":[]'

_HOSTS: dict[str, tuple[str, str]] = {}
"""Host text as printed (``[::1]``, ``0.0.0.0%eth0``) → JSON of its address and interface."""
_LOCAL: dict[str, str] = {}
_PEER: dict[str, tuple[str, str]] = {}
"""Peer token → (its members, the ``peer_interface`` member or "")."""
_HEADS: dict[tuple[str | None, str | None], str] = {}
_USERS: dict[str, str] = {}
_NAMES: dict[str, str] = {}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _endpoint(token: str) -> tuple[str, str, str] | None:
    """JSON of (address, port, interface) of an ss ``ADDR[%IFACE]:PORT`` token, or None
    when the parser reports it."""
    colon = token.rfind(":")
    if colon >= 0:
        port = token[colon + 1 :]
        host = _HOSTS.get(token[:colon])
        if host is not None and port.isdigit() and port.isascii() and len(port) <= 10:
            if port[0] == "0" and len(port) > 1:
                port = str(int(port))
            return host[0], port, host[1]
    try:
        found = parser.endpoint(token)
    except ValueError:
        return None
    address = _dumps(_address(found.address))
    interface = _dumps(found.interface)
    if colon >= 0 and len(_HOSTS) < _LIMIT:  # only a host that has a port after it
        _HOSTS[token[:colon]] = (address, interface)
    return address, _dumps(found.port), interface


def _cacheable(port: str) -> bool:
    """Ephemeral ports (Linux: 32768-60999) rarely repeat: caching them fills the cache."""
    return not port.isdigit() or len(port) < 5 or port < "32768"


def _local(token: str) -> str | None:
    parts = _endpoint(token)
    if parts is None:
        return None
    piece = f',"local_address":{parts[0]},"local_port":{parts[1]},"local_interface":{parts[2]}'
    if len(_LOCAL) < _LIMIT and _cacheable(parts[1]):
        _LOCAL[token] = piece
    return piece


def _peer(token: str) -> tuple[str, str] | None:
    parts = _endpoint(token)
    if parts is None:
        return None
    pieces = (f',"peer_address":{parts[0]},"peer_port":{parts[1]}',
              "" if parts[2] == "null" else f',"peer_interface":{parts[2]}')
    if len(_PEER) < _LIMIT and _cacheable(parts[1]):
        _PEER[token] = pieces
    return pieces


def _users(block: str) -> str:
    """``,"processes":[...]`` of a ``users:((...))`` block, item by item as
    :func:`~netfacts.parsers.ss.processes` reads it (the fds make most blocks unique)."""
    piece = _USERS.get(block)
    if piece is None:
        names = _NAMES
        items = []
        for name, pid, fd in parser._USER.findall(block):
            quoted = names.get(name)
            if quoted is None:
                quoted = _dumps(name)
                if len(names) < _LIMIT:
                    names[name] = quoted
            if pid[0] == "0" or fd[0] == "0" or len(pid) > MAX_DIGITS or len(fd) > MAX_DIGITS:
                pid, fd = _number(pid), _number(fd)
            items.append(f'{{"name":{quoted},"pid":{pid},"fd":{fd}}}')
        piece = ',"processes":[' + ",".join(items) + "]"
        if len(_USERS) < _LIMIT:
            _USERS[block] = piece
    return piece


def _head(netid: str | None, state: str | None) -> str:
    piece = _HEADS.get((netid, state))
    if piece is None:
        word = TcpState.from_ss(state).ss_word if state is not None else None
        piece = '{"netid":' + _dumps(netid) + ',"state":' + _dumps(word) + ',"recv_q":'
        if len(_HEADS) < 4096:
            _HEADS[(netid, state)] = piece
    return piece


def _number(text: str) -> str:
    """A ``[0-9]+`` column as its JSON integer (``ValueError`` where ``int()`` raises)."""
    if len(text) > MAX_DIGITS:
        raise ValueError(f"a number of {len(text)} digits")
    return text if text[0] != "0" or len(text) == 1 else str(int(text))


def _row(
    match: re.Match[str], names: tuple[str, ...], netid: str | None, with_state: bool
) -> str | None:
    """The JSON object of a row without continuation lines, or None when the reader must
    build it (extensions after the process column, an address it reports)."""
    state, recv_q, send_q, local_text, peer_text, tail = match.group(*names)
    if not with_state:
        state = None
    if tail:
        if tail.startswith("users:((") and " " not in tail:
            owners = _USERS.get(tail) or _users(tail)
        else:
            users = parser._USERS.search(tail) if "users:" in tail else None
            if users is None or (tail[: users.start()] + tail[users.end() :]).strip():
                return None
            block = users.group(0)
            owners = _USERS.get(block) or _users(block)
    else:
        owners = _NO_PROCESSES
    local = _LOCAL.get(local_text) or _local(local_text)
    peer = _PEER.get(peer_text) or _peer(peer_text)
    if local is None or peer is None:
        return None
    if recv_q != "0":
        recv_q = _number(recv_q)
    if send_q != "0":
        send_q = _number(send_q)
    return (f"{_HEADS.get((netid, state)) or _head(netid, state)}{recv_q}"
            f',"send_q":{send_q}{local}{peer[0]}{owners}{peer[1]}}}')


def _names(match: re.Match[str]) -> tuple[tuple[str, ...], bool]:
    """Groups to read from a full-row match (the state group doubles for a missing
    State column: its value is then replaced by None) and whether it has a Netid."""
    index = match.re.groupindex
    state = "state" if "state" in index else "recv_q"
    return (state, "recv_q", "send_q", "local", "peer", "tail"), "netid" in index


def direct_json(
    text: str, *, source: str | None = None, netid: str | None = None, **_hints: Any
) -> tuple[str, tuple[Diagnostic, ...]] | None:
    """The compact JSON text of ``ss_to_json(parse_ss(text))`` and the diagnostics, or
    None for ``ss -s`` output."""
    collector = Collector(source=source, strict=False)
    reader = parser._Reader(collector, netid=netid, streaming=True)
    lines = split_lines(text)
    pieces: list[Any] = []
    append = pieces.append
    sockets = reader.sockets
    unix_netids = parser._UNIX_NETIDS
    full = reader.inet_full
    names: tuple[str, ...] = ()
    with_netid = with_state = False
    count = len(lines)
    for index, line in enumerate(lines):
        number = index + 1
        if line[:1] == "\t":
            reader.feed([line], number)
        else:
            if reader.fast is not None or reader.row is not None:
                reader.flush()
            if sockets:
                pieces.extend(sockets)
                sockets.clear()
            if full is not None:
                match = full(line.rstrip())
                if match is not None:
                    if not names:
                        names, with_netid = _names(match)
                        with_state = names[0] == "state"
                    row_netid = match.group("netid") if with_netid else netid
                    if row_netid not in unix_netids and (
                            row_netid is not None or ":" in match.group("local")):
                        if index + 1 >= count or lines[index + 1][:1] != "\t":
                            try:
                                piece = _row(match, names, row_netid, with_state)
                            except BAD_VALUES as exc:  # as the reader's flush reports it
                                collector.bad_value(number, match.string, exc)
                                continue
                            if piece is not None:
                                append(piece)
                                continue
                        reader.fast = (number, match, [])
                        continue
            reader.line(number, line)
            if full is not reader.inet_full:
                full = reader.inet_full
                names = ()
        if sockets:
            pieces.extend(sockets)
            sockets.clear()
    reader.flush()
    pieces.extend(sockets)
    if reader.summary is not None or reader.transports:
        return None
    collector.check_final_line(text, lines)
    body = ",".join([
        piece if type(piece) is str else _dumps(ss_socket_to_json(piece)) for piece in pieces
    ])
    return '{"sockets":[' + body + "]}", collector.result()
