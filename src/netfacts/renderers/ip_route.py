"""Render routes back to ``ip route`` text in the form they came from (iproute2 6.x layout)."""

from __future__ import annotations

from netfacts.models.address import Scope
from netfacts.models.route import (
    Encap,
    IpRouteForm,
    IpRouteOutput,
    Nexthop,
    Route,
    RouteType,
    dst_text,
)
from netfacts.models.values import IPAddress, ip_text

__all__ = ["nexthop_text", "render_ip_route", "route_text"]


def _encap(encap: Encap) -> str:
    return " ".join(("encap", encap.type, *encap.tokens))


def _via(gateway: IPAddress | None, family: str | None) -> str:
    if gateway is None:
        return ""
    return f" via {family} {ip_text(gateway)}" if family else f" via {ip_text(gateway)}"


def _extra(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join(f" {k} {v}" if v else f" {k}" for k, v in pairs if k != "Deleted")


def _nexthop(nexthop: Nexthop) -> str:
    parts = ["nexthop"]
    if nexthop.encap is not None:
        parts.append(" " + _encap(nexthop.encap))
    parts.append(_via(nexthop.gateway, nexthop.via_family))
    if nexthop.dev is not None:
        parts.append(f" dev {nexthop.dev}")
    if nexthop.realms is not None:
        parts.append(f" realms {nexthop.realms}")
    if nexthop.weight is not None:
        parts.append(f" weight {nexthop.weight}")
    parts.extend(f" {flag}" for flag in nexthop.flags)
    parts.append(_extra(nexthop.extra))
    return "".join(parts)


def _route_line(route: Route, form: IpRouteForm) -> str:
    parts: list[str] = []
    if ("Deleted", "") in route.extra:
        parts.append("Deleted ")
    if form.details or route.type is not RouteType.UNICAST:
        parts.append(f"{route.type.value} ")
    parts.append(dst_text(route.dst))
    if route.src_prefix is not None:
        parts.append(f" from {dst_text(route.src_prefix)}")
    if route.nhid is not None:
        parts.append(f" nhid {route.nhid}")
    if route.as_to is not None:
        parts.append(f" as to {route.as_to}")
    if route.encap is not None:
        parts.append(" " + _encap(route.encap))
    if route.tos is not None and form.filter("tos") is None:
        parts.append(f" tos {route.tos}")
    if form.filter("via") is None:
        parts.append(_via(route.gateway, route.via_family))
    if route.dev is not None and form.filter("dev") is None:
        parts.append(f" dev {route.dev}")
    if route.table != "main" and form.filter("table") in (None, "all"):
        parts.append(f" table {route.table}")
    if (form.details or route.protocol != "boot") and form.filter("proto") is None:
        parts.append(f" proto {route.protocol}")
    if (form.details or route.scope is not Scope.GLOBAL) and form.filter("scope") is None:
        parts.append(f" scope {route.scope.value}")
    if route.prefsrc is not None and form.filter("src") is None:
        parts.append(f" src {ip_text(route.prefsrc)}")
    if route.metric is not None and form.filter("metric") is None:
        parts.append(f" metric {route.metric}")
    parts.extend(f" {flag}" for flag in route.flags)
    if route.mark is not None:
        parts.append(f" mark {route.mark}")
    if route.realms is not None:
        keyword = "realms" if "/" in route.realms else "realm"
        parts.append(f" {keyword} {route.realms}")
    if route.uid is not None:
        parts.append(f" uid {route.uid}")
    return "".join(parts)


def _after_cache(route: Route) -> str:
    parts = []
    if route.expires is not None:
        parts.append(f" expires {route.expires}sec")
    if route.error is not None:
        parts.append(f" error {route.error}")
    for name in ("users", "used"):
        value = getattr(route, name)
        if value is not None:
            parts.append(f" {name} {value}")
    if route.age is not None:
        parts.append(f" age {route.age}sec")
    for metric in route.metrics:
        lock = " lock" if metric.lock else ""
        parts.append(f" {metric.name}{lock} {metric.value}")
    if route.iif is not None:
        parts.append(f" iif {route.iif}")
    return "".join(parts)


def _lines(route: Route, form: IpRouteForm) -> list[str]:
    first = _route_line(route, form)
    tail = _after_cache(route)
    lines = []
    if route.cache is not None:
        cache = "    cache"
        if route.cache:
            cache += " <" + ",".join(route.cache) + ">"
        lines = [first + " ", cache + tail]
        first = ""
    else:
        first += tail
    late_pref = form.pref_on_nexthop and bool(route.nexthops)
    end = ""
    if route.pref is not None:
        end = f" pref {route.pref}"
    if route.ttl_propagate is not None:
        end += f" ttl-propogate {route.ttl_propagate}"
    end += _extra(route.extra)
    if route.cache is None:
        lines = [first + ("" if late_pref else end)]
    elif not late_pref:
        lines[-1] += end
    if route.nh_info is not None:
        info = route.nh_info
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
        lines.append(" ".join(words))
    for nexthop in route.nexthops:
        lines.append("\t" + _nexthop(nexthop))
    if late_pref:
        lines[-1] += end
    return lines


def route_text(route: Route) -> str:
    """The route as one line the way people write it (``str(route)``): ``ip route``'s line
    with hidden defaults left out and a multipath route's nexthops on the same line, as
    ``ip route add`` takes them."""
    return " ".join(line.strip() for line in _lines(route, IpRouteForm()) if line.strip())


def nexthop_text(nexthop: Nexthop) -> str:
    """``nexthop via 10.0.0.1 dev eth0 weight 1`` (``str(nexthop)``)."""
    return _nexthop(nexthop).strip()


def render_ip_route(output: IpRouteOutput) -> str:
    """Text of ``output`` in its own form."""
    form = output.form
    out: list[str] = []
    for route in output.routes:
        lines = _lines(route, form)
        if form.oneline:
            out.append(" \\".join(lines))
        else:
            out.extend(lines)
    return "".join(line + "\n" for line in out)
