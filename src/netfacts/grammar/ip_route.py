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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from netfacts.grammar._atoms import DEC, IFNAME, IPADDR, SIGNED, WORD, Atom, sp
from netfacts.grammar._compiled_ip_route import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, Layout, table, tail_element
from netfacts.models.address import Scope
from netfacts.models.lazy import LazyTuple
from netfacts.models.route import Encap, Nexthop, Route, RouteMetric, RouteType, dst_text
from netfacts.models.values import cidr_text, ip_network

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "ENCAP_FIELDS",
    "NEXTHOP_KEYS",
    "NEXTHOP_LAYOUT",
    "ROUTE_FLAGS",
    "ROUTE_HEAD",
    "ROUTE_KEYS",
    "ROUTE_LAYOUT",
    "ROUTE_METRICS",
    "ROUTE_TYPES",
    "SHAPES",
    "build_shapes",
    "cidr_dst",
    "dst_text",
    "encap_to_json",
    "nexthop_row",
    "realms_to_json",
    "route_row",
    "route_rows",
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

# ---------------------------------------------------------------- how values are printed


def cidr_dst(cidr: str) -> str:
    """A destination (``ADDRESS/LEN`` text) as ``ip route`` prints it: ``default``, a host
    address without its length, or the prefix."""
    address, _, length = cidr.partition("/")
    if length == "0":
        return "default"
    if length == ("128" if ":" in address else "32"):
        return address
    return cidr


def network_text(text: str, v6: bool) -> str:
    """A destination or ``from`` prefix as printed (``default``, ``0/N``, a prefix, a host)
    → canonical ``ADDRESS/LEN``; ``v6`` says what ``default`` and ``0/N`` mean."""
    if text == "default":
        return "::/0" if v6 else "0.0.0.0/0"
    if text.startswith("0/"):
        return cidr_text(f"{'::' if v6 else '0.0.0.0'}/{text[2:]}")
    return cidr_text(text)


def _number(text: str) -> Any:
    try:
        return int(text, 0)
    except ValueError:
        return text


_INT_FIELDS = frozenset({"id", "ttl", "tos", "hoplimit", "tc", "hmac"})


def encap_to_json(encap: Encap) -> dict[str, Any]:
    """The ``encap`` object of iproute2 6.3+."""
    out: dict[str, Any] = {"encap_type": encap.type}
    tokens = list(encap.tokens)
    if encap.type == "seg6":
        i = 0
        while i < len(tokens):
            word = tokens[i]
            if word == "mode" and i + 1 < len(tokens):
                out["mode"] = tokens[i + 1]
                i += 2
            elif word == "segs" and i + 1 < len(tokens):
                i += 2
                segs = []
                if i < len(tokens) and tokens[i] == "[":
                    i += 1
                    while i < len(tokens) and tokens[i] != "]":
                        segs.append(tokens[i])
                        i += 1
                    i += 1
                out["segs"] = segs
            elif word == "hmac" and i + 1 < len(tokens):
                out["hmac"] = _number(tokens[i + 1])
                i += 2
            else:
                i += 1
        return out
    if encap.type == "mpls":
        if tokens:
            out["dst"] = tokens[0]
        if len(tokens) >= 3 and tokens[1] == "ttl":
            out["ttl"] = _number(tokens[2])
        return out
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if i + 1 < len(tokens) and word in ("id", "src", "dst", "ttl", "tos", "hoplimit", "tc"):
            value = tokens[i + 1]
            out[word] = _number(value) if word in _INT_FIELDS else value
            i += 2
        else:
            out[word] = True
            i += 1
    return out


def _encap_text(encap: Encap) -> str:
    return " ".join(("encap", encap.type, *encap.tokens))


def realms_to_json(realms: str) -> dict[str, str]:
    """``realms FROM/TO`` (or ``realm TO``) as iproute2's ``flow`` object."""
    source, slash, to = realms.partition("/")
    return {"from": source, "to": to} if slash else {"to": realms}


