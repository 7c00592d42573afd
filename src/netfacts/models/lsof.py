"""``lsof`` socket rows: which process holds which socket.

Only rows of sockets are kept (``IPv4``, ``IPv6``, ``unix``, ``raw``, ``raw6``, ``sock``,
``netlink``, ``pack``...): they join a socket inode (and, for Internet sockets, addresses
and ports) to a COMMAND, PID and user.  Each :class:`LsofSocket` keeps the columns as
printed and decodes them on demand: :attr:`LsofSocket.inode`, :attr:`~LsofSocket.protocol`,
:attr:`~LsofSocket.local` / :attr:`~LsofSocket.peer` (:class:`~netfacts.models.socket.Endpoint`:
an IP address or host name, a port number or — without ``-P``, as in sos's default
``lsof`` — a service name of the collecting host's ``/etc/services``), :attr:`~LsofSocket.state`,
and for UNIX sockets :attr:`~LsofSocket.path` and :attr:`~LsofSocket.socket_type`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.lazy import as_sequence
from netfacts.models.output import Output
from netfacts.models.socket import Endpoint, Port, SocketAddress, TcpState
from netfacts.models.values import ip_address, is_decimal

__all__ = ["LsofForm", "LsofOutput", "LsofSocket", "endpoint_of", "lsof_state"]

_UNIX_STATES = {"CONNECTED": TcpState.ESTABLISHED, "UNCONNECTED": TcpState.CLOSE,
                "CONNECTING": TcpState.SYN_SENT, "LISTEN": TcpState.LISTEN}
_STATE = re.compile(r" \(([A-Z][A-Z0-9_-]*)\)$")
_RPC = re.compile(r"\[[^\]]*\]$")


_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\^([@-_?])")


def _unescape(text: str) -> str:
    if "\\" not in text and "^" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return chr(int(match.group(1), 16))
        return chr(ord(match.group(2)) ^ 0x40)

    return _ESCAPE.sub(replace, text)


def lsof_state(word: str, unix: bool = False) -> TcpState:
    """A state word lsof prints in parentheses → the socket vocabulary (netstat's words;
    UNIX ``CONNECTED`` is ``ESTABLISHED``, ``UNCONNECTED`` is ``CLOSE``)."""
    if unix:
        state = _UNIX_STATES.get(word)
        if state is not None:
            return state
    return TcpState.of(word)


def endpoint_of(text: str) -> Endpoint:
    """``10.20.0.1:8080``, ``*:http-alt``, ``[fd00:20::1]:53``, ``*:2049[nfs]`` → an endpoint
    (``*`` is None; a portmapper registration after the port is dropped; a port that is not
    a number stays the service name lsof printed)."""
    text = _RPC.sub("", text)
    if text.startswith("["):
        host, _, port = text[1:].partition("]")
        port = port[1:]
    else:
        host, _, port = text.rpartition(":")
    address: SocketAddress
    if host in ("*", ""):
        address = None
    else:
        try:
            address = ip_address(host)
        except ValueError:
            address = host
    number: Port
    if port in ("*", ""):
        number = None
    elif is_decimal(port):
        number = int(port)
    else:
        number = port
    return Endpoint(address=address, port=number)


@checked
@attrs.frozen(kw_only=True)
class LsofSocket:
    """One socket row of lsof, columns as printed (``None`` where a column is blank)."""

    command: str
    """COMMAND: the first 9 characters of the process name (lsof's ``+c 9`` default)."""
    pid: int
    tid: int | None = None
    """TID: set on the rows of threads (only without ``-c``, in lsof 4.90 and later)."""
    task_command: str | None = None
    """TASKCMD: the thread's name, on thread rows."""
    user: str
    """USER: the uid with ``-l`` (as sos runs it), else a login name."""
    fd: str
    """FD: the descriptor number with its access mode and lock characters (``3u``)."""
    type: str
    """TYPE: ``IPv4``, ``IPv6``, ``unix``, ``raw``, ``raw6``, ``sock``, ``netlink``, ``pack``..."""
    device: str | None = None
    size_off: str | None = None
    node: str | None = None
    name: str = ""
    """NAME: the rest of the line."""

    @property
    def process_name(self) -> str:
        """COMMAND with lsof's escapes undone: lsof prints a blank or a control character of
        a process name as ``\\xNN`` (``svc\\x20wo`` for ``svc worker``) or ``^X``, then cuts
        the text at 9 characters."""
        return _unescape(self.command)

    @property
    def fd_number(self) -> int | None:
        """The descriptor number of FD (``3u`` → 3)."""
        digits = re.match(r"[0-9]+", self.fd)
        return int(digits.group()) if digits else None

    @property
    def inode(self) -> int | None:
        """The socket inode: DEVICE of ``IPv4``/``IPv6`` rows, NODE of the others."""
        text = self.device if self.type in ("IPv4", "IPv6") else self.node
        return int(text) if text is not None and is_decimal(text) else None

    @property
    def protocol(self) -> str | None:
        """``TCP``, ``UDP``... (NODE of Internet rows), ``sock``'s ``protocol:`` word
        (``TCP``, ``TCPv6``, ``UNIX-STREAM``...), ``UNIX``, ``RAW``/``RAW6``, else None."""
        if self.type in ("IPv4", "IPv6"):
            return self.node
        if self.type == "sock":
            prefix = "protocol: "
            return self.name[len(prefix):] if self.name.startswith(prefix) else None
        if self.type == "unix":
            return "UNIX"
        if self.type in ("raw", "raw6"):
            return self.type.upper()
        return None

    def _inet(self) -> tuple[str, str | None, str | None]:
        name = self.name
        state = _STATE.search(name)
        if state is not None:
            name = name[:state.start()]
        local, arrow, remote = name.partition("->")
        return local, remote if arrow else None, state.group(1) if state else None

    @property
    def local(self) -> Endpoint | None:
        """Local address and port (Internet rows only)."""
        if self.type not in ("IPv4", "IPv6"):
            return None
        return endpoint_of(self._inet()[0])

    @property
    def peer(self) -> Endpoint | None:
        """Remote address and port of a connected Internet socket."""
        if self.type not in ("IPv4", "IPv6"):
            return None
        remote = self._inet()[1]
        return endpoint_of(remote) if remote is not None else None

    @property
    def state(self) -> TcpState | None:
        """The state lsof printed in parentheses (Internet TCP rows; UNIX rows of lsof 4.94
        and later), None when it printed none (UDP)."""
        if self.type in ("IPv4", "IPv6"):
            word = self._inet()[2]
            return lsof_state(word) if word is not None else None
        if self.type == "unix":
            match = _STATE.search(self.name)
            return lsof_state(match.group(1), unix=True) if match else None
        return None

    def _unix_words(self) -> list[str]:
        name = self.name
        state = _STATE.search(name)
        if state is not None:
            name = name[:state.start()]
        return name.split()

    @property
    def path(self) -> str | None:
        """A UNIX socket's bound name as lsof printed it (cut at the first blank), None for
        an unnamed one."""
        if self.type != "unix":
            return None
        words = [w for w in self._unix_words() if not w.startswith("type=")]
        if not words or words[0] == "socket":
            return None
        return words[0]

    @property
    def socket_type(self) -> str | None:
        """A UNIX socket's ``type=`` word (``STREAM``, ``DGRAM``, ``SEQPACKET``)."""
        if self.type != "unix":
            return None
        for word in self._unix_words():
            if word.startswith("type="):
                return word[5:]
        return None


@checked
@attrs.frozen(kw_only=True)
class LsofForm:
    """How lsof was run, as far as the output shows it."""

    threads: bool = False
    """The TID and TASKCMD columns (lsof 4.90+ without a selection option such as ``-c``)."""
    size_column: str = "SIZE/OFF"
    """The title of the size column: ``SIZE/OFF``, ``SIZE`` (``-s``) or ``OFF`` (``-o``)."""
    header: bool = True


def _as_sockets(value: Sequence[LsofSocket]) -> Sequence[LsofSocket]:
    return as_sequence(value)


@checked
@attrs.frozen(kw_only=True)
class LsofOutput(Output):
    """The socket rows of an lsof listing."""

    kind: ClassVar[str] = "lsof"
    sockets: Sequence[LsofSocket] = attrs.field(default=(), converter=_as_sockets)
    """A tuple, or for parse results a :class:`~netfacts.models.lazy.LazyTuple`."""
    form: LsofForm = LsofForm()
    other_rows: int = attrs.field(default=0, eq=False)
    """Rows of files that are not sockets (read, not kept)."""

    def by_inode(self) -> dict[int, list[LsofSocket]]:
        """inode → the rows holding it, one per process (thread rows of a process that is
        listed already are left out), in print order."""
        found: dict[int, list[LsofSocket]] = {}
        seen: set[tuple[int, int]] = set()
        for row in self.sockets:
            inode = row.inode
            if inode is None or (row.pid, inode) in seen:
                continue
            seen.add((row.pid, inode))
            found.setdefault(inode, []).append(row)
        return found
