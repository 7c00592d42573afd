"""Parse ``ip route`` text into :class:`~netfacts.models.route.Route` records.

Forms: ``ip route`` / ``ip r`` / ``ip route show`` / ``list``, ``ip -6 route``,
``show table all|local|N``, ``show default``, ``show dev|proto|scope|type ...``, ``-d``
(every hidden default printed, ``nh_info`` lines), ``-o`` (nexthops joined with
``\\<TAB>``) and ``ip route get`` (with its ``cache`` line).  Fields a command-line
selector removed from the text (``show dev eth0`` has no ``dev``) are filled in from
the ``filters`` hint when it is known.  Grammar: :mod:`netfacts.grammar.ip_route`.

Each route is kept as a row (:data:`~netfacts.grammar.ip_route.ROUTE_LAYOUT`: one slot per
field of the grammar's field table, addresses as canonical text) and its
:class:`~netfacts.models.route.Route` is built on first use
(:class:`~netfacts.models.route.RouteList`).  A line that prints only the table's simple
attributes in print order — nearly every line a real ``ip route`` prints — is read by one
regex compiled from the table (``canonical_route``); any other line keyword by keyword,
into the same slots (``tests/test_ip_route_rows.py`` checks that both readings agree).

    >>> from netfacts.parsers.ip_route import parse_ip_route
    >>> out = parse_ip_route("default via 192.168.50.1 dev eth0 proto dhcp metric 100 \\n")
    >>> route = out.routes[0]
    >>> str(route.dst), str(route.gateway), route.protocol, route.table
    ('0.0.0.0/0', '192.168.50.1', 'dhcp', 'main')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import ip_route as g
from netfacts.models.address import Scope
from netfacts.models.route import (
    Encap,
    IpRouteForm,
    IpRouteOutput,
    Nexthop,
    NhInfo,
    Route,
    RouteList,
    RouteMetric,
)
from netfacts.models.values import cidr_text, ip_address, ip_token
from netfacts.parsers._driver import BAD_VALUES, Collector

__all__ = ["nexthop_from_row", "parse_ip_route", "route_from_row", "sniff"]

_S = g.SHAPES
_ONELINE_SPLIT = re.compile(r"\\(?=[ \t])")
_METRICS = frozenset(g.ROUTE_METRICS)
_FLAGS = frozenset(g.ROUTE_FLAGS)
_STOP = frozenset({"via", "encap", "as", *(k for k, key in g.ROUTE_KEYS.items() if key.read),
                   *_METRICS})
_SECONDS = re.compile(r"(-?[0-9]{1,20})sec")
_TEXT_METRICS = frozenset({"features", "congctl"})
"""Metrics whose value is a word (``features ecn``, ``congctl bbr``); the others are numbers."""

_R = g.ROUTE_LAYOUT.index
_N = g.NEXTHOP_LAYOUT.index
_WIDTH = g.ROUTE_LAYOUT.width
_NH_WIDTH = g.NEXTHOP_LAYOUT.width
_TYPE, _DST, _FROM, _GATEWAY, _PREFSRC, _PREF, _VIA_FAMILY = (
    _R["type"], _R["dst"], _R["src_prefix"], _R["gateway"], _R["prefsrc"], _R["pref"],
    _R["via_family"])
_NEXTHOPS, _EXTRA, _FLAGS_SLOT = _R["nexthops"], _R["extra"], _R["flags"]
_CANONICAL_ROUTE = _S["canonical_route"].regex.fullmatch
_CANONICAL_NEXTHOP = _S["canonical_nexthop"].regex.fullmatch


def _dst_row(text: str) -> str:
    """A destination's slot: ``ADDRESS/LEN``; ``default`` and ``0/N`` stay as printed until
    the rest of the line says whether the route is IPv6."""
    if text == "default" or text[:2] == "0/":
        return text
    return cidr_text(text)


_ROUTE_ROW = g.ROUTE_LAYOUT.row_converter({"dst": _dst_row})
_NEXTHOP_ROW = g.NEXTHOP_LAYOUT.row_converter()
_SPECIAL_DST = ("default", "0/")
_FAST = True
"""Read canonical lines with their regex (tests switch it off to compare both readers)."""


class _Bad(Exception):
    """A token the grammar does not accept: (token index, message)."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


