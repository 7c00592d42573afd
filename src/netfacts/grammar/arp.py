r"""Grammar of net-tools ``arp`` output (net-tools 1.60, 2.10 and the 2026 git HEAD).

Two display styles (``arp.c``: ``arp_disp_2`` and ``arp_disp``) plus three messages::

    output    := [ header ] { table_row } [ summary ] [ message ]       ; Linux style
               | { bsd_row } [ summary ] [ message ]                    ; BSD style (-a)
    header    := "Address" SP "HWtype" SP "HWaddress" SP "Flags" SP "Mask" SP "Iface"
    table_row := name:23 "  " hwtype:8 hwaddress:20 flags:6 mask:15 " " iface
    bsd_row   := ( "?" | hostname ) " (" ipv4 ") at " hw [ " netmask " ipv4 ]
                 { " " ( "PERM" | "PUB" | "PUP" | "AUTO" | "DONTPUB" | "TRAIL" ) } " on " iface
    hw        := lladdr " [" hwtype "]" | "<incomplete>" | "<from_interface>" | "*"
    summary   := "Entries: " N TAB "Skipped: " N TAB "Found: " N             ; -v
    message   := name " (" ipv4 ") -- no entry"                            ; arp -n HOST
               | "arp: in " N " entries no match found."                   ; -a HOST, -i, -H

``x:W`` is a column printed with ``%-W.Ws``: padded *and cut* to exactly W characters, so
the Linux style is a fixed-column table: an 8-character hardware type (``infiniba``) runs
straight into the address and a 20-character address into the flags.  The table is
therefore read by column (:data:`TABLE_COLUMNS`), and only when a line does not have the
fixed layout (a table re-spaced by hand or by ``column -t``) by whitespace
(``table_loose``).  Column contents:

* name: the IPv4 address, or with name resolution (no ``-n``) the host name cut to 23
  characters; netfacts does not turn a name back into an address;
* hwtype: ``ether``, ``infiniba`` (cut), ``loop``...; empty for ``(incomplete)``, ``*`` for
  a published (proxy) entry;
* hwaddress: colon hex (cut to 20 characters), ``(incomplete)``, ``<from_interface>``
  (1.60: ``*``) for published entries;
* flags: ``C`` complete, ``M`` permanent, ``P`` published, ``A``, ``!``, ``T``;
* mask: empty unless the entry was set with a netmask.

No entries at all print nothing, not even the header.  net-tools 1.60 differs only in the
published entries (``*`` for ``<from_interface>``, ``PUP`` for ``PUB``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import DEC, IPV4, LLADDR, Atom, sp, word
from netfacts.grammar._compiled_arp import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "BSD_FLAG_WORDS",
    "FLAG_LETTERS",
    "HEADER",
    "HWTYPE",
    "SHAPES",
    "TABLE_COLUMNS",
    "build_shapes",
]

HEADER = "Address                  HWtype  HWaddress           Flags Mask            Iface"
"""The Linux-style header, exactly as printed."""

TABLE_COLUMNS = (("address", 0, 23), ("hwtype", 25, 8), ("hwaddress", 33, 20),
                 ("flags", 53, 6), ("mask", 59, 15))
"""(column, start, width) of the fixed part of a table row; ``Iface`` starts at 75."""

FLAG_LETTERS = "CMPA!T"
"""Flag letters in net-tools' print order."""

BSD_FLAG_WORDS = {"PERM": "M", "PUB": "P", "PUP": "P", "AUTO": "A", "DONTPUB": "!",
                  "TRAIL": "T"}
"""BSD-style flag words and their table-style letters (``PUP`` is 1.60's ``PUB``)."""

INCOMPLETE_TABLE = "(incomplete)"
INCOMPLETE_BSD = "<incomplete>"
PUBLISHED = "<from_interface>"
PUBLISHED_LEGACY = "*"