def _realms_text(realms: str) -> str:
    return f"{'realms' if '/' in realms else 'realm'} {realms}"


def _metrics_to_json(metrics: Sequence[RouteMetric]) -> list[dict[str, Any]]:
    out: dict[str, Any] = {}
    for metric in metrics:
        if metric.name == "features":
            for feature in metric.value.split(","):
                if feature == "ecn":
                    out["ecn"] = None
                else:
                    out["features"] = _number(feature)
        elif metric.name == "congctl":
            out["congestion"] = metric.value
        else:
            number = metric.number
            out[metric.name] = number if number is not None else metric.value
    return [out]


def _metrics_text(metrics: Sequence[RouteMetric]) -> str:
    return " ".join(f"{m.name}{' lock' if m.lock else ''} {m.value}" for m in metrics)


def _seconds_text(value: int) -> str:
    return f"{value}sec"


# ---------------------------------------------------------------- field tables

_FROM = Atom("route source prefix", r"default|[0-9a-fA-F:.]+(?:/[0-9]+)?|0/[0-9]+",
             lambda text: ip_network(network_text(text, True)),
             check=True, row=lambda text: network_text(text, True))
"""``from PREFIX``: an IPv6 source-specific route (``default`` is ``::/0``)."""

ROUTE_HEAD = (
    Key("", "type", default="unicast", details=True, model=RouteType.of),
    Key("", "dst", always=True, to_json=cidr_dst, model=ip_network),
)
"""The positional fields of a route line: ``[TYPE] DST``."""

ROUTE_KEYS = table(
    Key("from", "src_prefix", _FROM, json="from", to_json=cidr_dst, to_text=cidr_dst),
    Key("nhid", "nhid", DEC),
    Key("as", "as_to", WORD, printed=lambda value: f"as to {value}", read=False),
    Key("encap", "encap", WORD, to_json=encap_to_json, printed=_encap_text, model=None),
    Key("tos", "tos", WORD, selector="tos"),
    Key("via", "gateway", IPADDR, json=None, text=False, selector="via"),
    Key("dev", "dev", IFNAME, selector="dev"),
    Key("table", "table", WORD, default="main", selector="table"),
    Key("proto", "protocol", WORD, default="boot", details=True, selector="proto"),
    Key("scope", "scope", WORD, default="global", details=True, selector="scope",
        model=Scope.of),
    Key("src", "prefsrc", IPADDR, selector="src"),
    Key("metric", "metric", DEC, selector="metric"),
    *(Key(flag, "flags", collect=True, default=(), always=True, to_json=list)
      for flag in ROUTE_FLAGS),
    Key("mark", "mark", WORD, to_json=_number),
    Key("realm", "realms", WORD, json="flow", to_json=realms_to_json, printed=_realms_text),
    Key("realms", "realms", WORD, json="flow", to_json=realms_to_json, printed=_realms_text),
    Key("uid", "uid", DEC),
    # ip route get: the cache line and the attributes printed on it
    Key("cache", "cache", json="cache", to_json=list, text=False, read=False),
    Key("expires", "expires", WORD, to_text=_seconds_text),
    Key("error", "error", SIGNED),
    Key("users", "users", DEC),
    Key("used", "used", DEC),
    Key("age", "age", WORD, to_text=_seconds_text),
    Key("ipid", "ipid", WORD, json=None, text=False),
    Key("ts", "ts", WORD, json=None, text=False),
    Key("tsage", "tsage", WORD, json=None, text=False),
    Key("metrics", "metrics", default=(), to_json=_metrics_to_json, printed=_metrics_text,
        read=False),
    Key("iif", "iif", IFNAME),
    Key("pref", "pref", WORD, json=None),
    Key("ttl-propogate", "ttl_propagate", WORD, json="ttl-propogate",
        to_json=lambda value: value == "enabled"),
    # structures the parser reads itself (written by the JSON writer's and renderer's hooks)
    Key("<via_family>", "via_family", json=None, text=False, read=False),
    Key("<nh_info>", "nh_info", json=None, text=False, read=False),
    Key("<nexthops>", "nexthops", default=(), json=None, text=False, read=False),
    Key("<extra>", "extra", default=(), json=None, text=False, read=False),
)
"""Every attribute of a route line, in print order: the keyword, the model field (and the
row slot), the value atom, the JSON member and when it is left out.  ``via``, ``as to``,
``encap``, the metrics (``mtu [lock] N`` ...) and ``realm``/``realms`` are read by the
parser's own rules (see the module docstring); ``ipid``/``ts``/``tsage`` (the old IPv4
route cache) are kept as extras; ``pref`` and ``ttl-propogate`` end the record (on its
last nexthop line in the 4.17-5.5 layout)."""