def _seconds(token: str) -> int:
    match = _SECONDS.fullmatch(token)
    if match is None:
        raise ValueError(token)
    return int(match.group(1))


def _read_encap(tokens: list[str], i: int) -> tuple[Encap, int]:
    """Consume ``encap TYPE ...`` starting at the type word; return the encap and the next index."""
    if i >= len(tokens):
        raise _Bad(i - 1, "Expected encap type after 'encap'")
    kind = tokens[i]
    i += 1
    start = i
    count = len(tokens)
    if kind in g.ENCAP_FIELDS:
        fields = set(g.ENCAP_FIELDS[kind])
        flags = set(g.ENCAP_FLAGS.get(kind, ()))
        while i < count:
            word = tokens[i]
            if word in fields and i + 1 < count:
                fields.discard(word)
                i += 2
            elif word in flags:
                flags.discard(word)
                i += 1
            else:
                break
    elif kind == "seg6":
        if i + 3 < count and tokens[i] == "mode" and tokens[i + 2] == "segs":
            i += 4
            if i < count and tokens[i] == "[":
                while i < count and tokens[i] != "]":
                    i += 1
                i += 1
            if i + 1 < count and tokens[i] == "hmac":
                i += 2
        else:
            raise _Bad(i, "Expected 'mode MODE segs N [ ... ]' after 'encap seg6'")
    elif kind == "mpls":
        if i < count:
            i += 1
            if i + 1 < count and tokens[i] == "ttl":
                i += 2
    elif kind != "unknown":
        while i < count and tokens[i] not in _STOP:
            i += 1
    return Encap(type=kind, tokens=tuple(tokens[start:i])), i


def _read_attributes(tokens: list[str], row: list[Any], extra: list[tuple[str, str]], *,
                     nexthop: bool) -> dict[str, Any]:
    """Fill the slots of ``row`` from route (or nexthop) attribute tokens, keyword by keyword;
    raise _Bad on a bad value.  Returns what the slots do not hold: ``realm`` (it wins over
    ``realms``), metrics, a nexthop line's ``pref`` (4.17-5.5: the route's) and ``from``."""
    keys = g.NEXTHOP_KEYS if nexthop else g.ROUTE_KEYS
    index = _N if nexthop else _R
    found: dict[str, Any] = {}
    i = 0
    count = len(tokens)
    while i < count:
        word = tokens[i]
        try:
            if word == "via":
                family = None
                if i + 2 < count and tokens[i + 1] in ("inet", "inet6"):
                    family = tokens[i + 1]
                    i += 1
                row[index["gateway"]] = ip_token(tokens[i + 1])
                if family is not None:
                    row[index["via_family"]] = family
                i += 2
                continue
            if word == "encap":
                row[index["encap"]], i = _read_encap(tokens, i + 1)
                continue
            if word == "as" and not nexthop and i + 2 < count and tokens[i + 1] == "to":
                row[_R["as_to"]] = tokens[i + 2]
                i += 3
                continue
            if not nexthop and word in _METRICS:
                lock = tokens[i + 1] == "lock"
                value = tokens[i + 2] if lock else tokens[i + 1]
                metric = RouteMetric(name=word, value=value, lock=lock)
                if metric.name not in _TEXT_METRICS and metric.number is None:
                    raise _Bad(i + (2 if lock else 1), f"Expected a number after {word!r}")
                found.setdefault("metrics", []).append(metric)
                i += 3 if lock else 2
                continue
            if word == "pref" and nexthop:  # 4.17-5.5: the route's pref on its last nexthop
                found["route_pref"] = tokens[i + 1]
                i += 2
                continue
        except IndexError:
            raise _Bad(i, f"Expected a value after {word!r}") from None
        except ValueError:
            raise _Bad(i + 1, f"Expected IP address after {word!r}") from None
        key = keys.get(word)
        if key is None or not key.read:
            nxt = tokens[i + 1] if i + 1 < count else None
            if nxt is None or nxt in _STOP or nxt in _FLAGS:
                extra.append((word, ""))
                i += 1
            else:
                extra.append((word, nxt))
                i += 2
            continue
        if key.collect:
            found.setdefault("flags", []).append(word)
            i += 1
            continue
        if i + 1 >= count:
            raise _Bad(i, f"Expected {key.atoms[0].name} after {word!r}")
        value = tokens[i + 1]
        atom = key.atoms[0]
        if word in ("realm", "from"):
            found[word] = value  # realm beats realms; from is read with the destination
        elif atom.any_token:
            row[index[key.field]] = value
        else:
            try:
                row[index[key.field]] = atom.row(value)
            except ValueError:
                raise _Bad(i + 1, f"Expected {atom.name} after {word!r}") from None
        i += 2
    return found


