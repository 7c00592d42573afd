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
"""

from __future__ import annotations

from typing import Any

from netfacts.models.address import Scope
from netfacts.models.route import (
    Encap,
    IpRouteForm,
    IpRouteOutput,
    Nexthop,
    NhInfo,
    Route,
    dst_text,
)
from netfacts.models.route import RouteType as _RouteType
from netfacts.models.values import IPAddress, ip_text

__all__ = ["dst_text", "encap_to_json", "ip_route_to_json", "realms_to_json", "route_to_json"]

_INT_FIELDS = frozenset({"id", "ttl", "tos", "hoplimit", "tc", "hmac"})


def _number(text: str) -> Any:
    try:
        return int(text, 0)
    except ValueError:
        return text


def encap_to_json(encap: Encap) -> dict[str, Any]:
    """The ``encap`` object of iproute2 6.3+."""
    out: dict[str, Any] = {"encap_type": encap.type}
    tokens = list(encap.tokens)
    if encap.type == "seg6":
        i = 0
        while i < len(tokens):
            word = tokens[i]
            if word == "mode" and i + 1 < len(tokens):
                out["mode"] = tokens[i + 1]
                i += 2
            elif word == "segs" and i + 1 < len(tokens):
                i += 2
                segs = []
                if i < len(tokens) and tokens[i] == "[":
                    i += 1
                    while i < len(tokens) and tokens[i] != "]":
                        segs.append(tokens[i])
                        i += 1
                    i += 1
                out["segs"] = segs
            elif word == "hmac" and i + 1 < len(tokens):
                out["hmac"] = _number(tokens[i + 1])
                i += 2
            else:
                i += 1
        return out
    if encap.type == "mpls":
        if tokens:
            out["dst"] = tokens[0]
        if len(tokens) >= 3 and tokens[1] == "ttl":
            out["ttl"] = _number(tokens[2])
        return out
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if i + 1 < len(tokens) and word in ("id", "src", "dst", "ttl", "tos", "hoplimit", "tc"):
            value = tokens[i + 1]
            out[word] = _number(value) if word in _INT_FIELDS else value
            i += 2
        else:
            out[word] = True
            i += 1
    return out


def _gateway(out: dict[str, Any], gateway: IPAddress | None, family: str | None) -> None:
    if gateway is None:
        return
    if family is not None:
        out["via"] = {"family": family, "host": ip_text(gateway)}
    else:
        out["gateway"] = ip_text(gateway)


def _nexthop(nexthop: Nexthop) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if nexthop.encap is not None:
        out["encap"] = encap_to_json(nexthop.encap)
    _gateway(out, nexthop.gateway, nexthop.via_family)
    if nexthop.dev is not None:
        out["dev"] = nexthop.dev
    if nexthop.realms is not None:
        out["flow"] = realms_to_json(nexthop.realms)
    if nexthop.weight is not None:
        out["weight"] = nexthop.weight
    out["flags"] = list(nexthop.flags)
    for key, value in nexthop.extra:
        out.setdefault(key, _number(value) if value else True)
    return out


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


def realms_to_json(realms: str) -> dict[str, str]:
    """``realms FROM/TO`` (or ``realm TO``) as iproute2's ``flow`` object."""
    source, slash, to = realms.partition("/")
    return {"from": source, "to": to} if slash else {"to": realms}


def _metrics(route: Route) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for metric in route.metrics:
        if metric.name == "features":
            for feature in metric.value.split(","):
                if feature == "ecn":
                    out["ecn"] = None
                else:
                    out["features"] = _number(feature)
        elif metric.name == "congctl":
            out["congestion"] = metric.value
        else:
            number = metric.number
            out[metric.name] = number if number is not None else metric.value
    return out


def route_to_json(route: Route, form: IpRouteForm) -> dict[str, Any]:
    """One route object as ``ip -j route`` prints it for ``form``."""
    out: dict[str, Any] = {}
    if ("Deleted", "") in route.extra:
        out["deleted"] = True
    if form.details or route.type is not _RouteType.UNICAST:
        out["type"] = route.type.value
    out["dst"] = dst_text(route.dst)
    if route.src_prefix is not None:
        out["from"] = dst_text(route.src_prefix)
    if route.nhid is not None:
        out["nhid"] = route.nhid
    if route.as_to is not None:
        out["as_to"] = route.as_to
    if route.encap is not None:
        out["encap"] = encap_to_json(route.encap)
    if route.tos is not None and form.filter("tos") is None:
        out["tos"] = route.tos
    if form.filter("via") is None:
        _gateway(out, route.gateway, route.via_family)
    if route.dev is not None and form.filter("dev") is None:
        out["dev"] = route.dev
    table_filter = form.filter("table")
    if route.table != "main" and table_filter in (None, "all"):
        out["table"] = route.table
    if (form.details or route.protocol != "boot") and form.filter("proto") is None:
        out["protocol"] = route.protocol
    if (form.details or route.scope is not Scope.GLOBAL) and form.filter("scope") is None:
        out["scope"] = route.scope.value
    if route.prefsrc is not None and form.filter("src") is None:
        out["prefsrc"] = ip_text(route.prefsrc)
    if route.metric is not None and form.filter("metric") is None:
        out["metric"] = route.metric
    out["flags"] = list(route.flags)
    if route.mark is not None:
        out["mark"] = _number(route.mark)
    if route.realms is not None:
        out["flow"] = realms_to_json(route.realms)
    if route.uid is not None:
        out["uid"] = route.uid
    if route.cache is not None:
        out["cache"] = list(route.cache)
    for name in ("expires", "error", "users", "used", "age"):
        value = getattr(route, name)
        if value is not None:
            out[name] = value
    if route.metrics:
        out["metrics"] = [_metrics(route)]
    if route.iif is not None:
        out["iif"] = route.iif
    late_pref = form.pref_on_nexthop and bool(route.nexthops)
    if route.pref is not None and not late_pref:
        out["pref"] = route.pref
    if route.ttl_propagate is not None:
        out["ttl-propogate"] = route.ttl_propagate == "enabled"
    if route.nh_info is not None:
        out["nh_info"] = _nh_info(route.nh_info)
    if route.nexthops:
        out["nexthops"] = [_nexthop(nh) for nh in route.nexthops]
    if route.pref is not None and late_pref:  # iproute2 4.17-5.5 order
        out["pref"] = route.pref
    for key, value in route.extra:
        if key != "Deleted":
            out.setdefault(key, _number(value) if value else True)
    return out


def ip_route_to_json(output: IpRouteOutput) -> list[dict[str, Any]]:
    """The JSON array ``ip -j route`` prints for the same command and state."""
    return [route_to_json(route, output.form) for route in output.routes]


_SNAPSHOT_FORM = IpRouteForm(filters=(("table", "all"),))


def snapshot_view(route: Route) -> dict[str, Any]:
    """One route in a snapshot file: as ``ip -j route show table all`` prints it."""
    return route_to_json(route, _SNAPSHOT_FORM)
