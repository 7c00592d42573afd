r"""Grammar of ``ss`` output (iproute2 3.10 to 7.x), socket listings and ``ss -s``.

::

    output   := [ header NL ] { row NL { TAB extline NL } }   ; -H: no header
              | summary                                      ; ss -s
    header   := [ "Netid" SP ] [ "State" SP ] "Recv-Q" SP "Send-Q" SP ... "Local Address:Port"
                SP ... "Peer Address:Port" [ SP ] [ "Process" ]
    row      := [ netid SP ] [ state SP ] recv_q SP send_q SP local SP peer [ SP tail ]
    local    := addr ":" port                                ; inet, netlink, packet
              | path SP inode                                ; unix: path may contain spaces
    peer     := addr ":" port | "*" | path SP inode
    addr     := ipv4 [ "%" iface ] | "[" ipv6 "]" [ "%" iface ] | "*" [ "%" iface ]
              | ipv6 [ "%" iface ]                            ; iproute2 <= 4.12: no brackets
              | name                                         ; -r, netlink/packet protocols
    tail     := [ process ] { SP ext }                       ; 3.10 prints timer first
    process  := "users:((" user { ",(" user } "))"
    user     := '"' comm '",' [ "pid=" ] N "," [ "fd=" ] N [ "," ctx ] ")"  ; comm unescaped
    ext      := "timer:(" name "," [ time ] "," N ")" | key ":" value | key "=" value
              | "<->" | "-->" | "<--" | "---" | word | ("send" | "pacing_rate" |
                "delivery_rate") SP rate
    summary  := "Total: " N [ " (kernel " N ")" ] NL "TCP:" SP N " (" pairs ")" [ ", ports " N ]
                NL NL "Transport Total IP IPv6" NL { name TAB SP N SP N SP N NL }

Netid is printed unless one table is selected (``ss -t``), State unless one state is
(``ss -t state established``).  Column widths follow the content (4.15+) or an 80-column
screen (older) and change between batches, so rows are read by whitespace, never by
position; a UNIX path may contain spaces and is delimited by the inode after it.
Version notes are in ``docs/commands/ss.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from netfacts.grammar._atoms import DEC, sp
from netfacts.grammar._compiled_ss import PATTERNS
from netfacts.grammar._fastpath import LineShape
from netfacts.models.values import is_decimal

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["EXTENSION_KEYS", "NETID", "SHAPES", "SHUTDOWN", "STATE", "USER", "ExtensionKey",
           "build_shapes"]

NETID = r"[a-z][a-z0-9_]*"
STATE = r"[A-Z][A-Z0-9_-]*"
USER = (r"\(\"(?P<name>[^)]*?)\",(?:pid=)?(?P<pid>[0-9]+),(?:fd=)?(?P<fd>[0-9]+)"
        r"(?:,[^)]*)?\)")
"""One ``users:`` item; the comm is cut at the first ``)`` by ss, so it never holds one."""
USERS = r"users:\(\((?:[^)]*\))*?\)(?=\s|$)"
"""The whole ``users:((...))`` block: pieces up to each ``)`` until ``))`` ends it (a name
may hold ``)``).  The ``,(`` between two users is read by the next piece only: also
reading it as optional marks gave a long line four readings per user to retry."""


# ---------------------------------------------------------------- the -e / -o words


class ExtensionKey(NamedTuple):
    """A word of ss's extension columns that the model keeps in a field of its own: its
    keyword, where the value goes, how a token is read and how the value is printed."""

    keyword: str | None
    """``KEY`` of a ``KEY:VALUE`` word; None for a bare word (read by its shape)."""
    field: str
    """The :class:`~netfacts.models.socket.SsExtensions` attribute, which is also the JSON
    member; ``inode`` is the socket's own inode (a slot of the row, JSON ``inode``)."""
    read: Callable[[str], Any]
    """The value of a token, or None when this keyword does not take it (the word is then
    kept as it is, with the ``-i`` words)."""
    show: Callable[[Any], str]
    """The value as ss prints it."""
    unix: bool | None = None
    """True: UNIX sockets only; False: all but UNIX sockets; None: every socket."""


def _decimal(token: str) -> int | None:
    return int(token) if is_decimal(token) else None


def _text(token: str) -> str:
    return token


def _cookie(token: str) -> str | None:
    return None if "(" in token else token


def _bit(token: str) -> bool | None:
    return token == "1" if token in ("0", "1") else None


SHUTDOWN = frozenset({"<->", "-->", "<--", "---"})
"""The bare word that says which directions of a socket are still open."""


def _shutdown(token: str) -> str | None:
    return token if token in SHUTDOWN else None


EXTENSION_KEYS = (
    ExtensionKey("uid", "uid", _decimal, str),
    ExtensionKey("ino", "inode", _decimal, str, unix=False),
    ExtensionKey("sk", "cookie", _cookie, str),
    ExtensionKey("cgroup", "cgroup", _text, str),
    ExtensionKey("v6only", "v6only", _bit, lambda value: str(int(value))),
    ExtensionKey("fwmark", "fwmark", _text, str),
    ExtensionKey(None, "shutdown", _shutdown, str),
    ExtensionKey("ino", "vfs_inode", _decimal, str, unix=True),
    ExtensionKey("dev", "vfs_dev", _text, str, unix=True),
)
"""The field table of ss's ``-e``/``-o`` words, in the order ss 6.x prints them (after the
timer; the UNIX ``ino:`` is the bound path's inode, not the socket's).  The parser reads a
word through it, the renderer prints the fields in its order, the JSON writer writes its
members in its order; a new keyword is one line here and a field of ``SsExtensions``.
Words it does not name (``-i``'s TCP information, ``skmem:(...)``, ``peers:``, netlink's
``KEY=VALUE`` pairs) have their own shapes in the parser."""


def _up_to(title: str) -> pp.ParserElement:
    """The header text before the column ``title``: empty, or a non-blank and anything
    up to the first ``title`` (ss 5.x-6.x prints an ellipsis there).  Unlike ``.*?`` it has
    one reading, so a long line that is not a header is rejected in one pass."""
    import re

    import pyparsing as pp

    avoid = f"(?!{re.escape(title)})"
    return pp.Regex(rf"(?:{avoid}\S(?:{avoid}.)*)?").set_name("padding")


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    L = pp.Literal
    netid = rx(NETID, "Netid")("netid")
    state = rx(STATE, "State")("state")
    queues = DEC("recv_q") + SP + DEC("send_q") + SP + rx(r"\S.*", "addresses")("rest")
    inet_tail = pp.Opt(SP + rx(r"\S.*", "process and details")("tail"))
    address = rx(r"\S+", "address:port")
    return {
        "header": (
            pp.Opt(L("Netid")("has_netid") + SP) + pp.Opt(L("State")("has_state") + SP)
            + L("Recv-Q") + SP + L("Send-Q") + SP + _up_to("Local Address:Port")
            + L("Local Address:Port") + SP + _up_to("Peer Address:Port") + L("Peer Address:Port")
            + pp.Opt(rx(r"[ \t]*", "padding") + L("Process")("has_process"))
            + pp.Opt(rx(r"[ \t]+", "padding"))
        ),
        **{
            f"inet_{key}": lead + DEC("recv_q") + SP + DEC("send_q") + SP + address("local")
            + SP + address("peer") + inet_tail
            for key, lead in (("ns", netid + SP + state + SP), ("n", netid + SP),
                              ("s", state + SP), ("", pp.Empty()))
        },
        "row_ns": netid + SP + state + SP + queues,
        "row_n": netid + SP + queues,
        "row_s": state + SP + queues,
        "row": queues,
        "inet": address("local") + SP + address("peer") + inet_tail,
        "unix": (
            rx(r".*?", "path")("local") + L(" ") + DEC("local_inode") + SP
            + rx(r"\S.*?", "peer path")("peer") + L(" ") + DEC("peer_inode") + inet_tail
        ),
        "continuation": L("\t") + rx(r".*", "details")("ext"),
        "sub_row": rx(r"[ \t]*`-", "association marker") + SP + state + SP + queues,
        "users": rx(USERS, "users:((...))"),
        "user": rx(USER, "users item"),
        "total": (
            L("Total:") + SP + DEC("total")
            + pp.Opt(SP + L("(kernel") + SP + DEC("kernel") + L(")"))
        ),
        "tcp_summary": (
            L("TCP:") + SP + DEC("tcp_total") + SP + L("(") + rx(r"[^)]*", "TCP counts")("pairs")
            + L(")") + pp.Opt(L(",") + SP + L("ports") + SP + DEC("ports"))
        ),
        "transport_header": (
            L("Transport") + SP + L("Total") + SP + L("IP") + SP + L("IPv6")
        ),
        "transport_row": (
            rx(r"[A-Za-z*][A-Za-z0-9*]*", "transport")("name") + rx(r"[ \t]+", "tab")
            + rx(r"[0-9]+|-", "count")("total") + SP + rx(r"[0-9]+|-", "count")("ip") + SP
            + rx(r"[0-9]+|-", "count")("ipv6") + pp.Opt(rx(r"[ \t]+", "padding"))
        ),
    }


_NAMES = {
    "header": "ss header line",
    "inet_ns": "socket row",
    "inet_n": "socket row",
    "inet_s": "socket row",
    "inet_": "socket row",
    "row_ns": "socket row",
    "row_n": "socket row",
    "row_s": "socket row",
    "row": "socket row",
    "inet": "addresses",
    "unix": "UNIX addresses",
    "continuation": "continuation line",
    "sub_row": "association row",
    "users": "process column",
    "user": "process",
    "total": "Total line",
    "tcp_summary": "TCP summary line",
    "transport_header": "transport table header",
    "transport_row": "transport table row",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
