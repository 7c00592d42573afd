"""Parse ``ip route`` text into :class:`~netfacts.models.route.Route` records.

Forms: ``ip route`` / ``ip r`` / ``ip route show`` / ``list``, ``ip -6 route``,
``show table all|local|N``, ``show default``, ``show dev|proto|scope|type ...``, ``-d``
(every hidden default printed, ``nh_info`` lines), ``-o`` (nexthops joined with
``\\<TAB>``) and ``ip route get`` (with its ``cache`` line).  Fields a command-line
selector removed from the text (``show dev eth0`` has no ``dev``) are filled in from
the ``filters`` hint when it is known.  Grammar: :mod:`netfacts.grammar.ip_route`.

    >>> from netfacts.parsers.ip_route import parse_ip_route
    >>> out = parse_ip_route("default via 192.168.50.1 dev eth0 proto dhcp metric 100 \\n")
    >>> route = out.routes[0]
    >>> str(route.dst), str(route.gateway), route.protocol, route.table
    ('0.0.0.0/0', '192.168.50.1', 'dhcp', 'main')
"""

from __future__ import annotations

import ipaddress
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
    RouteMetric,
    RouteType,
)
from netfacts.models.values import IPNetwork, ip_address, ip_network
from netfacts.parsers._driver import BAD_VALUES, Collector

__all__ = ["parse_ip_route", "sniff"]

_S = g.SHAPES
_ONELINE_SPLIT = re.compile(r"\\(?=[ \t])")
_METRICS = frozenset(g.ROUTE_METRICS)
_FLAGS = frozenset(g.ROUTE_FLAGS)
_STOP = frozenset({"via", "encap", "as", *g.ROUTE_KEYS, *_METRICS})
_SECONDS = re.compile(r"(-?[0-9]{1,20})sec")
_TEXT_METRICS = frozenset({"features", "congctl"})
"""Metrics whose value is a word (``features ecn``, ``congctl bbr``); the others are numbers."""


