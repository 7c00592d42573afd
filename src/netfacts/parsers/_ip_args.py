"""Parser hints carried by ``ip`` command lines (kept light: detection imports it).

``ip -6 route show table 100`` says what the text cannot: the family of ``default``
routes, that the listing is one table, that ``-d`` details were asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["route_hints", "rule_hints"]

_ROUTE_SELECTORS = {
    "table": "table", "tab": "table", "dev": "dev", "oif": "dev", "proto": "proto",
    "protocol": "proto", "scope": "scope", "type": "type", "via": "via", "src": "src",
    "metric": "metric", "preference": "metric", "tos": "tos", "dsfield": "tos",
}


def _family_option(options: Sequence[str]) -> str | None:
    if "-6" in options or "-family=inet6" in options:
        return "inet6"
    if "-4" in options:
        return "inet"
    return None


def _split(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """Options, and the words after the object (``route``, ``rule``)."""
    options = [a for a in args if a.startswith("-")]
    words = [a for a in args if not a.startswith("-")]
    return options, words[1:]


def route_hints(args: Sequence[str]) -> dict[str, Any]:
    """Hints of ``ip [OPTIONS] route [show|list|get] [SELECTORS]`` (the args after ``ip``)."""
    options, words = _split(args)
    hints: dict[str, Any] = {}
    family = _family_option(options)
    if family is not None:
        hints["family"] = family
    if any(o in ("-d", "-details") or (o.startswith("-d") and "d" in o[1:3]) for o in options):
        hints["details"] = True
    if words and words[0] == "get":
        hints["get"] = True
        return hints
    if words and words[0] in ("show", "list", "lst", "ls"):
        words = words[1:]
    filters = []
    for index, word in enumerate(words[:-1]):
        selector = _ROUTE_SELECTORS.get(word)
        if selector is not None:
            filters.append((selector, words[index + 1]))
    if filters:
        hints["filters"] = tuple(filters)
    return hints


def rule_hints(args: Sequence[str]) -> dict[str, Any]:
    """Hints of ``ip [-4|-6] rule ...``: the address family."""
    options, _ = _split(args)
    family = _family_option(options)
    return {"family": family} if family is not None else {}
