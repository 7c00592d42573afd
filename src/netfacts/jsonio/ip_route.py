"""``ip -j route`` shaped JSON for parsed routes.

A key is printed exactly when ``ip -j`` with the same command line prints it:
``type`` only for non-unicast routes (always with ``-d``), ``protocol`` unless it is
``boot``, ``scope`` unless ``global``, ``table`` unless ``main`` or named on the
command line, and nothing a command-line selector removed.  Asymmetries:

* ``encap`` is printed the way iproute2 6.3+ does, as a nested object
  (``{"encap_type": "ip", "id": 100, ...}``).  iproute2 <= 6.2 writes the encap
  fields into the route object itself, repeating ``dst`` and ``tos`` — duplicate
  keys that most JSON readers resolve by dropping the route's own destination.
* ``metrics`` lose ``lock`` (``mtu lock 1400`` → ``{"mtu": 1400}``), as in ``ip -j``;
  the model keeps it (:attr:`~netfacts.models.route.RouteMetric.lock`).
* A destination printed as ``0/N`` (a prefix length without an address) comes out
  as ``0.0.0.0/N``.

Which attribute becomes which member, under which name and when it is left out is the
field table of :mod:`netfacts.grammar.ip_route` (``ROUTE_KEYS``, ``NEXTHOP_KEYS``); the
writers here read rows — the parser's (:class:`~netfacts.models.route.RouteList`, before
any ``Route`` is built) or rows made from models — so that ``netfacts parse`` and the
library print the same JSON by construction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from netfacts.grammar import ip_route as g
from netfacts.grammar.ip_route import (
    encap_to_json,
    nexthop_row,
    realms_to_json,
    route_row,
    route_rows,
)
from netfacts.jsonio._fields import ObjectWriter, object_writer
from netfacts.models.route import IpRouteForm, IpRouteOutput, NhInfo, Route, dst_text
from netfacts.models.values import ip_text

if TYPE_CHECKING:
    from netfacts.errors import Diagnostic

__all__ = [
    "dst_text",
    "encap_to_json",
    "ip_route_direct_json",
    "ip_route_to_json",
    "ip_route_to_json_text",
    "nexthop_row",
    "realms_to_json",
    "route_row",
    "route_rows",
    "route_to_json",
]

Row = tuple[Any, ...]
_R = g.ROUTE_LAYOUT.index
_N = g.NEXTHOP_LAYOUT.index
_EXTRA, _PREF, _NEXTHOPS, _NH_INFO = _R["extra"], _R["pref"], _R["nexthops"], _R["nh_info"]


def _number(text: str) -> Any:
    try:
        return int(text, 0)
    except ValueError:
        return text


def _extra_members(out: dict[str, Any], pairs: Iterable[tuple[str, str]]) -> None:
    for key, value in pairs:
        if key != "Deleted":
            out.setdefault(key, _number(value) if value else True)


def _gateway(out: dict[str, Any], gateway: str | None, family: str | None) -> None:
    if gateway is not None:
        if family is not None:
            out["via"] = {"family": family, "host": gateway}
        else:
            out["gateway"] = gateway


# ---------------------------------------------------------------- nexthops


def _nexthop_gateway(out: dict[str, Any], row: Row) -> None:
    _gateway(out, row[_N["gateway"]], row[_N["via_family"]])


def _nexthop_extra(out: dict[str, Any], row: Row) -> None:
    _extra_members(out, row[_N["extra"]] or ())


_NEXTHOP = object_writer(g.NEXTHOP_LAYOUT, hooks={"gateway": _nexthop_gateway,
                                                  "extra": _nexthop_extra})


# ---------------------------------------------------------------- routes


def _nh_info(info: NhInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"id": info.id}
    if info.group:
        out["group"] = [
            {"id": ident} if weight is None else {"id": ident, "weight": weight}
            for ident, weight in info.group
        ]
    if info.gateway is not None:
        out["gateway"] = ip_text(info.gateway)
    if info.dev is not None:
        out["dev"] = info.dev
    if info.scope is not None:
        out["scope"] = info.scope.value
    if info.blackhole:
        out["blackhole"] = None
    if info.fdb:
        out["fdb"] = None
    if info.protocol is not None:
        out["protocol"] = info.protocol
    out["flags"] = list(info.flags)
    for key, value in info.extra:
        out.setdefault(key, _number(value) if value else True)
    return out


def _route_gateway(out: dict[str, Any], row: Row) -> None:
    _gateway(out, row[_R["gateway"]], row[_R["via_family"]])


def _pref(out: dict[str, Any], row: Row) -> None:
    pref = row[_PREF]
    if pref is not None:
        out["pref"] = pref


def _pref_unless_multipath(out: dict[str, Any], row: Row) -> None:
    pref = row[_PREF]
    if pref is not None and not row[_NEXTHOPS]:
        out["pref"] = pref


def _nh_info_member(out: dict[str, Any], row: Row) -> None:
    info = row[_NH_INFO]
    if info is not None:
        out["nh_info"] = _nh_info(info)


def _nexthops(out: dict[str, Any], row: Row) -> None:
    nexthops = row[_NEXTHOPS]
    if nexthops:
        out["nexthops"] = [_NEXTHOP(nexthop) for nexthop in nexthops]


def _extra(out: dict[str, Any], row: Row) -> None:
    _extra_members(out, row[_EXTRA] or ())


def _late_pref_and_extra(out: dict[str, Any], row: Row) -> None:
    """iproute2 4.17-5.5: a multipath route's ``pref`` comes after its nexthops."""
    pref = row[_PREF]
    if pref is not None and row[_NEXTHOPS]:
        out["pref"] = pref
    _extra_members(out, row[_EXTRA] or ())