def _nh_info(tokens: list[str]) -> NhInfo:
    values: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    i = 0
    count = len(tokens)
    while i < count:
        word = tokens[i]
        nxt = tokens[i + 1] if i + 1 < count else ""
        if word == "id":
            values["id"] = int(nxt)
        elif word == "group":
            members = []
            for member in nxt.split("/"):
                ident, _, weight = member.partition(",")
                members.append((int(ident), int(weight) if weight else None))
            values["group"] = tuple(members)
        elif word == "via":
            values["gateway"] = ip_address(nxt)
        elif word == "dev":
            values["dev"] = nxt
        elif word == "scope":
            values["scope"] = Scope.of(nxt)
        elif word == "proto":
            values["protocol"] = nxt
        elif word in _FLAGS:
            values.setdefault("flags", []).append(word)
            i += 1
            continue
        elif word in ("blackhole", "fdb"):
            values[word] = True
            i += 1
            continue
        else:
            extra.append((word, nxt))
        i += 2
    if "id" not in values:
        raise ValueError("nh_info without id")
    values["flags"] = tuple(values.get("flags", ()))
    return NhInfo(extra=tuple(extra), **values)


class _Builder:
    """A route being assembled from its line and its TAB lines."""

    __slots__ = ("extra", "line", "nexthops", "row", "v6")

    def __init__(self, row: list[Any], extra: list[tuple[str, str]], v6: bool,
                 line: int) -> None:
        self.line = line
        self.row = row
        self.extra = extra
        self.nexthops: list[tuple[Any, ...]] = []
        self.v6 = v6


