"""netstat socket rows: the Internet and UNIX sections.

The leading whitespace-free fields are matched by the row regexes compiled from
:mod:`netfacts.grammar.netstat`; the rest of a row is read by column, because the
program name may contain (and end in) spaces and a UDP row has an empty State.
Each column starts where netstat's printf widths put it, counted from the
actual start of the field before it, so a value that overflowed its width
(``-W`` addresses, large inodes, long user names) shifts the rest as it does in
the text.  When a row is not laid out as netstat lays it out (spaces squeezed
by a copy, tabs), the fields are read token by token instead.
"""

from __future__ import annotations

import re
from typing import Any

from netfacts.grammar import netstat as g
from netfacts.models._checked import builder as _unchecked
from netfacts.models.socket import (
    Endpoint,
    SocketProcess,
    TcpState,
    Timer,
    make_endpoint,
)
from netfacts.models.values import ip_address, is_decimal

__all__ = [
    "InetLayout", "UnixLayout", "endpoint", "inet_layout", "program", "unix_layout",
    "unix_row",
]

_process = _unchecked(SocketProcess)  # the parser's values are valid: no constructor checks
_timer = _unchecked(Timer)

_TIMER = re.compile(g.TIMER)
_TIMER_AT_END = re.compile(r"(?:^|(?<=\s))" + g.TIMER + r"\s*$")
_PID_NAME = re.compile(r"([0-9]+)/")

ADDRESS_WIDTH = g.ADDRESS_WIDTH


class InetLayout:
    """Which optional columns an Internet section has (from its header)."""

    __slots__ = ("legacy", "program", "timer", "user")

    @property
    def key(self) -> str:
        """The ``inet_row_<key>`` shape of this layout."""
        return ("e" if self.user else "") + ("p" if self.program else "") + (
            "o" if self.timer else "")

    def __init__(self, *, user: bool, program: bool, timer: bool, legacy: bool = False) -> None:
        self.user = user
        self.program = program
        self.timer = timer
        self.legacy = legacy

    @property
    def columns(self) -> tuple[str, ...]:
        names = []
        if self.user:
            names += ["user", "inode"]
        if self.program:
            names.append("program")
        if self.timer:
            names.append("timer")
        return tuple(names)


def inet_layout(columns: str) -> InetLayout:
    """Layout of an Internet section from the header text after ``State``.

    net-tools 1.60 pads the program header to 19 characters, later versions to 20: the
    only trace of the version in an Internet header (lost if trailing blanks were cut).
    """
    at = columns.find("PID/Program name")
    legacy = False
    if at >= 0:
        after = columns[at + 16 :]
        rest = after.lstrip(" ")
        blanks = len(after) - len(rest)
        legacy = (blanks == 3 and not rest) or (blanks == 4 and rest.startswith("Timer"))
    return InetLayout(
        user="User" in columns,
        program=at >= 0,
        timer="Timer" in columns,
        legacy=legacy,
    )


class UnixLayout:
    """Column offsets of a UNIX section, relative to the I-Node column (from its header)."""

    __slots__ = ("inode_width", "legacy", "path_offset", "program_offset")

    def __init__(self, program_offset: int | None, path_offset: int, legacy: bool) -> None:
        self.program_offset = program_offset
        self.path_offset = path_offset
        self.legacy = legacy
        first = program_offset if program_offset is not None else path_offset
        self.inode_width = first - 1


def unix_layout(header: str) -> UnixLayout:
    """Layout of a UNIX section from its header line."""
    inode = header.find("I-Node")
    program = header.find("PID/Program name")
    path = header.find("Path")
    if path < 0:
        path = (program + 21) if program >= 0 else inode + 9
    program_offset = program - inode if program >= 0 else None
    legacy = (program_offset or path - inode) == 7
    return UnixLayout(program_offset, path - inode, legacy)


