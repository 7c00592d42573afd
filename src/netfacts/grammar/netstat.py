r"""Grammar of ``netstat`` output (net-tools 1.60, 2.10 and 2026 HEAD), every mode.

netstat prints *sections*; ``-c`` repeats them with no separator::

    output     := { section }
    section    := inet | unix | routes | routes6 | iface | ifconfig | stats | groups
    inet       := inet_title NL inet_header NL { inet_row NL }
    unix       := unix_title NL unix_header NL { unix_row NL }
    inet_title := "Active Internet connections" [ " (" mode ")" ]
    unix_title := "Active UNIX domain sockets" [ " (" mode ")" ]
    mode       := "servers and established" | "only servers" | "w/o servers"
    inet_row   := proto SP recv_q SP send_q SP local SP foreign columns
    columns    := " " state_col [ " " user SP inode ] [ " " program_col ] [ " " timer ]
    state_col  := state padded to 11 (1.60: 12)    ; empty for UDP, a number for RAW
    program_col:= ( pid "/" name | "-" ) padded to 20 ; pid "/" name is at most 19 characters
    timer      := name " (" seconds "/" retransmits "/" probes ")"
    unix_row   := "unix" SP refcnt SP "[ " { flag " " } "]" SP type SP [ state SP ] inode
                  [ SP program_col ] [ SP path ]
    routes     := "Kernel IP routing table" NL route_header NL { route_row NL }
    route_row  := dest SP gateway SP genmask SP flags SP ( mss SP window SP irtt SP iface
                | metric SP ref SP use SP iface [ SP mss SP window SP irtt ] )   ; -r | -re | -ree
    routes6    := "Kernel IPv6 routing table" NL route6_header NL { dest SP next_hop SP flags
                  SP metric SP ref SP use SP iface NL }
    iface      := "Kernel Interface table" NL iface_header NL { iface_row NL }
    iface_row  := name SP mtu [ SP met ] SP 8 * ( counter SP ) flg
                | name SP mtu [ SP met ] SP "- no statistics available -" SP flg
    ifconfig   := "Kernel Interface table" NL { block NL }   ; -ie: ifconfig-style blocks
    stats      := { section_name ":" NL { IND4 ( key ": " N | sentence-with-N | group ":" )
                  NL { IND8 ( key ": " N | sentence-with-N ) NL } } }
    groups     := "IPv6/IPv4 Group Memberships" NL header NL dashes NL { iface SP refcnt SP group }

Only the leading, whitespace-free fields of socket rows are matched by the row
regexes; what follows (state, ``-e`` User/Inode, ``-p`` program, ``-o`` timer,
UNIX path) is read by column: a program name may contain spaces and end in
one, and a UDP row has an empty State.  Columns start where the header says,
shifted right by any value that overflowed its width (``-W`` addresses, large
inodes).  The column rules:

* Local/Foreign Address: ``%-23s`` (wider only with ``-W``); without ``-W`` an
  address that does not fit is cut so that the field is exactly 23 characters.
* State ``%-11s`` (1.60 ``%-12s``), then `` %-10s `` user and ``%-10lu`` inode
  (``-e``), then `` %-20s`` program (``-p``), then `` %s`` timer (``-o``).
* UNIX: I-Node ``%-8lu `` (1.60 ``%-6d ``), program ``%-20s``, `` %s`` path
  (1.60 without the space).

Version notes (see ``docs/commands/netstat.md``): 1.60 prints ``tcp``/``udp``/
``raw`` for IPv6 sockets, ``::ffff:a.b.c.d`` for mapped addresses, ``*`` for
wildcards with names, has no ``-W`` and cuts ``-i`` names to 5 characters (with
a ``Met`` column); RHEL 7's 2.0 snapshot cuts ``-i`` names to 8; 2.10 to 15.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import DEC, SIGNED, sp
from netfacts.grammar._compiled_netstat import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "ADDRESS_WIDTH",
    "INET_TITLE",
    "NO_STATISTICS",
    "PROGRAM_WIDTH",
    "SHAPES",
    "TIMER",
    "UNIX_TITLE",
    "build_shapes",
]

ADDRESS_WIDTH = 23
"""Width of the Local/Foreign Address columns; a field of exactly this many characters
may have been cut (without ``-W``)."""
PROGRAM_WIDTH = 20
"""Width of the PID/Program name column (the value itself is at most 19 characters)."""
STATE_WIDTH = 11
USER_WIDTH = 10
INODE_WIDTH = 10
UNIX_INODE_WIDTH = 8
UNIX_INODE_WIDTH_160 = 6
INET_TITLE = "Active Internet connections"
UNIX_TITLE = "Active UNIX domain sockets"
NO_STATISTICS = "- no statistics available -"

TIMER = (r"(?P<tname>[a-z][a-z0-9-]*) \((?P<tsecs>-?[0-9]+\.[0-9]+)/(?P<tretr>[0-9]+)"
         r"/(?P<tprobes>[0-9]+)\)")
"""A ``-o`` timer: ``keepalive (7171.60/0/0)``."""

INET_LAYOUTS = ("", "p", "o", "po", "e", "ep", "eo", "epo")
"""Optional column sets of an Internet row: ``e`` User+Inode, ``p`` program, ``o`` timer;
each has a full-row shape ``inet_row_<set>`` (``inet_row_`` for none)."""


def _inet_full_row(columns: str) -> pp.ParserElement:
    """The full-row grammar of an Internet row with the optional ``columns``.

    The columns after the addresses are told apart by their shape, not by counting
    words: State is an upper-case word or (RAW) a number and may be missing (UDP); the
    program is ``PID/...`` (spaces allowed; netstat prints at most 19 characters) or
    ``-``; the timer is ``name (s.ss/n/n)``.  The blanks before the optional State are
    consumed first, so a missing State costs no backtracking over the column padding.
    """
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    element = (
        rx(r"[a-z][a-z0-9]*", "protocol")("proto") + SP + DEC("recv_q") + SP + DEC("send_q")
        + SP + rx(r"\S+", "local address")("local") + SP
        + rx(r"\S+", "foreign address")("foreign")
    )
    state = rx(r"[A-Z][A-Z0-9_]*|[0-9]+", "state")("state")
    if not columns:
        return element + pp.Opt(SP + state) + pp.Opt(rx(r"[ \t]+", "trailing blanks"))
    element = element + SP + pp.Opt(state + SP)
    if "e" in columns:
        element = element + rx(r"\S+", "user")("user") + SP + DEC("inode")
        if "p" not in columns and "o" not in columns:
            # the blanks after the inode, in one piece: a space-and-optional-blanks pair
            # would give a long run of blanks before a bad end as many readings as blanks
            return element + rx(r"[ \t]+", "trailing blanks")
        element = element + SP
    if "p" in columns:
        words = r"(?:[ \t]+\S+)*?" if "o" in columns else r"(?:[ \t]+\S+)*"
        element = element + rx(r"[0-9]+/\S*" + words + "|-", "PID/Program name")("program")
        if "o" in columns:
            element = element + SP
    if "o" in columns:
        element = element + rx(
            r"[a-z][a-z0-9-]* \(-?[0-9]+\.[0-9]+/[0-9]+/[0-9]+\)", "timer")("timer")
    return element + pp.Opt(rx(r"[ \t]+", "trailing blanks"))


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    L = pp.Literal
    word = rx(r"\S+", "word")
    rest = rx(r".*", "text")
    tail = rx(r"[ \t].*", "columns")
    ind = rx(r"[ \t]+", "indentation")
    num = rx(r"-?[0-9]+|-", "number or '-'")
    mode = L("(") + rx(r"[^)]*", "listing mode")("mode") + L(")")
    human = L("(") + rx(r"[^)]*", "human-readable size") + L(")")
    flags_word = rx(r"\[NO FLAGS\]|\S+", "interface flags")

    iface_counters = (
        rx(r"\S+", "interface name")("name") + SP + DEC("mtu")
        + pp.Opt(SP + DEC("met"))
    )
    counters: pp.ParserElement = SP + DEC("rx_ok")
    for field in ("rx_err", "rx_drp", "rx_ovr", "tx_ok", "tx_err", "tx_drp", "tx_ovr"):
        counters = counters + SP + DEC(field)

    ipv4ish = rx(r"[0-9.]+", "IPv4 address")
    return {
        # ------------------------------------------------ titles and headers
        "inet_title": L(INET_TITLE) + pp.Opt(SP + mode),
        "unix_title": L(UNIX_TITLE) + pp.Opt(SP + mode),
        "other_title": L("Active ") + rx(r"\S.*", "socket family")("family"),
        "inet_header": (
            L("Proto") + SP + L("Recv-Q") + SP + L("Send-Q") + SP + L("Local Address") + SP
            + L("Foreign Address") + SP + L("State") + pp.Opt(rest("columns"))
        ),
        "unix_header": (
            L("Proto") + SP + L("RefCnt") + SP + L("Flags") + SP + L("Type") + SP
            + L("State") + SP + L("I-Node") + pp.Opt(rest("columns"))
        ),
        "route_title": rx(r"Kernel IP(?:v6)? routing (?:table|cache)", "routing table title")(
            "title"
        ),
        "route_header": (
            L("Destination") + SP + L("Gateway") + SP + L("Genmask") + SP + L("Flags")
            + pp.Opt(rest("columns"))
        ),
        "route6_header": (
            L("Destination") + SP + L("Next Hop") + SP + L("Flag") + pp.Opt(rest("columns"))
        ),
        "iface_title": L("Kernel Interface table"),
        "iface_header": L("Iface") + SP + L("MTU") + pp.Opt(rest("columns")),
        "groups_title": L("IPv6/IPv4 Group Memberships"),
        "groups_header": L("Interface") + SP + L("RefCnt") + SP + L("Group"),
        "groups_rule": rx(r"-+[ \t]+-+[ \t]+-+", "dashes"),
        # ------------------------------------------------ socket rows
        "inet_row": (
            rx(r"[a-z][a-z0-9]*", "protocol")("proto") + SP + DEC("recv_q") + SP + DEC("send_q")
            + SP + rx(r"\S+", "local address")("local")
            + SP + rx(r"\S+", "foreign address")("foreign") + pp.Opt(tail("tail"))
        ),
        "unix_row": (
            rx(r"unix|\?\?", "protocol")("proto") + SP + DEC("refcnt") + SP + L("[")
            + rx(r"[ A-Z]*", "socket flags")("flags") + L("]") + SP
            + rx(r"[A-Z]+", "socket type")("type") + SP
            + pp.Opt(rx(r"[A-Z][A-Z_]*", "socket state")("state") + SP)
            + rx(r"[0-9]+|-", "inode")("inode") + pp.Opt(tail("tail"))
        ),
        "timer": rx(TIMER, "timer"),
        **{f"inet_row_{columns}": _inet_full_row(columns) for columns in INET_LAYOUTS},
        # ------------------------------------------------ routes
        "route_row": (
            word("destination") + SP + word("gateway") + SP + word("genmask") + SP
            + word("flags") + SP + num("mss") + SP + num("window") + SP + num("irtt") + SP
            + word("iface")
        ),
        "route_row_e": (
            word("destination") + SP + word("gateway") + SP + word("genmask") + SP
            + word("flags") + SP + num("metric") + SP + num("ref") + SP + num("use") + SP
            + word("iface")
        ),
        "route_row_ee": (
            word("destination") + SP + word("gateway") + SP + word("genmask") + SP
            + word("flags") + SP + num("metric") + SP + num("ref") + SP + num("use") + SP
            + word("iface") + SP + num("mss") + SP + num("window") + SP + num("irtt")
        ),
        "route6_row": (
            word("destination") + SP + word("next_hop") + SP + word("flags") + SP
            + SIGNED("metric") + SP + DEC("ref") + SP + DEC("use") + SP + word("iface")
        ),
        # ------------------------------------------------ interface table
        "iface_row": iface_counters + counters + SP + flags_word("flags"),
        "iface_nostats": iface_counters + SP + L(NO_STATISTICS) + SP + flags_word("flags"),
        # ------------------------------------------------ -ie, net-tools 2.x layout
        "ifc_head": (
            rx(r"\S+?", "interface name")("name") + L(": flags=") + DEC("value") + L("<")
            + rx(r"[^>]*", "flag names")("flags") + L(">")
            + pp.Opt(SP + L("mtu") + SP + DEC("mtu"))
            + pp.Opt(SP + L("metric") + SP + DEC("metric"))
        ),
        "ifc_inet": (
            ind + L("inet") + SP + ipv4ish("address")
            + pp.Opt(SP + L("netmask") + SP + ipv4ish("netmask"))
            + pp.Opt(SP + L("broadcast") + SP + ipv4ish("broadcast"))
            + pp.Opt(SP + L("destination") + SP + ipv4ish("destination"))
        ),
        "ifc_inet6": (
            ind + L("inet6") + SP + rx(r"[0-9a-fA-F:.]+", "IPv6 address")("address") + SP
            + L("prefixlen") + SP + DEC("prefixlen")
            + pp.Opt(SP + L("scopeid") + SP + rx(r"0x[0-9a-f]+", "scope id")("scopeid")
                     + L("<") + rx(r"[a-z]*", "scope")("scope") + L(">"))
        ),
        "ifc_link": (
            ind + rx(r"[a-z][a-z0-9_]*", "link type")("link_type")
            + pp.Opt(SP + rx(r"[0-9A-Fa-f][0-9A-Fa-f:.-]*", "hardware address")("hwaddr"))
            + pp.Opt(SP + L("txqueuelen") + SP + DEC("txqueuelen"))
            + pp.Opt(SP + L("(") + rx(r"[^)]*", "encapsulation")("encap") + L(")"))
        ),
        "ifc_packets": (
            ind + rx(r"RX|TX", "direction")("dir") + SP + L("packets") + SP + DEC("packets")
            + SP + L("bytes") + SP + DEC("bytes") + pp.Opt(SP + human)
        ),
        "ifc_rx_errors": (
            ind + L("RX errors") + SP + DEC("errors") + SP + L("dropped") + SP + DEC("dropped")
            + SP + L("overruns") + SP + DEC("overruns") + SP + L("frame") + SP + DEC("frame")
        ),
        "ifc_tx_errors": (
            ind + L("TX errors") + SP + DEC("errors") + SP + L("dropped") + SP + DEC("dropped")
            + SP + L("overruns") + SP + DEC("overruns") + SP + L("carrier") + SP
            + DEC("carrier") + SP + L("collisions") + SP + DEC("collisions")
        ),
        # ------------------------------------------------ -ie, net-tools 1.60 layout
        "ifo_head": (
            rx(r"\S+", "interface name")("name") + SP + L("Link encap:")
            + rx(r"\S+(?: \S+)*?", "encapsulation")("encap")
            + pp.Opt(SP + L("HWaddr") + SP + rx(r"\S+", "hardware address")("hwaddr"))
        ),
        "ifo_inet": (
            ind + L("inet addr:") + ipv4ish("address")
            + pp.Opt(SP + L("P-t-P:") + ipv4ish("destination"))
            + pp.Opt(SP + L("Bcast:") + ipv4ish("broadcast"))
            + SP + L("Mask:") + ipv4ish("netmask")
        ),
        "ifo_inet6": (
            ind + L("inet6 addr:") + SP + rx(r"[0-9a-fA-F:.]+", "IPv6 address")("address")
            + L("/") + DEC("prefixlen") + SP + L("Scope:") + rx(r"\w+", "scope")("scope")
        ),
        "ifo_flags": (
            ind + pp.Opt(rx(r"[A-Z]+(?: [A-Z]+)*", "flag names")("flags") + SP)
            + L("MTU:") + DEC("mtu") + SP + L("Metric:") + DEC("metric")
        ),
        "ifo_rx": (
            ind + L("RX packets:") + DEC("packets") + SP + L("errors:") + DEC("errors") + SP
            + L("dropped:") + DEC("dropped") + SP + L("overruns:") + DEC("overruns") + SP
            + L("frame:") + DEC("frame")
        ),
        "ifo_tx": (
            ind + L("TX packets:") + DEC("packets") + SP + L("errors:") + DEC("errors") + SP
            + L("dropped:") + DEC("dropped") + SP + L("overruns:") + DEC("overruns") + SP
            + L("carrier:") + DEC("carrier")
        ),
        "ifo_collisions": (
            ind + L("collisions:") + DEC("collisions")
            + pp.Opt(SP + L("txqueuelen:") + DEC("txqueuelen"))
        ),
        "ifo_bytes": (
            ind + L("RX bytes:") + DEC("rx_bytes") + SP + human + SP + L("TX bytes:")
            + DEC("tx_bytes") + SP + human
        ),
        "ifc_other": ind + rx(r"\S.*", "interface attribute")("text"),
        # ------------------------------------------------ -s
        "stats_section": rx(r"[A-Za-z][A-Za-z0-9]*", "section name")("name") + L(":"),
        "stats_value": (
            ind + rx(r"[^:\s](?:[^:]*[^:\s])?", "counter name")("key") + L(":") + SP
            + SIGNED("value")
        ),
        "stats_group": ind + rx(r"[^:\s](?:[^:]*[^:\s])?", "sub-heading")("group") + L(":"),
        "stats_sentence": ind + rx(r"\S.*", "counter sentence")("text"),
        # ------------------------------------------------ -g
        "group_row": word("iface") + SP + DEC("refcnt") + SP + word("group"),
    }


_NAMES = {
    "inet_title": "Internet sockets title",
    "unix_title": "UNIX sockets title",
    "other_title": "socket section title",
    "inet_header": "Internet sockets header",
    "unix_header": "UNIX sockets header",
    "route_title": "routing table title",
    "route_header": "routing table header",
    "route6_header": "IPv6 routing table header",
    "iface_title": "interface table title",
    "iface_header": "interface table header",
    "groups_title": "group memberships title",
    "groups_header": "group memberships header",
    "groups_rule": "group memberships rule",
    "inet_row": "Internet socket row",
    "unix_row": "UNIX socket row",
    "timer": "timer",
    **{f"inet_row_{columns}": "Internet socket row" for columns in INET_LAYOUTS},
    "route_row": "route row",
    "route_row_e": "route row (-e)",
    "route_row_ee": "route row (-ee)",
    "route6_row": "IPv6 route row",
    "iface_row": "interface row",
    "iface_nostats": "interface row without statistics",
    "ifc_head": "interface block header",
    "ifc_inet": "inet line",
    "ifc_inet6": "inet6 line",
    "ifc_link": "link line",
    "ifc_packets": "packets line",
    "ifc_rx_errors": "RX errors line",
    "ifc_tx_errors": "TX errors line",
    "ifo_head": "interface block header",
    "ifo_inet": "inet addr line",
    "ifo_inet6": "inet6 addr line",
    "ifo_flags": "flags line",
    "ifo_rx": "RX packets line",
    "ifo_tx": "TX packets line",
    "ifo_collisions": "collisions line",
    "ifo_bytes": "bytes line",
    "ifc_other": "interface attribute line",
    "stats_section": "statistics section line",
    "stats_value": "statistics counter",
    "stats_group": "statistics sub-heading",
    "stats_sentence": "statistics sentence",
    "group_row": "group membership row",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
