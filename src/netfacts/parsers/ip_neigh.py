"""Parse ``ip neigh`` text in every form into :class:`~netfacts.models.neighbour.Neighbour`.

Forms: ``ip neigh`` / ``ip neigh show``, ``show nud all`` (NOARP entries), ``show proxy``,
``show dev X`` (no ``dev`` word), ``-4``/``-6``, ``-s`` and ``-s -s`` (counters), lines of
``ip monitor neigh`` (``Deleted`` / ``miss`` prefixes), in both spacing layouts (iproute2
up to 5.15 and 5.16+).  Grammar: :mod:`netfacts.grammar.ip_neigh`.

Example::

    >>> from netfacts.parsers.ip_neigh import parse_ip_neigh
    >>> out = parse_ip_neigh("192.168.50.1 dev eth0 lladdr 02:00:00:00:50:01 REACHABLE \\n")
    >>> n = out.neighbours[0]
    >>> str(n.dst), n.dev, str(n.lladdr), [s.value for s in n.state], out.form.layout
    ('192.168.50.1', 'eth0', '02:00:00:00:50:01', ['REACHABLE'], 'B')
"""

from __future__ import annotations

import re
from typing import Any

from netfacts._text import classify_noise, split_lines
from netfacts.grammar import ip_neigh as g
from netfacts.models.neighbour import (
    IpNeighForm,
    IpNeighOutput,
    Neighbour,
    NeighCacheInfo,
    NudState,
)
from netfacts.models.values import ip_address
from netfacts.parsers._driver import Collector

__all__ = ["parse_ip_neigh", "sniff"]

_SHAPE = g.SHAPES["neighbour"]
_STATE_WORDS = frozenset(g.STATE_WORDS)
_STATES: dict[tuple[str, ...], tuple[NudState, ...]] = {}
_TOKEN = re.compile(r"\S+")
_GLUE = re.compile(r"/[0-9]+(?=[^\s0-9/])")


def _states(words: tuple[str, ...]) -> tuple[NudState, ...]:
    states = _STATES.get(words)
    if states is None:
        states = tuple(NudState.of(word) for word in words)
        if len(_STATES) < 256:
            _STATES[words] = states
    return states


def _token_starts(tail: str) -> list[int]:
    """Offsets in ``tail`` of the tokens the tail reader sees (glued words split)."""
    starts: list[int] = []
    for match in _TOKEN.finditer(tail):
        starts.append(match.start())
        for glued in _GLUE.finditer(match.group()):
            starts.append(match.start() + glued.end())
    return starts


class _Parser:
    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.neighbours: list[Neighbour] = []
        self.lines: list[int] = []
        self.layout: str | None = None
        self.stats = False

    def feed(self, lines: list[str]) -> None:
        fullmatch = _SHAPE.regex.fullmatch
        for number, raw in enumerate(lines, 1):
            line = raw.rstrip()
            if not line:
                continue
            match = fullmatch(line)
            if match is None:
                self.c.reject(number, line, _SHAPE)
                continue
            dst_text = match.group("dst")
            try:
                dst = ip_address(dst_text)
            except ValueError:
                if classify_noise(line) is not None:
                    self.c.reject(number, line, _SHAPE)
                else:
                    self.c.error(number, match.start("dst") + 1,
                                 f"Expected IP address, found {dst_text!r}", line)
                continue
            fields: dict[str, Any] = {"dst": dst}
            prefix = match.group("prefix")
            if prefix is not None:
                fields["miss" if prefix == "miss" else "deleted"] = True
            tail = match.group("tail")
            if tail and not self._tail(number, line, tail, match.start("tail"), fields):
                continue  # a line with an error gives no partial neighbour
            neighbour = Neighbour(**fields)
            self.neighbours.append(neighbour)
            self.lines.append(number)
            if self.layout is None:
                self.layout = _layout_of(raw, neighbour)

    def _tail(self, number: int, line: str, tail: str, start: int,
              fields: dict[str, Any]) -> bool:
        """Fill ``fields`` from the attributes; False (and an error) when one is bad."""
        walked = g.TAIL.read(g.unglue(tail))
        values = walked.values
        if walked.error is not None:
            index, message = walked.error
            starts = _token_starts(tail)
            offset = starts[index] if index < len(starts) else len(tail)
            self.c.error(number, start + offset + 1, message, line)
            return False
        for key in ("dev", "lladdr", "protocol"):
            value = values.get(key)
            if value is not None:
                fields[key] = value
        flags = values.get("flags")
        if flags:
            fields["flags"] = flags
        words = values.get("state")
        extra: list[tuple[str, str]] = []
        for key, value in walked.unknown:
            parts = key.split(",")
            if not value and len(parts) > 1 and _STATE_WORDS.issuperset(parts):
                words = (*(words or ()), *parts)  # 3.10: STALE,NOARP
            else:
                extra.append((key, value))
        if words:
            fields["state"] = _states(tuple(words))
        if extra:
            fields["extra"] = tuple(extra)
        used = values.get("used")
        refcnt = values.get("refcnt")
        probes = values.get("probes")
        if used is not None or refcnt is not None or probes is not None:
            self.stats = True
            cache: dict[str, Any] = {"refcnt": refcnt, "probes": probes}
            if used is not None:
                cache["used"], cache["confirmed"], cache["updated"] = used
            fields["cache"] = NeighCacheInfo(**cache)
        return True


def _layout_of(raw: str, neighbour: Neighbour) -> str | None:
    """``"A"`` or ``"B"`` when ``raw`` is exactly one layout's rendering of ``neighbour``."""
    a = g.format_neighbour(neighbour, "A")
    b = g.format_neighbour(neighbour, "B")
    if a == b:
        return None
    if raw == a:
        return "A"
    if raw == b:
        return "B"
    return None


def parse_ip_neigh(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
) -> IpNeighOutput:
    """Parse ``ip neigh`` output of any form.

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first one
    raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    parser = _Parser(collector)
    lines = split_lines(text)
    parser.feed(lines)
    collector.check_final_line(text, lines)
    return IpNeighOutput(
        neighbours=tuple(parser.neighbours),
        form=IpNeighForm(layout=parser.layout or "B", stats=parser.stats),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(parser.lines),
    )


_SNIFF = re.compile(
    # a MAC address first is a ``bridge fdb`` line, not a neighbour (whose first word is an
    # IP address: six colon-separated octets are never one)
    r"(?:(?:Deleted|delete|miss)[ \t]+)?(?![0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}[ \t])"
    r"[0-9a-fA-F:.]*[:.][0-9a-fA-F:.]*[ \t]+"
    r"(?:dev[ \t]+\S+[ \t]+)?"
    r"(?P<word>lladdr[ \t]|router\b|proxy\b|managed\b|extern_learn\b|INCOMPLETE\b|REACHABLE\b"
    r"|STALE\b|DELAY\b|PROBE\b|FAILED\b|NOARP\b|PERMANENT\b|used[ \t]|ref[ \t])"
)


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("ip-neigh", score)`` or None."""
    for line in lines:
        if _SNIFF.match(line):
            return "ip-neigh", 90
    return None
