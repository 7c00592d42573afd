r"""Grammar of ``ip neigh`` output (iproute2 3.10 to 7.x).

One line per neighbour; the attributes after the address are keyword/value pairs and
flag words, read with the key table :data:`NEIGH_KEYS`::

    neigh   := [ ( "Deleted" | "delete" | "miss" ) SP ] dst [ SP tail ]
    tail    := { key }                                   ; NEIGH_KEYS, unknown keys kept
    key     := "dev" SP ifname                           ; absent with "show dev X"
             | "lladdr" SP lladdr                        ; absent for INCOMPLETE/FAILED/NONE/proxy
             | "router" | "proxy" | "managed" | "extern_learn" | "offload" | "extern_valid"
             | "ref" SP N                                ; -s, only when not zero
             | "used" SP N "/" N "/" N                   ; -s
             | "probes" SP N                             ; -s
             | STATE                                     ; none at all for NUD_NONE
             | "proto" SP word                           ; 5.0+
    STATE   := "INCOMPLETE" | "REACHABLE" | "STALE" | "DELAY" | "PROBE" | "FAILED"
             | "NOARP" | "PERMANENT"
    lladdr  := hex { ":" hex }                           ; 1 byte (tun), 6, 20 (InfiniBand)
             | ipv4 | ipv6                               ; ipip/gre, ip6 tunnels

Version notes (``docs/commands/ip_neigh.md``): iproute2 up to 5.15 (layout A) prints
``dev X  FAILED`` (two spaces when no lladdr follows), ``used 1/2/3 probes 4`` and no
trailing space; 5.16 and later (layout B) print every word followed by a space, so lines
end with one, put two spaces before ``ref``/``used`` and glue ``probes`` to the ``used``
triple (``used 3/3/3probes 4``).  The tail reader splits that glued token first
(:func:`unglue`).  ``extern_learn`` 4.19+, ``offload`` 5.2+, ``proto`` 5.0+, ``managed``
5.16+, ``extern_valid`` 6.17+; 3.10 joins several state words with commas
(``STALE,NOARP``), later versions with spaces; ``delete`` became ``Deleted`` with
iproute2's JSON rework (4.17).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import DEC, IFNAME, LLADDR, WORD, Atom, sp
from netfacts.grammar._compiled_ip_neigh import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, KeyTail, table, tail_element
from netfacts.models.neighbour import Neighbour
from netfacts.models.values import MacAddress, ip_text

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "CACHEINFO",
    "FLAG_WORDS",
    "NEIGH_KEYS",
    "SHAPES",
    "STATE_WORDS",
    "TAIL",
    "build_shapes",
    "format_neighbour",
    "tail_elements",
    "unglue",
]

STATE_WORDS = (
    "INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT",
)
"""NUD state words in the kernel's bit order (iproute2 prints them in this order)."""

FLAG_WORDS = ("router", "proxy", "managed", "extern_learn", "offload", "extern_valid")
"""Neighbour flag words in print order."""


def _cacheinfo(token: str) -> tuple[int, int, int]:
    parts = token.split("/")
    if len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts):
        return int(parts[0]), int(parts[1]), int(parts[2])
    raise ValueError(f"not used/confirmed/updated seconds: {token!r}")


CACHEINFO = Atom("used/confirmed/updated seconds", r"[0-9]+/[0-9]+/[0-9]+", _cacheinfo)

NEIGH_KEYS = table(
    Key("dev", "dev", IFNAME),
    Key("lladdr", "lladdr", LLADDR),
    *(Key(word, "flags", collect=True) for word in FLAG_WORDS),
    Key("ref", "refcnt", DEC),
    Key("used", "used", CACHEINFO),
    Key("probes", "probes", DEC),
    *(Key(word, "state", collect=True) for word in STATE_WORDS),
    Key("proto", "protocol", WORD),
)
"""Everything after the address, in print order."""

TAIL = KeyTail(NEIGH_KEYS)
"""Fast reader of the tail."""

_GLUED = re.compile(r"(/[0-9]+)(?=[^\s0-9/])")


def unglue(tail: str) -> str:
    """Split ``used 3/3/3probes 4`` (5.16+) into ``used 3/3/3 probes 4``.

    Only the ``used`` triple contains ``/`` (interface names and link-layer addresses
    cannot), so a word glued to it is always the next keyword.
    """
    if "/" not in tail:
        return tail
    return _GLUED.sub(r"\1 ", tail)


def tail_elements() -> dict[str, pp.ParserElement]:
    """Grammar of the key/value tail (for error messages and differential tests)."""
    return {"neighbour": tail_element(NEIGH_KEYS)}


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    prefix = pp.Opt(rx(r"Deleted|delete|miss", "'Deleted' or 'miss'")("prefix") + SP)
    return {
        "neighbour": (
            prefix
            + rx(r"[0-9a-fA-F:.]+", "neighbour address")("dst")
            + pp.Opt(SP + rx(r".*", "attributes")("tail"))
        ),
    }


_NAMES = {"neighbour": "neighbour line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""


# ---------------------------------------------------------------- layouts


def _text(value: object) -> str:
    if isinstance(value, MacAddress):
        return str(value)
    return ip_text(value)  # type: ignore[arg-type]


def _extra(pairs: tuple[tuple[str, str], ...], layout: str) -> str:
    words = [f"{key} {value}" if value else key for key, value in pairs]
    if layout == "A":
        return "".join(f" {word}" for word in words)
    return "".join(f"{word} " for word in words)


def format_neighbour(neighbour: Neighbour, layout: str = "B") -> str:
    """One ``ip neigh`` line (without the newline) in iproute2's layout ``"A"`` (up to 5.15)
    or ``"B"`` (5.16+): the spacing of each word, as ``ipneigh.c`` prints it."""
    parts: list[str] = []
    if neighbour.deleted:
        parts.append("Deleted ")
    elif neighbour.miss:
        parts.append("miss ")
    if neighbour.dst is not None:
        parts.append(f"{ip_text(neighbour.dst)} ")
    if neighbour.dev is not None:
        parts.append(f"dev {neighbour.dev} ")
    cache = neighbour.cache
    if layout == "A":
        if neighbour.lladdr is not None:
            parts.append(f"lladdr {_text(neighbour.lladdr)}")
        for flag in neighbour.flags:
            parts.append(" extern_learn " if flag == "extern_learn" else f" {flag}")
        parts.append(_extra(neighbour.extra, layout))
        if cache is not None:
            if cache.refcnt:
                parts.append(f" ref {cache.refcnt}")
            if cache.used is not None:
                parts.append(f" used {cache.used}/{cache.confirmed}/{cache.updated}")
            if cache.probes is not None:
                parts.append(f" probes {cache.probes}")
        for state in neighbour.state:
            parts.append(f" {state.value}")
        if neighbour.protocol is not None:
            parts.append(f" proto {neighbour.protocol} ")
        return "".join(parts)
    if neighbour.lladdr is not None:
        parts.append(f"lladdr {_text(neighbour.lladdr)} ")
    for flag in neighbour.flags:
        parts.append(f"{flag} ")
    parts.append(_extra(neighbour.extra, layout))
    if cache is not None:
        if cache.refcnt:
            parts.append(f" ref {cache.refcnt}")
        if cache.used is not None:
            parts.append(f" used {cache.used}/{cache.confirmed}/{cache.updated}")
        if cache.probes is not None:
            parts.append(f"probes {cache.probes} ")
    for state in neighbour.state:
        parts.append(f"{state.value} ")
    if neighbour.protocol is not None:
        parts.append(f"proto {neighbour.protocol} ")
    return "".join(parts)
