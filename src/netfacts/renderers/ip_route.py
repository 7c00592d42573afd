"""Render routes back to ``ip route`` text in the form they came from (iproute2 6.x layout).

What is printed, with which keyword and in which order is the field table of
:mod:`netfacts.grammar.ip_route`; this module places the lines (a route, its ``cache``
line, ``nh_info``, ``nexthop`` lines, ``-o`` joining) and the pieces whose place depends
on the form (``pref`` at the end of the last nexthop line in the 4.17-5.5 layout).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from netfacts.grammar import ip_route as g
from netfacts.grammar._keywords import text_members
from netfacts.models.route import IpRouteForm, IpRouteOutput, Nexthop, Route
from netfacts.models.values import ip_text

__all__ = ["nexthop_text", "render_ip_route", "route_text"]

Row = Sequence[Any]
_R = g.ROUTE_LAYOUT.index
_N = g.NEXTHOP_LAYOUT.index
_KEYS = g.ROUTE_LAYOUT.keys[len(g.ROUTE_HEAD):]
_NAMES = [key.field for key in _KEYS]
_LINE = _KEYS[: _NAMES.index("cache")]
"""The attributes of the route line itself."""
_CACHE_LINE = _KEYS[_NAMES.index("cache") + 1: _NAMES.index("pref")]
"""The attributes of ``ip route get``'s ``cache`` line (else at the end of the route line)."""
_END = _KEYS[_NAMES.index("pref"):]
"""The attributes that end the record: on its last nexthop line in the 4.17-5.5 layout."""
_NEXTHOP_KEYS = g.NEXTHOP_LAYOUT.keys


def _via(gateway: str | None, family: str | None) -> str:
    if gateway is None:
        return ""
    return f" via {family} {gateway}" if family else f" via {gateway}"


def _extra(pairs: tuple[tuple[str, str], ...] | None) -> str:
    return "".join(f" {k} {v}" if v else f" {k}" for k, v in pairs or () if k != "Deleted")


def _route_via(row: Row) -> str:
    return _via(row[_R["gateway"]], row[_R["via_family"]])


def _nexthop_via(row: Row) -> str:
    return _via(row[_N["gateway"]], row[_N["via_family"]])


def _nexthop(row: Row) -> str:
    parts = ["nexthop"]
    text_members(parts, row, _N, _NEXTHOP_KEYS, hooks={"gateway": _nexthop_via})
    parts.append(_extra(row[_N["extra"]]))
    return "".join(parts)


def _nh_info(row: Row) -> str:
    info = row[_R["nh_info"]]
    words = [f"\tnh_info id {info.id}"]
    if info.group:
        members = "/".join(
            str(ident) if weight is None else f"{ident},{weight}"
            for ident, weight in info.group
        )
        words.append(f"group {members}")
    if info.gateway is not None:
        words.append(f"via {ip_text(info.gateway)}")
    if info.dev is not None:
        words.append(f"dev {info.dev}")
    if info.scope is not None:
        words.append(f"scope {info.scope.value}")
    if info.blackhole:
        words.append("blackhole")
    if info.fdb:
        words.append("fdb")
    if info.protocol is not None:
        words.append(f"proto {info.protocol}")
    words.extend(info.flags)
    words.extend(f"{k} {v}" if v else k for k, v in info.extra)
    return " ".join(words)


def _lines(row: Row, form: IpRouteForm, hidden: frozenset[str]) -> list[str]:
    details = form.details
    parts: list[str] = []
    extra = row[_R["extra"]]
    if extra and ("Deleted", "") in extra:
        parts.append("Deleted ")
    kind = row[_R["type"]]
    if details or (kind is not None and kind != "unicast"):
        parts.append(f"{kind or 'unicast'} ")
    parts.append(g.cidr_dst(row[_R["dst"]]))
    hooks = {} if "via" in hidden else {"gateway": _route_via}
    text_members(parts, row, _R, _LINE, details=details, hidden=hidden, hooks=hooks)
    first = "".join(parts)
    cache: list[str] = []
    text_members(cache, row, _R, _CACHE_LINE, details=details, hidden=hidden)
    tail = "".join(cache)
    end_parts: list[str] = []
    text_members(end_parts, row, _R, _END, details=details, hidden=hidden)
    end = "".join(end_parts) + _extra(extra)
    lines: list[str] = []
    flags = row[_R["cache"]]
    if flags is not None:
        line = "    cache"
        if flags:
            line += " <" + ",".join(flags) + ">"
        lines = [first + " ", line + tail]
    nexthops = row[_R["nexthops"]] or ()
    late_pref = form.pref_on_nexthop and bool(nexthops)
    if flags is None:
        lines = [first + tail + ("" if late_pref else end)]
    elif not late_pref:
        lines[-1] += end
    if row[_R["nh_info"]] is not None:
        lines.append(_nh_info(row))
    for nexthop in nexthops:
        lines.append("\t" + _nexthop(nexthop))
    if late_pref:
        lines[-1] += end
    return lines


def route_text(route: Route) -> str:
    """The route as one line the way people write it (``str(route)``): ``ip route``'s line
    with hidden defaults left out and a multipath route's nexthops on the same line, as
    ``ip route add`` takes them."""
    lines = _lines(g.route_row(route), IpRouteForm(), frozenset())
    return " ".join(line.strip() for line in lines if line.strip())


def nexthop_text(nexthop: Nexthop) -> str:
    """``nexthop via 10.0.0.1 dev eth0 weight 1`` (``str(nexthop)``)."""
    return _nexthop(g.nexthop_row(nexthop)).strip()


def render_ip_route(output: IpRouteOutput) -> str:
    """Text of ``output`` in its own form."""
    form = output.form
    hidden = frozenset(name for name, value in form.filters
                       if not (name == "table" and value == "all"))
    out: list[str] = []
    for row in g.route_rows(output.routes):
        lines = _lines(row, form, hidden)
        if form.oneline:
            out.append(" \\".join(lines))
        else:
            out.extend(lines)
    return "".join(line + "\n" for line in out)
