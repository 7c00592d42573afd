r"""Grammar of ``ipvsadm -L`` output (ipvsadm 1.26 - 1.31), in every listing mode sos runs.

sos's ``ipvs`` plugin stores ``ipvsadm -Ln`` and ``ipvsadm -Ln --connection``,
``--persistent-conn``, ``--rate``, ``--stats``, ``--thresholds``, ``--timeout`` (3.2 - 3.6:
``ipvsadm -Ln`` and ``ipvsadm -Lc``).  The formats are ipvsadm's ``printf`` strings::

    listing     := [ version ] title { service { destination } }
    version     := "IP Virtual Server version " X "." Y "." Z " (size=" N ")"
    title       := "Prot LocalAddress:Port Scheduler Flags" NL
                   "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"
                 | "Prot LocalAddress:Port" (33 wide) SP COLUMNS NL "  -> RemoteAddress:Port"
    service     := PROTO:4 SP ADDR ":" PORT SP SCHED [ " persistent " T [ " mask " M ]
                   [ " pe " NAME ] ] [ " ops" ] { SP FLAG }   ; -L, --thresholds, --persistent-conn
                 | PROTO:4 SP ADDR ":" PORT (33 wide) NUM NUM NUM NUM NUM  ; --stats, --rate
                 | "FWM  " MARK [ " IPv6" ] ...                            ; fwmark services
    destination := "  -> " ADDR ":" PORT (28 wide) SP FORWARD:7 SP [ TUNINFO:13 SP ]
                   WEIGHT:6 SP ACTIVE:10 SP INACTIVE:10                    ; -L (trailing spaces)
                 | "  -> " ADDR ":" PORT (28 wide) NUM NUM NUM NUM NUM     ; --stats, --rate
                 | "  -> " ADDR ":" PORT (28 wide) N:10 N:10 N:10 N:10     ; --thresholds,
                                                                            ; --persistent-conn
    connections := "IPVS connection entries" NL
                   "pro expire state       source             virtual            destination"
                   [ "  pe name pe_data" ] { connection }
    connection  := PRO:3 SP MM ":" SS SP STATE:11 SP SOURCE:18 SP VIRTUAL:18 SP DEST
                   [ SP PE_NAME:16 SP PE_DATA ]
    timeout     := "Timeout (tcp tcpfin udp): " N SP N SP N
    daemon      := ( "master" | "backup" ) " sync daemon (mcast=" IF ", syncid=" N ... ")"

PROTO is ``TCP``, ``UDP`` or ``SCTP`` (1.29 and later); ADDR is dotted IPv4, ``[IPv6]``, or
without ``-n`` a host name (IPv4 service names are cut to 33 characters, destinations to
28); PORT is a number or, without ``-n``, a service name.  FORWARD is ``Masq``, ``Local``,
``Tunnel`` or ``Route``.  NUM is ``%9llu`` or, from 10^8 on, a value divided by 1000,
10^6, 10^9 or 10^12 with a ``K``/``M``/``G``/``T`` suffix (``--exact`` prints every
digit).  Services are sorted by protocol, address and port, destinations by address.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import sp
from netfacts.grammar._compiled_ipvsadm import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["FORWARD_METHODS", "NUMBER", "PROTOCOLS", "SHAPES", "SUFFIXES", "build_shapes"]

PROTOCOLS = ("TCP", "UDP", "SCTP")
FORWARD_METHODS = ("Masq", "Local", "Tunnel", "Route")
SUFFIXES = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
"""``print_largenum``'s units (decimal)."""
NUMBER = r"[0-9]{1,20}[KMGT]?"
"""A counter as ``print_largenum`` prints it."""

LIST_TITLE = "Prot LocalAddress:Port Scheduler Flags"
DEST_TITLE = "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"
DEST_TITLE_TUN = ("  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn "
                  "InActConn")
CONN_TITLE = "IPVS connection entries"

