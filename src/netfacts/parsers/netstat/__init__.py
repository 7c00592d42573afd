"""Parse ``netstat`` output in every mode into :class:`~netfacts.models.netstat.NetstatOutput`.

Modes: the Internet and UNIX socket sections with any of ``-a -l -n -p -t -u -w
-x -e -o -W -T``, routing tables (``-r``, ``-rn``, ``-rne``, ``-rnee``, ``-6 -r``),
the interface table (``-i``) and its ``ifconfig``-style form (``-ie``, both
layouts), statistics (``-s``, ``-s -6``, ``-st`` ...), multicast groups (``-g``)
and the repeated samples of ``-c``; net-tools 1.60, 2.10 and later.  The form is
read from the text itself.  Grammar: :mod:`netfacts.grammar.netstat`.

Two APIs share one reader and report the same records and diagnostics:

* :func:`parse_netstat` reads a whole text and returns a ``NetstatOutput``;
* :func:`iter_netstat` reads a path, a file or any iterable of lines and yields the
  records one by one (sockets, routes, interfaces, statistics sections, groups),
  holding one line at a time.

Example::

    >>> from netfacts.parsers.netstat import parse_netstat
    >>> out = parse_netstat(
    ...     "Active Internet connections (only servers)\\n"
    ...     "Proto Recv-Q Send-Q Local Address           Foreign Address         State"
    ...     "       PID/Program name    \\n"
    ...     "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN"
    ...     "      10079/sshd: /usr/sb \\n")
    >>> sock = out.sockets[0]
    >>> sock.local_port, sock.program, sock.pid, sock.state.value
    (22, 'sshd: /usr/sb', 10079, 'LISTEN')
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from typing import Any

from netfacts._text import split_lines
from netfacts.models.netstat import NetstatForm, NetstatOutput
from netfacts.parsers._driver import Collector
from netfacts.parsers._stream import RecordStream
from netfacts.parsers.netstat._reader import INET_PROTOS, NetstatRecord, Reader

__all__ = [
    "NetstatRecord", "NetstatStream", "command_hints", "iter_netstat", "parse_netstat", "sniff",
]


def parse_netstat(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
    wide: bool | None = None,
    **_hints: Any,
) -> NetstatOutput:
    """Parse netstat output of any mode.

    ``wide=True`` says the capture was made with ``-W`` (or RHEL's ``-T``), so a
    23-character address is not suspected of being cut; without it, only an address
    longer than 23 characters earlier in the output proves ``-W``.  Lenient by
    default; with ``strict`` the first error raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    reader = Reader(collector, wide=wide, streaming=False)
    lines = split_lines(text)
    # The rows are hundreds of thousands of small acyclic tuples: the cyclic garbage
    # collector would scan them again and again while they are made (a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        reader.feed(lines)
    finally:
        if collecting:
            gc.enable()
    collector.check_final_line(text, lines)
    samples = reader.build_samples()
    return NetstatOutput(
        samples=samples,
        form=reader.form(),
        diagnostics=collector.result(),
        source=source,
        record_lines=reader.record_lines() if samples else (),
    )


class NetstatStream(RecordStream, Iterator[NetstatRecord]):
    """The records of a netstat capture, one at a time (see :func:`iter_netstat`).

    While iterating, ``sample`` is the index of the ``-c`` sample the last record
    belongs to (0 without ``-c``); ``diagnostics`` holds what was reported so far and
    ``form`` what was learnt about the form so far (both complete at the end).
    """

    def __init__(self, source: Any, collector: Collector, reader: Reader) -> None:
        super().__init__(source, collector)
        self._reader = reader
        self._next = 0
        self.sample = 0

    @property
    def form(self) -> NetstatForm:
        """The form as far as it is known."""
        return self._reader.form()

    def __iter__(self) -> NetstatStream:
        return self

    _BATCH = 256
    """Lines read per step: enough to amortise the reader's setup, few enough to keep the
    memory flat."""

    def __next__(self) -> NetstatRecord:
        reader = self._reader
        pending = reader.pending
        while self._next >= len(pending):
            if self._done:
                raise StopIteration
            pending.clear()
            self._next = 0
            batch: list[str] = []
            first = 0
            for number, line in self._lines:
                if not batch:
                    first = number
                batch.append(line)
                self._number = number
                if len(batch) >= self._BATCH:
                    break
            if batch:
                reader.feed(batch, first)
                continue
            self._done = True
            reader.finish()
            self._check_final_line()
        sample, record = pending[self._next]
        self._next += 1
        self.sample = max(sample, 0)
        return record


def iter_netstat(
    source: Any,
    *,
    strict: bool = False,
    source_name: str | None = None,
    wide: bool | None = None,
) -> NetstatStream:
    """Stream the records of a netstat capture without holding it in memory.

    ``source`` is a path (``pathlib.Path``), a binary or text file, a ``str`` holding the
    whole text, or any iterable of lines.  Yields :class:`~netfacts.models.socket.Socket`,
    ``NetstatRoute``, ``NetstatInterface``/``IfconfigInterface``, ``StatSection`` (when the
    section is complete) and ``MulticastGroup`` records in input order; the stream's
    ``diagnostics`` are those :func:`parse_netstat` reports for the same text.
    """
    collector = Collector(source=source_name, strict=strict)
    reader = Reader(collector, wide=wide, streaming=True)
    return NetstatStream(source, collector, reader)


# ---------------------------------------------------------------- detection

_SNIFF_TITLES = (
    "Active Internet connections",
    "Active UNIX domain sockets",
    "Kernel IP routing table",
    "Kernel IPv6 routing table",
    "Kernel Interface table",
    "IPv6/IPv4 Group Memberships",
)
_SNIFF_HEADER = re.compile(r"Proto +(?:Recv-Q +Send-Q +Local Address +Foreign Address|"
                           r"RefCnt +Flags +Type +State +I-Node)")
_SNIFF_STATS = re.compile(r"(?:Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt|Sctp|"
                          r"Ip6|Icmp6|Udp6|UdpLite6):")
_SNIFF_ROW = re.compile(r"(?:tcp6?|udp6?|udpl6?|raw6?) +[0-9]+ +[0-9]+ +\S+:\S+ +\S+:\S+"
                        r"|unix +[0-9]+ +\[ [A-Z ]*\] ")


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("netstat", score)`` or None."""
    stats = 0
    for line in lines:
        if line.startswith(_SNIFF_TITLES):
            return "netstat", 90
        if _SNIFF_HEADER.match(line):
            return "netstat", 85
        if _SNIFF_STATS.fullmatch(line.rstrip()):
            stats += 1
            if stats >= 2:
                return "netstat", 70
        elif _SNIFF_ROW.match(line):
            proto = line.split(None, 1)[0]
            if proto in INET_PROTOS or proto == "unix":
                return "netstat", 55
    if stats:
        return "netstat", 40
    return None


def command_hints(options: Sequence[str]) -> dict[str, Any]:
    """Parser hints from a ``netstat`` command line (the words after ``netstat``).

    ``-W``/``--wide`` and RHEL's ``-T``/``--notrim`` print whole addresses: the hint
    ``{"wide": True}`` stops 23-character address fields from being marked truncated.
    """
    for word in options:
        if word in ("--wide", "--notrim"):
            return {"wide": True}
        if word.startswith("-") and not word.startswith("--"):
            cluster = word[1:].split("A", 1)[0]  # -A takes a value
            if "W" in cluster or "T" in cluster:
                return {"wide": True}
    return {}
