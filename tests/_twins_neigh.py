"""Shared helpers for the ip neigh, arp, /proc/net/arp and sysctl tests.

Comparing netfacts JSON with the ``ip -j neigh`` twin of the same capture: the only
documented asymmetry (``docs/commands/ip_neigh.md``, "JSON mapping") is that ``-s``
counters tick while the text and the JSON command run one after the other, so ``used``,
``confirmed`` and ``updated`` of the twin are accepted within 3 seconds of the text's.
Nothing else is normalised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _twins import dumps, load_json_arrays
from conftest import CORPUS, NETNS
from netfacts.grammar._fastpath import LineShape

__all__ = [
    "CORPUS",
    "NETNS",
    "arp_captures",
    "dumps",
    "load_json_arrays",
    "neigh_captures",
    "normalise_ip_neigh",
    "same_fast_slow",
]

_TICKING = ("used", "confirmed", "updated")


def normalise_ip_neigh(
    ours: list[dict[str, Any]], twin: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Accept twin counters that ticked by at most 3 seconds; everything else must match."""
    twin = [dict(obj) for obj in twin]
    for mine, theirs in zip(ours, twin):
        for key in _TICKING:
            value, other = theirs.get(key), mine.get(key)
            if isinstance(value, int) and isinstance(other, int) and abs(value - other) <= 3:
                theirs[key] = other
    return ours, twin


def neigh_captures() -> list[Path]:
    """Every ``ip neigh`` text capture of the corpus and of the netns fixtures."""
    paths = [p for p in sorted(CORPUS.glob("*ip-*__*neigh*.txt"))
             if not p.name.endswith(".stderr.txt")]
    return paths + sorted((NETNS / "ip_neigh").glob("*.txt"))


def arp_captures() -> list[Path]:
    """Every net-tools ``arp`` text capture of the corpus and of the netns fixtures."""
    return sorted(CORPUS.glob("*arp-*__*.txt")) + sorted((NETNS / "arp").glob("arp*.txt"))


def same_fast_slow(shape: LineShape, line: str) -> None:
    """The compiled regex and the pyparsing element accept ``line`` alike, same fields."""
    fast = shape.match(line)
    slow = shape.parse_slow(line)
    assert (fast is not None) == (slow is not None), (shape.name, line)
    if fast is not None and slow is not None:
        fast_fields = {k: v for k, v in fast.groupdict().items() if v not in (None, "")}
        assert fast_fields == slow, (shape.name, line)