def _flags(token: str) -> str:
    if all(letter in FLAG_LETTERS for letter in token) and len(set(token)) == len(token):
        return "".join(letter for letter in FLAG_LETTERS if letter in token)
    raise ValueError(f"not arp flag letters: {token!r}")


def _hwtype(token: str) -> str:
    return word(token)


FLAGS = Atom("flag letters (C, M, P, A, !, T)", r"[CMPA!T]*", _flags)
HWTYPE = Atom("hardware type", r"\S+", _hwtype, any_token=True)
__all__ += ["DEC", "FLAGS", "IPV4", "LLADDR"]


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    hostcol = rx(r"[^\s()]+", "host name or address")
    ipcol = rx(r"[^\s()]*", "IPv4 address")
    bsd_hw = rx(r"(?:<incomplete>|<from_interface>|\*)(?=[ \t])",
                "'<incomplete>' or '<from_interface>'")("marker") | (
        rx(r"[^\s\[\]]+", "hardware address")("hwaddress") + SP + pp.Literal("[")
        + rx(r"[^\]\s]*", "hardware type")("hwtype") + pp.Literal("]")
    )
    return {
        "header": (
            pp.Literal("Address") + SP + pp.Literal("HWtype") + SP + pp.Literal("HWaddress")
            + SP + pp.Literal("Flags") + SP + pp.Literal("Mask") + SP + pp.Literal("Iface")
        ),
        "table_row": (
            rx(r"\S.{22}", "Address column (23 characters)")("address") + pp.Literal("  ")
            + rx(r".{8}", "HWtype column (8 characters)")("hwtype")
            + rx(r".{20}", "HWaddress column (20 characters)")("hwaddress")
            + rx(r".{6}", "Flags column (6 characters)")("flags")
            + rx(r".{15}", "Mask column (15 characters)")("mask") + pp.Literal(" ")
            + rx(r"\S+", "interface name")("iface")
        ),
        # The same columns split at blanks, as one regex: which words are there (no
        # type for "(incomplete)", no flags, a mask) is only known from the words after.
        "table_loose": (
            hostcol("address") + SP + rx(
                r"(?:(?P<hwtype>[^\s()<>*][^\s()<>]*|\*)[ \t]+)?(?P<hwaddress>\S+)[ \t]+"
                r"(?:(?P<flags>[CMPA!T]+)[ \t]+)?(?:(?P<mask>[0-9.]+)[ \t]+)?"
                r"(?P<iface>\S+)",
                "hardware type, hardware address, flags, mask and interface",
            )
        ),
        "bsd_row": (
            hostcol("name") + SP + pp.Literal("(") + ipcol("address") + pp.Literal(")") + SP
            + pp.Literal("at") + SP + bsd_hw
            + pp.Opt(SP + pp.Literal("netmask") + SP + rx(r"\S+", "netmask")("mask"))
            + rx(r"(?:[ \t]+(?:PERM|PUB|PUP|AUTO|DONTPUB|TRAIL)(?=[ \t]))*",
                 "flag words")("flags")
            + SP + pp.Literal("on") + SP + rx(r"\S+", "interface name")("iface")
        ),
        "no_entry": (
            hostcol("name") + SP + pp.Literal("(") + ipcol("address") + pp.Literal(")") + SP
            + pp.Literal("-- no entry")
        ),
        "no_match": (
            pp.Literal("arp: in") + SP + DEC("entries") + SP
            + pp.Literal("entries no match found.")
        ),
        "summary": (
            pp.Literal("Entries:") + SP + DEC("entries") + SP + pp.Literal("Skipped:") + SP
            + DEC("skipped") + SP + pp.Literal("Found:") + SP + DEC("found")
        ),
    }


_NAMES = {
    "header": "arp header line",
    "table_row": "arp table row",
    "table_loose": "arp table row",
    "bsd_row": "arp -a line",
    "no_entry": "'-- no entry' message",
    "no_match": "'no match found' message",
    "summary": "arp -v summary line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
