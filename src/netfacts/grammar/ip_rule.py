r"""Grammar of ``ip rule`` output (``ip rule``, ``ip -4 rule list``, ``ip -6 rule``).

One line per rule, the priority followed by a colon and a TAB::

    rule     := PRIO ":" TAB [ "not" SP ] "from" SP ( "all" | prefix ) { SP selector } [ SP action ]
    selector := "to" SP prefix | "tos" SP T | "fwmark" SP MARK [ "/" MASK ]
              | "iif" SP DEV [ SP "[detached]" ] | "oif" SP DEV [ SP "[detached]" ]
              | "uidrange" SP N "-" N | "ipproto" SP P | "sport" SP N [ "-" N ]
              | "dport" SP N [ "-" N ] | "tun_id" SP N | "proto" SP P | "realms" SP R
    action   := "lookup" SP TABLE [ SP "suppress_prefixlength" SP N ] [ SP "suppress_ifgroup" SP G ]
              | "lookup [l3mdev-table]" | "goto" SP N | "nop"
              | "unreachable" | "prohibit" | "blackhole"

iproute2 3.10 prints the same layout; ``proto`` appears from 4.17 (only when not
``unspec``), ``uidrange`` 4.10, ``ipproto``/``sport``/``dport`` 4.17.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import DEC, IFNAME, WORD, sp
from netfacts.grammar._compiled_ip_rule import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, table

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["RULE_ACTIONS", "RULE_KEYS", "SHAPES", "build_shapes"]

RULE_KEYS = table(
    Key("to", "to", WORD),
    Key("tos", "tos", WORD),
    Key("fwmark", "fwmark", WORD),
    Key("iif", "iif", IFNAME),
    Key("oif", "oif", IFNAME),
    Key("uidrange", "uidrange", WORD),
    Key("ipproto", "ipproto", WORD),
    Key("sport", "sport", WORD),
    Key("dport", "dport", WORD),
    Key("tun_id", "tun_id", DEC),
    Key("lookup", "table", WORD),
    Key("suppress_prefixlength", "suppress_prefixlength", DEC),
    Key("suppress_ifgroup", "suppress_ifgroup", WORD),
    Key("realms", "realms", WORD),
    Key("proto", "protocol", WORD),
    Key("goto", "goto", DEC),
)
"""Selectors and the action of a rule, keyword then one value."""

RULE_ACTIONS = ("unreachable", "prohibit", "blackhole", "nop")
"""Actions printed as a bare word."""


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    SP = sp()
    return {
        "rule": (
            DEC("priority")
            + pp.Literal(":")
            + SP
            + pp.Opt(pp.Literal("not")("invert") + SP)
            + pp.Literal("from")
            + SP
            + pp.Regex(r"\S+").set_name("source")("src")
            + pp.Opt(SP + pp.Regex(r".*").set_name("selectors")("tail"))
        ),
    }


SHAPES = {
    "rule": LineShape("rule line", lambda: build_shapes()["rule"], PATTERNS.get("rule")),
}
"""Every line shape, with its compiled fast path."""
