r"""Grammar of ``bridge link``, ``bridge fdb``, ``bridge vlan`` and ``bridge mdb`` (iproute2).

sos runs ``bridge -s -s -d link show``, ``bridge -s -s -d -t fdb show``, ``bridge -s -s -d
-t mdb show`` and ``bridge -d vlan show`` (``-t`` only matters to ``monitor``)::

    link     := [ "Deleted " ] INDEX ": " NAME
                ( "@" PEER ": " | ": "                                  ; iproute2 4.15+
                | " " [ "state " OPER " " ] ( "@" PEER ": " | ": " ) )   ; before: operstate
                "<" FLAGS "> " { key }                                   ; LINK_KEYS, each
                                                                         ; "key value "
    details  := "    " { key SP value SP }                               ; -d: hairpin off ...
    fdb      := [ "Deleted " ] MAC SP { key }                            ; FDB_KEYS in print
                                                                         ; order; a dynamic
                                                                         ; entry has no state
                                                                         ; word (line ends
                                                                         ; with a blank)
    mdb      := [ "Deleted " ] "dev " BR " port " PORT " grp " GROUP { key } [ SP+ TIMER ]
    router   := "router ports on " BR ": " ( { PORT SP }                ; -d
                                            | PORT SP+ TIMER SP TYPE )   ; -s -d: one a line
    vlan     := header { port | cont | opts | stats | none }
    header   := "port" SP+ "vlan-id" SP*  | "port\tvlan ids"            ; 4.15+ / before
    port     := NAME ( SP{2,} | "\t " ) VID [ "-" VID ] [ " PVID" ] [ " Egress Untagged" ]
    cont     := ( SP{18} | "\t " ) VID ...                               ; more VLANs of it
    opts     := SP{20} { key SP value SP }                               ; -d (5.13+): state
                                                                         ; forwarding ...
    stats    := SP{20} ("RX"|"TX") ": " N " bytes " N " packets"         ; -s
    none     := NAME "\tNone"                                            ; port without VLANs

Version notes: the operational state before the colon (``3: eth0 state UP : <...>``) is
iproute2 3.10 to 4.14; iproute2 3.10 prints ``state forwarding`` with no blank after it.
``bridge -d link`` before 5.17 also lists the bridge itself (``3: br0: <...> mtu 1500
master br0``).  ``-d vlan`` with iproute2 5.13+ uses the per-VLAN dump, which a kernel
without VLAN filtering refuses (``RTNETLINK answers: Operation not supported``, ``Dump
terminated``).  mdb timers are ``%4d.%02d`` seconds; ``bridge -j`` gives them as that
text.  Keywords a newer version adds are kept as unknown attributes.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import DEC, IFNAME, WORD, Atom
from netfacts.grammar._compiled_bridge import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, KeyTail, table

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "FDB_FLAGS",
    "FDB_KEYS",
    "FDB_STATES",
    "FDB_TAIL",
    "LINK_KEYS",
    "LINK_TAIL",
    "MDB_FLAGS",
    "MDB_KEYS",
    "MDB_TAIL",
    "MESSAGES",
    "SHAPES",
    "build_shapes",
    "fdb_tail",
]


def _used(token: str) -> tuple[int, int]:
    used, slash, updated = token.partition("/")
    if slash and used.isascii() and used.isdigit() and updated.isascii() and updated.isdigit():
        return int(used), int(updated)
    raise ValueError(f"not used/updated seconds: {token!r}")


USED = Atom("used/updated seconds", r"[0-9]+/[0-9]+", _used)

LINK_KEYS = table(
    Key("mtu", "mtu", DEC),
    Key("master", "master", IFNAME),
    Key("state", "state", WORD),
    Key("priority", "priority", DEC),
    Key("cost", "cost", DEC),
    Key("hwmode", "hwmode", WORD),
)
"""The first line after ``<FLAGS>``, in print order."""

FDB_FLAGS = ("self", "router", "extern_learn", "offload", "master", "sticky")
"""Flag words in iproute2's print order (``master`` alone: the ``NTF_MASTER`` flag of
iproute2 3.x-4.x, which a bridge dump does not set)."""
FDB_STATES = ("permanent", "static", "stale")

FDB_KEYS = table(
    Key("dev", "dev", IFNAME),
    Key("dst", "dst", WORD),
    Key("vlan", "vlan", DEC),
    Key("port", "port", DEC),
    Key("vni", "vni", DEC),
    Key("src_vni", "src_vni", DEC),
    Key("via", "via", WORD),
    Key("via_ifindex", "via_ifindex", DEC),
    Key("nhid", "nhid", DEC),
    Key("link-netnsid", "link_netnsid", DEC),
    Key("used", "used", USED),
    *(Key(word, "flags", collect=True) for word in FDB_FLAGS if word != "master"),
    Key("master", "master", IFNAME),
    *(Key(word, "state", collect=True) for word in FDB_STATES),
)
"""Everything after the MAC address, in print order (``via ifindex N`` is read as the one
keyword ``via_ifindex``: see :func:`fdb_tail`)."""


def fdb_tail(tail: str) -> str:
    """The tail as the key table reads it: iproute2's two-word ``via ifindex N`` (an entry
    whose device is in another namespace) becomes ``via_ifindex N`` (same length, so
    columns in messages stay right)."""
    return tail.replace("via ifindex ", "via_ifindex ") if "via ifindex " in tail else tail

MDB_FLAGS = ("offload", "fast_leave", "added_by_star_ex", "blocked")
MDB_KEYS = table(
    Key("src", "src", WORD),
    Key("permanent", "state", collect=True),
    Key("temp", "state", collect=True),
    *(Key(word, "flags", collect=True) for word in MDB_FLAGS),
    Key("filter_mode", "filter_mode", WORD),
    Key("source_list", "source_list", WORD),
    Key("proto", "protocol", WORD),
    Key("dst", "dst", WORD),
    Key("dst_port", "dst_port", DEC),
    Key("vni", "vni", DEC),
    Key("src_vni", "src_vni", DEC),
    Key("via", "via", WORD),
    Key("vid", "vid", DEC),
)
"""Everything after the group address, in print order (the timer is its own token)."""

LINK_TAIL = KeyTail(LINK_KEYS)
FDB_TAIL = KeyTail(FDB_KEYS)
MDB_TAIL = KeyTail(MDB_KEYS)

MESSAGES = r"RTNETLINK answers: .*|Dump terminated|Cannot .*|Error: .*|Not RTM_\S+: .*"
"""stderr lines ``bridge`` prints (sos keeps them with the output)."""

_NAME = r"[^\s:@]+"
_MAC = r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})+"
_TIMER = r"[0-9]+\.[0-9]{2}"


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    lit = pp.Literal
    num = rx(r"[0-9]+", "number")
    deleted = pp.Opt(lit("Deleted ")("deleted"))
    vlan_tail = (
        num("vlan") + pp.Opt(lit("-") + num("vlan_end"))
        + pp.Opt(lit(" PVID")("pvid")) + pp.Opt(lit(" Egress Untagged")("untagged"))
        + rx(r" *", "blanks")
    )
    return {
        "link": (
            deleted + num("ifindex") + lit(": ") + rx(_NAME, "interface name")("ifname")
            + pp.Opt(lit(" ")("legacy") + pp.Opt(
                lit("state ") + rx(r"\S+", "operational state")("oper") + lit(" ")))
            + pp.Opt(lit("@") + rx(r"[^\s:]*", "link peer")("peer")) + lit(": ")
            + lit("<") + rx(r"[^>\s]*", "interface flags")("flags") + lit(">")
            + pp.Opt(lit(" ") + rx(r".*", "attributes")("tail"))
        ),
        "details": lit("    ") + rx(r"\S.*", "port options")("tail"),
        "fdb": (
            deleted + rx(_MAC, "MAC address")("mac")
            + pp.Opt(lit(" ") + rx(r".*", "attributes")("tail"))
        ),
        "mdb": (
            deleted + lit("dev ") + rx(r"\S+", "bridge name")("dev")
            + lit(" port ") + rx(r"\S+", "port name")("port")
            + lit(" grp ") + rx(r"\S+", "group address")("grp")
            # the timer test runs where a run of blanks starts (not inside one, which
            # would rescan the run from every blank of it)
            + rx(r"(?:(?!(?<! ) +" + _TIMER + r" *$).)*", "attributes")("tail")
            + pp.Opt(rx(r" +", "blanks") + rx(_TIMER, "timer")("timer")) + rx(r" *", "blanks")
        ),
        "router": (
            lit("router ports on ") + rx(r"[^\s:]+", "bridge name")("dev") + lit(": ")
            + rx(r".*", "router ports")("tail")
        ),
        "vlan_header": lit("port") + rx(r" +vlan-id *|\tvlan ids", "'vlan-id' header")("header"),
        "vlan_port": (
            rx(r"[^\s]+", "port name")("port") + rx(r" {2,}|\t ", "separator")("sep")
            + vlan_tail
        ),
        "vlan_cont": rx(r" {18}|\t ", "indent")("sep") + vlan_tail,
        "vlan_stats": (
            rx(r" {20}", "indent") + rx(r"RX|TX", "'RX' or 'TX'")("dir") + lit(": ")
            + num("bytes") + lit(" bytes ") + num("packets") + lit(" packets")
        ),
        "vlan_opts": rx(r" {20}", "indent") + rx(r"[a-z]\S* .*", "VLAN options")("tail"),
        "vlan_none": rx(r"\S+", "port name")("port") + lit("\tNone"),
        "message": rx(f"(?:{MESSAGES})", "bridge error message")("message"),
    }


_NAMES = {
    "link": "'INDEX: NAME: <FLAGS> ...' line",
    "details": "port options line",
    "fdb": "'MAC dev PORT ...' line",
    "mdb": "'dev BRIDGE port PORT grp GROUP ...' line",
    "router": "'router ports on BRIDGE:' line",
    "vlan_header": "'port vlan-id' header",
    "vlan_port": "'PORT VLAN [PVID] [Egress Untagged]' line",
    "vlan_cont": "VLAN line",
    "vlan_stats": "VLAN counters line",
    "vlan_opts": "VLAN options line",
    "vlan_none": "'PORT\\tNone' line",
    "message": "bridge error message",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
