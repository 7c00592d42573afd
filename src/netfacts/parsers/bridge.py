"""Parse ``bridge link``, ``bridge fdb``, ``bridge vlan`` and ``bridge mdb`` output.

Grammar: :mod:`netfacts.grammar.bridge`.  Each family has its own entry point
(:func:`parse_bridge_link`, :func:`parse_bridge_fdb`, :func:`parse_bridge_vlan`,
:func:`parse_bridge_mdb`) and content sniffer.  Error lines the command wrote to stderr
(sos keeps them in the file: ``RTNETLINK answers: Operation not supported``, ``Dump
terminated``) are kept in the output's ``messages`` and reported as warnings; a dump cut
short says the listing is incomplete.  A line that fits nothing is an error that loses
only its own record.

Example::

    >>> from netfacts.parsers.bridge import parse_bridge_fdb
    >>> out = parse_bridge_fdb("02:00:00:00:00:aa dev eth1 vlan 10 master br0 static\\n")
    >>> e = out.entries[0]
    >>> str(e.mac), e.dev, e.vlan, e.master, e.state
    ('02:00:00:00:00:aa', 'eth1', 10, 'br0', 'static')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from netfacts._text import classify_noise, split_lines
from netfacts.grammar import bridge as g
from netfacts.grammar._keywords import KeyTail
from netfacts.models.bridge import (
    BridgeFdbOutput,
    BridgeLinkOutput,
    BridgeMdbOutput,
    BridgePort,
    BridgeVlan,
    BridgeVlanOutput,
    FdbEntry,
    MdbEntry,
    MdbRouter,
    VlanStats,
)
from netfacts.models.values import MacAddress, ip_address
from netfacts.parsers._driver import BAD_VALUES, Collector

__all__ = [
    "command_hints",
    "parse_bridge_fdb",
    "parse_bridge_link",
    "parse_bridge_mdb",
    "parse_bridge_vlan",
    "sniff_fdb",
    "sniff_link",
    "sniff_mdb",
    "sniff_vlan",
]

_S = g.SHAPES
_MAX_RECORDS = 2_000_000
"""More records than any bridge holds (the kernel's fdb limit is far lower): the rest of
an input that long is reported, not kept."""
_TOKEN = re.compile(r"\S+")
_TIMER = re.compile(r"[0-9]+\.[0-9]{2}")


class _Base:
    """Shared by the four parsers: diagnostics, messages, record count, tail reading."""

    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.messages: list[str] = []
        self.lines: list[int] = []
        self.full = False
        self.detached = False
        """The last record line could not be read: the indented lines under it are not
        the record above's (they are reported, never re-homed)."""

    def feed(self, lines: Sequence[str]) -> None:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                self.blank()
                continue
            if self.message(number, line):
                continue
            try:
                self.line(number, line)
            except BAD_VALUES as exc:  # a number no integer holds: the line is lost
                self.c.bad_value(number, line, exc)
                if line[:1] not in " \t":
                    self.detached = True
            if self.full:
                break

    def line(self, number: int, line: str) -> None:
        raise NotImplementedError

    def blank(self) -> None:
        """A blank line (ends a port in the old vlan layout)."""

    def reject(self, number: int, line: str, shape: Any) -> None:
        """A line that fits no shape; a record line detaches the indented lines after it."""
        if line[:1] not in " \t" and classify_noise(line) is None:
            self.detached = True
        self.c.reject(number, line, shape)

    def message(self, number: int, line: str) -> bool:
        """Keep a stderr line of ``bridge`` (True when ``line`` is one)."""
        stripped = line.strip()
        if line[:1] in " \t" or _S["message"].match(stripped) is None:
            return False
        self.messages.append(stripped)
        if stripped.startswith("Dump terminated"):
            self.c.warning(number, "bridge stopped the dump (Dump terminated): the listing is "
                           "incomplete", line)
        else:
            self.c.warning(number, f"bridge message kept as a capture warning: {stripped}",
                           line)
        return True

    def room(self, number: int, line: str) -> bool:
        """False (once reported) when the record limit is reached."""
        if len(self.lines) < _MAX_RECORDS:
            return True
        if not self.full:
            self.full = True
            self.c.warning(number, f"more than {_MAX_RECORDS} records: the rest is not read",
                           line)
        return False

    def tail(self, reader: KeyTail, number: int, line: str, tail: str, start: int
             ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Keyword values of a tail (a bad value is reported, the rest still read)."""
        walked = reader.read(tail)
        if walked.error is not None:
            index, message = walked.error
            starts = [m.start() for m in _TOKEN.finditer(tail)]
            offset = starts[index] if index < len(starts) else len(tail)
            self.c.error(number, start + offset + 1, message, line)
        values = walked.values
        values.pop("__end__", None)
        return values, list(walked.unknown)


def _pairs(tail: str) -> tuple[tuple[str, str], ...]:
    """``key value key value ...`` as printed (a lone last word gets ``""``)."""
    tokens = tail.split()
    return tuple((tokens[i], tokens[i + 1] if i + 1 < len(tokens) else "")
                 for i in range(0, len(tokens), 2))


def _address(text: str) -> Any:
    try:
        return ip_address(text)
    except ValueError:
        return text


def _group(text: str) -> Any:
    try:
        return ip_address(text)
    except ValueError:
        pass
    try:
        return MacAddress.parse(text)
    except ValueError:
        return text


def _seconds(text: str) -> float:
    """A timer (``259.82``); ``ValueError`` for one no float holds (5,000 digits)."""
    seconds = float(text)
    if not math.isfinite(seconds) or len(text) > 24:
        raise ValueError(f"not a timer: {text[:24]!r}")
    return seconds


def _finish(collector: Collector, text: str, lines: list[str]) -> None:
    collector.check_final_line(text, lines)


# ---------------------------------------------------------------- bridge link


class _LinkParser(_Base):
    def __init__(self, collector: Collector) -> None:
        super().__init__(collector)
        self.ports: list[BridgePort] = []
        self.details = False
        self.legacy = False

    def line(self, number: int, line: str) -> None:
        if line.startswith("    ") and line[4:5] not in (" ", ""):
            self._details(number, line)
            return
        match = _S["link"].match(line)
        if match is None:
            self.reject(number, line, _S["link"])
            return
        if not self.room(number, line):
            return
        fields: dict[str, Any] = {"ifindex": int(match.group("ifindex")),
                                  "ifname": match.group("ifname")}
        if match.group("deleted"):
            fields["deleted"] = True
        if match.group("peer") is not None:
            fields["link"] = match.group("peer")
        if match.group("legacy"):
            self.legacy = True
            fields["operstate"] = match.group("oper")
        flags = match.group("flags")
        fields["flags"] = tuple(flags.split(",")) if flags else ()
        tail = match.group("tail")
        if tail and tail.strip():
            values, unknown = self.tail(g.LINK_TAIL, number, line, tail, match.start("tail"))
            fields.update(values)
            if unknown:
                fields["extra"] = tuple(unknown)
        port = BridgePort(**fields)
        self.ports.append(port)
        self.lines.append(number)
        self.detached = False

    def _details(self, number: int, line: str) -> None:
        match = _S["details"].match(line.rstrip())
        if match is None:
            self.c.reject(number, line, _S["details"] if self.ports else _S["link"])
            return
        if self.detached or not self.ports or self.ports[-1].options:
            self.c.error(number, 1, "a port options line without its port line (the line "
                         "above it could not be read)" if self.detached else
                         "a port options line without its port line", line)
            return
        self.details = True
        self.ports[-1] = attrs.evolve(self.ports[-1], options=_pairs(match.group("tail")))


def parse_bridge_link(text: str, *, strict: bool = False, source: str | None = None,
                      **_: Any) -> BridgeLinkOutput:
    """Parse ``bridge [-s] [-d] link show`` text of any iproute2 version."""
    collector = Collector(source=source, strict=strict)
    parser = _LinkParser(collector)
    lines = split_lines(text)
    parser.feed(lines)
    _finish(collector, text, lines)
    return BridgeLinkOutput(
        ports=tuple(parser.ports),
        details=parser.details, legacy=parser.legacy, messages=tuple(parser.messages),
        diagnostics=collector.result(), source=source, record_lines=tuple(parser.lines))


# ---------------------------------------------------------------- bridge fdb


class _FdbParser(_Base):
    def __init__(self, collector: Collector) -> None:
        super().__init__(collector)
        self.entries: list[FdbEntry] = []
        self.stats = False

    def line(self, number: int, line: str) -> None:
        shape = _S["fdb"]
        match = shape.match(line.rstrip())
        if match is None:
            self.reject(number, line, shape)
            return
        if not self.room(number, line):
            return
        fields: dict[str, Any] = {"mac": MacAddress.parse(match.group("mac"))}
        if match.group("deleted"):
            fields["deleted"] = True
        tail = match.group("tail")
        if tail:
            self._tail(number, line, tail, match.start("tail"), fields)
        try:
            entry = FdbEntry(**fields)
        except ValueError as exc:
            self.c.error(number, 1, str(exc), line)
            return
        self.entries.append(entry)
        self.lines.append(number)

    def _tail(self, number: int, line: str, tail: str, start: int,
              fields: dict[str, Any]) -> None:
        values, unknown = self.tail(g.FDB_TAIL, number, line, g.fdb_tail(tail), start)
        used = values.pop("used", None)
        if used is not None:
            self.stats = True
            fields["used"], fields["updated"] = used
        states = values.pop("state", ())
        dst = values.pop("dst", None)
        if dst is not None:
            fields["dst"] = _address(dst)
        fields.update(values)
        extra = []
        for key, value in unknown:
            if value.startswith("state="):  # an unknown flag before a numeric state
                fields["flags"] = (*fields.get("flags", ()), key)
                states = (*states, value)
            elif not value and key.startswith("state="):
                states = (*states, key)
            elif not value:
                fields["flags"] = (*fields.get("flags", ()), key)
            else:
                extra.append((key, value))
        if states:
            fields["state"] = " ".join(states)
        if extra:
            fields["extra"] = tuple(extra)


def parse_bridge_fdb(text: str, *, strict: bool = False, source: str | None = None,
                     dev: str | None = None, **_: Any) -> BridgeFdbOutput:
    """Parse ``bridge [-s] [-d] fdb show`` text of any iproute2 version.

    ``dev`` (a hint from ``bridge fdb show dev DEV`` / ``brport DEV``) names the port the
    lines leave out.
    """
    collector = Collector(source=source, strict=strict)
    parser = _FdbParser(collector)
    lines = split_lines(text)
    parser.feed(lines)
    _finish(collector, text, lines)
    return BridgeFdbOutput(entries=tuple(parser.entries), dev=dev, stats=parser.stats,
                           messages=tuple(parser.messages), diagnostics=collector.result(),
                           source=source, record_lines=tuple(parser.lines))


# ---------------------------------------------------------------- bridge vlan


class _VlanParser(_Base):
    def __init__(self, collector: Collector) -> None:
        super().__init__(collector)
        self.vlans: list[dict[str, Any]] = []
        self.none: list[str] = []
        self.port: str | None = None
        self.lost = False
        self.legacy = False
        self.details = False
        self.stats = False
        self.header = False

    def blank(self) -> None:
        if self.legacy:
            self.port = None  # iproute2 < 4.15: a blank line ends a port

    def line(self, number: int, line: str) -> None:
        match = _S["vlan_header"].match(line)
        if match is not None:
            header = match.group("header")
            self.header = True
            self.legacy = header.startswith("\t")
            # -s prints "port ... vlan-id" with no padding after it (iproute2 5.x-6.x)
            self.stats = self.stats or header.endswith("vlan-id")
            return
        if line.startswith((" " * 20, "\t ")) and self._indented(number, line):
            return
        match = _S["vlan_none"].match(line)
        if match is not None:
            self.legacy = True
            self.none.append(match.group("port"))
            self.port = None
            self.vlan_lost()
            return
        match = _S["vlan_port"].match(line) or _S["vlan_cont"].match(line)
        if match is None:
            if line[:1] not in " \t":
                self.port = None  # the VLAN lines after an unreadable port line are not
            self.vlan_lost()       # the port above's
            self.reject(number, line, _S["vlan_cont"] if line[:1] in " \t"
                        else _S["vlan_port"])
            return
        if match.group("sep").startswith("\t"):
            self.legacy = True
        if "port" in match.groupdict():
            self.port = None
            self.vlan_lost()
            port = match.group("port")
        elif self.port is None:
            self.vlan_lost()
            self.c.error(number, 1, "a VLAN line with no readable port line above it", line)
            return
        else:
            port = self.port
        if not self.room(number, line):
            return
        end = match.group("vlan_end")
        self.vlans.append({
            "port": port, "vlan": int(match.group("vlan")),
            "vlan_end": None if end is None else int(end),
            "pvid": match.group("pvid") is not None,
            "untagged": match.group("untagged") is not None,
        })
        self.lines.append(number)
        self.port = port
        self.lost = False

    def vlan_lost(self) -> None:
        """Until the next readable VLAN line, option and counter lines have no VLAN."""
        self.lost = True

    def _indented(self, number: int, line: str) -> bool:
        """An options or counters line under the last VLAN (True when handled)."""
        stats = _S["vlan_stats"].match(line.rstrip())
        opts = None if stats is not None else _S["vlan_opts"].match(line.rstrip())
        if stats is None and opts is None:
            return False
        if not self.vlans or self.lost:
            self.c.error(number, 1, "a VLAN options line with no readable VLAN line above it",
                         line)
            return True
        current = self.vlans[-1]
        if stats is not None:
            self.stats = True
            counters = current.setdefault("_stats", {})
            direction = stats.group("dir").lower()
            counters[f"{direction}_bytes"] = int(stats.group("bytes"))
            counters[f"{direction}_packets"] = int(stats.group("packets"))
            return True
        self.details = True
        assert opts is not None
        current["options"] = (*current.get("options", ()), *_pairs(opts.group("tail")))
        return True


def parse_bridge_vlan(text: str, *, strict: bool = False, source: str | None = None,
                      **_: Any) -> BridgeVlanOutput:
    """Parse ``bridge [-d] [-s] vlan show`` text of any iproute2 version."""
    collector = Collector(source=source, strict=strict)
    parser = _VlanParser(collector)
    lines = split_lines(text)
    parser.feed(lines)
    _finish(collector, text, lines)
    vlans: list[BridgeVlan] = []
    kept: list[int] = []
    for number, fields in zip(parser.lines, parser.vlans):
        try:
            vlans.append(_build_vlan(fields))
        except ValueError as exc:
            collector.error(number, 1, str(exc), lines[number - 1])
            continue
        kept.append(number)
    return BridgeVlanOutput(
        vlans=tuple(vlans), none=tuple(parser.none), legacy=parser.legacy,
        details=parser.details, stats=parser.stats, messages=tuple(parser.messages),
        diagnostics=collector.result(), source=source, record_lines=tuple(kept))


def _build_vlan(fields: dict[str, Any]) -> BridgeVlan:
    fields = dict(fields)
    counters = fields.pop("_stats", None)
    if counters is not None:
        full = {"rx_bytes": 0, "rx_packets": 0, "tx_bytes": 0, "tx_packets": 0, **counters}
        fields["stats"] = VlanStats(**full)
    return BridgeVlan(**fields)


# ---------------------------------------------------------------- bridge mdb


class _MdbParser(_Base):
    def __init__(self, collector: Collector) -> None:
        super().__init__(collector)
        self.entries: list[MdbEntry] = []
        self.routers: list[MdbRouter] = []
        self.stats = False

    def line(self, number: int, line: str) -> None:
        if line.startswith("router ports on "):
            self._router(number, line)
            return
        match = _S["mdb"].match(line)
        if match is None:
            self.reject(number, line, _S["mdb"])
            return
        if not self.room(number, line):
            return
        fields: dict[str, Any] = {"dev": match.group("dev"), "port": match.group("port"),
                                  "grp": _group(match.group("grp"))}
        if match.group("deleted"):
            fields["deleted"] = True
        timer = match.group("timer")
        if timer is not None:
            fields["timer"] = _seconds(timer)
        tail = match.group("tail")
        if tail.strip():
            self._tail(number, line, tail, match.start("tail"), fields)
        try:
            entry = MdbEntry(**fields)
        except ValueError as exc:
            self.c.error(number, 1, str(exc), line)
            return
        self.stats = self.stats or entry.timer is not None
        self.entries.append(entry)
        self.lines.append(number)

    def _tail(self, number: int, line: str, tail: str, start: int,
              fields: dict[str, Any]) -> None:
        values, unknown = self.tail(g.MDB_TAIL, number, line, tail, start)
        states = values.pop("state", ())
        if states:
            fields["state"] = " ".join(states)
        src = values.pop("src", None)
        if src is not None:
            fields["src"] = _address(src)
        extra: list[tuple[str, str]] = [(k, str(values.pop(k))) for k in
                 ("source_list", "dst", "dst_port", "vni", "src_vni", "via") if k in values]
        fields.update(values)
        for key, value in unknown:
            if not value:
                fields["flags"] = (*fields.get("flags", ()), key)
            else:
                extra.append((key, value))
        if extra:
            fields["extra"] = tuple(extra)

    def _router(self, number: int, line: str) -> None:
        match = _S["router"].match(line.rstrip())
        if match is None:
            self.c.reject(number, line, _S["router"])
            return
        dev = match.group("dev")
        tokens = match.group("tail").split()
        if len(tokens) >= 2 and _TIMER.fullmatch(tokens[1]):
            self.routers.append(MdbRouter(dev=dev, port=tokens[0], timer=_seconds(tokens[1]),
                                          type=tokens[2] if len(tokens) > 2 else None))
            self.stats = True
            return
        self.routers.extend(MdbRouter(dev=dev, port=port) for port in tokens)


def parse_bridge_mdb(text: str, *, strict: bool = False, source: str | None = None,
                     **_: Any) -> BridgeMdbOutput:
    """Parse ``bridge [-s] [-d] mdb show`` text of any iproute2 version."""
    collector = Collector(source=source, strict=strict)
    parser = _MdbParser(collector)
    lines = split_lines(text)
    parser.feed(lines)
    _finish(collector, text, lines)
    return BridgeMdbOutput(entries=tuple(parser.entries), routers=tuple(parser.routers),
                           stats=parser.stats, messages=tuple(parser.messages),
                           diagnostics=collector.result(), source=source,
                           record_lines=tuple(parser.lines))


# ---------------------------------------------------------------- commands and sniffers

_SHOW = ("show", "lst", "list", "sh", "ls", "s", "l")


def command_hints(args: Sequence[str]) -> dict[str, Any] | None:
    """Hints of a ``bridge link|fdb|vlan|mdb`` command line (words after ``bridge``):
    None unless it shows the table (``add``, ``monitor``, ``vlan tunnelshow`` and ``vlan
    global`` print other things); ``dev``/``brport`` of ``fdb show`` become the ``dev``
    hint (its lines leave the port out)."""
    words: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg.startswith("-"):
            skip = arg in ("-n", "-netns", "-b", "-batch")
            continue
        if arg:
            words.append(arg)
    if len(words) > 1 and not any(word.startswith(words[1]) for word in ("show", "list",
                                                                         "lst")):
        return None
    hints: dict[str, Any] = {}
    if words[:1] and "fdb".startswith(words[0]):
        for key in ("dev", "brport"):
            if key in words[2:-1]:
                hints["dev"] = words[words.index(key, 2) + 1]
    return hints


_FDB_SNIFF = re.compile(r"^(?:Deleted )?[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5} "
                        r"(?:dev \S+ |vlan |dst |used |self|master|permanent|static)")
_MDB_SNIFF = re.compile(r"^(?:Deleted )?dev \S+ port \S+ grp \S+|^router ports on \S+: ")
_LINK_SNIFF = re.compile(
    r"^\d+: [^\s:@]+(?:@\S*)?(?: state \S+ ?(?:@\S*)?)?: <[^>\s]*> (?:mtu \d+ )?"
    r"(?:master \S+ )?(?:state (?:disabled|listening|learning|forwarding|blocking|\(\d+\))"
    r"|$)")


def _sniff(pattern: re.Pattern[str], kind: str, lines: list[str]) -> tuple[str, int] | None:
    for line in lines[:6]:
        if pattern.search(line) is not None:
            return kind, 95
    return None


def sniff_link(lines: list[str]) -> tuple[str, int] | None:
    """``bridge link`` lines (port states after the flags; scores above ``ip link``)."""
    return _sniff(_LINK_SNIFF, "bridge-link", lines)


def sniff_fdb(lines: list[str]) -> tuple[str, int] | None:
    """``bridge fdb`` lines: a MAC address first (``ip neigh`` lines start with an IP)."""
    return _sniff(_FDB_SNIFF, "bridge-fdb", lines)


def sniff_mdb(lines: list[str]) -> tuple[str, int] | None:
    return _sniff(_MDB_SNIFF, "bridge-mdb", lines)


def sniff_vlan(lines: list[str]) -> tuple[str, int] | None:
    shape = _S["vlan_header"]
    for line in lines[:3]:
        if shape.match(line) is not None:
            return "bridge-vlan", 95
    return None


SNIFFERS: dict[str, Callable[[list[str]], tuple[str, int] | None]] = {
    "bridge-link": sniff_link, "bridge-fdb": sniff_fdb, "bridge-vlan": sniff_vlan,
    "bridge-mdb": sniff_mdb,
}
