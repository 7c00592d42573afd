"""Parse ``ss`` output into :class:`~netfacts.models.ss.SsOutput`.

Every column layout (Netid and State columns present or not, ``-H``), every socket kind
(inet, UNIX with paths containing spaces, netlink, packet), the process column
(``users:((...))`` with names holding spaces, quotes, commas and parentheses, and the
old ``("name",pid,fd)`` form), the extension fields of ``-e -o -m -i`` on the row or on
TAB-indented continuation lines, SCTP association sub-rows, and ``ss -s``.
Grammar: :mod:`netfacts.grammar.ss`.

:func:`parse_ss` reads a whole text; :func:`iter_ss` streams the sockets of a path, file
or iterable of lines with the same diagnostics.

Example::

    >>> from netfacts.parsers.ss import parse_ss
    >>> out = parse_ss("State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\\n"
    ...                'LISTEN 0      16           0.0.0.0:22        0.0.0.0:*    '
    ...                'users:(("sshd",pid=10079,fd=3))\\n', netid="tcp")
    >>> sock = out.sockets[0]
    >>> sock.local_port, sock.program, sock.pid, sock.state.value, sock.is_listening
    (22, 'sshd', 10079, 'LISTEN', True)
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from typing import Any

from netfacts._text import classify_noise, prompt_command, split_lines
from netfacts.grammar import ss as g
from netfacts.models._checked import builder as _unchecked
from netfacts.models.socket import (
    Endpoint,
    Socket,
    SocketProcess,
    SsExtensions,
    TcpState,
    Timer,
    UnixInfo,
    make_endpoint,
    make_process,
)
from netfacts.models.ss import (
    IP,
    TEXT,
    SsForm,
    SsOutput,
    SsSocketList,
    SsSummary,
    SsTransport,
    ss_socket_from_row,
    ss_socket_row,
)
from netfacts.models.values import ip_address, ip_token, is_decimal
from netfacts.parsers._driver import BAD_VALUES, Collector
from netfacts.parsers._stream import RecordStream

__all__ = ["SsStream", "command_hints", "iter_ss", "parse_ss", "parse_timer_text", "sniff"]

_socket = _unchecked(Socket)  # the parser's values are valid: no constructor checks
_unix = _unchecked(UnixInfo)
_timer = _unchecked(Timer)

_S = g.SHAPES
_USERS = re.compile(g.USERS).match


def _find_users(tail: str) -> re.Match[str] | None:
    """The ``users:((...))`` block of a row's tail, tried where ``users:((`` first appears
    only (a search from every later start would make a long garbled tail quadratic)."""
    start = tail.find("users:((")
    return _USERS(tail, start) if start >= 0 else None

_USER = re.compile(g.USER).fullmatch
_TIME = re.compile(r"(?:([0-9]+)min)?(?:([0-9]+)(sec|\.))?(?:([0-9]+)ms)?")
_UNIX_NETIDS = {"u_str": "STREAM", "u_dgr": "DGRAM", "u_seq": "SEQPACKET",
                "u_seqpacket": "SEQPACKET"}
_LAYOUTS = ("row_ns", "row_n", "row_s", "row")
_COLON_KEYS = {(key.keyword, unix): key for key in g.EXTENSION_KEYS
               for unix in (False, True)
               if key.keyword is not None and key.unix in (None, unix)}
"""(keyword, UNIX socket?) → the entry of the field table that reads ``KEYWORD:VALUE``."""
_RATE_WORDS = frozenset({"send", "pacing_rate", "delivery_rate", "max_pacing_rate"})
_SS_STATES = frozenset({
    "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
    "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "UNKNOWN", "NEW-SYN-RECV", "CLOSED",
    "COOKIE_WAIT", "COOKIE_ECHOED", "SHUTDOWN_PENDING", "SHUTDOWN_SENT", "SHUTDOWN_RECEIVED",
    "ACK_SENT",
})


# ---------------------------------------------------------------- values


def parse_timer_text(text: str) -> int | None:
    """ss's timer time in milliseconds: ``119min``, ``33sec``, ``1min5sec``, ``200ms``,
    ``9.076ms`` (9.076 s); None for an empty time; ``ValueError`` for anything else."""
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is None or not any(match.groups()):
        raise ValueError(f"not an ss timer time: {text!r}")
    minutes, seconds, unit, millis = match.groups()
    if unit == "." and millis is None:
        raise ValueError(f"not an ss timer time: {text!r}")
    total = int(minutes or 0) * 60000 + int(seconds or 0) * 1000 + int(millis or 0)
    return total


def endpoint_slots(token: str) -> tuple[str | None, Any, str | None, int]:
    """An ss ``ADDR[%IFACE]:PORT`` token (``[v6]``, ``*``, netlink ``4:0``, packet
    ``*:eth0``) as row slots: (address text, port, interface, kind — ``IP`` when the
    address is an IP address, kept as ``inet_ntop`` writes it); ``ValueError`` when there
    is no ``:port``.  No object is built."""
    if token == "*":
        return None, None, None, IP
    colon = token.rfind(":")
    if colon < 0:
        raise ValueError(f"Expected ADDRESS:PORT, found {token!r}")
    host = token[:colon]
    port_text = token[colon + 1 :]
    port: Any
    if port_text == "*":
        port = None
    elif port_text.isdigit() and port_text.isascii():
        if len(port_text) > 10:  # a port, or a netlink port id (u32)
            raise ValueError(f"Expected a port number, found {port_text[:12]!r}...")
        port = int(port_text)
    elif port_text:
        port = port_text
    else:
        raise ValueError(f"Expected a port after ':' in {token!r}")
    interface = None
    if host[:1] == "[":
        close = host.find("]")
        if close < 0:
            raise ValueError(f"Expected ']' in {token!r}")
        rest = host[close + 1 :]
        if rest[:1] == "%":
            interface = rest[1:]
        elif rest:
            raise ValueError(f"Unexpected {rest!r} after ']' in {token!r}")
        text = host[1:close]
    else:
        percent = host.find("%")
        if percent >= 0:
            text, interface = host[:percent], host[percent + 1 :]
        else:
            text = host
    if text == "*":
        return None, port, interface, IP
    try:
        return ip_token(text), port, interface, IP
    except ValueError:
        return text, port, interface, TEXT


def endpoint(token: str) -> Endpoint:
    """The :class:`~netfacts.models.socket.Endpoint` of an ss ``ADDR[%IFACE]:PORT`` token
    (see :func:`endpoint_slots`)."""
    address, port, interface, kind = endpoint_slots(token)
    result: Endpoint = make_endpoint(
        ip_address(address) if kind == IP and address is not None else address, port,
        interface, False)
    return result


def process_triples(block: str) -> tuple[tuple[str, int, int], ...]:
    """The ``(name, pid, fd)`` items of a ``users:((...))`` block.

    An item ends at the first ``)`` (ss cuts the comm there), so each piece of the block
    up to a ``)`` holds at most one, read from its first ``("``: the same items a search
    of the whole block finds, without rescanning the rest of a long garbled block from
    every ``("`` in it."""
    items = []
    for piece in block.split(")"):
        start = piece.find('("')
        if start >= 0:
            found = _USER(piece + ")", start)
            if found is not None:
                name, pid, fd = found.groups()
                items.append((name, int(pid), int(fd)))
    return tuple(items)


def processes(block: str) -> tuple[SocketProcess, ...]:
    """The items of a ``users:((...))`` block."""
    return tuple([make_process(name, pid, fd, False) for name, pid, fd in
                  process_triples(block)])


_FAST = True
"""Read full-row matches with ``_flush_fast`` (tests turn it off to check that it agrees
with the reading of every other row)."""

_GROUPS: dict[re.Pattern[str], tuple[int, ...]] = {}
"""Full-row pattern → the 0-based indexes of its netid, state, recv_q, send_q, local,
peer and tail groups in ``match.groups()`` (-1: no such column); one entry per layout."""


def _group_indexes(pattern: re.Pattern[str]) -> tuple[int, ...]:
    index = pattern.groupindex
    found = tuple(index.get(name, 0) - 1 for name in (
        "netid", "state", "recv_q", "send_q", "local", "peer", "tail"))
    _GROUPS[pattern] = found
    return found


def _number(text: str) -> int | None:
    return int(text) if is_decimal(text) else None


def _extensions(
    words: list[str], unix: bool, netlink: bool
) -> tuple[SsExtensions | None, int | None, Timer | None]:
    """(extensions, socket inode, timer) from the words after the process column."""
    values: dict[str, Any] = {}
    inode: int | None = None
    timer: Timer | None = None
    tcp_info: list[tuple[str, str | None]] = []
    netlink_pairs: list[tuple[str, str]] = []
    extra: list[str] = []
    count = len(words)
    i = 0
    while i < count:
        word = words[i]
        i += 1
        if word in g.SHUTDOWN:
            values["shutdown"] = word
            continue
        if word.startswith("timer:(") and word.endswith(")"):
            parts = word[7:-1].split(",")
            if len(parts) == 3 and is_decimal(parts[2]):
                try:
                    expires = parse_timer_text(parts[1])
                except ValueError:
                    extra.append(word)
                    continue
                timer = _timer(name=parts[0], expires_ms=expires, retransmits=int(parts[2]))
                continue
            extra.append(word)
            continue
        if word.startswith(("skmem:(", "mem:(")) and word.endswith(")"):
            pairs: list[tuple[str, int]] = []
            for item in word[word.index("(") + 1 : -1].split(","):
                name = item.rstrip("0123456789")
                digits = item[len(name) :]
                if not digits:
                    pairs = []
                    break
                pairs.append((name, int(digits)))
            if pairs:
                values["skmem"] = tuple(pairs)
                continue
            extra.append(word)
            continue
        if word == "peers:":
            peers = []
            while i < count and is_decimal(words[i]):
                peers.append(int(words[i]))
                i += 1
            values["peers"] = tuple(peers)
            continue
        if "=" in word and ":" not in word.split("=", 1)[0]:
            key, _, value = word.partition("=")
            if netlink:
                netlink_pairs.append((key, value))
                continue
            if key == "ino" and is_decimal(value):
                inode = int(value)
                continue
            if key == "sk":
                values["cookie"] = value
                continue
            extra.append(word)
            continue
        key, colon, value = word.partition(":")
        if colon:
            entry = _COLON_KEYS.get((key, unix))
            if entry is not None:
                read = entry.read(value)
                if read is not None:
                    if entry.field == "inode":
                        inode = read
                    else:
                        values[entry.field] = read
                    continue
            tcp_info.append((key, value))
            continue
        if word in _RATE_WORDS and i < count:
            tcp_info.append((word, words[i]))
            i += 1
            continue
        if word.replace("_", "").isalnum():
            tcp_info.append((word, None))
            continue
        extra.append(word)
    if tcp_info:
        values["tcp_info"] = tuple(tcp_info)
    if netlink_pairs:
        values["netlink"] = tuple(netlink_pairs)
    if extra:
        values["extra"] = tuple(extra)
    return (SsExtensions(**values) if values else None), inode, timer


# ---------------------------------------------------------------- the reader


class _Row:
    """A row waiting for its continuation lines."""

    __slots__ = ("line", "netid", "number", "queues", "rest", "state", "tail_extra")

    def __init__(self, number: int, line: str, *, netid: str | None, state: str | None,
                 queues: tuple[int, int], rest: str) -> None:
        self.number = number
        self.line = line
        self.netid = netid
        self.state = state
        self.queues = queues
        self.rest = rest
        self.tail_extra: list[str] = []


class _Reader:
    def __init__(self, collector: Collector, *, netid: str | None, streaming: bool) -> None:
        self.c = collector
        self.netid_hint = netid
        self.streaming = streaming
        self.sockets: list[tuple[Any, ...]] = []
        """The rows (:data:`~netfacts.models.ss.SS_ROW`) of the sockets read so far."""
        self.lines: list[int] = []
        """The line of each socket (not kept while streaming)."""
        self.layout: str | None = None
        self.form: dict[str, Any] = {}
        self.row: _Row | None = None
        self.fast: tuple[int, re.Match[str], list[str]] | None = None
        """An Internet row matched by the full-row shape, waiting for continuation lines."""
        self.inet_full: Any = None
        self.last_netid: str | None = None
        self.usage = False
        self.after_echo = False
        self.summary: dict[str, Any] | None = None
        self.transports: list[SsTransport] = []
        self.states: dict[str, TcpState] = {}

    # ------------------------------------------------------------ lines

    def feed(self, lines: list[str], first: int = 1) -> None:
        """Read ``lines`` (numbered from ``first``); a row waits in ``row`` (or ``fast``)
        until the next line shows whether continuation lines follow."""
        full = self.inet_full
        for number, line in enumerate(lines, first):
            if line[:1] == "\t" and line[1:2] in ("", " "):  # ss indents "\t " (or blank)
                if self.fast is not None:
                    self.fast[2].append(line[1:])
                    continue
                if self.row is not None:
                    self.row.tail_extra.append(line[1:])
                    continue
                if not line.strip():
                    continue
            if self.fast is not None:
                self.flush_fast()
            elif self.row is not None:
                self.flush()
            if full is not None and _FAST:
                match = full(line.rstrip())
                if match is not None:
                    netid = self.netid_hint if self.layout in ("row_s", "row") else \
                        match.group("netid")
                    if netid not in _UNIX_NETIDS and (netid is not None or ":" in match.group(
                            "local")):
                        self.fast = (number, match, [])
                        continue
            self.line(number, line)
            full = self.inet_full

    def line(self, number: int, raw: str) -> None:
        """Read one line that is not a fast-path row."""
        try:
            self._line(number, raw)
        except BAD_VALUES as exc:
            self.c.bad_value(number, raw.rstrip(), exc)

    def _line(self, number: int, raw: str) -> None:
        line = raw.rstrip()
        if not line:
            return
        if self.usage:
            if line[0] in " \t" or line.startswith("Usage"):
                return
            self.usage = False
        first = line[0]
        after_echo = self.after_echo
        self.after_echo = False
        if first in "$#[%>" or "@" in line[:64]:
            command = prompt_command(line)
            if command is not None:
                if command.split()[:1] == ["echo"] and "$?" in command:
                    self.after_echo = True
                self.c.warning(number, "skipped shell prompt", line)
                return
        if after_echo and line.strip().isdigit():
            self.c.warning(number, "skipped the exit status printed by 'echo $?'", line)
            return
        if first in " \t":
            match = _S["sub_row"].match(line)
            if match is not None:
                self._row(number, raw, match, self.last_netid)
                return
            if first == "\t" and line[1:2] not in ("", " ") and classify_noise(line) is None:
                # ss indents its extra lines with a tab and a space: this is a row pushed
                # right by damage, not more of the socket above.
                self.c.error(number, 1, "Expected a socket row at the start of the line "
                             "(ss indents only its detail lines, with a tab and a space)", line)
                return
            if first == "\t":
                self.c.reject(number, line, _S["continuation"])
                return
            self.c.reject(number, line, None)
            return
        if first == "U" and line.startswith("Usage: ss"):
            self.usage = True
            self.c.warning(number, "skipped ss's usage text (an option it does not know)", line)
            return
        if first in "NSR" and "Address:Port" in line:
            match = _S["header"].match(line)
            if match is not None:
                netid, state, process = match.group("has_netid", "has_state", "has_process")
                self.layout = "row_" + ("n" if netid else "") + ("s" if state else "")
                self.inet_full = _S["inet_" + self.layout[4:]].regex.fullmatch
                if self.layout == "row_":
                    self.layout = "row"
                self.form.setdefault("netid_column", bool(netid))
                self.form.setdefault("state_column", bool(state))
                self.form.setdefault("header", True)
                self.form.setdefault("process_header", bool(process))
                return
        if (first in "TUR*FI" or first.isupper()) and self._summary(number, line):
            return
        if self.layout is not None:
            match = _S[self.layout].match(line)
            if match is not None:
                self._row(number, raw, match, None)
                return
            self.c.reject(number, line, _S[self.layout])
            return
        for layout in _LAYOUTS:
            match = _S[layout].match(line)
            if match is None:
                continue
            groups = match.groupdict()
            state = groups.get("state")
            if state is not None and state not in _SS_STATES and not state.startswith("`"):
                continue
            self.form.setdefault("netid_column", "netid" in groups)
            self.form.setdefault("state_column", "state" in groups)
            self.form.setdefault("header", False)
            self.form.setdefault("process_header", False)
            self._row(number, raw, match, None)
            return
        self.c.reject(number, line, _S["row_ns"])

    def _summary(self, number: int, line: str) -> bool:
        for name in ("total", "tcp_summary", "transport_header", "transport_row"):
            match = _S[name].match(line)
            if match is None:
                continue
            if self.summary is None:
                self.summary = {}
                self.form["summary"] = True
            if name == "total":
                self.summary["total"] = int(match.group("total"))
                kernel = match.group("kernel")
                if kernel is not None:
                    self.summary["kernel"] = int(kernel)
            elif name == "tcp_summary":
                self.summary["tcp_total"] = int(match.group("tcp_total"))
                pairs = []
                for item in match.group("pairs").split(","):
                    key, _, value = item.strip().partition(" ")
                    pairs.append((key, value))
                self.summary["tcp"] = tuple(pairs)
                ports = match.group("ports")
                if ports is not None:
                    self.summary["ports"] = int(ports)
            elif name == "transport_row":
                if line.split(None, 1)[0] in ("Total:", "TCP:"):
                    return False
                total, ip, ipv6 = match.group("total", "ip", "ipv6")
                self.transports.append(SsTransport(
                    name=match.group("name"), total=_number(total), ip=_number(ip),
                    ipv6=_number(ipv6)))
            return True
        return False

    def _row(self, number: int, line: str, match: re.Match[str], netid: str | None) -> None:
        groups = match.groupdict()
        if "netid" in groups:
            netid = groups["netid"]
        self.row = _Row(number, line, netid=netid, state=groups.get("state"),
                        queues=(int(groups["recv_q"]), int(groups["send_q"])),
                        rest=groups["rest"])
        self.last_netid = netid

    # ------------------------------------------------------------ sockets

    def flush_fast(self) -> None:
        """Build the socket of the pending full-row match."""
        pending = self.fast
        assert pending is not None
        self.fast = None
        try:
            self._flush_fast(*pending)
        except BAD_VALUES as exc:
            self.c.bad_value(pending[0], pending[1].string, exc)

    def _flush_fast(self, number: int, match: re.Match[str], extra: list[str]) -> None:
        where = _GROUPS.get(match.re) or _group_indexes(match.re)
        groups = match.groups()
        netid = groups[where[0]] if where[0] >= 0 else self.netid_hint
        state_text = groups[where[1]] if where[1] >= 0 else None
        recv_q, send_q, local_text, peer_text, tail = (
            groups[where[2]], groups[where[3]], groups[where[4]], groups[where[5]],
            groups[where[6]])
        try:
            local = endpoint_slots(local_text)
            peer = endpoint_slots(peer_text)
        except ValueError as exc:
            self.c.error(number, match.start("local") + 1, str(exc), match.string)
            return
        found: tuple[tuple[str, int, int], ...] = ()
        ext = inode = timer = None
        if extra:
            tail = " ".join([tail or "", *extra])
        if tail:
            if tail.startswith("users:((") and " " not in tail:
                found = process_triples(tail)
            else:
                users = _find_users(tail)
                if users is not None:
                    found = process_triples(users.group(0))
                    tail = tail[: users.start()] + tail[users.end() :]
                words = tail.split()
                if words:
                    ext, inode, timer = _extensions(words, False, netid == "nl")
        state = None
        if state_text is not None:
            state = self.states.get(state_text)
            if state is None:
                state = self.states[state_text] = TcpState.from_ss(state_text)
        if not self.streaming:
            self.lines.append(number)
        self.sockets.append((netid, state, int(recv_q), int(send_q), *local, *peer, found,
                             inode, timer, ext, None))

    def flush(self) -> None:
        if self.fast is not None:
            self.flush_fast()
            return
        row = self.row
        if row is None:
            return
        self.row = None
        try:
            socket = self._socket(row)
        except BAD_VALUES as exc:
            self.c.bad_value(row.number, row.line.rstrip(), exc)
            return
        if socket is not None:
            if not self.streaming:
                self.lines.append(row.number)
            self.sockets.append(ss_socket_row(socket))

    def _socket(self, row: _Row) -> Socket | None:
        netid = row.netid if row.netid is not None else self.netid_hint
        rest = row.rest.rstrip()
        unix_type = _UNIX_NETIDS.get(netid) if netid is not None else None
        is_unix = unix_type is not None or (
            netid is None and ":" not in rest.split(None, 1)[0]
        )
        shape = _S["unix"] if is_unix else _S["inet"]
        match = shape.match(rest)
        if match is None:
            offset = len(row.line) - len(row.line.lstrip()) + row.line.lstrip().find(rest)
            self.c.reject(row.number, row.line, shape, max(offset, 0))
            return None
        tail = match.group("tail") or ""
        if row.tail_extra:
            tail = " ".join([tail, *row.tail_extra])
        found: tuple[SocketProcess, ...] = ()
        users = _find_users(tail)
        if users is not None:
            found = processes(users.group(0))
            tail = tail[: users.start()] + tail[users.end() :]
        ext, inode, timer = (None, None, None)
        words = tail.split()
        if words:
            ext, inode, timer = _extensions(words, is_unix, netid == "nl")
        state_text = row.state
        state = None
        if state_text is not None:
            if state_text.startswith("`"):
                state_text = state_text.lstrip("`-")
            state = self.states.get(state_text)
            if state is None:
                state = self.states[state_text] = TcpState.from_ss(state_text)
        recv_q, send_q = row.queues
        if is_unix:
            local = match.group("local")
            peer = match.group("peer")
            return _socket(
                proto=netid, state=state, recv_q=recv_q, send_q=send_q, processes=found,
                inode=int(match.group("local_inode")), timer=timer,
                unix=_unix(type=unix_type, path=None if local == "*" else local,
                              peer_path=None if peer == "*" else peer,
                              peer_inode=int(match.group("peer_inode"))),
                ss=ext,
            )
        try:
            local = endpoint(match.group("local"))
            peer = endpoint(match.group("peer"))
        except ValueError as exc:
            column = row.line.find(rest) + 1 if rest in row.line else 1
            self.c.error(row.number, column, str(exc), row.line)
            return None
        return _socket(
            proto=netid, state=state, recv_q=recv_q, send_q=send_q, local=local, peer=peer,
            processes=found, inode=inode, timer=timer, ss=ext,
        )

    # ------------------------------------------------------------ results

    def build_form(self) -> SsForm:
        form = dict(self.form)
        if not form.get("summary"):
            form.pop("summary", None)
        return SsForm(**form)

    def build_summary(self) -> SsSummary | None:
        if self.summary is None and not self.transports:
            return None
        return SsSummary(transports=tuple(self.transports), **(self.summary or {}))


def parse_ss(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
    netid: str | None = None,
    **_hints: Any,
) -> SsOutput:
    """Parse ss output of any form.

    ``netid`` names the socket table when the output has no Netid column (``ss -t``
    → ``"tcp"``); without it such sockets have ``proto=None``.  Lenient by default; with
    ``strict`` the first error raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    reader = _Reader(collector, netid=netid, streaming=False)
    lines = split_lines(text)
    collecting = gc.isenabled()
    gc.disable()  # many small acyclic rows: the cyclic collector would rescan them
    try:
        reader.feed(lines)
        reader.flush()
    finally:
        if collecting:
            gc.enable()
    collector.check_final_line(text, lines)
    return SsOutput(
        sockets=SsSocketList(rows=reader.sockets, build=ss_socket_from_row) if reader.sockets
        else (),
        summary=reader.build_summary(),
        form=reader.build_form(),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(reader.lines),
    )


class SsStream(RecordStream, Iterator[Socket]):
    """The sockets of an ss capture, one at a time (see :func:`iter_ss`)."""

    def __init__(self, source: Any, collector: Collector, reader: _Reader) -> None:
        super().__init__(source, collector)
        self._reader = reader

    @property
    def form(self) -> SsForm:
        """The form as far as it is known."""
        return self._reader.build_form()

    @property
    def summary(self) -> SsSummary | None:
        """The ``ss -s`` summary (complete at the end)."""
        return self._reader.build_summary()

    def __iter__(self) -> SsStream:
        return self

    def __next__(self) -> Socket:
        reader = self._reader
        sockets = reader.sockets
        while not sockets:
            if self._done:
                raise StopIteration
            item = next(self._lines, None)
            if item is None:
                self._done = True
                reader.flush()
                self._check_final_line()
                continue
            self._number, line = item
            reader.feed([line], self._number)
        return ss_socket_from_row(sockets.pop(0))


def iter_ss(
    source: Any,
    *,
    strict: bool = False,
    source_name: str | None = None,
    netid: str | None = None,
) -> SsStream:
    """Stream the sockets of an ss capture (a path, a file, a ``str`` or lines of text).

    A row is yielded when the line after it shows that it has no more continuation lines.
    The stream's ``diagnostics`` are those :func:`parse_ss` reports for the same text.
    """
    collector = Collector(source=source_name, strict=strict)
    return SsStream(source, collector, _Reader(collector, netid=netid, streaming=True))


# ---------------------------------------------------------------- detection

_SNIFF_HEADER = re.compile(r"(?:Netid +)?(?:State +)?Recv-Q +Send-Q +.*Local Address:Port")
_SNIFF_ROW = re.compile(
    r"(?:(?:tcp|udp|raw|u_str|u_dgr|u_seq|nl|p_raw|p_dgr|mptcp|sctp|icmp6) +)?"
    r"(?:ESTAB|LISTEN|UNCONN|TIME-WAIT|SYN-SENT|SYN-RECV|CLOSE-WAIT|FIN-WAIT-[12]|LAST-ACK|"
    r"CLOSING) +[0-9]+ +[0-9]+ +\S"
)


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("ss", score)`` or None."""
    for line in lines:
        if _SNIFF_HEADER.match(line):
            return "ss", 90
        if line.startswith("Total: ") and any(x.startswith("TCP:   ") for x in lines):
            return "ss", 90
        if _SNIFF_ROW.match(line):
            return "ss", 60 if "users:((" in line else 50
    return None


_TABLE_LETTERS = {"t": "tcp", "u": "udp", "w": "raw", "x": "unix", "S": "sctp", "d": "dccp",
                  "0": "packet", "M": "mptcp"}
_TABLE_WORDS = {"--tcp": "tcp", "--udp": "udp", "--raw": "raw", "--unix": "unix",
                "--sctp": "sctp", "--dccp": "dccp", "--packet": "packet", "--mptcp": "mptcp"}
_VALUE_LETTERS = frozenset("fAFND")
"""Short options that take a value (the rest of the cluster, or the next word)."""
_ONE_NETID = {"tcp": "tcp", "udp": "udp", "raw": "raw", "sctp": "sctp", "dccp": "dccp",
              "mptcp": "mptcp"}
"""Tables that ss prints without a Netid column when they are the only one selected
(UNIX and packet span several tables, so ss keeps the column for them)."""


def command_hints(options: Sequence[str]) -> dict[str, Any]:
    """Parser hints from an ``ss`` command line (the words after ``ss``).

    ``ss -t`` (or ``-u``, ``-w``, ``-A tcp`` ...) selects one table and ss then prints no
    Netid column: the hint ``{"netid": "tcp"}`` names it.  Several tables, UNIX and
    packet sockets, and no selection give ``{}``.
    """
    tables: set[str] = set()
    words = list(options)
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word.startswith("--"):
            name, _, value = word.partition("=")
            if name in _TABLE_WORDS:
                tables.add(_TABLE_WORDS[name])
            elif name == "--query":
                if not value and index < len(words):
                    value, index = words[index], index + 1
                tables.update(value.split(","))
            continue
        if not word.startswith("-") or word == "-":
            continue
        for at, letter in enumerate(word[1:], 1):
            if letter in _VALUE_LETTERS:
                value = word[at + 1 :]
                if not value and index < len(words):
                    value, index = words[index], index + 1
                if letter == "A":
                    tables.update(value.split(","))
                break
            table = _TABLE_LETTERS.get(letter)
            if table is not None:
                tables.add(table)
    if len(tables) == 1:
        netid = _ONE_NETID.get(next(iter(tables)))
        if netid is not None:
            return {"netid": netid}
    return {}
