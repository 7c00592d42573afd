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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netfacts.grammar._atoms import DEC, HEX, IFNAME, IPADDR, LFT, LLADDR, WORD, Atom, sp, word
from netfacts.grammar._compiled_ip_addr import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.grammar._keywords import Key, KeyTail, Layout, table, tail_element
from netfacts.models.address import Address, AddressFamily, Scope
from netfacts.models.lazy import LazyTuple
from netfacts.models.link import Link, OperState
from netfacts.models.values import IPAddress, address_text, ip_address, ip_token, link_address

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "ADDRESS_FIELDS",
    "ADDRESS_FLAG_WORDS",
    "ADDRESS_HEAD",
    "ADDRESS_KEYS",
    "ADDRESS_LAYOUT",
    "ADDRESS_ROW",
    "DETAILS_BEFORE_LINKINFO",
    "DETAIL_FIELDS",
    "DETAIL_KEYS",
    "HEADER_KEYS",
    "HEADER_ROW",
    "INET_ROW",
    "LINK_FIELDS",
    "LINK_HEAD",
    "LINK_KEYS",
    "LINK_LAYOUT",
    "LINK_LINE_ROW",
    "MONITOR_KEYS",
    "SHAPES",
    "TAILS",
    "XDP_KEYS",
    "XDP_WORD",
    "address_row",
    "build_shapes",
    "ip_or_text",
    "link_row",
    "link_rows",
    "lladdr_text",
    "row_filler",
    "row_maker",
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
    if token[:1] == "<" and token[-1:] == ">" and ">" not in token[1:-1] and word(token) == token:
        inner = token[1:-1]
        return tuple(inner.split(",")) if inner else ()
    raise ValueError(f"not a reason list: {token!r}")


def ip_or_text(text: str) -> IPAddress | str:
    """An address field of an address line: an IP address when it is one, else the text
    (the ``dnet``/``ipx`` families)."""
    try:
        return ip_address(text)
    except ValueError:
        return text


def lladdr_text(token: str) -> str:
    """A link-layer address token → its canonical text (what ``str()`` of the model value
    prints: lower-case colon hex, ``inet_ntop`` text for tunnel addresses); raises
    ``ValueError`` where :data:`~netfacts.grammar._atoms.LLADDR` does."""
    return address_text(link_address(token))


OPERSTATE = Atom("operational state", r"\S+", lambda t: OperState.of(word(t)), row=word)
NETNSID = Atom("namespace id", r"unknown|-?[0-9]+", _netnsid)
ONOFF = Atom("on or off", r"\S+", lambda t: word(t) == "on")
REASON = Atom("reason list", r"<[^>\s]*>", _reason)
SCOPE = Atom("scope", r"\S+", lambda t: Scope.of(word(t)), row=word)
LINK_ADDRESS = Atom("link-layer address", LLADDR.pattern, LLADDR.convert, check=True,
                    canonical=r"[0-9a-f]{2}(?::[0-9a-f]{2})*", row=lladdr_text)
"""``LLADDR`` whose rows keep the canonical text (a lower-case MAC already is)."""

# ---------------------------------------------------------------- field tables
#
# One table per record (interface, address, ``-d`` details), in the order ``ip -j`` writes
# the members (the order ``ip`` prints the attributes): keyword, value atom, model field
# (and row slot), JSON member, the default that is left out.  The tables of each line kind
# (``HEADER_KEYS`` ...) are picked from them by keyword: every attribute is described once.

LINK_HEAD = (
    Key("", "ifindex", read=False),
    Key("", "link_index", json=None, read=False),
    Key("", "link", json=None, read=False),
    Key("", "ifname", always=True, read=False),
    Key("", "flags", default=(), always=True, to_json=list, selector="flags", read=False),
)
"""The positional fields of a header line: ``INDEX: NAME[@LINK]: <FLAGS>`` (``-o addr``
prints no flags: its form hides them)."""

