"""``ip route`` text straight to ``ip -j route`` JSON text: the CLI's fast path.

``netfacts parse --as ip-route`` on a large routing table would spend most of its
time building typed :class:`~netfacts.models.route.Route` objects that are thrown
away once the JSON is written.  Nearly every line of a real table has the
``plain_route`` shape of :mod:`netfacts.grammar.ip_route`: an IPv4 route whose JSON
object is its own tokens renamed.  This module writes such routes as JSON text
without models: each route the grammar's compiled regex accepts (with its plain
``nexthop`` lines) is written from the regex groups; every other stretch of lines
(IPv6, encap, ``table``, noise, bad lines) goes through the full parser and
:func:`~netfacts.jsonio.ip_route.route_to_json`, its diagnostics moved to the right
line numbers.

The result equals, byte for byte, the compact JSON of the model path
(``tests/property/test_ip_route_direct.py`` checks it on every capture and on
generated tables).  Output whose look changes every route (``-d``, ``get``, ``-o``,
command-line selectors) takes the model path.
"""

from __future__ import annotations

import json
import re
from socket import inet_aton
from typing import TYPE_CHECKING, Any

from netfacts.grammar._compiled_ip_route import PATTERNS

if TYPE_CHECKING:
    from netfacts.errors import Diagnostic

__all__ = ["direct_json"]


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_ROUTE = re.compile(
    "^" + PATTERNS["plain_route"]
    + "(?P<nexthops>(?:\n" + _unnamed(PATTERNS["plain_nexthop"]) + ")*)$",
    re.MULTILINE,
)
_NEXTHOP = re.compile(PATTERNS["plain_nexthop"])
_DETAILS = re.compile(r"^unicast ", re.MULTILINE)
_PREF_ON_NEXTHOP = re.compile(r"^[ \t]+nexthop .*\bpref\b", re.MULTILINE)
_ZERO_SUFFIX = {"24": ".0/24", "16": ".0.0/16", "8": ".0.0.0/8", "32": "/32"}
"""Prefixes whose host bits are zero by the look of their text (the common lengths)."""


def _changes_form(text: str) -> bool:
    """Content that changes how *every* route is printed (``-d``, ``get``, ``-o``, and the
    4.17-5.5 ``pref`` at the end of a multipath route)."""
    return ("\\" in text or "nh_info" in text or "cache" in text
            or ("unicast" in text and _DETAILS.search(text) is not None)
            or ("nexthop" in text and "pref" in text
                and _PREF_ON_NEXTHOP.search(text) is not None))


# ---------------------------------------------------------------- routes


def _host_bits(dst: str, length: str) -> bool:
    address = dst[: dst.index("/")]
    bits = 32 - int(length)
    return bool(int.from_bytes(inet_aton(address), "big") & ((1 << bits) - 1))


_FLAGS_JSON: dict[str, str] = {"": ',"flags":[]'}
"""Raw flag words (``" onlink"``) → their JSON member; a handful of distinct values."""


def _flags(raw: str) -> str:
    found = _FLAGS_JSON.get(raw)
    if found is None:
        found = ',"flags":[' + ",".join(f'"{flag}"' for flag in raw.split()) + "]"
        if len(_FLAGS_JSON) < 256:
            _FLAGS_JSON[raw] = found
    return found


def _nexthops(block: str) -> str:
    items = []
    for line in block.split("\n")[1:]:
        match = _NEXTHOP.fullmatch(line)
        assert match is not None  # the route pattern matched these lines
        gateway, dev, weight, flags = match.groups()
        item = (f',"gateway":"{gateway}"' if gateway else "") + \
            (f',"dev":"{dev}"' if dev else "") + \
            (f',"weight":{weight}' if weight else "") + _flags(flags)
        items.append("{" + item[1:] + "}")
    return ',"nexthops":[' + ",".join(items) + "]"