NEXTHOP_KEYS = table(
    Key("encap", "encap", WORD, to_json=encap_to_json, printed=_encap_text, model=None),
    Key("via", "gateway", IPADDR, json=None, text=False),
    Key("dev", "dev", IFNAME),
    Key("realms", "realms", WORD, json="flow", to_json=realms_to_json),
    Key("realm", "realms", WORD, json="flow", to_json=realms_to_json),
    Key("weight", "weight", DEC),
    *(Key(flag, "flags", collect=True, default=(), always=True, to_json=list)
      for flag in ROUTE_FLAGS),
    Key("<via_family>", "via_family", json=None, text=False, read=False),
    Key("<extra>", "extra", default=(), json=None, text=False, read=False),
)
"""Attributes of a ``nexthop`` line, in print order."""

ROUTE_LAYOUT = Layout(ROUTE_HEAD, ROUTE_KEYS,
                      special=("as_to", "encap", "expires", "age", "ipid", "ts", "tsage"))
"""Slots of a route row (see :class:`~netfacts.grammar._keywords.Layout`)."""

NEXTHOP_LAYOUT = Layout((), NEXTHOP_KEYS, special=("encap",))
"""Slots of a nexthop row."""



def nexthop_row(nexthop: Nexthop) -> tuple[Any, ...]:
    """The row of a :class:`~netfacts.models.route.Nexthop` (as the parser keeps it)."""
    return NEXTHOP_LAYOUT.row_of(nexthop)


_ROUTE_NESTED = {"nexthops": lambda nexthops: tuple(nexthop_row(nh) for nh in nexthops)}


def route_row(route: Route) -> tuple[Any, ...]:
    """The row of a :class:`~netfacts.models.route.Route` (as the parser keeps it)."""
    return ROUTE_LAYOUT.row_of(route, _ROUTE_NESTED)


def route_rows(routes: Sequence[Route]) -> Iterable[tuple[Any, ...]]:
    """The rows of ``routes``: the parser's own while no ``Route`` has been built."""
    if isinstance(routes, LazyTuple):
        rows = routes.rows
        if rows is not None:
            return rows
    return map(route_row, routes)


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
    destination = r"default|[0-9a-fA-F:.]+(?:/[0-9]+)?|0/[0-9]+"
    dst = rx(destination, "route destination")
    return {
        "canonical_route": ROUTE_LAYOUT.canonical_element(
            pp.Opt(rx(f"(?:{'|'.join(ROUTE_TYPES)})(?= )", "route type")("type")
                   + rx(" +", "blank").suppress())
            + rx(f"(?:{destination})(?= |$)", "route destination")("dst"), ROUTE_KEYS),
        "canonical_nexthop": NEXTHOP_LAYOUT.canonical_element(
            rx(r"[ \t]+nexthop(?= |$)", "nexthop"), NEXTHOP_KEYS),
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


_NAMES = {
    "canonical_route": "route line",
    "canonical_nexthop": "nexthop line",
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