def _writer(form: IpRouteForm) -> ObjectWriter:
    """The route writer of one form: ``-d``, the selectors of the command line, the
    4.17-5.5 place of ``pref``."""
    hidden = frozenset(name for name, value in form.filters
                       if not (name == "table" and value == "all"))
    late = form.pref_on_nexthop
    hooks = {"gateway": _route_gateway, "pref": _pref_unless_multipath if late else _pref,
             "nh_info": _nh_info_member, "nexthops": _nexthops,
             "extra": _late_pref_and_extra if late else _extra}
    if "via" in hidden:
        del hooks["gateway"]
    write = object_writer(g.ROUTE_LAYOUT, details=form.details, hidden=hidden, hooks=hooks)

    def route(row: Row) -> dict[str, Any]:
        extra = row[_EXTRA]
        if extra and ("Deleted", "") in extra:  # ip monitor's prefix comes first
            return {"deleted": True, **write(row)}
        return write(row)

    return route


def route_to_json(route: Route, form: IpRouteForm) -> dict[str, Any]:
    """One route object as ``ip -j route`` prints it for ``form``."""
    return _writer(form)(route_row(route))


def ip_route_to_json(output: IpRouteOutput) -> list[dict[str, Any]]:
    """The JSON array ``ip -j route`` prints for the same command and state."""
    write = _writer(output.form)
    return [write(row) for row in route_rows(output.routes)]


def ip_route_to_json_text(output: IpRouteOutput) -> str:
    """Compact JSON text of :func:`ip_route_to_json`."""
    return json.dumps(ip_route_to_json(output), ensure_ascii=False, separators=(",", ":"),
                      check_circular=False)


def ip_route_direct_json(text: str, *, source: str | None = None,
                         **hints: Any) -> tuple[str, tuple[Diagnostic, ...]]:
    """``netfacts parse --as ip-route``: the parser's rows straight to JSON text, no
    ``Route`` built; equal to the compact ``json.dumps`` of :func:`ip_route_to_json`."""
    from netfacts.parsers.ip_route import parse_ip_route

    output = parse_ip_route(text, source=source, **hints)
    return ip_route_to_json_text(output), output.diagnostics


_SNAPSHOT_FORM = IpRouteForm(filters=(("table", "all"),))


def snapshot_view(route: Route) -> dict[str, Any]:
    """One route in a snapshot file: as ``ip -j route show table all`` prints it."""
    return route_to_json(route, _SNAPSHOT_FORM)
