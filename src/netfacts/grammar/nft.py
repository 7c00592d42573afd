r"""Grammar of ``nft list ruleset`` output (``nft -a list ruleset`` adds the handles).

The listing is a block language, one item per line, one TAB per nesting level::

    ruleset   := { warning | table }
    warning   := "# Warning: " TEXT                 ; iptables-nft's note, on stderr (sos merges it)
    table     := "table" SP FAMILY SP NAME " {" [ handle ]
                   [ "comment" SP QUOTED ] [ "flags" SP FLAGS ]
                   { object | set | map | flowtable | chain }
                 "}"
    chain     := "chain" SP NAME " {" [ handle ]
                   [ "comment" SP QUOTED ]
                   [ "type" SP T SP "hook" SP H [ SP "device" SP D ] SP "priority" SP P ";"
                     [ SP "policy" SP V ";" ] ]
                   [ "devices = {" ... "}" ]
                   { rule }
                 "}"
    rule      := statement { SP statement } [ SP "comment" SP QUOTED ] [ handle ]
    set       := ( "set" | "map" ) SP NAME " {" [ handle ]
                   ( "type" SP TYPE | "typeof" SP EXPR ) ; maps: KEY " : " DATA
                   { property }                          ; flags, timeout, size, policy, ...
                   [ "elements = { " element { ", " element } " }" ]  ; may wrap over lines
                 "}"
    object    := KIND SP NAME " {" [ handle ] { LINE } "}"   ; counter, quota, limit, ct helper, ...
    handle    := " # handle " N

FAMILY is ``ip``, ``ip6``, ``inet``, ``arp``, ``bridge`` or ``netdev``; blank lines separate
the items of a table.  Element lists wrap onto continuation lines indented with three TABs
and five spaces; how many elements share a line depends on the element type (five for
integer-like types, two for IPv4 addresses and conntrack states, one otherwise; anonymous
sets in rules never wrap).

A rule is a sequence of statements (matches, verdicts, counters, NAT, ...; see
:data:`STATEMENT_WORDS` and the selector tables).  The line grammar only checks that a rule
is a sequence of tokens — words, quoted strings and brace groups (sets and verdict maps,
which do not nest) — separated by single spaces; :mod:`netfacts.parsers.nft` reads the
statements with the tables below and keeps a statement it does not know verbatim.
Two spaces between statements mean a statement printed as nothing: iptables-nft's
``xt`` comment match (its comment is lost in the translation).

Versions: nftables 0.9 - 1.1 print this layout; 0.9.0 printed numeric priorities only;
``comment`` on tables and chains appeared in 0.9.7; 1.0.6 is what the fixtures come from.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import sp
from netfacts.grammar._compiled_nft import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "BITMASK_SELECTORS",
    "BODY_PATTERN",
    "CT_DIRECTIONS",
    "CT_KEYS",
    "FAMILIES",
    "FIB_FLAGS",
    "FIB_RESULTS",
    "HANDLE_SUFFIX",
    "META_KEYS",
    "NAT_FLAGS",
    "OBJECT_KINDS",
    "PAYLOAD_FIELDS",
    "PRIORITIES",
    "QUOTED_PATTERN",
    "SHAPES",
    "TOKEN_PATTERN",
    "TYPE_WRAP",
    "UNQUALIFIED_META",
    "VERDICTS",
    "build_shapes",
]

FAMILIES = ("ip", "ip6", "inet", "arp", "bridge", "netdev")
"""Table families, in the order nft documents them."""

OBJECT_KINDS = ("counter", "quota", "limit", "ct helper", "ct timeout", "ct expectation",
                "secmark", "synproxy", "flowtable")
"""Stateful objects and flowtables: kept as their body lines."""

QUOTED_PATTERN = r'"(?:[^"\\\n]|\\.)*"'
"""A double-quoted string (nft escapes nothing in its output, but a backslash is allowed)."""

_BRACED = r'\{(?:[^{}"\n]|' + QUOTED_PATTERN + r')*\}'
_WORD = r'(?:[^\s"{}]|' + QUOTED_PATTERN + r')+'
TOKEN_PATTERN = _BRACED + "|" + _WORD
"""One token of a rule: a brace group (one level), or a word that may contain quoted parts
(``"eth0"``, ``"10:00"-"12:00"``)."""

HANDLE_SUFFIX = " # handle "

_SPACE = r"[ ](?!# handle [0-9]+$)"
BODY_PATTERN = (f"(?:{_SPACE})*(?:(?:{TOKEN_PATTERN})(?:(?:{_SPACE})+(?:{TOKEN_PATTERN}))*)?"
                f"(?:{_SPACE})*")
"""A rule body: tokens separated by spaces (more than one space: a statement printed as
nothing), never the space that starts the ``# handle N`` suffix.  Tokens must be separated
so that the pattern cannot split one word in many ways (no exponential backtracking)."""

PAYLOAD_FIELDS: dict[str, tuple[str, ...]] = {
    "ip": ("version", "hdrlength", "dscp", "ecn", "length", "id", "frag-off", "ttl",
           "protocol", "checksum", "saddr", "daddr"),
    "ip6": ("version", "dscp", "ecn", "flowlabel", "length", "nexthdr", "hoplimit",
            "saddr", "daddr"),
    "tcp": ("sport", "dport", "sequence", "ackseq", "doff", "reserved", "flags", "window",
            "checksum", "urgptr"),
    "udp": ("sport", "dport", "length", "checksum"),
    "udplite": ("sport", "dport", "csumcov", "checksum"),
    "sctp": ("sport", "dport", "vtag", "checksum"),
    "dccp": ("sport", "dport", "type"),
    "th": ("sport", "dport"),
    "icmp": ("type", "code", "checksum", "id", "sequence", "gateway", "mtu"),
    "icmpv6": ("type", "code", "checksum", "parameter-problem", "packet-too-big", "id",
               "sequence", "max-delay", "taddr", "daddr"),
    "igmp": ("type", "mrt", "checksum", "group"),
    "ether": ("daddr", "saddr", "type"),
    "vlan": ("id", "dei", "cfi", "pcp", "type"),
    "arp": ("htype", "ptype", "hlen", "plen", "operation", "saddr ip", "daddr ip",
            "saddr ether", "daddr ether"),
    "ah": ("nexthdr", "hdrlength", "reserved", "spi", "sequence"),
    "esp": ("spi", "sequence"),
    "comp": ("nexthdr", "flags", "cpi"),
    "gre": ("flags", "version", "protocol"),
    "vxlan": ("flags", "vni"),
}
"""Payload selectors: ``PROTOCOL FIELD`` (``ip saddr``, ``arp saddr ip``)."""

META_KEYS = frozenset({
    "length", "nfproto", "l4proto", "protocol", "priority", "mark", "iif", "iifname",
    "iiftype", "oif", "oifname", "oiftype", "skuid", "skgid", "nftrace", "rtclassid",
    "ibrname", "obrname", "ibrpvid", "ibrvproto", "pkttype", "cpu", "iifgroup", "oifgroup",
    "cgroup", "random", "secpath", "iifkind", "oifkind", "time", "day", "hour", "secmark",
    "sdif", "sdifname", "broute", "ipsec",
})
"""``meta KEY`` selectors."""

UNQUALIFIED_META = frozenset({"iif", "oif", "iifname", "oifname", "iifgroup", "oifgroup"})
"""Meta keys nft prints without ``meta``."""

CT_KEYS = frozenset({
    "state", "direction", "status", "mark", "expiration", "helper", "l3proto", "saddr",
    "daddr", "protocol", "proto-src", "proto-dst", "label", "bytes", "packets", "avgpkt",
    "zone", "event", "secmark", "id",
})
"""``ct [DIR] [ip|ip6] KEY`` selectors."""

CT_DIRECTIONS = frozenset({"original", "reply"})

FIB_FLAGS = frozenset({"saddr", "daddr", "mark", "iif", "oif"})
FIB_RESULTS = frozenset({"oif", "oifname", "type"})

BITMASK_SELECTORS = frozenset({"ct state", "ct status", "ct event", "tcp flags"})
"""Selectors of bitmask type: a match without an operator tests bits (``op: in``)."""

VERDICTS = frozenset({"accept", "drop", "continue", "return", "jump", "goto"})
NAT_FLAGS = frozenset({"random", "fully-random", "persistent", "netmap"})

PRIORITIES: dict[str, dict[str, int]] = {
    "default": {"raw": -300, "mangle": -150, "dstnat": -100, "filter": 0, "security": 50,
                "srcnat": 100},
    "bridge": {"dstnat": -300, "filter": -200, "out": 100, "srcnat": 300},
}
"""Symbolic chain priorities per family (``bridge`` has its own; the others share one)."""

TYPE_WRAP: dict[str, int] = {
    **dict.fromkeys(("nf_proto", "integer", "arp_op", "inet_proto", "inet_service",
                     "tcp_flag", "dccp_pkttype", "mark", "iface_index", "classid", "uid",
                     "gid", "ct_dir"), 5),
    **dict.fromkeys(("ipv4_addr", "ct_state", "ct_status", "pkt_type"), 2),
}
"""Elements per line in a named set's ``elements = { ... }`` by key type (others: one)."""


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    SP = sp()

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    name = rx(r'[^\s"{}]+|' + QUOTED_PATTERN, "name")
    quoted = rx(QUOTED_PATTERN, "quoted string")
    word = rx(r"[^\s;]+", "word")
    handle = pp.Opt(pp.Literal(HANDLE_SUFFIX) + rx(r"[0-9]{1,20}", "handle")("handle"))
    block = pp.Literal(" {") + handle
    kinds = pp.MatchFirst([pp.Literal(k) for k in sorted(OBJECT_KINDS, key=len, reverse=True)])
    return {
        "table_open": (
            pp.Literal("table") + SP + rx(r"[a-z0-9]+", "table family")("family") + SP
            + name("name") + block
        ),
        "chain_open": pp.Literal("chain") + SP + name("name") + block,
        "set_open": (pp.Literal("set") | pp.Literal("map"))("kind") + SP + name("name") + block,
        "object_open": kinds("kind") + SP + name("name") + block,
        "close": pp.Literal("}"),
        "comment": pp.Literal("comment") + SP + quoted("comment"),
        "hook": (
            pp.Literal("type") + SP + word("type") + SP + pp.Literal("hook") + SP
            + word("hook")
            + pp.Opt(SP + pp.Literal("device") + SP + rx(r"[^\s;]+", "device")("device"))
            + SP + pp.Literal("priority") + SP + rx(r"[^\s;][^;]*", "priority")("priority")
            + pp.Literal(";")
            + pp.Opt(SP + pp.Literal("policy") + SP + word("policy") + pp.Literal(";"))
        ),
        "devices": pp.Literal("devices = {") + rx(r"[^{}]*", "device list")("devices")
        + pp.Literal("}"),
        "set_type": (
            pp.Literal("type") + SP
            + rx(r"[^\s:]+(?: \. [^\s:]+)*", "type")("key_type")
            + pp.Opt(pp.Literal(" : ") + rx(r"\S+(?: \. \S+)*", "data type")("data_type"))
        ),
        "set_typeof": (
            pp.Literal("typeof") + SP
            + rx(r".+?(?= : |$)", "typeof expression")("key_typeof")
            + pp.Opt(pp.Literal(" : ") + rx(r".+", "typeof expression")("data_typeof"))
        ),
        "flags": pp.Literal("flags") + SP + rx(r"[a-z-]+(?:,[a-z-]+)*", "flags")("flags"),
        "elements": (
            pp.Literal("elements = {") + rx(r".*", "elements")("elements")
        ),
        "property": rx(r"[a-z][a-z-]*", "keyword")("keyword") + pp.Opt(
            SP + rx(r"\S.*", "value")("value")),
        "rule": rx(BODY_PATTERN, "statements")("body") + handle,
        "warning": pp.Literal("# Warning:") + rx(r".*", "warning text")("text"),
        "token": rx(TOKEN_PATTERN, "word, quoted string or { ... } group"),
    }


_NAMES = {
    "table_open": "'table FAMILY NAME {' line",
    "chain_open": "'chain NAME {' line",
    "set_open": "'set NAME {' or 'map NAME {' line",
    "object_open": "stateful object line",
    "close": "'}'",
    "comment": "comment line",
    "hook": "chain 'type ... hook ... priority ...;' line",
    "devices": "'devices = { ... }' line",
    "set_type": "set 'type' line",
    "set_typeof": "set 'typeof' line",
    "flags": "'flags' line",
    "elements": "'elements = {' line",
    "property": "set property line",
    "rule": "rule",
    "warning": "'# Warning:' line",
    "token": "rule token",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path (lines are matched without their
leading indentation)."""