class _Parser:
    def __init__(self, collector: Collector, form: IpRouteForm) -> None:
        self.c = collector
        self.form = form
        self.rows: list[tuple[Any, ...]] = []
        self.lines: list[int] = []
        self.cur: _Builder | None = None
        self.pending: tuple[Any, ...] | None = None
        """A canonical route line read in one step, while no TAB line has continued it."""
        self.pending_line = 0
        self.saw_details = False
        self.saw_cache = False
        self.saw_oneline = False
        self.saw_pref_on_nexthop = False
        self.v6_hint = form.family == "inet6"
        self.defaults = self._defaults()

    def _defaults(self) -> list[tuple[int, Any]]:
        """Slots that selectors on the command line removed from every line."""
        defaults: list[tuple[int, Any]] = []
        form = self.form
        table = form.filter("table")
        if table is not None and table != "all":
            defaults.append((_R["table"], table))
        for selector, field in (("dev", "dev"), ("proto", "protocol"), ("tos", "tos"),
                                ("scope", "scope")):
            value = form.filter(selector)
            if value is not None:
                defaults.append((_R[field], value))
        return defaults

    def feed(self, lines: Sequence[str]) -> None:
        canonical = _CANONICAL_ROUTE if _FAST and not self.defaults else None
        convert = _ROUTE_ROW
        for number, raw in enumerate(lines, 1):
            line = raw.rstrip()
            if not line:
                self._finish()  # ip never prints a blank line inside a route
                continue
            try:
                if canonical is not None and line[0] not in " \t":
                    match = canonical(line)
                    if match is not None:
                        try:
                            row = convert(match.groups())
                            dst = row[_DST]
                            if dst == "default" or dst[1] == "/" or row[_TYPE] is not None:
                                row = self._resolve(row)  # 0/33 is no destination
                        except ValueError:
                            pass  # read keyword by keyword below: that says what is wrong
                        else:
                            if self.pending is not None or self.cur is not None:
                                self._finish()
                            self.pending = row
                            self.pending_line = number
                            continue
                if "\\" in line and line[0] not in " \t":
                    pieces = _ONELINE_SPLIT.split(line)
                    if len(pieces) > 1:
                        self.saw_oneline = True
                        offset = 0
                        for piece in pieces:
                            text = piece.rstrip()
                            if text:
                                self._line(number, text, offset)
                            offset += len(piece) + 1
                        continue
                self._line(number, line, 0)
            except BAD_VALUES as exc:
                if self.cur is not None and self.cur.line == number:
                    self.cur = None  # the route of this line is not complete
                self.c.bad_value(number, line, exc)
        self._finish()

    def _resolve(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """A canonical row whose destination is ``default`` or ``0/N`` (IPv4 or IPv6 by the
        rest of the line), or which has a type word."""
        if row[_TYPE] == "unicast":
            self.saw_details = True
        dst = row[_DST]
        if dst == "default" or dst[1] == "/":
            gateway, prefsrc, source = row[_GATEWAY], row[_PREFSRC], row[_FROM]
            v6 = (self.v6_hint or (gateway is not None and ":" in gateway)
                  or (prefsrc is not None and ":" in prefsrc) or row[_PREF] is not None
                  or (source is not None and ":" in source))
            cells = list(row)
            cells[_DST] = g.network_text(dst, v6)
            return tuple(cells)
        return row

    def _promote(self) -> None:
        """The pending canonical route gets TAB lines: assemble it as a builder."""
        row = self.pending
        if row is not None:
            self.pending = None
            self.cur = _Builder(list(row), [], ":" in row[_DST], self.pending_line)

    def _line(self, number: int, line: str, offset: int) -> None:
        if line[0] in " \t":
            self._promote()
            body = line.lstrip()
            for name in ("nexthop", "nh_info", "cache"):
                if body.startswith(name):
                    match = _S[name].match(line)
                    if match is not None and self.cur is None:
                        self.c.error(number, offset + len(line) - len(body) + 1,
                                     f"{name!r} line with no route before it", line)
                        return
                    if match is not None:
                        getattr(self, "_" + name)(number, match, offset)
                        return
                    break
            self.c.reject(number, line, _S["nexthop"], offset)
            return
        match = _S["route"].match(line)
        if match is None:
            self._finish()
            self.c.reject(number, line, _S["route"], offset)
            return
        self._route(number, match, offset)

    def _route(self, number: int, match: re.Match[str], offset: int) -> None:
        self._finish()
        type_word, dst, tail = match.group("type", "dst", "tail")
        row: list[Any] = [None] * _WIDTH
        for slot, value in self.defaults:
            row[slot] = value
        extra: list[tuple[str, str]] = []
        if match.group("deleted"):
            extra.append(("Deleted", ""))
        if type_word is not None:
            row[_TYPE] = type_word
            if type_word == "unicast":
                self.saw_details = True
        tokens = tail.split() if tail else []
        try:
            found = _read_attributes(tokens, row, extra, nexthop=False)
        except _Bad as bad:
            column = offset + match.start("tail") + 1 + _token_offset(tail or "", bad.index)
            self.c.error(number, column, bad.message, match.string)
            return
        source = found.get("from")
        gateway, prefsrc = row[_GATEWAY], row[_PREFSRC]
        v6 = (self.v6_hint or ":" in dst
              or (gateway is not None and ":" in gateway and row[_VIA_FAMILY] is None)
              or (prefsrc is not None and ":" in prefsrc) or row[_PREF] is not None
              or ":" in (source or ""))
        try:
            row[_DST] = g.network_text(dst, v6)
            if source is not None:
                row[_FROM] = g.network_text(source, True)
        except ValueError:
            self.c.error(number, offset + match.start("dst") + 1, "Expected route destination",
                         match.string)
            return
        if "realm" in found:
            row[_R["realms"]] = found["realm"]
        if "flags" in found:
            row[_FLAGS_SLOT] = tuple(found["flags"])
        if "metrics" in found:
            row[_R["metrics"]] = tuple(found["metrics"])
        self.cur = _Builder(row, extra, v6, number)

    def _nexthop(self, number: int, match: re.Match[str], offset: int) -> None:
        assert self.cur is not None
        if _FAST:
            canonical = _CANONICAL_NEXTHOP(match.string)
            if canonical is not None:
                try:
                    self.cur.nexthops.append(_NEXTHOP_ROW(canonical.groups()))
                    return
                except ValueError:
                    pass
        tail = match.group("tail") or ""
        row: list[Any] = [None] * _NH_WIDTH
        extra: list[tuple[str, str]] = []
        try:
            found = _read_attributes(tail.split(), row, extra, nexthop=True)
        except _Bad as bad:
            column = offset + match.start("tail") + 1 + _token_offset(tail, bad.index)
            self.c.error(number, column, bad.message, match.string)
            return
        if "route_pref" in found:
            self.cur.row[_PREF] = found["route_pref"]
            self.saw_pref_on_nexthop = True
        if "flags" in found:
            row[_N["flags"]] = tuple(found["flags"])
        if "realm" in found:
            row[_N["realms"]] = found["realm"]
        if extra:
            row[_N["extra"]] = tuple(extra)
        self.cur.nexthops.append(tuple(row))

    def _nh_info(self, number: int, match: re.Match[str], offset: int) -> None:
        assert self.cur is not None
        self.saw_details = True
        tail = match.group("tail") or ""
        try:
            self.cur.row[_R["nh_info"]] = _nh_info(tail.split())
        except (ValueError, IndexError):
            self.c.error(number, offset + match.start() + 1, "Expected 'nh_info id N ...'",
                         match.string)

    def _cache(self, number: int, match: re.Match[str], offset: int) -> None:
        assert self.cur is not None
        self.saw_cache = True
        tokens = (match.group("tail") or "").split()
        flags: tuple[str, ...] = ()
        if tokens and tokens[0].startswith("<") and tokens[0].endswith(">"):
            inner = tokens.pop(0)[1:-1]
            flags = tuple(inner.split(",")) if inner else ()
        row = self.cur.row
        row[_R["cache"]] = flags
        try:
            found = _read_attributes(tokens, row, self.cur.extra, nexthop=False)
        except _Bad as bad:
            column = offset + match.start("tail") + 1 + _token_offset(match.group("tail"),
                                                                      bad.index)
            self.c.error(number, column, bad.message, match.string)
            return
        if "realm" in found:
            row[_R["realms"]] = found["realm"]
        if "flags" in found:
            row[_FLAGS_SLOT] = (row[_FLAGS_SLOT] or ()) + tuple(found["flags"])
        if "metrics" in found:
            row[_R["metrics"]] = (row[_R["metrics"]] or ()) + tuple(found["metrics"])
        if "from" in found:
            try:
                row[_FROM] = g.network_text(found["from"], True)
            except ValueError:
                self.c.error(number, offset + 1, "Expected route destination", match.string)

    def _finish(self) -> None:
        if self.pending is not None:
            self.rows.append(self.pending)
            self.lines.append(self.pending_line)
            self.pending = None
        builder = self.cur
        if builder is None:
            return
        self.cur = None
        row = builder.row
        extra = builder.extra
        for name in ("expires", "age"):
            slot = _R[name]
            value = row[slot]
            if value is not None:
                try:
                    row[slot] = _seconds(value)
                except ValueError:
                    extra.append((name, row[slot]))
                    row[slot] = None
        for name in ("ipid", "ts", "tsage"):  # old IPv4 route cache: kept as they read
            slot = _R[name]
            if row[slot] is not None:
                extra.append((name, str(row[slot])))
                row[slot] = None
        nexthops = builder.nexthops
        if nexthops:
            row[_NEXTHOPS] = tuple(nexthops)
            if row[_DST] == "0.0.0.0/0" and any(
                nh[_N["gateway"]] is not None and ":" in nh[_N["gateway"]]
                and nh[_N["via_family"]] is None for nh in nexthops
            ):
                row[_DST] = "::/0"
        if extra:
            row[_EXTRA] = tuple(extra)
        self.rows.append(tuple(row))
        self.lines.append(builder.line)

    def result_form(self) -> IpRouteForm:
        form = self.form
        family = form.family
        if family is None and self.rows and all(":" in row[_DST] for row in self.rows):
            family = "inet6"
        return IpRouteForm(
            family=family,
            details=form.details or self.saw_details,
            oneline=form.oneline or self.saw_oneline,
            get=form.get or self.saw_cache,
            pref_on_nexthop=form.pref_on_nexthop or self.saw_pref_on_nexthop,
            filters=form.filters,
        )


def _token_offset(text: str, index: int) -> int:
    position = 0
    for n, match in enumerate(re.finditer(r"\S+", text)):
        position = match.start()
        if n == index:
            return position
    return len(text)


_BUILD_NEXTHOP = g.NEXTHOP_LAYOUT.model_builder(Nexthop)


def nexthop_from_row(row: tuple[Any, ...]) -> Nexthop:
    """The :class:`Nexthop` of a nexthop row."""
    built: Nexthop = _BUILD_NEXTHOP(row)
    return built


def _nexthops(rows: tuple[tuple[Any, ...], ...]) -> tuple[Nexthop, ...]:
    return tuple([_BUILD_NEXTHOP(row) for row in rows])


_BUILD_ROUTE = g.ROUTE_LAYOUT.model_builder(Route, {"nexthops": _nexthops})


def route_from_row(row: tuple[Any, ...]) -> Route:
    """The :class:`Route` of a route row (:data:`~netfacts.grammar.ip_route.ROUTE_LAYOUT`)."""
    built: Route = _BUILD_ROUTE(row)
    return built


def parse_ip_route(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
    family: str | None = None,
    details: bool = False,
    get: bool = False,
    filters: tuple[tuple[str, str], ...] = (),
) -> IpRouteOutput:
    """Parse ``ip route`` output.

    ``family`` (``"inet6"`` for ``ip -6 route``), ``get`` and ``filters`` (command-line
    selectors such as ``(("table", "100"),)``) come from the command line when it is
    known (file name, prompt line); the text itself decides everything else.
    """
    collector = Collector(source=source, strict=strict)
    form = IpRouteForm(family=family, details=details, get=get, filters=filters)
    parser = _Parser(collector, form)
    lines = split_lines(text)
    parser.feed(lines)
    collector.check_final_line(text, lines)
    return IpRouteOutput(
        routes=RouteList(rows=parser.rows, build=route_from_row),
        record_lines=tuple(parser.lines),
        form=parser.result_form(),
        diagnostics=collector.result(),
        source=source,
    )


_TYPES = "|".join(g.ROUTE_TYPES)
_ROUTE_START = re.compile(
    rf"^(?:(?:{_TYPES}) )?(?:default|[0-9a-fA-F:.]+(?:/[0-9]+)?)"
    r" (?:via|dev|proto|scope|metric|table|src|nhid|encap|from|tos)\b"
    # a bare destination is a route only with a prefix length, "default" or a type
    rf"|^(?:(?:{_TYPES}) )?(?:default|[0-9a-fA-F:.]+/[0-9]+) *$"
    rf"|^(?:{_TYPES}) [0-9a-fA-F:.]+ *$"
)


def sniff(lines: Sequence[str]) -> tuple[str, int] | None:
    """Content sniffer for detection: ``ip route`` lines score high."""
    hits = 0
    for line in lines[:20]:
        if _ROUTE_START.match(line) or line.lstrip().startswith("nexthop "):
            hits += 1
    if hits and hits >= max(1, len(lines[:20]) // 2):
        return "ip-route", 80
    return None
