r"""Grammar of ``ip link`` and ``ip addr`` output (iproute2 3.10 to 7.x).

Every output form is a sequence of lines of a few shapes; a record is a header
line plus the continuation lines below it (``-o`` joins them with a backslash,
``-br`` prints one fixed-layout line per interface)::

    record    := header { continuation }
    header    := [ "Deleted " ] ifindex ": " namepart ": <" [ flag { "," flag } ] ">" [ SP tail ]
    namepart  := ifname [ "@" ( ifname | "if" ifindex | "NONE" ) ]
    tail      := { keyword SP value }                    ; HEADER_KEYS, any order, unknown kept
    oaddr     := ifindex ": " ifname SP addrbody         ; ip -o addr (lifetimes joined by "\")
    continuation :=
        IND4 "link/" linktype [ SP lladdr ] { SP LINK_KEYS }     ; -d details join this line
      | IND4 kind { SP KIND-ATTR } [ DETAIL_KEYS ]               ; -d kind / <kind>_slave lines
      | IND4 "alias " text
      | IND4 "prog/xdp" [ "generic" | "drv" | "offload" ] " id " N { SP XDP_KEYS }
      | IND4 "vf " N SP ...                                     ; SR-IOV (source only)
      | IND4 "altname " altname                                 ; 5.5+
      | IND4 addrbody
      | IND7 "valid_lft" SP lft SP "preferred_lft" SP lft
      | IND4 ( "RX" | "TX" ) [ " errors" ] ":" SP words         ; -s header line
      | IND4+ value { SP value }                                ; -s values under it
    addrbody  := family SP local [ " peer " peer ] "/" plen { SP ADDRESS_KEY } [ SP label ]
    lft       := "forever" | N "sec"
    brief     := namepart SP+ operstate SP+ ( [ lladdr SP ] "<" flags ">" | { baddr } )
    baddr     := local [ " peer " peer ] "/" plen [ " metric " N ]

``IND4`` is four spaces, ``IND7`` seven.  Version notes (see ``docs/commands/ip_addr.md``):
``group`` appears from 3.11, ``link-netns NAME`` from 4.17 (``link-netnsid N`` before),
``altname`` from 5.5, ``permaddr`` from 5.6, address ``metric`` from 4.18, address
``proto`` from 6.4, statistics layout B (overrun/missed swapped, right-aligned)
from 5.14, ``-br`` from 4.2, ``-d`` ``allmulti`` from 6.1.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import DEC, HEX, IFNAME, IPADDR, LFT, LLADDR, WORD, Atom, sp, word
from netfacts.grammar._compiled_ip_addr import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, KeyTail, table, tail_element
from netfacts.models.address import Scope
from netfacts.models.link import OperState

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "ADDRESS_FLAG_WORDS",
    "ADDRESS_KEYS",
    "DETAIL_KEYS",
    "HEADER_KEYS",
    "LINK_KEYS",
    "SHAPES",
    "TAILS",
    "XDP_KEYS",
    "XDP_WORD",
    "build_shapes",
    "tail_elements",
]

# ---------------------------------------------------------------- value atoms


def _netnsid(token: str) -> int:
    if token == "unknown":
        return -1
    body = token[1:] if token[:1] == "-" else token
    if body.isascii() and body.isdigit():
        return int(token)
    raise ValueError(f"not a namespace id: {token!r}")


def _reason(token: str) -> tuple[str, ...]:
    if token[:1] == "<" and token[-1:] == ">" and word(token) == token:
        inner = token[1:-1]
        return tuple(inner.split(",")) if inner else ()
    raise ValueError(f"not a reason list: {token!r}")


OPERSTATE = Atom("operational state", r"\S+", lambda t: OperState.of(word(t)))
NETNSID = Atom("namespace id", r"unknown|-?[0-9]+", _netnsid)
ONOFF = Atom("on or off", r"\S+", lambda t: word(t) == "on")
REASON = Atom("reason list", r"<[^>\s]*>", _reason)
SCOPE = Atom("scope", r"\S+", lambda t: Scope.of(word(t)))

# ---------------------------------------------------------------- keyword tables

HEADER_KEYS = table(
    Key("mtu", "mtu", DEC),
    Key("qdisc", "qdisc", WORD),
    Key("master", "master", IFNAME),
    Key("state", "operstate", OPERSTATE),
    Key("mode", "linkmode", WORD),
    Key("group", "group", WORD),
    Key("qlen", "txqlen", DEC),
    Key("link-netns", "link_netns", WORD),
    Key("link-netnsid", "link_netnsid", NETNSID),
    Key("event", "event", WORD),
)
"""Header attributes after the flags (``ip -4 addr`` moves ``link-netns`` here)."""

XDP_WORD = re.compile(r"xdp(?:generic|offload|multi|drv|\[\d+\])?(?:/id:(\d+))?")
"""The XDP marker of a header (``xdpgeneric``, ``xdpgeneric/id:102`` in ``ip addr``)."""

DETAIL_KEYS = table(
    Key("addrgenmode", "inet6_addr_gen_mode", WORD),
    Key("numtxqueues", "num_tx_queues", DEC),
    Key("numrxqueues", "num_rx_queues", DEC),
    Key("gso_max_size", "gso_max_size", DEC),
    Key("gso_max_segs", "gso_max_segs", DEC),
    Key("tso_max_size", "tso_max_size", DEC),
    Key("tso_max_segs", "tso_max_segs", DEC),
    Key("gro_max_size", "gro_max_size", DEC),
    Key("gso_ipv4_max_size", "gso_ipv4_max_size", DEC),
    Key("gro_ipv4_max_size", "gro_ipv4_max_size", DEC),
    Key("portname", "phys_port_name", WORD),
    Key("portid", "phys_port_id", WORD),
    Key("switchid", "phys_switch_id", WORD),
    Key("parentbus", "parentbus", WORD),
    Key("parentdev", "parentdev", WORD),
)
"""``-d`` attributes printed at the end of the last detail line, in print order."""

LINK_KEYS = table(
    Key("brd", "broadcast", LLADDR),
    Key("peer", "peer", LLADDR),
    Key("permaddr", "permaddr", LLADDR),
    Key("link-netns", "link_netns", WORD),
    Key("link-netnsid", "link_netnsid", NETNSID),
    Key("new-netns", "new_netns", WORD),
    Key("new-netnsid", "new_netnsid", WORD),
    Key("new-ifindex", "new_ifindex", DEC),
    Key("protodown", "proto_down", ONOFF),
    Key("protodown_reason", "proto_down_reason", REASON),
    Key("promiscuity", "promiscuity", DEC),
    Key("allmulti", "allmulti", DEC),
    Key("minmtu", "min_mtu", DEC),
    Key("maxmtu", "max_mtu", DEC),
    Key("netns-immutable", "netns_immutable"),
    *DETAIL_KEYS.values(),
)
"""Attributes of the ``link/`` line (``-d`` details start with ``promiscuity``)."""

ADDRESS_FLAG_WORDS = (
    "secondary",
    "temporary",
    "nodad",
    "optimistic",
    "dadfailed",
    "home",
    "deprecated",
    "tentative",
    "dynamic",
    "mngtmpaddr",
    "noprefixroute",
    "autojoin",
    "stable-privacy",
)

ADDRESS_KEYS = table(
    Key("metric", "metric", DEC),
    Key("brd", "broadcast", IPADDR),
    Key("any", "anycast", IPADDR),
    Key("mcast", "multicast", IPADDR),
    Key("scope", "scope", SCOPE),
    *(Key(flag, "flags", collect=True) for flag in ADDRESS_FLAG_WORDS),
    Key("flags", "ifa_flags", HEX),
    Key("proto", "protocol", WORD),
)
"""Attributes of an address line after ``local[/plen]`` (the IPv4 label is the last word)."""

XDP_KEYS = table(
    Key("id", "id", DEC),
    Key("name", "name", WORD),
    Key("tag", "tag", WORD),
    Key("jited", "jited"),
    Key("load_time", "load_time", DEC),
    Key("created_by_uid", "created_by_uid", DEC),
)
"""Attributes of a ``prog/xdp...`` line."""

TAILS = {
    "header": KeyTail(HEADER_KEYS),
    "link": KeyTail(LINK_KEYS),
    "address": KeyTail(ADDRESS_KEYS),
    "xdp_prog": KeyTail(XDP_KEYS),
    "details": KeyTail(DETAIL_KEYS),
}
"""Fast readers of the key/value tails."""


def tail_elements() -> dict[str, pp.ParserElement]:
    """Grammar of the key/value tails (for error messages and differential tests)."""
    return {name: tail_element(tail.keys) for name, tail in TAILS.items()}


# ---------------------------------------------------------------- line shapes


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    # Continuation lines are indented (4 spaces, 7 for lifetimes); any run of blanks
    # or tabs is accepted so that text passed through unexpand or a mail client reads.
    ind4 = rx(r"[ \t]+", "indentation")
    ind7 = ind4
    rest = rx(r".*", "attributes")
    flags = rx(r"[^>\s]*", "interface flags")
    namepart = rx(r"[^\s:]+", "interface name")
    family = rx(r"inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+", "address family")
    local = rx(r"[^\s/]+", "address")
    deleted = pp.Opt(pp.Literal("Deleted") + SP)("deleted")
    addrbody = (
        family("family")
        + SP
        + local("local")
        + pp.Opt(SP + pp.Literal("peer") + SP + local("peer"))
        + pp.Literal("/")
        + DEC("plen")
        + pp.Opt(SP + rest("tail"))
    )
    return {
        "header": (
            deleted
            + DEC("ifindex")
            + pp.Literal(":")
            + SP
            + namepart("namepart")
            + pp.Literal(":")
            + SP
            + pp.Literal("<")
            + flags("flags")
            + pp.Literal(">")
            + pp.Opt(SP + rest("tail"))
        ),
        "oneline_address": (
            deleted + DEC("ifindex") + pp.Literal(":") + SP + namepart("ifname") + SP + addrbody
        ),
        "link": (
            ind4 + pp.Literal("link/") + rx(r"\S+", "link type")("link_type")
            + pp.Opt(SP + rest("tail"))
        ),
        "address": ind4 + addrbody,
        "lifetime": (
            ind7 + pp.Literal("valid_lft") + SP + LFT("valid") + SP
            + pp.Literal("preferred_lft") + SP + LFT("preferred")
        ),
        "altname": ind4 + pp.Literal("altname") + SP + rx(r"\S+", "alternative name")("altname"),
        "alias": ind4 + pp.Literal("alias ") + rx(r".*", "alias text")("alias"),
        "xdp_prog": (
            ind4 + pp.Literal("prog/") + rx(r"xdp\w*", "XDP mode")("mode")
            + pp.Opt(SP + rest("tail"))
        ),
        "vf": ind4 + pp.Literal("vf") + SP + DEC("vf") + pp.Opt(SP + rest("tail")),
        "stats_header": (
            ind4 + rx(r"(?:RX|TX)(?: errors)?:", "statistics header")("head") + SP
            + rx(r"\S.*", "column names")("columns")
        ),
        "stats_values": ind4 + rx(r"\S+(?:[ \t]+\S+)*", "counters")("values"),
        "kind": (
            ind4 + rx(r"[A-Za-z0-9_]+", "device kind")("kind") + pp.Opt(SP + rest("tail"))
        ),
        "brief": (
            namepart("namepart") + SP
            + rx(r"[A-Z]+|0x[0-9a-f]+", "operational state")("operstate")
            + pp.Opt(SP + rest("tail"))
        ),
    }


_NAMES = {
    "header": "interface header line",
    "oneline_address": "one-line address",
    "link": "link/ line",
    "address": "address line",
    "lifetime": "lifetime line",
    "altname": "altname line",
    "alias": "alias line",
    "xdp_prog": "XDP program line",
    "vf": "VF line",
    "stats_header": "statistics header line",
    "stats_values": "statistics values line",
    "kind": "device kind line",
    "brief": "brief line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