COLUMNS = {
    "stats": ("Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"),
    "rate": ("CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"),
    "thresholds": ("Uthreshold", "Lthreshold", "ActiveConn", "InActConn"),
    "persistent-conn": ("Weight", "PersistConn", "ActiveConn", "InActConn"),
}
"""Column titles of the listing modes with their own title line."""


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    SP = sp()

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    DEC = rx(r"[0-9]{1,20}", "number")  # at most 20 digits: 64-bit values
    protocol = rx(r"TCP|UDP|SCTP", "protocol (TCP, UDP or SCTP)")
    endpoint = rx(r"\[[0-9A-Fa-f:.]+\]:[^\s\[\]]+|[^\s:\[\]]+:[^\s:\[\]]+", "ADDRESS:PORT")
    number = rx(NUMBER, "number")
    numbers5 = (SP + number("n1") + SP + number("n2") + SP + number("n3") + SP + number("n4")
                + SP + number("n5"))
    numbers4 = SP + DEC("n1") + SP + DEC("n2") + SP + DEC("n3") + SP + DEC("n4")
    fwm = (pp.Literal("FWM") + SP + DEC("fwmark")
           + pp.Opt(SP + pp.Literal("IPv6")("ipv6")))
    virtual = (protocol("protocol") + SP + endpoint("address")) | fwm
    return {
        "version": (
            pp.Literal("IP Virtual Server version") + SP + rx(r"[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}",
                                                                "version")("version")
            + SP + pp.Literal("(size=") + DEC("size") + pp.Literal(")")
        ),
        "list_title": pp.Literal(LIST_TITLE),
        "dest_title": pp.Literal("  -> RemoteAddress:Port") + pp.Opt(
            SP + rx(r"Forward(?: TunnelInfo)? +Weight ActiveConn InActConn",
                    "column titles")("columns")),
        "columns_title": (
            pp.Literal("Prot LocalAddress:Port") + SP
            + rx(r"[A-Za-z]+(?: +[A-Za-z]+)*", "column titles")("columns")
        ),
        "service": (
            virtual + SP + rx(r"[a-z][a-z0-9_-]*", "scheduler")("scheduler")
            + pp.Opt(SP + rx(r"\S.*", "flags")("tail"))
        ),
        "service_numbers": virtual + numbers5,
        "dest": (
            pp.Literal("  ->") + SP + endpoint("address") + SP
            + rx(r"[A-Z][A-Za-z]*", "forwarding method")("forward")
            + pp.Opt(SP + rx(r"[a-z]+(?::[0-9]+)?(?::[a-z]+)?(?=[ \t]+[0-9])",
                             "tunnel information")("tunnel"))
            + SP + rx(r"-?[0-9]{1,20}", "weight")("weight") + SP + DEC("active") + SP
            + DEC("inactive") + pp.Opt(rx(r"[ \t]+", "trailing spaces"))
        ),
        "dest_numbers5": pp.Literal("  ->") + SP + endpoint("address") + numbers5,
        "dest_numbers4": (pp.Literal("  ->") + SP + endpoint("address") + numbers4
                          + pp.Opt(rx(r"[ \t]+", "trailing spaces"))),
        "conn_title": pp.Literal(CONN_TITLE),
        "conn_header": (
            pp.Literal("pro expire state") + SP + pp.Literal("source") + SP
            + pp.Literal("virtual") + SP + pp.Literal("destination")
            + pp.Opt(SP + pp.Literal("pe name") + SP + pp.Literal("pe_data"))("pe")
        ),
        "connection": (
            rx(r"[A-Z]+", "protocol")("protocol") + SP
            + rx(r"[0-9]{1,20}:[0-9]{2}", "expire time (MM:SS)")("expire") + SP
            + rx(r"[A-Z_]+", "state")("state") + SP + endpoint("source") + SP
            + endpoint("virtual") + SP + endpoint("destination")
            + pp.Opt(SP + rx(r"\S+", "pe name")("pe_name") + SP
                     + rx(r"\S+", "pe data")("pe_data"))
        ),
        "timeout": (
            pp.Literal("Timeout (tcp tcpfin udp):") + SP + DEC("tcp") + SP + DEC("tcpfin")
            + SP + DEC("udp")
        ),
        "daemon": (
            rx(r"master|backup", "master or backup")("state") + SP
            + pp.Literal("sync daemon (") + rx(r"[^()]*", "daemon options")("options")
            + pp.Literal(")")
        ),
    }


_NAMES = {
    "version": "'IP Virtual Server version' line",
    "list_title": "'Prot LocalAddress:Port Scheduler Flags' title",
    "dest_title": "'  -> RemoteAddress:Port' title",
    "columns_title": "'Prot LocalAddress:Port' column title",
    "service": "virtual service line",
    "service_numbers": "virtual service line with counters",
    "dest": "real server line",
    "dest_numbers5": "real server line with counters",
    "dest_numbers4": "real server line with thresholds or persistent connections",
    "conn_title": "'IPVS connection entries' title",
    "conn_header": "connection column title",
    "connection": "connection line",
    "timeout": "'Timeout (tcp tcpfin udp):' line",
    "daemon": "sync daemon line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
