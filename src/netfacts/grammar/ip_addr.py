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

import re

import pyparsing as pp

from netfacts.grammar._atoms import (
    DEC,
    HEX,
    IFNAME,
    IPADDR,
    LFT,
    LLADDR,
    SP,
    WORD,
    regex,
)
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, table, tail_element

__all__ = [
    "ADDRESS_FLAG_WORDS",
    "ADDRESS_KEYS",
    "DETAIL_KEYS",
    "HEADER_KEYS",
    "LINK_KEYS",
    "SHAPES",
    "XDP_KEYS",
    "XDP_WORD",
]

IND4 = pp.Literal("    ")
IND7 = pp.Literal("       ")
_TAIL = regex(r".*", "attributes")

# ---------------------------------------------------------------- keyword tables

HEADER_KEYS = table(
    Key("mtu", "mtu", DEC),
    Key("qdisc", "qdisc", WORD),
    Key("master", "master", IFNAME),
    Key("state", "operstate", WORD),
    Key("mode", "linkmode", WORD),
    Key("group", "group", WORD),
    Key("qlen", "txqlen", DEC),
    Key("link-netns", "link_netns", WORD),
    Key("link-netnsid", "link_netnsid", WORD),
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
    Key("link-netnsid", "link_netnsid", WORD),
    Key("new-netns", "new_netns", WORD),
    Key("new-netnsid", "new_netnsid", WORD),
    Key("new-ifindex", "new_ifindex", DEC),
    Key("protodown", "proto_down", WORD),
    Key("protodown_reason", "proto_down_reason", WORD),
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
    Key("scope", "scope", WORD),
    *(Key(flag, "flag:" + flag) for flag in ADDRESS_FLAG_WORDS),
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

# ---------------------------------------------------------------- line shapes

_flags = regex(r"[^>\s]*", "interface flags")
_namepart = regex(r"[^\s:]+", "interface name")
_family = regex(r"inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+", "address family")
_local = regex(r"[^\s/]+", "address")
_addrbody = (
    _family("family")
    + SP
    + _local("local")
    + pp.Opt(SP + pp.Literal("peer") + SP + _local("peer"))
    + pp.Literal("/")
    + DEC("plen")
    + pp.Opt(SP + _TAIL("tail"))
)

header = (
    pp.Opt(pp.Literal("Deleted") + SP)("deleted")
    + DEC("ifindex")
    + pp.Literal(":")
    + SP
    + _namepart("namepart")
    + pp.Literal(": <")
    + _flags("flags")
    + pp.Literal(">")
    + pp.Opt(SP + _TAIL("tail"))
)
oneline_address = (
    pp.Opt(pp.Literal("Deleted") + SP)("deleted")
    + DEC("ifindex")
    + pp.Literal(":")
    + SP
    + _namepart("ifname")
    + SP
    + _addrbody
)
link_line = (
    IND4
    + pp.Literal("link/")
    + regex(r"\S+", "link type")("link_type")
    + pp.Opt(SP + _TAIL("tail"))
)
address_line = IND4 + _addrbody
lifetime_line = (
    IND7
    + pp.Literal("valid_lft")
    + SP
    + LFT("valid")
    + SP
    + pp.Literal("preferred_lft")
    + SP
    + LFT("preferred")
)
altname_line = IND4 + pp.Literal("altname") + SP + regex(r"\S+", "alternative name")("altname")
alias_line = IND4 + pp.Literal("alias ") + regex(r".*", "alias text")("alias")
xdp_prog_line = (
    IND4
    + pp.Literal("prog/")
    + regex(r"xdp\w*", "XDP mode")("mode")
    + pp.Opt(SP + _TAIL("tail"))
)
vf_line = IND4 + pp.Literal("vf") + SP + DEC("vf") + pp.Opt(SP + _TAIL("tail"))
stats_header_line = (
    IND4
    + regex(r"(?:RX|TX)(?: errors)?:", "statistics header")("head")
    + SP
    + regex(r"\S.*", "column names")("columns")
)
stats_values_line = regex(r"[ ]{4,}", "indentation") + regex(
    r"\S+(?:[ ]+\S+)*", "counters"
)("values")
kind_line = IND4 + regex(r"[A-Za-z0-9_]+", "device kind")("kind") + pp.Opt(SP + _TAIL("tail"))
brief_line = (
    _namepart("namepart")
    + SP
    + regex(r"[A-Z]+|0x[0-9a-f]+", "operational state")("operstate")
    + pp.Opt(SP + _TAIL("tail"))
)

SHAPES = {
    "header": LineShape("interface header line", header),
    "oneline_address": LineShape("one-line address", oneline_address),
    "link": LineShape("link/ line", link_line),
    "address": LineShape("address line", address_line),
    "lifetime": LineShape("lifetime line", lifetime_line),
    "altname": LineShape("altname line", altname_line),
    "alias": LineShape("alias line", alias_line),
    "xdp_prog": LineShape("XDP program line", xdp_prog_line),
    "vf": LineShape("VF line", vf_line),
    "stats_header": LineShape("statistics header line", stats_header_line),
    "stats_values": LineShape("statistics values line", stats_values_line),
    "kind": LineShape("device kind line", kind_line),
    "brief": LineShape("brief line", brief_line),
}
"""Every line shape, with its compiled fast path."""

TAILS = {
    "header": tail_element(HEADER_KEYS),
    "link": tail_element(LINK_KEYS),
    "address": tail_element(ADDRESS_KEYS),
    "xdp_prog": tail_element(XDP_KEYS),
}
"""Grammar of the key/value tails (for error messages and differential tests)."""