LINK_FIELDS = table(
    Key("mtu", "mtu", DEC),
    Key("<xdp>", "xdp", json=None, read=False, text=False),
    Key("qdisc", "qdisc", WORD),
    Key("master", "master", IFNAME),
    Key("state", "operstate", OPERSTATE, json=None),
    Key("mode", "linkmode", WORD, json=None),
    Key("group", "group", WORD),
    Key("qlen", "txqlen", DEC),
    Key("event", "event", WORD),
    Key("<link_type>", "link_type", read=False),
    Key("<address>", "address", read=False, model=link_address),
    Key("<pointtopoint>", "pointtopoint", json="link_pointtopoint", default=False, read=False),
    Key("brd", "broadcast", LINK_ADDRESS),
    Key("peer", "broadcast", LINK_ADDRESS),
    Key("permaddr", "permaddr", LINK_ADDRESS),
    Key("link-netnsid", "link_netnsid", NETNSID),
    Key("link-netns", "link_netns", WORD),
    Key("protodown", "proto_down", ONOFF, default=False),
    Key("protodown_reason", "proto_down_reason", REASON, default=(), to_json=list),
    Key("<details>", "details", json=None, read=False),
    Key("<linkinfo>", "linkinfo", json=None, read=False),
    Key("<alias>", "ifalias", read=False),
    Key("<stats>", "stats", json=None, read=False),
    Key("<vfs>", "vfs", json=None, default=(), read=False),
    Key("<altnames>", "altnames", default=(), to_json=list, read=False),
    Key("<extra>", "extra", json=None, default=(), read=False),
    Key("<unknown_lines>", "unknown_lines", default=(), to_json=list, read=False),
    Key("<addresses>", "addresses", json=None, default=(), read=False),
)
"""Every attribute of an interface, in print (and ``ip -j``) order.  ``json=None`` members
are written by the JSON writer's hooks at their place: the XDP object, ``operstate`` (or
``operstate_index`` for a state iproute2 prints as a number), ``linkmode`` (or
``linkmode_index``), the ``-d`` details around ``linkinfo``, ``stats64`` (before the
addresses for ``ip link``, after them for ``ip addr``), ``vfinfo_list``, unknown
attributes and ``addr_info``."""

