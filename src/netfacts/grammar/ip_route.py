r"""Grammar of ``ip route`` output (``ip route``, ``-6``, ``show table all``, ``-d``, ``get``).

Every route is one line; a multipath route adds one TAB-indented ``nexthop``
line per path (``-d`` also an ``nh_info`` line for nexthop objects), and
``ip route get`` adds an indented ``cache`` line.  ``-o`` joins the TAB lines
with a backslash::

    route     := [ "Deleted " ] [ TYPE SP ] DST { SP attribute }
    DST       := "default" | prefix | address | "0/" N        ; host routes have no /32 or /128
    attribute := "from" SP prefix | "nhid" SP N | "as" SP "to" SP addr
               | "encap" SP ENCAP                               ; no terminator: per-type grammar
               | "via" SP [ ("inet" | "inet6") SP ] addr        ; "via inet6" = RTA_VIA
               | KEY SP value                                   ; ROUTE_KEYS, any order
               | FLAG                                           ; ROUTE_FLAGS
               | METRIC [ SP "lock" ] SP value                  ; ROUTE_METRICS
    ENCAP     := "ip" { SP ("id"|"src"|"dst"|"ttl"|"tos") SP value } { SP ("key"|"csum"|"seq") }
               | "ip6" { SP ("id"|"src"|"dst"|"hoplimit"|"tc") SP value } { flags }
               | "seg6" SP "mode" SP M SP "segs" SP N SP "[" { SP addr } SP "]" [ SP "hmac" SP N ]
               | "mpls" SP labels [ SP "ttl" SP N ]
               | "unknown" | TYPE { SP word }                   ; others: up to a route keyword
    nexthop   := TAB "nexthop" { SP nh-attribute }              ; via, dev, weight, flags, encap
    nh_info   := TAB "nh_info" SP "id" SP N { SP attribute }    ; -d with nhid (5.16+)
    cache     := SP+ "cache" [ SP "<" flag { "," flag } ">" ] { SP attribute }

Hidden defaults (``docs/commands/ip_route.md``): no type means ``unicast``, no
``proto`` means ``boot``, no ``scope`` means ``global``, no ``table`` means ``main``
(or the table named on the command line); ``show dev X`` drops ``dev X`` and so on.
Version notes: 3.10 prints two spaces before ``proto``/``scope``/``src``/``metric``
and no ``encap``, ``pref`` or ``linkdown``; ``nhid`` from 5.3; 4.17–5.5 print a
multipath route's ``pref`` at the end of its last nexthop line; ``error`` is
signed before 4.17 and unsigned after.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import DEC, IFNAME, IPADDR, SIGNED, WORD, sp
from netfacts.grammar._compiled_ip_route import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, table, tail_element

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "ENCAP_FIELDS",
    "NEXTHOP_KEYS",
    "ROUTE_FLAGS",
    "ROUTE_KEYS",
    "ROUTE_METRICS",
    "ROUTE_TYPES",
    "SHAPES",
    "build_shapes",
]

ROUTE_TYPES = (
    "unicast",
    "local",
    "broadcast",
    "anycast",
    "multicast",
    "blackhole",
    "unreachable",
    "prohibit",
    "throw",
    "nat",
    "xresolve",
    "unspec",
)

ROUTE_FLAGS = (
    "dead",
    "onlink",
    "pervasive",
    "offload",
    "trap",
    "notify",
    "linkdown",
    "unresolved",
    "rt_offload",
    "rt_trap",
    "rt_offload_failed",
)
"""RTNH flag words, in print order (JSON ``flags`` list)."""

ROUTE_METRICS = (
    "mtu",
    "window",
    "rtt",
    "rttvar",
    "ssthresh",
    "cwnd",
    "advmss",
    "reordering",
    "hoplimit",
    "initcwnd",
    "features",
    "rto_min",
    "initrwnd",
    "quickack",
    "congctl",
    "fastopen_no_cookie",
)
"""RTA_METRICS names; each may be preceded by ``lock``."""

ROUTE_KEYS = table(
    Key("from", "from", WORD),
    Key("nhid", "nhid", DEC),
    Key("tos", "tos", WORD),
    Key("dev", "dev", IFNAME),
    Key("table", "table", WORD),
    Key("proto", "protocol", WORD),
    Key("scope", "scope", WORD),
    Key("src", "prefsrc", IPADDR),
    Key("metric", "metric", DEC),
    Key("mark", "mark", WORD),
    Key("realm", "realm", WORD),
    Key("realms", "realms", WORD),
    Key("uid", "uid", DEC),
    Key("expires", "expires", WORD),
    Key("error", "error", SIGNED),
    Key("users", "users", DEC),
    Key("used", "used", DEC),
    Key("age", "age", WORD),
    Key("ipid", "ipid", WORD),
    Key("ts", "ts", WORD),
    Key("tsage", "tsage", WORD),
    Key("iif", "iif", IFNAME),
    Key("pref", "pref", WORD),
    Key("ttl-propogate", "ttl-propogate", WORD),
    *(Key(flag, "flags", collect=True) for flag in ROUTE_FLAGS),
)
"""Single-value route attributes and flags (``via``, ``encap``, ``as to`` and the
metrics have their own rules, see the module docstring)."""

NEXTHOP_KEYS = table(
    Key("dev", "dev", IFNAME),
    Key("weight", "weight", DEC),
    Key("realms", "realms", WORD),
    Key("realm", "realm", WORD),
    *(Key(flag, "flags", collect=True) for flag in ROUTE_FLAGS),
)
"""Attributes of a ``nexthop`` line besides ``via`` and ``encap``."""

ENCAP_FIELDS: dict[str, tuple[str, ...]] = {
    "ip": ("id", "src", "dst", "ttl", "tos"),
    "ip6": ("id", "src", "dst", "hoplimit", "tc"),
}
"""Keyword fields of the tunnel encaps, in print order (they shadow route keywords)."""

ENCAP_FLAGS: dict[str, tuple[str, ...]] = {
    "ip": ("key", "csum", "seq"),
    "ip6": ("key", "csum", "seq"),
}


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    rest = rx(r".*", "attributes")
    route_type = rx("|".join(ROUTE_TYPES) + r"|[0-9]+", "route type")
    dst = rx(r"default|[0-9a-fA-F:.]+(?:/[0-9]+)?|0/[0-9]+", "route destination")
    return {
        "plain_route": _plain_route(rx),
        "plain_nexthop": _plain_nexthop(rx),
        "route": (
            pp.Opt(pp.Literal("Deleted") + SP)("deleted")
            + pp.Opt(route_type("type") + SP)
            + dst("dst")
            + pp.Opt(SP + rest("tail"))
        ),
        "nexthop": (
            rx(r"[ \t]+", "indentation") + pp.Literal("nexthop") + pp.Opt(SP + rest("tail"))
        ),
        "nh_info": (
            rx(r"[ \t]+", "indentation") + pp.Literal("nh_info") + pp.Opt(SP + rest("tail"))
        ),
        "cache": rx(r"[ \t]+", "indentation") + pp.Literal("cache") + pp.Opt(SP + rest("tail")),
    }


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_V4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
_NUMBER = "0|[1-9][0-9]{0,19}"
"""A canonical decimal of at most 20 digits (a longer one takes the full parser, which
reports numbers Python cannot convert)."""
_SAFE_WORD = r'(?!(?:via|dev|proto|scope|src|metric|weight)(?: |$))[!#-.0-9;-\[\]-~]+'
"""Printable ASCII without ``" / : \\``, not spelled like a keyword of the plain shapes:
copied into JSON as is, valid as an interface name."""


def _plain_route(rx: Callable[[str, str], pp.ParserElement]) -> pp.ParserElement:
    """The common IPv4 route line whose ``ip -j`` object is its tokens renamed.

    ``[TYPE] DST [via GW] [dev DEV] [proto P] [scope S] [src A] [metric N] {FLAG}``
    with canonical dotted quads and numbers, JSON-safe words, no ``unicast`` (that
    means ``-d``) and no other attribute.  :mod:`netfacts.jsonio.ip_route_direct`
    writes such lines as JSON text without building models; anything else takes the
    full parser.
    """
    import pyparsing as pp

    one = rx(" +", "whitespace").suppress()
    v4 = rx(_V4, "IPv4 address")
    types = "|".join(t for t in ROUTE_TYPES if t not in ("unicast", "unspec", "xresolve"))
    prefix = v4 + pp.Opt(pp.Literal("/") + rx("3[0-2]|[12][0-9]|[0-9]", "prefix length")("length"))
    return (
        pp.Opt(rx(types, "route type")("type") + one)
        + (pp.Literal("default") | prefix)("dst")
        + _plain_key(rx, "via", v4, "gateway")
        + _plain_key(rx, "dev", rx(_SAFE_WORD, "interface name"), "dev")
        + _plain_key(rx, "proto", rx(_SAFE_WORD, "protocol"), "protocol")
        + _plain_key(rx, "scope", rx("host|link|site|nowhere|global", "scope"), "scope")
        + _plain_key(rx, "src", v4, "prefsrc")
        + _plain_key(rx, "metric", rx(_NUMBER, "metric"), "metric")
        + _plain_flags(rx)
        + pp.Opt(rx(" +", "whitespace"))
    )


def _plain_nexthop(rx: Callable[[str, str], pp.ParserElement]) -> pp.ParserElement:
    """A multipath route's ``nexthop`` line in the same plain form."""
    import pyparsing as pp

    return (
        pp.Literal("\t") + pp.Literal("nexthop")
        + _plain_key(rx, "via", rx(_V4, "IPv4 address"), "gateway")
        + _plain_key(rx, "dev", rx(_SAFE_WORD, "interface name"), "dev")
        + _plain_key(rx, "weight", rx(_NUMBER, "weight"), "weight")
        + _plain_flags(rx)
        + pp.Opt(rx(" +", "whitespace"))
    )


def _plain_key(rx: Callable[[str, str], pp.ParserElement], word: str,
               value: pp.ParserElement, name: str) -> pp.ParserElement:
    import pyparsing as pp

    one = rx(" +", "whitespace").suppress()
    return pp.Opt(one + pp.Literal(word) + one + value(name))


def _plain_flags(rx: Callable[[str, str], pp.ParserElement]) -> pp.ParserElement:
    import pyparsing as pp

    words = "|".join(sorted(ROUTE_FLAGS, key=len, reverse=True))
    return pp.Combine(pp.ZeroOrMore(rx(" +", "whitespace") + rx(words, "flag")))("flags")


_NAMES = {
    "plain_route": "plain route line",
    "plain_nexthop": "plain nexthop line",
    "route": "route line",
    "nexthop": "nexthop line",
    "nh_info": "nh_info line",
    "cache": "cache line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""


def tail_elements() -> dict[str, pp.ParserElement]:
    """Grammar of the key/value parts (for error messages and differential tests)."""
    return {"route": tail_element(ROUTE_KEYS), "nexthop": tail_element(NEXTHOP_KEYS)}
