"""netstat socket listings straight to compact JSON text: the CLI's fast path.

``netfacts parse --as netstat`` on a large ``netstat -anp`` would spend most of its
time building typed :class:`~netfacts.models.socket.Socket` objects that are thrown
away once the JSON is written.  This module writes the common rows as JSON text
without models, the way :meth:`Reader.feed <netfacts.parsers.netstat._reader.Reader.feed>`
builds them: an Internet row matched by the full-row shape of its section's header
(:mod:`netfacts.grammar.netstat`) whose State fits its protocol, whose program fits
the column and whose address fields are shorter than 23 characters, and a UNIX row
matched by ``unix_row``.  Each JSON member is made once from the model functions
(:func:`~netfacts.parsers.netstat._sockets.endpoint`, ``program``, ``timer``,
``inet_state``) and the JSON writer's value rules, and reused from a cache keyed by
the printed text, so a piece is what the model path writes for that text.  Every
other line (titles, headers, prompts, truncated fields, odd rows, errors) goes
through the same :class:`~netfacts.parsers.netstat._reader.Reader` as
:func:`~netfacts.parsers.netstat.parse_netstat`, and its sockets through
:func:`~netfacts.jsonio.netstat.netstat_to_json`'s writer, so the diagnostics are
the parser's own.

Output that is not a single socket listing (``-c`` samples, routes, interfaces,
statistics, groups) returns None: the CLI then takes the model path.  The result
equals, byte for byte, the compact JSON of the model path
(``tests/property/test_netstat_direct.py`` checks it on every capture, on generated
listings and on damaged text).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from netfacts._text import split_lines
from netfacts.grammar import netstat as g
from netfacts.jsonio.netstat import _sockets_writer, address_text, state_text, timer_to_json
from netfacts.models.socket import Socket, TcpState
from netfacts.models.values import MAX_DIGITS
from netfacts.parsers._driver import BAD_VALUES, Collector
from netfacts.parsers.netstat import _sockets as sk
from netfacts.parsers.netstat._reader import Reader

if TYPE_CHECKING:
    import re

    from netfacts.errors import Diagnostic

__all__ = ["direct_json"]

_LIMIT = 65536
_UNIX_FULL = g.SHAPES["unix_row"].regex.fullmatch
_NO_PROGRAM = ',"pid":null,"program":null'

_HOSTS: dict[str, str] = {}
"""Address text as printed → its JSON value."""
_LOCAL: dict[str, str] = {}
_FOREIGN: dict[str, str] = {}
_PROGRAMS: dict[str, str] = {"-": _NO_PROGRAM}
_TIMERS: dict[str, str] = {}
_USERS: dict[str, str] = {}
_HEADS: dict[str, str] = {}
_UNIX_HEADS: dict[tuple[str, str, str, str | None], str] = {}
_NAMES: dict[str, str] = {}
_PATHS: dict[str | None, str] = {}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _endpoint(token: str, key: str, cache: dict[str, str]) -> str | None:
    """``,"<key>_address":...,"<key>_port":...`` of an ``ADDR:PORT`` field shorter than
    23 characters, or None when the model path would not read it (no ``:port``)."""
    colon = token.rfind(":")
    if colon > 0:
        port = token[colon + 1 :]
        host = _HOSTS.get(token[:colon])
        if host is not None and port.isdigit() and port.isascii() and (
                len(port) < 5 or (len(port) == 5 and port <= "65535")):
            if port[0] == "0" and len(port) > 1:
                port = str(int(port))
            return f',"{key}_address":{host},"{key}_port":{port}'
    try:
        found = sk.endpoint(token, False)
    except ValueError:
        return None
    host = _dumps(address_text(found.address))
    if colon > 0 and len(_HOSTS) < _LIMIT:  # the key the lookup above uses
        _HOSTS[token[:colon]] = host
    piece = f',"{key}_address":{host},"{key}_port":{_dumps(found.port)}'
    port_value = found.port
    if (type(port_value) is not int or port_value < 32768) and len(cache) < _LIMIT:
        cache[token] = piece
    return piece


def _owner(processes: tuple[Any, ...]) -> str:
    if not processes:
        return _NO_PROGRAM
    first = processes[0]
    name = _NAMES.get(first.name)
    if name is None:
        name = _dumps(first.name)
        if len(_NAMES) < _LIMIT:
            _NAMES[first.name] = name
    pid = first.pid
    return f',"pid":{pid if type(pid) is int else _dumps(pid)},"program":{name}'


def _program(text: str) -> str | None:
    """``,"pid":...,"program":...`` of a PID/Program name column, or None when the hot
    path of the reader would not take it."""
    processes = sk._PROGRAMS.get(text)
    if processes is None and len(text) < 20:
        processes = sk.program(text)
    if processes is None:
        return None
    piece = _owner(processes)
    if len(_PROGRAMS) < _LIMIT:
        _PROGRAMS[text] = piece
    return piece


def _timer(text: str) -> str:
    piece = _TIMERS.get(text)
    if piece is None:
        timer = sk._TIMERS.get(text) or sk.timer(text)
        piece = ',"timer":' + _dumps(timer_to_json(timer))
        if len(_TIMERS) < _LIMIT:
            _TIMERS[text] = piece
    return piece


def _user(text: str) -> str:
    piece = _USERS.get(text)
    if piece is None:
        piece = ',"user":' + _dumps(text) + ',"inode":'
        if len(_USERS) < _LIMIT:
            _USERS[text] = piece
    return piece


def _number(text: str) -> str:
    """A ``[0-9]+`` column as its JSON integer (``ValueError`` where ``int()`` raises)."""
    if len(text) > MAX_DIGITS:
        raise ValueError(f"a number of {len(text)} digits")
    return text if text[0] != "0" or len(text) == 1 else str(int(text))


def _head(proto: str) -> str:
    piece = _HEADS.get(proto)
    if piece is None:
        piece = _HEADS[proto] = '{"proto":' + _dumps(proto) + ',"recv_q":'
    return piece


def _unix(reader: Reader, line: str, match: re.Match[str]) -> str | None:
    """The JSON object of a UNIX row, or None when the reader must report it."""
    refcnt, flags, kind, state, inode = match.group("refcnt", "flags", "type", "state", "inode")
    try:
        processes, path, _ = sk.unix_tail(line.rstrip(), match.start("inode"), inode, reader.unix)
    except sk.RowError:
        return None
    key = (refcnt, flags, kind, state)
    head = _UNIX_HEADS.get(key)
    if head is None:
        word = TcpState.from_unix(state or "").unix_word or None
        head = (f'{{"proto":"unix","refcnt":{int(refcnt)},'
                f'"flags":{_dumps(list(sk.unix_flags(flags)))},"type":{_dumps(kind)},'
                f'"state":{_dumps(word)},"inode":')
        if len(_UNIX_HEADS) < 4096:
            _UNIX_HEADS[key] = head
    where = _PATHS.get(path)
    if where is None:
        where = ',"path":' + _dumps(path) + "}"
        if len(_PATHS) < _LIMIT:
            _PATHS[path] = where
    return f'{head}{_number(inode) if inode != "-" else "null"}{_owner(processes)}{where}'


class _Bail(Exception):
    """The text is not a single socket listing: the model path must write it."""


def _drain(reader: Reader, pieces: list[Any]) -> None:
    for sample, record in reader.pending:
        if sample > 0 or not isinstance(record, Socket):
            raise _Bail
        pieces.append(record)
    reader.pending.clear()


def _feed(reader: Reader, lines: list[str], pieces: list[Any], layouts: set[Any]) -> None:
    """:meth:`Reader.feed` writing JSON text for the rows its hot path takes."""
    states = reader.states
    state_pieces: dict[tuple[str, str | None], str] = {}
    programs = _PROGRAMS.get
    local_get = _LOCAL.get
    foreign_get = _FOREIGN.get
    timers = _TIMERS.get
    heads = _HEADS.get
    append = pieces.append
    pending = reader.pending
    full = reader.inet_full
    user_at, program_at, timer_at = reader.inet_index
    unix = reader.section == "unix"
    for number, line in enumerate(lines, 1):
        try:
            if unix:
                match = _UNIX_FULL(line)
                if match is not None:
                    piece = _unix(reader, line, match)
                    if piece is not None:
                        append(piece)
                        continue
                    reader.unix_row(number, line, match)
                    if pending:
                        _drain(reader, pieces)
                    continue
            elif full is not None:
                match = full(line)
                if match is not None:
                    groups = match.groups()
                    proto, recv_q, send_q, local, foreign, state_word = groups[:6]
                    key = (proto, state_word)
                    state = state_pieces.get(key)
                    if state is None and key in states:
                        state = state_pieces[key] = ',"state":' + _dumps(
                            state_text(proto, states[key]))
                    if state is not None and len(local) < 23 and len(foreign) < 23:
                        if program_at:
                            text = groups[program_at]
                            owner = programs(text) or _program(text)
                        else:
                            owner = _NO_PROGRAM
                        if timer_at:
                            text = groups[timer_at]
                            timer = timers(text) or _timer(text)
                        if owner is not None:
                            lep = local_get(local) or _endpoint(local, "local", _LOCAL)
                            fep = foreign_get(foreign) or _endpoint(foreign, "foreign", _FOREIGN)
                            if lep is not None and fep is not None:
                                if recv_q != "0":
                                    recv_q = _number(recv_q)
                                if send_q != "0":
                                    send_q = _number(send_q)
                                piece = (f"{heads(proto) or _head(proto)}{recv_q}"
                                         f',"send_q":{send_q}{lep}{fep}{state}{owner}')
                                if user_at:
                                    piece += (_USERS.get(groups[user_at]) or _user(groups[user_at])
                                              ) + _number(groups[user_at + 1])
                                if timer_at:
                                    piece += timer
                                append(piece + "}")
                                continue
                    if reader._inet_full(number, line, match):
                        if pending:
                            _drain(reader, pieces)
                        continue
            reader.line(number, line)
            if pending:
                _drain(reader, pieces)
            full = reader.inet_full
            user_at, program_at, timer_at = reader.inet_index
            if full is not None:
                layouts.add((bool(user_at), bool(timer_at)))
            unix = reader.section == "unix"
        except BAD_VALUES as exc:  # as Reader.feed reports it
            reader.c.bad_value(number, line.rstrip(), exc)


def direct_json(
    text: str, *, source: str | None = None, wide: bool | None = None, **_hints: Any
) -> tuple[str, tuple[Diagnostic, ...]] | None:
    """The compact JSON text of ``netstat_to_json(parse_netstat(text))`` and the
    diagnostics, or None when the text is not a single socket listing."""
    collector = Collector(source=source, strict=False)
    reader = Reader(collector, wide=wide, streaming=True)
    lines = split_lines(text)
    pieces: list[Any] = []
    layouts: set[tuple[bool, bool]] = set()
    try:
        _feed(reader, lines, pieces, layouts)
        reader.finish()
        _drain(reader, pieces)
    except _Bail:
        return None
    if reader.sample_index > 0:
        return None
    form = reader.form()
    kinds = {section.kind for section in form.sections}
    if kinds - {"inet", "unix", "other"}:
        return None
    inet = form.section("inet")
    columns = inet.columns if inet is not None else ()
    if layouts - {("user" in columns, "timer" in columns)}:
        return None
    collector.check_final_line(text, lines)
    if not (kinds & {"inet", "unix"} or pieces):
        return "{}", collector.result()
    write = _sockets_writer(columns)
    body = ",".join([
        piece if type(piece) is str else _dumps(write((piece,))[0]) for piece in pieces
    ])
    return '{"sockets":[' + body + "]}", collector.result()
