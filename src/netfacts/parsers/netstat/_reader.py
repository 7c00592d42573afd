"""The netstat line reader: sections, headers, samples; one line at a time.

Both :func:`netfacts.parsers.netstat.parse_netstat` (whole text) and
:func:`netfacts.parsers.netstat.iter_netstat` (streaming) feed cleaned lines to
one :class:`Reader`, so they report the same records and the same diagnostics.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from socket import AF_INET, AF_INET6, inet_ntop, inet_pton
from typing import Any

from netfacts._text import prompt_command
from netfacts.grammar import netstat as g
from netfacts.models.netstat import (
    CUT,
    HOST,
    IP,
    IfconfigInterface,
    MulticastGroup,
    NetstatForm,
    NetstatInterface,
    NetstatRoute,
    NetstatSample,
    NetstatSection,
    SocketList,
    StatEntry,
    StatSection,
    socket_from_row,
)
from netfacts.models.socket import Socket
from netfacts.parsers._driver import BAD_VALUES, Collector
from netfacts.parsers.netstat import _sockets as sk
from netfacts.parsers.netstat import _tables as tb

__all__ = ["INET_PROTOS", "NetstatRecord", "Reader"]

NetstatRecord = Socket | NetstatRoute | NetstatInterface | IfconfigInterface | StatSection | \
    MulticastGroup
"""What the streaming API yields."""

_S = g.SHAPES
INET_PROTOS = frozenset({"tcp", "tcp6", "udp", "udp6", "udpl", "udpl6", "raw", "raw6", "sctp",
                         "sctp6"})
_STATS_SECTION = re.compile(r"[A-Za-z][A-Za-z0-9]*:")
_PROTO_KINDS = {"tcp": 0, "tcp6": 0, "sctp": 0, "sctp6": 0, "udp": 1, "udp6": 1, "udpl": 1,
                "udpl6": 1, "raw": 2, "raw6": 2}
"""Internet protocols by State rule: 0 always a word, 1 empty or a word, 2 a number."""


def _state_fits(proto: str, state: str | None) -> bool:
    """Whether a State word can belong to a row of this protocol."""
    kind = _PROTO_KINDS.get(proto, 0)
    if state is None:
        return kind == 1
    if kind == 2:
        return state.isdigit()
    return not state.isdigit()


_USAGE = re.compile(r"^(?:usage: netstat|\S*netstat: invalid option|\S*netstat: unrecognized)")


def _proves_wide(endpoint: Any, width: int) -> bool:
    """A field wider than 23 characters that holds an IP address: only ``-W`` prints it."""
    return width > 23 and endpoint.address is not None and not isinstance(endpoint.address, str)


def _slots(endpoint: Any) -> tuple[Any, Any, int]:
    """The three row slots (address text, port, kind) of a parsed endpoint."""
    address = endpoint.address
    if endpoint.truncated:
        return address, endpoint.port, CUT
    if isinstance(address, _IP):
        return inet_ntop(AF_INET6 if address.version == 6 else AF_INET, address.packed), \
            endpoint.port, IP
    return address, endpoint.port, HOST if address is not None else IP


_IP = (ipaddress.IPv4Address, ipaddress.IPv6Address)


_FAST = True
"""Read the rows of a known layout with the inline reading of :meth:`Reader.feed` (tests
turn it off to check that it agrees with the column reading)."""


def _ignore(_number: int) -> None:
    """Line numbers are not kept while streaming."""


class _Sample:
    __slots__ = ("groups", "interfaces", "lines", "routes", "sockets", "statistics")

    def __init__(self) -> None:
        self.sockets: list[tuple[Any, ...]] = []
        """The rows of the sockets (``INET_ROW``, ``UNIX_ROW``)."""
        self.lines: list[int] = []
        """The line of each socket."""
        self.routes: list[NetstatRoute] = []
        self.interfaces: list[NetstatInterface | IfconfigInterface] = []
        self.statistics: list[StatSection] = []
        self.groups: list[MulticastGroup] = []

    def build(self) -> NetstatSample:
        return NetstatSample(
            sockets=SocketList(rows=self.sockets, build=socket_from_row) if self.sockets
            else (),
            routes=tuple(self.routes),
            interfaces=tuple(self.interfaces),
            statistics=tuple(self.statistics),
            groups=tuple(self.groups),
        )


class Reader:
    """Reads netstat lines; records go to per-sample lists, or to ``pending`` when streaming."""

    def __init__(self, collector: Collector, *, wide: bool | None, streaming: bool) -> None:
        self.c = collector
        self.wide = bool(wide)
        self.streaming = streaming
        self.pending: list[tuple[int, NetstatRecord]] = []
        self.samples: list[_Sample] = []
        self.sample_index = -1
        self.cur = _Sample()
        self.seen: set[str] = set()
        self.sections: list[dict[str, Any]] = []
        """Form of the first sample's sections (kind, title, columns, legacy)."""
        self.section: str | None = None
        self.section_form: dict[str, Any] | None = None
        self.inet: sk.InetLayout | None = None
        self.inet_full: Callable[[str], re.Match[str] | None] | None = None
        """fullmatch of the full-row shape of the current Internet section's layout."""
        self.inet_index = (0, 0, 0)
        """Group indexes of user, program and timer in that shape (0: absent)."""
        self.states: dict[tuple[str, str | None], Any] = {}
        self.unix: sk.UnixLayout | None = None
        self.route_variant = "route_row"
        self.iface_width = 15
        self.ifconfig: tb.IfconfigBuilder | None = None
        self.ifconfig_legacy = False
        self.stat_name: str | None = None
        self.stat_entries: list[StatEntry] = []
        self.stat_group: str | None = None
        self.stat_group_indent = 0
        self.warned_truncation = False
        self.after_echo = False
        self.emit: Callable[[NetstatRecord], None] = self._emit
        self.put_socket: Callable[[tuple[Any, ...]], None] = self._emit_row

    # ------------------------------------------------------------ sinks and samples

    def _emit(self, record: NetstatRecord) -> None:
        self.pending.append((self.sample_index, record))

    def _emit_row(self, row: tuple[Any, ...]) -> None:
        self.pending.append((self.sample_index, socket_from_row(row)))

    def _new_sample(self) -> None:
        self.sample_index += 1
        self.seen = set()
        if self.streaming:
            return
        self.cur = _Sample()
        self.samples.append(self.cur)
        self.put_socket = self.cur.sockets.append

    def _store(self, record: NetstatRecord) -> None:
        if self.streaming:
            self.pending.append((self.sample_index, record))
        elif isinstance(record, NetstatRoute):
            self.cur.routes.append(record)
        elif isinstance(record, (NetstatInterface, IfconfigInterface)):
            self.cur.interfaces.append(record)
        elif isinstance(record, StatSection):
            self.cur.statistics.append(record)
        elif isinstance(record, MulticastGroup):
            self.cur.groups.append(record)

    def _start(self, kind: str, title: str | None, key: str | None = None) -> None:
        """A section begins; a title already seen in this sample begins the next sample."""
        self.finish()
        marker = key or kind
        if self.sample_index < 0 or marker in self.seen:
            self._new_sample()
        self.seen.add(marker)
        self.section = kind
        self.inet_full = None
        self.section_form = None
        if self.sample_index == 0 and not (
            kind == "statistics" and any(s["kind"] == "statistics" for s in self.sections)
        ):
            self.section_form = {"kind": kind, "title": title, "columns": (), "legacy": False}
            self.sections.append(self.section_form)

    def _set_form(self, **values: Any) -> None:
        if self.section_form is not None:
            self.section_form.update(values)

    def finish(self) -> None:
        """Close a pending ``-ie`` block or ``-s`` section."""
        if self.ifconfig is not None:
            self._store(self.ifconfig.build())
            self.ifconfig = None
        if self.stat_name is not None:
            self._store(StatSection(name=self.stat_name, entries=tuple(self.stat_entries)))
            self.stat_name = None
            self.stat_entries = []
            self.stat_group = None

    # ------------------------------------------------------------ driving

    def feed(self, lines: list[str], first: int = 1) -> None:
        """Read ``lines`` (numbered from ``first``).

        The hot path is inline: an Internet row of a section whose header is known,
        matched by the full-row shape of the header's columns, with a State that fits its
        protocol, a program of at most 19 characters and address fields shorter than 23
        characters.  Everything else goes through :meth:`line`.
        """
        states = self.states
        fast = _FAST
        full = self.inet_full if fast else None
        user_at, program_at, timer_at = self.inet_index
        put = self.put_socket
        mark = self.cur.lines.append if not self.streaming else _ignore
        unix_row = _S["unix_row"].regex.fullmatch
        unix = self.section == "unix"
        pton = inet_pton
        ntop = inet_ntop
        cut_host = sk.CUT_HOST.fullmatch
        for number, line in enumerate(lines, first):
            try:
                if unix:
                    match = unix_row(line)
                    if match is not None:
                        self.unix_row(number, line, match)
                        self._mark(number)
                        continue
                elif full is not None:
                    match = full(line)
                    if match is not None:
                        groups = match.groups()
                        proto, recv_q, send_q, local, foreign, state_text = groups[:6]
                        state = states.get((proto, state_text))
                        lw, fw = len(local), len(foreign)
                        if state is not None and ((lw < 23 and fw < 23) or (
                                lw <= 23 and fw <= 23 and self.warned_truncation
                                and not self.wide)):
                            # The endpoints: ADDRESS:PORT with an IP address (or *) and a
                            # port number (or *), or a field of 23 characters that netstat
                            # may have cut (once the warning was given); anything else
                            # takes the slow path.
                            at = local.rfind(":")
                            lport: Any = local[at + 1 :]
                            laddr: Any = local[:at]
                            fat = foreign.rfind(":")
                            fport: Any = foreign[fat + 1 :]
                            faddr: Any = foreign[:fat]
                            lkind = fkind = IP
                            try:
                                if at <= 0 or fat <= 0:
                                    raise ValueError
                                if lport == "*":
                                    lport = None
                                elif lport.isdigit() and lport.isascii() and len(lport) < 6:
                                    lport = int(lport)
                                    if lport > 65535:
                                        raise ValueError
                                else:
                                    raise ValueError
                                if fport == "*":
                                    fport = None
                                elif fport.isdigit() and fport.isascii() and len(fport) < 6:
                                    fport = int(fport)
                                    if fport > 65535:
                                        raise ValueError
                                else:
                                    raise ValueError
                                if lw == 23:
                                    if cut_host(laddr) is None:
                                        raise ValueError
                                    lkind = CUT
                                elif laddr == "*":
                                    laddr = None
                                elif ":" in laddr:
                                    laddr = ntop(AF_INET6, pton(AF_INET6, laddr))
                                else:
                                    pton(AF_INET, laddr)
                                if fw == 23:
                                    if cut_host(faddr) is None:
                                        raise ValueError
                                    fkind = CUT
                                elif faddr == "*":
                                    faddr = None
                                elif ":" in faddr:
                                    faddr = ntop(AF_INET6, pton(AF_INET6, faddr))
                                else:
                                    pton(AF_INET, faddr)
                                ok = True
                            except (OSError, ValueError):
                                ok = False
                            if ok:
                                if program_at:
                                    text = groups[program_at]
                                    if text == "-":
                                        pid = name = None
                                        cut = False
                                    elif len(text) < 20:
                                        at = text.find("/")
                                        pid = int(text[:at])
                                        name = text[at + 1 :]
                                        cut = len(text) >= 18
                                    else:
                                        ok = False
                                else:
                                    pid = name = None
                                    cut = False
                                timer = sk.timer(groups[timer_at]) if timer_at else None
                                if ok:
                                    put((proto, state, int(recv_q), int(send_q), laddr, lport,
                                         lkind, faddr, fport, fkind, pid, name, cut,
                                         groups[user_at] if user_at else None,
                                         int(groups[user_at + 1]) if user_at else None, timer))
                                    mark(number)
                                    continue
                        if self._inet_full(number, line, match):
                            self._mark(number)
                            continue
                self.line(number, line)
                self._mark(number)
                put = self.put_socket
                mark = self.cur.lines.append if not self.streaming else _ignore
                full = self.inet_full if fast else None
                user_at, program_at, timer_at = self.inet_index
                unix = self.section == "unix"
            except BAD_VALUES as exc:  # a row of the fast paths above (line() has its own)
                self.c.bad_value(number, line.rstrip(), exc)

    def _mark(self, number: int) -> None:
        """Note ``number`` as the line of the sockets the last line added."""
        cur = self.cur
        missing = len(cur.sockets) - len(cur.lines)
        if missing > 0:
            cur.lines.extend([number] * missing)

    def line(self, number: int, raw: str) -> None:
        """Read one line of any kind."""
        try:
            self._line(number, raw)
        except BAD_VALUES as exc:
            self.c.bad_value(number, raw.rstrip(), exc)

    def _line(self, number: int, raw: str) -> None:
        line = raw.rstrip()
        if not line:
            if self.ifconfig is not None:
                self.finish()
            return
        section = self.section
        if section == "usage":
            if line[0] not in " \t":
                self._title(number, line)
            return
        first = line[0]
        if first in " \t":
            self._indented(number, line)
            return
        if self._title(number, line, raw):
            return
        if self._noise(number, line):
            return
        if section == "inet":
            match = _S["inet_row"].match(line)
            if match is not None:
                self.inet_row(number, raw, match)
                return
            self.c.reject(number, line, _S["inet_row"])
            return
        if section == "unix":
            match = _S["unix_row"].match(line)
            if match is not None:
                self.unix_row(number, raw, match)
                return
            self.c.reject(number, line, _S["unix_row"])
            return
        if section == "route":
            self._route(number, line)
            return
        if section == "iface":
            self._iface(number, line)
            return
        if section == "groups":
            self._group(number, line)
            return
        if section == "other":
            return
        if section in (None, "statistics"):
            match = _S["inet_row"].match(line)
            if match is not None and match.group("proto") in INET_PROTOS:
                self._start("inet", None)
                self.inet_row(number, raw, match)
                return
            match = _S["unix_row"].match(line)
            if match is not None:
                self._start("unix", None)
                self.unix_row(number, raw, match)
                return
        self.c.reject(number, line, None)

    def _noise(self, number: int, line: str) -> bool:
        """Shell prompts (a ``netstat -W`` typed there also says the output is wide) and
        the number ``echo $?`` prints after one."""
        after_echo = self.after_echo
        self.after_echo = False
        if after_echo and line.strip().isdigit():
            self.c.warning(number, "skipped the exit status printed by 'echo $?'", line)
            return True
        command = prompt_command(line)
        if command is None:
            return False
        words = command.split()
        if words[:1] == ["echo"] and "$?" in words:
            self.after_echo = True
        if any(word in ("-W", "--wide", "-T", "--notrim") or (
            word.startswith("-") and not word.startswith("--") and "W" in word
        ) for word in words[1:]) and words[:1] and words[0].endswith("netstat"):
            self.wide = True
        self.c.warning(number, "skipped shell prompt", line)
        return True

    def _title(self, number: int, line: str, raw: str | None = None) -> bool:
        """Titles, headers and the ``Name:`` lines of ``-s``; True when ``line`` was one."""
        first = line[0]
        if first == "A" and line.startswith("Active "):
            for kind, shape in (("inet", "inet_title"), ("unix", "unix_title")):
                if _S[shape].match(line) is not None:
                    self._start(kind, line)
                    if kind == "inet":
                        self.inet = None
                    else:
                        self.unix = None
                    return True
            match = _S["other_title"].match(line)
            if match is not None:
                self._start("other", line, key="other:" + line)
                family = match.group("family").split(" (", 1)[0]
                self.c.info(number, f"skipped the {family} section: netfacts does not read "
                            "that socket family", line)
                return True
        elif first == "P" and line.startswith("Proto "):
            if self.section == "other":
                return True  # a header of the foreign section (Bluetooth has two)
            return self._socket_header(number, raw if raw is not None else line)
        elif first == "K" and line.startswith("Kernel "):
            match = _S["route_title"].match(line)
            if match is not None:
                self._start("route", line, key="route:" + line)
                return True
            if _S["iface_title"].match(line) is not None:
                self._start("iface", line)
                self._set_form(kind="interfaces")
                self.ifconfig_legacy = False
                return True
        elif first == "D" and line.startswith("Destination "):
            return self._route_header(number, line)
        elif first == "I":
            if line.startswith("Iface ") and _S["iface_header"].match(line) is not None:
                if self.section != "iface":
                    self._start("iface", None)
                self._iface_header(line)
                return True
            if _S["groups_title"].match(line) is not None:
                self._start("groups", line)
                return True
            if self.section == "groups" and _S["groups_header"].match(line) is not None:
                return True
        elif _USAGE.match(line) is not None:
            self.finish()
            self.section = "usage"
            self.c.warning(number, "skipped netstat's usage text (an option it does not know)",
                           line)
            return True
        if first.isalpha() and _STATS_SECTION.fullmatch(line) is not None and \
                self.section not in ("route", "groups", "iface"):
            name = line[:-1]
            if self.section != "statistics" or name in self.seen:
                self._start("statistics", None, key=name)
            else:
                self.finish()
                self.seen.add(name)
            self.section = "statistics"
            self.stat_name = name
            return True
        return False

    # ------------------------------------------------------------ sockets

    def _socket_header(self, number: int, line: str) -> bool:
        match = _S["inet_header"].match(line)
        if match is not None:
            if self.section != "inet":
                self._start("inet", None)
            layout = sk.inet_layout(match.group("columns") or "")
            self.inet = layout
            self.inet_full = _S[f"inet_row_{layout.key}"].regex.fullmatch
            index = 6
            user = program = timer = 0
            if layout.user:
                user, index = index, index + 2
            if layout.program:
                program, index = index, index + 1
            if layout.timer:
                timer = index
            self.inet_index = (user, program, timer)
            self._set_form(columns=layout.columns, legacy=layout.legacy)
            return True
        match = _S["unix_header"].match(line)
        if match is not None:
            if self.section != "unix":
                self._start("unix", None)
            self.unix = sk.unix_layout(line)
            columns = ("program",) if self.unix.program_offset is not None else ()
            self._set_form(columns=columns, legacy=self.unix.legacy)
            return True
        self.c.reject(number, line, _S["inet_header"])
        return True

    @staticmethod
    def _endpoint(token: str) -> Any:
        try:
            return sk.endpoint(token, False)
        except ValueError:
            return None  # reported by the slow path

    def _endpoints(
        self, number: int, line: str, match: re.Match[str]
    ) -> tuple[Any, Any] | None:
        """Local and foreign endpoints of a row (truncation and ``-W`` evidence included)."""
        local, foreign = match.group("local", "foreign")
        lw = len(local)
        fw = len(foreign)
        # A field wider than netstat's 23 columns proves -W, unless the row is damaged:
        # the evidence counts only once both fields read and the wide one is an address.
        wide = self.wide or lw > 23 or fw > 23
        cut_l = lw == 23 and not wide
        cut_f = fw == 23 and not wide
        try:
            lep = sk.endpoint(local, cut_l)
        except ValueError as exc:
            self.c.error(number, match.start("local") + 1, str(exc), line)
            return None
        try:
            fep = sk.endpoint(foreign, cut_f)
        except ValueError as exc:
            self.c.error(number, match.start("foreign") + 1, str(exc), line)
            return None
        if wide and not self.wide and _proves_wide(lep, lw) | _proves_wide(fep, fw):
            self.wide = True
        elif wide and not self.wide and (lw == 23 or fw == 23):
            # The other field of this row was not an address: judge this one as usual.
            return self._endpoints_narrow(number, line, match)
        if cut_l or cut_f:
            self._warn_truncation(number, line, match, cut_l)
        return lep, fep

    def _endpoints_narrow(
        self, number: int, line: str, match: re.Match[str]
    ) -> tuple[Any, Any] | None:
        """:meth:`_endpoints` for a row whose wide field proved nothing."""
        local, foreign = match.group("local", "foreign")
        cut_l, cut_f = len(local) == 23, len(foreign) == 23
        try:
            lep = sk.endpoint(local, cut_l)
            fep = sk.endpoint(foreign, cut_f)
        except ValueError as exc:
            self.c.error(number, match.start("local") + 1, str(exc), line)
            return None
        self._warn_truncation(number, line, match, cut_l)
        return lep, fep

    def _warn_truncation(self, number: int, line: str, match: re.Match[str],
                         cut_l: bool) -> None:
        if not self.warned_truncation:
            self.warned_truncation = True
            self.c.warning(
                number,
                "netstat printed a 23-character address field: without -W it cuts longer "
                "addresses to that width, so such fields are kept as text and marked truncated",
                line,
                column=(match.start("local") if cut_l else match.start("foreign")) + 1,
            )

    def _socket(
        self,
        match: re.Match[str],
        *,
        endpoints: tuple[Any, Any],
        state_text: str,
        user: str | None,
        inode: str | None,
        processes: Any,
        timer: Any,
    ) -> None:
        proto = match.group("proto")
        state = sk.inet_state(proto, state_text)
        recv_q, send_q = int(match.group("recv_q")), int(match.group("send_q"))
        first = processes[0] if processes else None
        self.put_socket((
            proto, state, recv_q, send_q, *_slots(endpoints[0]), *_slots(endpoints[1]),
            first.pid if first is not None else None, first.name if first is not None else None,
            first.truncated if first is not None else False,
            user, int(inode) if inode is not None else None, timer,
        ))

    def _inet_full(self, number: int, line: str, match: re.Match[str]) -> bool:
        """An Internet row matched by its layout's full-row shape; False when the words do
        not fit the protocol (a State where it cannot be) and the row must be read by
        column instead."""
        fields = match.groupdict()
        proto = fields["proto"]
        state_text = fields["state"]
        program_text = fields.get("program")
        if not _state_fits(proto, state_text) or (
            program_text is not None and len(program_text) > 19
        ):
            return False
        endpoints = self._endpoints(number, line, match)
        if endpoints is None:
            return True
        key = (proto, state_text)
        if key not in self.states:
            state = sk.inet_state(proto, state_text or "")
            if state is not None and len(self.states) < 1024:
                self.states[key] = state
        processes = sk.program(program_text) if program_text is not None else ()
        timer_text = fields.get("timer")
        timer = sk.timer(timer_text) if timer_text is not None else None
        self._socket(match, endpoints=endpoints, state_text=state_text or "",
                     user=fields.get("user"), inode=fields.get("inode"),
                     processes=processes or (), timer=timer)
        return True

    def inet_row(self, number: int, line: str, match: re.Match[str]) -> None:
        """An Internet row matched by the coarse shape: read it by column, or by token."""
        full = self.inet_full
        if full is not None:
            full_match = full(line)
            if full_match is not None and self._inet_full(number, line, full_match):
                return
        endpoints = self._endpoints(number, line, match)
        if endpoints is None:
            return
        proto, foreign = match.group("proto", "foreign")
        layout = self.inet
        fields = None
        if layout is not None:
            fields = sk.inet_tail_by_column(line, proto, match.start("foreign"), foreign, layout)
        if fields is None:
            tail = match.group("tail") or ""
            try:
                fields = sk.inet_tail_by_token(tail, match.end("foreign"), proto, layout)
            except sk.RowError as exc:
                self.c.error(number, exc.column + 1, exc.message, line)
                return
        state_text, user, inode, processes, timer = fields
        self._socket(match, endpoints=endpoints, state_text=state_text, user=user,
                     inode=inode, processes=processes, timer=timer)

    def unix_row(self, number: int, line: str, match: re.Match[str]) -> None:
        """A UNIX socket row."""
        _, refcnt, flags, kind, state, inode, _ = match.groups()
        try:
            process, path, _ = sk.unix_tail(line.rstrip(), match.start("inode"), inode,
                                            self.unix)
        except sk.RowError as exc:
            self.c.error(number, exc.column + 1, exc.message, line)
            return
        self.put_socket(sk.unix_row(refcnt, flags, kind, state or "", inode, process, path))

    # ------------------------------------------------------------ other sections

    def _route_header(self, number: int, line: str) -> bool:
        if _S["route6_header"].match(line) is not None:
            if self.section != "route":
                self._start("route", None, key="route:header6")
            self.route_variant = "route6_row"
            self._set_form(kind="route6")
            return True
        match = _S["route_header"].match(line)
        if match is None:
            self.c.reject(number, line, _S["route_header"])
            return True
        if self.section != "route":
            self._start("route", None, key="route:header")
        columns = match.group("columns") or ""
        if "Metric" in columns and "MSS" in columns:
            self.route_variant = "route_row_ee"
            self._set_form(columns=("metric", "ref", "use", "mss", "window", "irtt"))
        elif "Metric" in columns:
            self.route_variant = "route_row_e"
            self._set_form(columns=("metric", "ref", "use"))
        else:
            self.route_variant = "route_row"
            self._set_form(columns=("mss", "window", "irtt"))
        return True

    def _route(self, number: int, line: str) -> None:
        shape = _S[self.route_variant]
        match = shape.match(line)
        if match is None:
            self.c.reject(number, line, shape)
            return
        try:
            if self.route_variant == "route6_row":
                self._store(tb.route6_row(match))
            else:
                self._store(tb.route_row(match, self.route_variant))
        except ValueError as exc:
            self.c.error(number, 1, f"Expected a route row: {exc}", line)

    def _iface_header(self, line: str) -> None:
        end = line.find("MTU") + 3
        self.iface_width = max(end - 6, 1)
        legacy = " Met " in line
        self._set_form(kind="interfaces", columns=("met",) if legacy else (), legacy=legacy)

    def _iface(self, number: int, line: str) -> None:
        if self.ifconfig is None:
            match = _S["ifc_head"].match(line)
            if match is not None:
                self._set_form(kind="ifconfig", legacy=False)
                self.ifconfig_legacy = False
                self.ifconfig = tb.IfconfigBuilder.new_style(number, match)
                return
            match = _S["ifo_head"].match(line)
            if match is not None:
                self._set_form(kind="ifconfig", legacy=True)
                self.ifconfig_legacy = True
                self.ifconfig = tb.IfconfigBuilder.old_style(number, match)
                return
        else:
            self.finish()
            self._iface(number, line)
            return
        match = _S["iface_row"].match(line)
        if match is not None:
            self._store(tb.iface_row(match, self.iface_width, True))
            return
        match = _S["iface_nostats"].match(line)
        if match is not None:
            self._store(tb.iface_row(match, self.iface_width, False))
            return
        self.c.reject(number, line, _S["iface_row"])

    def _group(self, number: int, line: str) -> None:
        if _S["groups_rule"].match(line) is not None:
            return
        match = _S["group_row"].match(line)
        if match is None:
            self.c.reject(number, line, _S["group_row"])
            return
        self._store(tb.group_row(match))

    def _indented(self, number: int, line: str) -> None:
        if self.section == "statistics" and self.stat_name is not None:
            indent = len(line) - len(line.lstrip())
            if self.stat_group is not None and indent <= self.stat_group_indent:
                self.stat_group = None
            kind, entry = tb.stat_line(line, self.stat_group)
            if kind == "group":
                assert entry is not None
                self.stat_group = entry.key
                self.stat_group_indent = indent
            elif entry is not None:
                self.stat_entries.append(entry)
            return
        if self.ifconfig is not None:
            try:
                if self.ifconfig.add(line, self.ifconfig_legacy):
                    return
            except ValueError as exc:
                self.c.error(number, len(line) - len(line.lstrip()) + 1,
                             f"Expected an interface attribute line: {exc}", line)
                return
        if self.section == "other":
            return
        self.c.reject(number, line, None)

    # ------------------------------------------------------------ results

    def form(self) -> NetstatForm:
        sections = tuple(NetstatSection(**section) for section in self.sections)
        return NetstatForm(
            sections=sections,
            continuous=self.sample_index > 0,
            wide=self.wide,
        )

    def record_lines(self) -> tuple[int, ...]:
        """The line of each socket of the first sample (``NetstatOutput.record_lines``)."""
        if not self.samples:
            return ()
        first = self.samples[0]
        return tuple(first.lines) if len(first.lines) == len(first.sockets) else ()

    def build_samples(self) -> tuple[NetstatSample, ...]:
        self.finish()
        if not self.sections and not any(
            s.sockets or s.routes or s.interfaces or s.statistics or s.groups
            for s in self.samples
        ):
            return ()
        return tuple(sample.build() for sample in self.samples)