DEFAULT_UNIX = UnixLayout(9, 30, False)
DEFAULT_UNIX_NO_PROGRAM = UnixLayout(None, 9, False)

# ---------------------------------------------------------------- values

_HOST = re.compile(r"[A-Za-z0-9_.%*+-]+|\[UNKNOWN\]")
"""A host name netstat printed instead of an address (``localhost``, ``ip6-localhost``,
``node-1.example.com``, net-tools' ``[UNKNOWN]``); never ``#``, a space, a ``:`` or
anything outside ASCII."""
CUT_HOST = re.compile(r"[A-Za-z0-9_.%*+:-]+")
"""A field cut to 23 characters: a host name or the start of an IPv6 address."""
_SERVICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+/-]*|\*")
"""A service name netstat printed instead of a port (``ssh``, ``http-alt``, ``*``)."""


def endpoint(token: str, cut: bool) -> Endpoint:
    """``ADDR:PORT`` as netstat prints it; ``cut`` marks a possibly truncated field.

    Raises ``ValueError`` when there is no ``:port``.
    """
    colon = token.rfind(":")
    if colon <= 0:
        raise ValueError(f"Expected ADDRESS:PORT, found {token!r}")
    port_text = token[colon + 1 :]
    port: Any
    if port_text == "*":
        port = None
    elif not port_text:
        raise ValueError(f"Expected a port after ':' in {token!r}")
    elif port_text.isascii() and port_text.isdigit():
        if len(port_text) > 5 or int(port_text) > 65535:
            raise ValueError(f"Expected a port number (0-65535), found {port_text[:12]!r}")
        port = int(port_text)
    elif _SERVICE.fullmatch(port_text):
        port = port_text
    else:
        raise ValueError(f"Expected a port number or service name, found {port_text!r}")
    text = token[:colon]
    if cut:
        address: Any = text
        if not CUT_HOST.fullmatch(text):
            raise ValueError(f"Expected an address or host name, found {text!r}")
    elif text == "*":
        address = None
    else:
        inner = text[1:-1] if text[:1] == "[" and text[-1:] == "]" else text
        try:
            address = ip_address(inner)
        except ValueError:
            if len(token) == ADDRESS_WIDTH and CUT_HOST.fullmatch(text):
                # cut after all (a -W hint that did not hold): kept as text, marked
                return endpoint(token, True)
            if not _HOST.fullmatch(text):
                raise ValueError(
                    f"Expected an address or host name, found {text!r}") from None
            address = text
    result: Endpoint = make_endpoint(address, port, None, cut)
    return result


NO_PROGRAM = (None, None, False)
""":func:`pid_name` of ``-``."""


def pid_name(value: str) -> tuple[int | None, str | None, bool] | None:
    """``PID/name`` (or ``-``) as the PID/Program name column holds it: (pid, name, cut
    short by netstat), :data:`NO_PROGRAM` for ``-``; None if it is neither."""
    if value == "-":
        return NO_PROGRAM
    match = _PID_NAME.match(value)
    if match is None:
        return None
    return int(match.group(1)), value[match.end() :], len(value) >= 18


def program(value: str) -> tuple[SocketProcess, ...] | None:
    """:func:`pid_name` as the processes of a socket."""
    found = pid_name(value)
    if found is None or found[0] is None:
        return None if found is None else ()
    pid, name, truncated = found
    return (_process(name=name, pid=pid, truncated=truncated),)


def timer(text: str) -> Timer | None:
    """``keepalive (7171.60/0/0)``; None if ``text`` is not a timer."""
    match = _TIMER.fullmatch(text)
    if match is None:
        return None
    whole, _, fraction = match.group("tsecs").partition(".")
    negative = whole.startswith("-")
    ms = abs(int(whole)) * 1000 + int((fraction + "000")[:3])
    return _timer(
        name=match.group("tname"),
        expires_ms=-ms if negative else ms,
        retransmits=int(match.group("tretr")),
        probes=int(match.group("tprobes")),
    )