def _route(match: re.Match[str]) -> str | None:
    """One matched route as JSON, or None when the full path must normalise it."""
    type_, dst, length, gateway, dev, protocol, scope, prefsrc, metric, flags, nexthops = \
        match.groups()
    if length is not None:
        if not dst.endswith(_ZERO_SUFFIX.get(length, "\x00")) and _host_bits(dst, length):
            return None
        if length == "32":
            dst = dst[:-3]
        elif length == "0":
            dst = "default"
    return (
        (f'{{"type":"{type_}","dst":"{dst}"' if type_ else f'{{"dst":"{dst}"')
        + (f',"gateway":"{gateway}"' if gateway else "")
        + (f',"dev":"{dev}"' if dev else "")
        + (f',"protocol":"{protocol}"' if protocol and protocol != "boot" else "")
        + (f',"scope":"{scope}"' if scope and scope != "global" else "")
        + (f',"prefsrc":"{prefsrc}"' if prefsrc else "")
        + (f',"metric":{metric}' if metric else "")
        + _flags(flags)
        + (_nexthops(nexthops) if nexthops else "")
        + "}"
    )


# ---------------------------------------------------------------- driver


class _Writer:
    """Collects JSON pieces in input order and the diagnostics of the full path."""

    def __init__(self, text: str, options: dict[str, Any]) -> None:
        self.text = text
        self.options = options
        self.pieces: list[str] = []
        self.diagnostics: list[Diagnostic] = []
        self._counted_to = 0
        self._lines_before = 0

    def full_path(self, start: int, end: int) -> None:
        """Lines ``start:end`` through the parser and the model JSON writer."""
        from netfacts.jsonio.ip_route import route_to_json
        from netfacts.parsers.ip_route import parse_ip_route

        self._lines_before += self.text.count("\n", self._counted_to, start)
        self._counted_to = start
        output = parse_ip_route(self.text[start:end], **self.options)
        for route in output.routes:
            self.pieces.append(json.dumps(route_to_json(route, output.form),
                                          ensure_ascii=False, separators=(",", ":"),
                                          check_circular=False))
        for diagnostic in output.diagnostics:
            if diagnostic.line > 0 and self._lines_before:
                diagnostic = diagnostic.replace(line=diagnostic.line + self._lines_before)
            self.diagnostics.append(diagnostic)

    def route_by_route(self, start: int, end: int) -> None:
        """Routes of ``start:end`` (whole lines) from the regex; the rest by the full path."""
        text = self.text
        gap = start
        last: int | None = None  # start of the last route written here
        for match in _ROUTE.finditer(text, start, end):
            begin = match.start()
            if begin != gap:
                if last is not None and _indented(text, gap, begin):
                    self.pieces.pop()  # the gap may continue that route
                    gap = last
                self.full_path(gap, begin)
            piece = _route(match)
            if piece is None:
                gap, last = begin, None
                continue
            self.pieces.append(piece)
            gap, last = match.end() + 1, begin
        if gap < end:
            if last is not None and _indented(text, gap, end):
                self.pieces.pop()
                gap = last
            self.full_path(gap, end)


def _route_start(text: str, end: int) -> int:
    """Start of the last unindented line before ``end`` (a line start), or 0."""
    position = end
    while position > 0:
        start = text.rfind("\n", 0, position - 1) + 1
        if text[start] not in " \t":
            return start
        position = start
    return 0


def _indented(text: str, start: int, end: int) -> bool:
    """The lines between ``start`` and ``end`` include an indented one."""
    return text[start] in " \t" or text.find("\n\t", start, end) >= 0 \
        or text.find("\n ", start, end) >= 0


def direct_json(
    text: str, *, source: str | None = None, **hints: Any
) -> tuple[str, tuple[Diagnostic, ...]] | None:
    """The compact JSON text and diagnostics, or None when the full path is needed.

    ``hints`` are the parser options the command line gives (``family``, ``details``,
    ``get``, ``filters``).
    """
    if hints.get("details") or hints.get("get") or hints.get("filters"):
        return None
    if not text.strip() or _changes_form(text) or "\x1b" in text:
        return None  # colour codes (``ip -c``) hide indentation from the regexes here
    writer = _Writer(text, {"source": source, **hints})
    body_end = text.rfind("\n") + 1
    if body_end < len(text) and text[body_end] in " \t":
        body_end = _route_start(text, body_end)  # the cut last line continues a route
    writer.route_by_route(0, body_end)
    if body_end < len(text):
        writer.full_path(body_end, len(text))
    from netfacts.parsers._driver import capped

    writer.diagnostics.sort(key=lambda d: (d.line, d.column))
    return ("[" + ",".join(p for p in writer.pieces if p) + "]",
            tuple(capped(writer.diagnostics, source)))
