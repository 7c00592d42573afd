"""One record per command family: names, parser, renderer, JSON writer.

Detection, the CLI, :func:`netfacts.parse` and the docs all read this table,
so adding a family is one entry here plus its modules.  Implementations are
named as ``"module:function"`` strings and imported on first use, so running
one parser never pays for building every grammar.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = ["FAMILIES", "KINDS", "Family", "family_for_kind", "load"]


class Family(NamedTuple):
    """A command family: ``ip_addr`` covers ``ip addr`` and ``ip link`` in every form."""

    key: str
    title: str
    parser: str
    renderer: str
    to_json: str
    kinds: tuple[str, ...]
    """The ``--as`` names that select this family (CLI spelling)."""
    direct_json: str | None = None
    """Optional text → compact JSON text fast path for the CLI (no models built):
    ``f(text, *, source, **hints) -> (json_text, diagnostics) | None``."""


FAMILIES: tuple[Family, ...] = (
    Family(
        key="ip_addr",
        title="ip addr / ip link",
        parser="netfacts.parsers.ip_addr:parse_ip_addr",
        renderer="netfacts.renderers.ip_addr:render_ip_addr",
        to_json="netfacts.jsonio.ip_addr:ip_addr_to_json",
        kinds=("ip-addr", "ip-link"),
    ),
    Family(
        key="ip_route",
        title="ip route",
        parser="netfacts.parsers.ip_route:parse_ip_route",
        renderer="netfacts.renderers.ip_route:render_ip_route",
        to_json="netfacts.jsonio.ip_route:ip_route_to_json",
        kinds=("ip-route",),
        direct_json="netfacts.jsonio.ip_route_direct:direct_json",
    ),
    Family(
        key="ip_rule",
        title="ip rule",
        parser="netfacts.parsers.ip_rule:parse_ip_rule",
        renderer="netfacts.renderers.ip_rule:render_ip_rule",
        to_json="netfacts.jsonio.ip_rule:ip_rule_to_json",
        kinds=("ip-rule",),
    ),
    Family(
        key="ip_neigh",
        title="ip neigh",
        parser="netfacts.parsers.ip_neigh:parse_ip_neigh",
        renderer="netfacts.renderers.ip_neigh:render_ip_neigh",
        to_json="netfacts.jsonio.ip_neigh:ip_neigh_to_json",
        kinds=("ip-neigh",),
    ),
    Family(
        key="arp",
        title="arp (net-tools)",
        parser="netfacts.parsers.arp:parse_arp",
        renderer="netfacts.renderers.arp:render_arp",
        to_json="netfacts.jsonio.arp:arp_to_json",
        kinds=("arp",),
        direct_json="netfacts.jsonio.arp:arp_direct_json",
    ),
    Family(
        key="proc_net_arp",
        title="/proc/net/arp",
        parser="netfacts.parsers.proc_net_arp:parse_proc_net_arp",
        renderer="netfacts.renderers.proc_net_arp:render_proc_net_arp",
        to_json="netfacts.jsonio.arp:proc_net_arp_to_json",
        kinds=("proc-net-arp",),
        direct_json="netfacts.jsonio.arp:proc_net_arp_direct_json",
    ),
    Family(
        key="sysctl",
        title="sysctl / /proc/sys",
        parser="netfacts.parsers.sysctl:parse_sysctl",
        renderer="netfacts.renderers.sysctl:render_sysctl",
        to_json="netfacts.jsonio.sysctl:sysctl_to_json",
        kinds=("sysctl", "ip-forward"),
    ),
    Family(
        key="netstat",
        title="netstat",
        parser="netfacts.parsers.netstat:parse_netstat",
        renderer="netfacts.renderers.netstat:render_netstat",
        to_json="netfacts.jsonio.netstat:netstat_to_json",
        kinds=("netstat",),
        direct_json="netfacts.jsonio.netstat_direct:direct_json",
    ),
    Family(
        key="ss",
        title="ss",
        parser="netfacts.parsers.ss:parse_ss",
        renderer="netfacts.renderers.ss:render_ss",
        to_json="netfacts.jsonio.ss:ss_to_json",
        kinds=("ss",),
        direct_json="netfacts.jsonio.ss_direct:direct_json",
    ),
    Family(
        key="ethtool",
        title="ethtool (settings, -i, -S, -k, -g, -l)",
        parser="netfacts.parsers.ethtool:parse_ethtool",
        renderer="netfacts.renderers.ethtool:render_ethtool",
        to_json="netfacts.jsonio.ethtool:ethtool_to_json",
        kinds=("ethtool", "ethtool-i", "ethtool-S", "ethtool-k", "ethtool-g", "ethtool-l"),
    ),
    Family(
        key="tc_qdisc",
        title="tc qdisc show",
        parser="netfacts.parsers.tc_qdisc:parse_tc_qdisc",
        renderer="netfacts.renderers.tc_qdisc:render_tc_qdisc",
        to_json="netfacts.jsonio.tc_qdisc:tc_qdisc_to_json",
        kinds=("tc-qdisc",),
    ),
)

_BY_KEY = {family.key: family for family in FAMILIES}

KINDS: dict[str, tuple[Family, dict[str, Any]]] = {
    "ip-addr": (_BY_KEY["ip_addr"], {"command": "addr"}),
    "ip-link": (_BY_KEY["ip_addr"], {"command": "link"}),
    "ip-route": (_BY_KEY["ip_route"], {}),
    "ip-rule": (_BY_KEY["ip_rule"], {}),
    "ip-neigh": (_BY_KEY["ip_neigh"], {}),
    "arp": (_BY_KEY["arp"], {}),
    "proc-net-arp": (_BY_KEY["proc_net_arp"], {}),
    "sysctl": (_BY_KEY["sysctl"], {}),
    "ip-forward": (_BY_KEY["sysctl"], {"key": "net.ipv4.ip_forward"}),
    "netstat": (_BY_KEY["netstat"], {}),
    "ss": (_BY_KEY["ss"], {}),
    "ethtool": (_BY_KEY["ethtool"], {"mode": "settings"}),
    "ethtool-i": (_BY_KEY["ethtool"], {"mode": "driver"}),
    "ethtool-S": (_BY_KEY["ethtool"], {"mode": "statistics"}),
    "ethtool-k": (_BY_KEY["ethtool"], {"mode": "features"}),
    "ethtool-g": (_BY_KEY["ethtool"], {"mode": "rings"}),
    "ethtool-l": (_BY_KEY["ethtool"], {"mode": "channels"}),
    "tc-qdisc": (_BY_KEY["tc_qdisc"], {}),
}
"""``--as`` name → (family, parser hints)."""


def normalise_kind(kind: str) -> str:
    """``ip_addr``, ``ip addr``, ``IP-ADDR`` → ``ip-addr`` (the CLI spelling)."""
    return "-".join(kind.strip().lower().replace("_", " ").replace("-", " ").split())


def family_for_kind(kind: str) -> tuple[Family, dict[str, Any]] | None:
    """The family and parser hints for an ``--as`` name or a family key."""
    if kind.strip() in KINDS:  # case matters where a tool's option does (ethtool-S)
        return KINDS[kind.strip()]
    name = normalise_kind(kind)
    if name in KINDS:
        return KINDS[name]
    family = _BY_KEY.get(name.replace("-", "_"))
    if family is not None:
        return family, {}
    return None


def load(spec: str) -> Callable[..., Any]:
    """Import ``"module:function"``."""
    module_name, _, function = spec.partition(":")
    module = importlib.import_module(module_name)
    loaded: Callable[..., Any] = getattr(module, function)
    return loaded


def family_for_output(kind: str) -> Family:
    """The family whose outputs have ``Output.kind == kind``."""
    return _BY_KEY[kind]