# ---------------------------------------------------------------- states

def inet_state(proto: str, text: str) -> TcpState | None:
    """The normalised state of an Internet row (``""`` for UDP is CLOSE, RAW prints numbers)."""
    kind = proto.rstrip("6")
    if text == "":
        state = TcpState.CLOSE if kind in ("udp", "udpl") else None
    elif kind == "raw" and is_decimal(text):
        state = TcpState.from_number(int(text))
    else:
        state = TcpState.of(text)
    return state


# ---------------------------------------------------------------- the tail of an Internet row


class RowError(ValueError):
    """A row whose columns cannot be read: (0-based column, message)."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def inet_tail_by_column(
    line: str, proto: str, foreign_start: int, foreign: str, layout: InetLayout
) -> tuple[str, str | None, str | None, tuple[SocketProcess, ...], Timer | None] | None:
    """State, user, inode, processes and timer read by column; None when misaligned."""
    at = foreign_start + (len(foreign) if len(foreign) > ADDRESS_WIDTH else ADDRESS_WIDTH) + 1
    size = len(line)
    if at > size:
        at = size
    elif line[at - 1] != " ":
        return None
    if at < size and line[at] != " ":
        end = line.find(" ", at)
        if end < 0:
            end = size
        state = line[at:end]
    else:
        state = ""
        end = at
    at = at + (len(state) if len(state) > g.STATE_WIDTH else g.STATE_WIDTH) + 1
    user = inode = None
    if layout.user:
        if at < size and line[at - 1] != " ":
            return None
        while at < size and line[at] == " ":
            at += 1
        end = line.find(" ", at)
        if end < 0:
            return None
        user = line[at:end]
        start = end
        while start < size and line[start] == " ":
            start += 1
        end = line.find(" ", start)
        if end < 0:
            end = size
        inode = line[start:end]
        if not is_decimal(inode) or not user:
            return None
        at = start + (len(inode) if len(inode) > g.INODE_WIDTH else g.INODE_WIDTH) + 1
    processes: tuple[SocketProcess, ...] = ()
    if layout.program:
        if at > size or (at < size and line[at - 1] != " "):
            return None
        value = line[at : at + g.PROGRAM_WIDTH - 1].rstrip()
        found = program(value)
        if found is None:
            return None
        processes = found
        at += g.PROGRAM_WIDTH + 1
    timer_value = None
    if layout.timer:
        text = line[at - 1 :].strip() if at <= size else ""
        timer_value = timer(text)
        if timer_value is None:
            return None
    elif at <= size and line[at - 1 :].strip():
        return None
    return state, user, inode, processes, timer_value


def inet_tail_by_token(
    tail: str, offset: int, proto: str, layout: InetLayout | None
) -> tuple[str, str | None, str | None, tuple[SocketProcess, ...], Timer | None]:
    """The same fields read token by token (squeezed spacing, or no header at all)."""
    text = tail.strip()
    lead = offset + len(tail) - len(tail.lstrip())
    timer_value = None
    match = _TIMER_AT_END.search(text)
    if match is not None and (layout is None or layout.timer):
        timer_value = timer(match.group(0).strip())
        text = text[: match.start()].rstrip()
    elif layout is not None and layout.timer:
        raise RowError(lead + len(text), "Expected timer such as 'off (0.00/0/0)'")
    tokens = text.split()
    kind = proto.rstrip("6")
    state = ""
    if tokens:
        first = tokens[0]
        if kind == "raw":
            if first.isdigit() and (len(tokens) > 1 or layout is None or not layout.program):
                state = first
        elif kind in ("udp", "udpl"):
            if first.isalpha() and first.isupper():
                state = first
        elif _PID_NAME.match(first) is None and first != "-":
            state = first
    if state:
        text = text[len(state) :].lstrip()
        tokens = tokens[1:]
    user = inode = None
    want_user = layout.user if layout is not None else (
        len(tokens) >= 2 and tokens[1].isdigit() and _PID_NAME.match(tokens[0]) is None
    )
    if want_user:
        if len(tokens) < 2 or not tokens[1].isdigit():
            at = offset + tail.find(tokens[0]) if tokens else offset + len(tail)
            raise RowError(at, "Expected User and Inode columns")
        user, inode = tokens[0], tokens[1]
        text = text[len(user) :].lstrip()[len(inode) :].lstrip()
    processes: tuple[SocketProcess, ...] = ()
    if text:
        found = program(text[: g.PROGRAM_WIDTH - 1].rstrip())
        if found is None or (layout is not None and not layout.program):
            message = ("Expected PID/Program name" if layout is None or layout.program
                       else "Expected the end of the row")
            raise RowError(offset + tail.rfind(text), f"{message}, found {text!r}")
        processes = found
    elif layout is not None and layout.program:
        raise RowError(offset + len(tail), "Expected PID/Program name or '-'")
    return state, user, inode, processes, timer_value


# ---------------------------------------------------------------- UNIX rows


def unix_tail(
    line: str, inode_start: int, inode_text: str, layout: UnixLayout | None
) -> tuple[tuple[int | None, str | None, bool], str | None, bool]:
    """(:func:`pid_name` of the program, path, had a program column) of a UNIX row after
    its I-Node."""
    size = len(line)
    if layout is None:
        rest = line[inode_start + len(inode_text) :].strip()
        first = rest.split(None, 1)[0] if rest else ""
        with_program = first == "-" or _PID_NAME.match(first) is not None
        layout = DEFAULT_UNIX if with_program else DEFAULT_UNIX_NO_PROGRAM
    shift = max(len(inode_text) - layout.inode_width, 0)
    processes: tuple[int | None, str | None, bool] = NO_PROGRAM
    path_at = inode_start + layout.path_offset + shift
    aligned = True
    if layout.program_offset is not None:
        at = inode_start + layout.program_offset + shift
        if at <= size and line[at - 1] == " ":
            found = pid_name(line[at : at + g.PROGRAM_WIDTH - 1].rstrip())
            if found is None:
                aligned = False
            else:
                processes = found
        else:
            aligned = False
    if aligned and path_at < size and path_at > 0 and line[path_at - 1] != " ":
        aligned = False
    if aligned:
        text = line[path_at:].strip() if path_at < size else ""
        if " " not in text:
            return processes, text or None, layout.program_offset is not None
    # squeezed spacing: program text, then the path as the last token
    rest = line[inode_start + len(inode_text) :].strip()
    path: str | None = None
    if layout.program_offset is not None:
        head, _, last = rest.rpartition(" ")
        if head and last[:1] in ("/", "@"):
            rest, path = head.rstrip(), last
        found = pid_name(rest[: g.PROGRAM_WIDTH - 1].rstrip()) if rest else None
        if found is None:
            raise RowError(inode_start + len(inode_text) + 1,
                           f"Expected PID/Program name, found {rest!r}")
        return found, path, True
    if " " in rest:
        raise RowError(inode_start + len(inode_text) + 1, f"Expected a path, found {rest!r}")
    return NO_PROGRAM, rest or None, False


def unix_row(  # noqa: PLR0917 - one argument per column, in column order
    refcnt: str,
    flags: str,
    kind: str,
    state_text: str,
    inode_text: str,
    process: tuple[int | None, str | None, bool],
    path: str | None,
) -> tuple[Any, ...]:
    """The row (:data:`~netfacts.models.netstat.UNIX_ROW`) of a UNIX-domain socket
    (``process``: :func:`pid_name` of its program)."""
    pid, name, truncated = process
    return ("unix", TcpState.from_unix(state_text), int(refcnt), tuple(flags.split()), kind,
            path, int(inode_text) if inode_text != "-" else None, pid, name, truncated)
