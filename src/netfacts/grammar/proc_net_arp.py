r"""Grammar of the kernel's ``/proc/net/arp`` (``net/ipv4/arp.c``, unchanged since 2.6).

::

    file    := header { row }
    header  := "IP address" SP "HW type" SP "Flags" SP "HW address" SP "Mask" SP "Device"
    row     := ipv4 SP "0x" hex SP "0x" hex SP [ hwaddr SP ] mask SP device
    hwaddr  := hex { ":" hex }            ; zeros for incomplete and proxy entries

The kernel prints ``"%-16s 0x%-10x0x%-10x%-17s     *        %s"`` per neighbour and
``"%-16s 0x%-10x0x%-10x%s     *        %s"`` with ``00:00:00:00:00:00`` and flags 0xc
(ATF_PUBL | ATF_PERM) per proxy entry; the mask is always ``*`` and the device is ``*``
for a proxy entry without one.  A device without a hardware address prints nothing in
that column, hence the optional ``hwaddr``.  Flags are ATF_* bits: 0x2 ATF_COM (``C``),
0x4 ATF_PERM (``M``), 0x8 ATF_PUBL (``P``), 0x10 ATF_USETRAILERS (``T``), 0x20
ATF_NETMASK, 0x40 ATF_DONTPUB (``!``), 0x80 ATF_MAGIC (``A``); the kernel itself only
produces 0x0, 0x2, 0x6 and 0xc.  The HW type is an ARPHRD_* number, named as net-tools
names it (:data:`HWTYPES`).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import HEX, sp
from netfacts.grammar._compiled_proc_net_arp import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["FLAG_BITS", "HEADER", "HWTYPES", "SHAPES", "build_shapes"]

HEADER = "IP address       HW type     Flags       HW address            Mask     Device"

FLAG_BITS = (("C", 0x02), ("M", 0x04), ("P", 0x08), ("A", 0x80), ("!", 0x40), ("T", 0x10))
"""Flag letter and ATF_* bit, in net-tools' letter order."""

HWTYPES = {
    0: "netrom", 1: "ether", 3: "ax25", 6: "tr", 7: "arcnet", 15: "dlci", 23: "strip",
    27: "eui64", 32: "infiniband", 256: "slip", 257: "cslip", 258: "slip6", 259: "cslip6",
    264: "adaptive", 270: "rose", 271: "x25", 512: "ppp", 513: "hdlc", 516: "lapb",
    768: "tunnel", 770: "frad", 772: "loop", 774: "fddi", 776: "sit", 780: "hippi",
    781: "ash", 782: "ec", 783: "irda", 800: "tr",
}
"""ARPHRD_* number → net-tools hardware type name (``lib/hw.c``).  Numbers net-tools does
not know stay as printed (``0x1ff``)."""
__all__ += ["HEX"]


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    hexnum = rx(r"0x[0-9a-fA-F]+", "hexadecimal number")
    return {
        "header": (
            pp.Literal("IP address") + SP + pp.Literal("HW type") + SP + pp.Literal("Flags")
            + SP + pp.Literal("HW address") + SP + pp.Literal("Mask") + SP
            + pp.Literal("Device")
        ),
        "row": (
            rx(r"[0-9.]+", "IPv4 address")("address") + SP + hexnum("hwtype") + SP
            + hexnum("flags") + SP
            # The lookahead keeps the grammar deterministic: a word is the hardware address
            # only when a mask and a device follow it.
            + pp.Opt(rx(r"[^\s*]+(?=[ \t]+\S+[ \t]+\S+$)", "hardware address")("hwaddress")
                     + SP)
            + rx(r"\S+", "mask")("mask") + SP + rx(r"\S+", "device name")("device")
        ),
    }


_NAMES = {"header": "/proc/net/arp header line", "row": "/proc/net/arp line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
