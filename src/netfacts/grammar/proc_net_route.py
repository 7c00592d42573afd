r"""Grammar of the kernel's ``/proc/net/route`` (``net/ipv4/fib_trie.c``, ``fib_route_seq_show``).

::

    file    := header { row }
    header  := "Iface" TAB "Destination" TAB "Gateway " TAB "Flags" TAB "RefCnt" TAB "Use"
               TAB "Metric" TAB "Mask" TAB TAB "MTU" TAB "Window" TAB "IRTT" [pad]
    row     := iface TAB hex8 TAB hex8 TAB hex TAB number TAB number TAB number TAB hex8
               TAB number TAB number TAB number [pad]

The kernel prints ``"%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u"`` and pads every
line, the header too, with blanks to 127 characters.  Addresses are ``__be32`` printed as
host integers (``0100007F`` is 127.0.0.1 on little-endian hosts); the interface is ``*``
for unreachable, prohibit and blackhole routes.  Only the main table is listed.  Tabs may
have become blanks in a copied file: any run of blanks separates.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_route import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["HEADER", "SHAPES", "build_shapes"]

HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    sep = rx(r"[ \t]+", "tab").suppress()
    pad = pp.Opt(rx(r" +", "padding").suppress())
    hex8 = r"[0-9A-Fa-f]{8}"
    number = r"(?:0|[1-9][0-9]{0,19})"
    header: pp.ParserElement = pp.Literal("Iface")
    for word in ("Destination", "Gateway", "Flags", "RefCnt", "Use", "Metric", "Mask", "MTU",
                 "Window", "IRTT"):
        header = header + sep + pp.Literal(word)
    row = (
        rx(r"[^\s]{1,16}", "interface")("iface") + sep
        + rx(hex8, "destination")("destination") + sep + rx(hex8, "gateway")("gateway") + sep
        + rx(r"[0-9A-Fa-f]{1,8}", "flags")("flags") + sep
        + rx(f"-?{number}", "reference count")("refcnt") + sep + rx(number, "use")("use")
        + sep + rx(f"-?{number}", "metric")("metric") + sep + rx(hex8, "mask")("mask") + sep
        + rx(f"-?{number}", "MTU")("mtu") + sep + rx(number, "window")("window") + sep
        + rx(number, "IRTT")("irtt")
    )
    return {"header": header + pad, "row": row + pad}


_NAMES = {"header": "/proc/net/route header line", "row": "/proc/net/route line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