class _Bad(Exception):
    """A token the grammar does not accept: (token index, message)."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


_DEFAULT_V4 = ipaddress.IPv4Network("0.0.0.0/0")
_DEFAULT_V6 = ipaddress.IPv6Network("::/0")


def _network(text: str, v6_hint: bool) -> IPNetwork:
    if text == "default":
        return _DEFAULT_V6 if v6_hint else _DEFAULT_V4
    if text.startswith("0/"):
        return ip_network(f"{'::' if v6_hint else '0.0.0.0'}/{text[2:]}")
    return ip_network(text)


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


def _read_attributes(
    tokens: list[str], fields: dict[str, Any], extra: list[tuple[str, str]], *, nexthop: bool
) -> None:
    """Fill ``fields`` from route (or nexthop) attribute tokens; raise _Bad on a bad value."""
    keys = g.NEXTHOP_KEYS if nexthop else g.ROUTE_KEYS
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
                fields["gateway"] = ip_address(tokens[i + 1])
                if family is not None:
                    fields["via_family"] = family
                i += 2
                continue
            if word == "encap":
                fields["encap"], i = _read_encap(tokens, i + 1)
                continue
            if word == "as" and i + 2 < count and tokens[i + 1] == "to":
                fields["as_to"] = tokens[i + 2]
                i += 3
                continue
            if not nexthop and word in _METRICS:
                lock = tokens[i + 1] == "lock"
                value = tokens[i + 2] if lock else tokens[i + 1]
                metric = RouteMetric(name=word, value=value, lock=lock)
                if metric.name not in _TEXT_METRICS and metric.number is None:
                    raise _Bad(i + (2 if lock else 1), f"Expected a number after {word!r}")
                fields.setdefault("metrics", []).append(metric)
                i += 3 if lock else 2
                continue
            if word == "pref" and nexthop:  # 4.17-5.5: the route's pref on its last nexthop
                fields["route_pref"] = tokens[i + 1]
                i += 2
                continue
        except IndexError:
            raise _Bad(i, f"Expected a value after {word!r}") from None
        except ValueError:
            raise _Bad(i + 1, f"Expected IP address after {word!r}") from None
        key = keys.get(word)
        if key is None:
            nxt = tokens[i + 1] if i + 1 < count else None
            if nxt is None or nxt in _STOP or nxt in _FLAGS:
                extra.append((word, ""))
                i += 1
            else:
                extra.append((word, nxt))
                i += 2
            continue
        if not key.atoms:
            fields.setdefault("flags", []).append(word)
            i += 1
            continue
        if i + 1 >= count:
            raise _Bad(i, f"Expected {key.atoms[0].name} after {word!r}")
        value = tokens[i + 1]
        atom = key.atoms[0]
        try:
            fields[key.field] = value if atom.any_token else atom.convert(value)
        except ValueError:
            raise _Bad(i + 1, f"Expected {atom.name} after {word!r}") from None
        i += 2


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

    __slots__ = ("extra", "fields", "line", "nexthops", "v6")

    def __init__(
        self, fields: dict[str, Any], extra: list[tuple[str, str]], v6: bool, line: int
    ) -> None:
        self.line = line
        self.fields = fields
        self.extra = extra
        self.nexthops: list[Nexthop] = []
        self.v6 = v6


class _Parser:
    def __init__(self, collector: Collector, form: IpRouteForm) -> None:
        self.c = collector
        self.form = form
        self.routes: list[Route] = []
        self.lines: list[int] = []
        self.cur: _Builder | None = None
        self.saw_details = False
        self.saw_cache = False
        self.saw_uid = False
        self.saw_oneline = False
        self.saw_pref_on_nexthop = False
        self.v6_hint = form.family == "inet6"
        self.defaults = self._defaults()

    def _defaults(self) -> dict[str, Any]:
        """Values that selectors on the command line removed from every line."""
        defaults: dict[str, Any] = {}
        form = self.form
        table = form.filter("table")
        if table is not None and table != "all":
            defaults["table"] = table
        for selector, field in (("dev", "dev"), ("proto", "protocol"), ("tos", "tos")):
            value = form.filter(selector)
            if value is not None:
                defaults[field] = value
        scope = form.filter("scope")
        if scope is not None:
            defaults["scope"] = Scope.of(scope)
        return defaults

    def feed(self, lines: Sequence[str]) -> None:
        for number, raw in enumerate(lines, 1):
            line = raw.rstrip()
            if not line:
                self._finish()  # ip never prints a blank line inside a route
                continue
            try:
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

    def _line(self, number: int, line: str, offset: int) -> None:
        if line[0] in " \t":
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
        fields: dict[str, Any] = dict(self.defaults)
        extra: list[tuple[str, str]] = []
        if match.group("deleted"):
            extra.append(("Deleted", ""))
        if type_word is not None:
            fields["type"] = RouteType.of(type_word)
            if type_word == "unicast":
                self.saw_details = True
        tokens = tail.split() if tail else []
        try:
            _read_attributes(tokens, fields, extra, nexthop=False)
        except _Bad as bad:
            column = offset + match.start("tail") + 1 + _token_offset(tail or "", bad.index)
            self.c.error(number, column, bad.message, match.string)
            return
        v6 = self.v6_hint or ":" in dst or _looks_v6(fields)
        try:
            fields["dst"] = _network(dst, v6)
            if "from" in fields:
                fields["src_prefix"] = _network(fields.pop("from"), True)
        except ValueError:
            self.c.error(number, offset + match.start("dst") + 1, "Expected route destination",
                         match.string)
            return
        if "uid" in fields:
            self.saw_uid = True
        self.cur = _Builder(fields, extra, v6, number)

    def _nexthop(self, number: int, match: re.Match[str], offset: int) -> None:
        assert self.cur is not None
        tail = match.group("tail") or ""
        fields: dict[str, Any] = {}
        extra: list[tuple[str, str]] = []
        try:
            _read_attributes(tail.split(), fields, extra, nexthop=True)
        except _Bad as bad:
            column = offset + match.start("tail") + 1 + _token_offset(tail, bad.index)
            self.c.error(number, column, bad.message, match.string)
            return
        if "route_pref" in fields:
            self.cur.fields["pref"] = fields.pop("route_pref")
            self.saw_pref_on_nexthop = True
        if "flags" in fields:
            fields["flags"] = tuple(fields["flags"])
        if "realm" in fields:
            fields["realms"] = fields.pop("realm")
        if extra:
            fields["extra"] = tuple(extra)
        self.cur.nexthops.append(Nexthop(**fields))

    def _nh_info(self, number: int, match: re.Match[str], offset: int) -> None:
        assert self.cur is not None
        self.saw_details = True
        tail = match.group("tail") or ""
        try:
            self.cur.fields["nh_info"] = _nh_info(tail.split())
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
        self.cur.fields["cache"] = flags
        try:
            _read_attributes(tokens, self.cur.fields, self.cur.extra, nexthop=False)
        except _Bad as bad:
            column = offset + match.start("tail") + 1 + _token_offset(match.group("tail"),
                                                                      bad.index)
            self.c.error(number, column, bad.message, match.string)

    def _finish(self) -> None:
        builder = self.cur
        if builder is None:
            return
        self.cur = None
        fields = builder.fields
        for name in ("flags", "metrics"):
            if name in fields:
                fields[name] = tuple(fields[name])
        if "scope" in fields and not isinstance(fields["scope"], Scope):
            fields["scope"] = Scope.of(fields["scope"])
        realm = fields.pop("realm", None)
        if realm is not None:
            fields["realms"] = realm
        for name in ("expires", "age"):
            if name in fields and isinstance(fields[name], str):
                try:
                    fields[name] = _seconds(fields[name])
                except ValueError:
                    builder.extra.append((name, fields.pop(name)))
        for name in ("ipid", "ts", "tsage"):  # old IPv4 route cache: kept as they read
            if name in fields:
                builder.extra.append((name, str(fields.pop(name))))
        if "ttl-propogate" in fields:
            fields["ttl_propagate"] = fields.pop("ttl-propogate")
        if builder.nexthops:
            fields["nexthops"] = tuple(builder.nexthops)
            if fields["dst"].prefixlen == 0 and fields["dst"].version == 4 and any(
                nh.gateway is not None and nh.gateway.version == 6 and nh.via_family is None
                for nh in builder.nexthops
            ):
                fields["dst"] = ipaddress.IPv6Network("::/0")
        if builder.extra:
            fields["extra"] = tuple(builder.extra)
        self.routes.append(Route(**fields))
        self.lines.append(builder.line)

    def result_form(self) -> IpRouteForm:
        form = self.form
        family = form.family
        if family is None and self.routes and all(r.family == 6 for r in self.routes):
            family = "inet6"
        return IpRouteForm(
            family=family,
            details=form.details or self.saw_details,
            oneline=form.oneline or self.saw_oneline,
            get=form.get or self.saw_cache,
            pref_on_nexthop=form.pref_on_nexthop or self.saw_pref_on_nexthop,
            filters=form.filters,
        )


def _looks_v6(fields: dict[str, Any]) -> bool:
    gateway = fields.get("gateway")
    if gateway is not None and gateway.version == 6 and "via_family" not in fields:
        return True
    prefsrc = fields.get("prefsrc")
    if prefsrc is not None and prefsrc.version == 6:
        return True
    return "pref" in fields or ":" in str(fields.get("from", ""))


def _token_offset(text: str, index: int) -> int:
    position = 0
    for n, match in enumerate(re.finditer(r"\S+", text)):
        position = match.start()
        if n == index:
            return position
    return len(text)


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
        routes=tuple(parser.routes),
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