DETAIL_FIELDS = table(
    Key("promiscuity", "promiscuity", DEC),
    Key("allmulti", "allmulti", DEC),
    Key("minmtu", "min_mtu", DEC),
    Key("maxmtu", "max_mtu", DEC),
    Key("netns-immutable", "netns_immutable", json="netns-immutable", default=False),
    # after linkinfo: printed at the end of the last detail line
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
"""The ``-d`` attributes every device has (:class:`~netfacts.models.link.LinkDetails`), in
print order; the first five end the ``link/`` line, the others the last detail line
(after the kind lines: JSON after ``linkinfo``)."""

DETAILS_BEFORE_LINKINFO = 5
"""How many :data:`DETAIL_FIELDS` come before ``linkinfo``."""

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

ADDRESS_HEAD = (
    Key("", "family", always=True, read=False, model=AddressFamily.of),
    Key("", "local", always=True, read=False, model=ip_or_text),
    Key("peer", "peer", json="address", read=False, model=ip_or_text),
    Key("", "prefixlen", read=False),
)
"""The positional fields of an address: ``FAMILY LOCAL [peer PEER]/PLEN``."""

ADDRESS_FIELDS = table(
    Key("metric", "metric", DEC),
    Key("brd", "broadcast", IPADDR),
    Key("any", "anycast", IPADDR),
    Key("mcast", "multicast", IPADDR),
    Key("scope", "scope", SCOPE),
    *(Key(flag, "flags", collect=True, json=None, default=()) for flag in ADDRESS_FLAG_WORDS),
    Key("flags", "ifa_flags", HEX),
    Key("proto", "protocol", WORD),
    Key("<label>", "label", read=False),
    Key("<valid_lft>", "valid_life_time", read=False),
    Key("<preferred_lft>", "preferred_life_time", read=False),
    Key("<extra>", "extra", json=None, default=(), read=False),
)
"""Attributes of an address line after ``local[/plen]``, in print order (the IPv4 label is
the last word; the lifetimes are the next line; flag words are each a ``true`` member)."""

ADDRESS_KEYS = {keyword: key for keyword, key in ADDRESS_FIELDS.items() if key.read}
"""The keywords of an address line's tail."""


def _pick(tables: tuple[Mapping[str, Key], ...], *keywords: str) -> dict[str, Key]:
    found = {}
    for keyword in keywords:
        found[keyword] = next(t[keyword] for t in tables if keyword in t)
    return found


HEADER_KEYS = _pick((LINK_FIELDS,), "mtu", "qdisc", "master", "state", "mode", "group",
                    "qlen", "link-netns", "link-netnsid", "event")
"""Header attributes after the flags (``ip -4 addr`` moves ``link-netns`` here)."""

XDP_WORD = re.compile(r"xdp(?:generic|offload|multi|drv|\[\d+\])?(?:/id:(\d+))?")
"""The XDP marker of a header (``xdpgeneric``, ``xdpgeneric/id:102`` in ``ip addr``)."""

DETAIL_KEYS = table(*list(DETAIL_FIELDS.values())[DETAILS_BEFORE_LINKINFO:])
"""``-d`` attributes printed at the end of the last detail line, in print order."""

MONITOR_KEYS = table(
    Key("new-netns", "new_netns", WORD),
    Key("new-netnsid", "new_netnsid", WORD),
    Key("new-ifindex", "new_ifindex", DEC),
)
"""``ip monitor`` attributes of the ``link/`` line (kept as unknown attributes)."""

LINK_KEYS = {
    **_pick((LINK_FIELDS,), "brd", "peer", "permaddr", "link-netns", "link-netnsid"),
    **MONITOR_KEYS,
    **_pick((LINK_FIELDS,), "protodown", "protodown_reason"),
    **DETAIL_FIELDS,
}
"""Attributes of the ``link/`` line (``-d`` details start with ``promiscuity``)."""

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
"""Readers of the key/value tails (the parser reads with :func:`walk` over their keys)."""


def tail_elements() -> dict[str, pp.ParserElement]:
    """Grammar of the key/value tails (for error messages and differential tests)."""
    return {name: tail_element(tail.keys) for name, tail in TAILS.items()}


LINK_LAYOUT = Layout(LINK_HEAD, LINK_FIELDS)
"""Slots of an interface row (see :class:`~netfacts.grammar._keywords.Layout`)."""

ADDRESS_LAYOUT = Layout(ADDRESS_HEAD, ADDRESS_FIELDS)
"""Slots of an address row."""

def _text(value: Any) -> Any:
    return address_text(value)


def address_row(address: Address) -> tuple[Any, ...]:
    """The row of an :class:`~netfacts.models.address.Address` (as the parser keeps it)."""
    return ADDRESS_LAYOUT.row_of(address, {"local": _text, "peer": _text})


_LINK_NESTED = {"address": _text, "broadcast": _text, "permaddr": _text,
                "addresses": lambda addresses: tuple(map(address_row, addresses))}


def link_row(link: Link) -> tuple[Any, ...]:
    """The row of a :class:`~netfacts.models.link.Link` (as the parser keeps it)."""
    return LINK_LAYOUT.row_of(link, _LINK_NESTED)


def link_rows(links: Sequence[Link]) -> Iterable[tuple[Any, ...]]:
    """The rows of ``links``: the parser's own while no ``Link`` has been built."""
    if isinstance(links, LazyTuple):
        rows = links.rows
        if rows is not None:
            return rows
    return map(link_row, links)


_HEADER_LINE = Layout((), table(*(HEADER_KEYS[k] for k in (
    "mtu", "qdisc", "master", "state", "mode", "group", "qlen"))))
"""The attributes of a header line read by its canonical regex (any other is read keyword
by keyword)."""

_LINK_LINE_KEYS = table(*(LINK_KEYS[k] for k in ("brd", "permaddr", "link-netnsid",
                                                  "link-netns")))
_LINK_LINE = Layout((), _LINK_LINE_KEYS)
"""The attributes of a ``link/`` line read by its canonical regex."""

CANONICAL_FIELDS = {
    "canonical_header": ("ifindex", "ifname", "flags",
                         *(key.field for key in _HEADER_LINE.canonical)),
    "canonical_link": ("link_type", "address", *(key.field for key in _LINK_LINE.canonical)),
    "canonical_address": tuple(ADDRESS_LAYOUT.names[:len(ADDRESS_HEAD)
                                                    + len(ADDRESS_LAYOUT.canonical)]),
}
"""Row slots of the match groups of each canonical line, in order (``canonical_inet``:
those of ``canonical_address`` plus the label)."""


def _row_of_token(key: Key) -> Callable[[str], Any] | None:
    """What a canonical token needs to become a row value (None: nothing)."""
    if key.collect:
        return lambda text: tuple(text.split()) or None
    atom = key.atoms[0] if key.atoms else None
    if atom is None or atom.identity or atom.row is word or atom is LINK_ADDRESS:
        return None  # words are themselves; canonical link-layer addresses are lower-case
    if atom is DEC:
        return int
    return atom.row


def row_maker(layout: Layout, names: Sequence[str],
              convert: Mapping[str, Callable[[str], Any] | None]
              ) -> Callable[[Sequence[str | None]], list[Any]]:
    """Match groups (slots ``names``) → a new row list of ``layout``'s width; raises
    ``ValueError`` for a value its converter refuses."""
    namespace: dict[str, Any] = {}
    items = ["None"] * layout.width
    for position, name in enumerate(names):
        function = convert.get(name)
        if function is None:
            items[layout.index[name]] = f"g[{position}]"
        else:
            namespace[f"c{position}"] = function
            items[layout.index[name]] = (f"None if g[{position}] is None "
                                         f"else c{position}(g[{position}])")
    source = "def make(g):\n    return [" + ", ".join(items) + "]\n"
    exec(compile(source, "<netfacts row maker>", "exec"), namespace)
    maker: Callable[[Sequence[str | None]], list[Any]] = namespace["make"]
    return maker


def row_filler(layout: Layout, names: Sequence[str],
               convert: Mapping[str, Callable[[str], Any] | None]
               ) -> Callable[[list[Any], Sequence[str | None]], None]:
    """Match groups (slots ``names``) → written into an existing row (groups that matched
    nothing leave their slot alone)."""
    namespace: dict[str, Any] = {}
    lines = ["def fill(r, g):"]
    for position, name in enumerate(names):
        function = convert.get(name)
        lines.append(f"    v = g[{position}]")
        if function is None:
            lines.append(f"    if v is not None: r[{layout.index[name]}] = v")
        else:
            namespace[f"c{position}"] = function
            lines.append(f"    if v is not None: r[{layout.index[name]}] = c{position}(v)")
    exec(compile("\n".join(lines) + "\n", "<netfacts row filler>", "exec"), namespace)
    filler: Callable[[list[Any], Sequence[str | None]], None] = namespace["fill"]
    return filler


def _converters(*keys: Key) -> dict[str, Callable[[str], Any] | None]:
    return {key.field: _row_of_token(key) for key in keys}


def _flags(text: str) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else ()


HEADER_ROW = row_maker(LINK_LAYOUT, CANONICAL_FIELDS["canonical_header"],
                       {"ifindex": int, "flags": _flags, **_converters(*_HEADER_LINE.canonical)})
"""Groups of a canonical header line → a new interface row (the name part in ``ifname``
until the names of the whole capture are known)."""

LINK_LINE_ROW = row_filler(LINK_LAYOUT, CANONICAL_FIELDS["canonical_link"],
                           _converters(*_LINK_LINE.canonical))
"""Groups of a canonical ``link/`` line → written into the interface row."""

_ADDRESS_CONVERT = {"local": ip_token, "peer": ip_token, "prefixlen": int,
                    **_converters(*ADDRESS_LAYOUT.canonical)}
ADDRESS_ROW = row_maker(ADDRESS_LAYOUT, CANONICAL_FIELDS["canonical_address"],
                        _ADDRESS_CONVERT)
"""Groups of a canonical IPv6 address line → an address row."""

INET_ROW = row_maker(ADDRESS_LAYOUT, (*CANONICAL_FIELDS["canonical_address"], "label"),
                     _ADDRESS_CONVERT)
"""Groups of a canonical IPv4 address line (ending with its label) → an address row."""

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
    blank = rx(" +", "blank").suppress()
    header_head = (
        DEC("ifindex") + pp.Literal(":") + SP + namepart("ifname") + pp.Literal(":") + SP
        + pp.Literal("<") + flags("flags") + pp.Literal(">")
    )
    link_head = (
        ind4 + pp.Literal("link/") + rx(r"\S+", "link type")("link_type")
        + pp.Opt(blank + rx(f"(?:{LINK_ADDRESS.canonical})(?= |$)", "link-layer address")
                 ("address"))
    )

    def address_head(families: str) -> pp.ParserElement:
        return (
            ind4 + rx(families, "address family")("family") + SP + local("local")
            + pp.Opt(SP + pp.Literal("peer") + SP + local("peer"))
            + pp.Literal("/") + DEC("prefixlen")
        )

    return {
        "canonical_header": _HEADER_LINE.canonical_element(header_head, HEADER_KEYS),
        "canonical_link": _LINK_LINE.canonical_element(link_head, _LINK_LINE_KEYS),
        "canonical_address": ADDRESS_LAYOUT.canonical_element(
            address_head(r"inet6(?= )"), ADDRESS_KEYS),
        "canonical_inet": (
            ADDRESS_LAYOUT.canonical_element(address_head(r"inet(?= )"), ADDRESS_KEYS,
                                             word_end="(?= )")
            + blank + rx(r"\S+", "label")("label")
        ),
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
    "canonical_header": "interface header line",
    "canonical_link": "link/ line",
    "canonical_address": "address line",
    "canonical_inet": "address line",
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
