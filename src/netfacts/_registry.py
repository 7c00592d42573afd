"""One record per command family: names, parser, renderer, JSON writer.

Detection, the CLI, :func:`netfacts.parse` and the docs all read this table,
so adding a family is one entry here plus its modules.  Implementations are
named as ``"module:function"`` strings and imported on first use, so running
one parser never pays for building every grammar.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["FAMILIES", "KINDS", "Family", "family_for_kind", "load"]


@attrs.frozen
class Family:
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
)

KINDS: dict[str, tuple[Family, dict[str, Any]]] = {
    "ip-addr": (FAMILIES[0], {"command": "addr"}),
    "ip-link": (FAMILIES[0], {"command": "link"}),
    "ip-route": (FAMILIES[1], {}),
    "ip-rule": (FAMILIES[2], {}),
}
"""``--as`` name → (family, parser hints)."""

_BY_KEY = {family.key: family for family in FAMILIES}


def normalise_kind(kind: str) -> str:
    """``ip_addr``, ``ip addr``, ``IP-ADDR`` → ``ip-addr`` (the CLI spelling)."""
    return "-".join(kind.strip().lower().replace("_", " ").replace("-", " ").split())


def family_for_kind(kind: str) -> tuple[Family, dict[str, Any]] | None:
    """The family and parser hints for an ``--as`` name or a family key."""
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
