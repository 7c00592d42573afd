r"""Grammar of the kernel's ``/proc/net/ipv6_route`` (``net/ipv6/route.c``,
``ipv6_route_native_seq_show``).

::

    file := { row }                                      ; no header
    row  := hex32 SP hex2 SP hex32 SP hex2 SP hex32 SP hex8 SP hex8 SP hex8 SP hex8 SP device

The kernel prints ``"%pi6 %02x %pi6 %02x %pi6 %08x %08x %08x %08x %8s"``: destination and
prefix length, source and prefix length, next hop, metric, reference count, use count,
RTF_* flags and the device right-aligned in 8.  Addresses are in natural order (not word
swapped like ``/proc/net/tcp6``).  Every table is listed (main, local, others) and there is
no table column.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_ipv6_route import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["SHAPES", "build_shapes"]


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    sp = rx(r" +", "space").suppress()
    address = r"[0-9A-Fa-f]{32}"
    prefix = r"[0-9A-Fa-f]{2}"
    hex8 = r"[0-9A-Fa-f]{8}"
    row = (
        pp.Opt(sp) + rx(address, "destination")("destination") + sp
        + rx(prefix, "prefix length")("destination_plen") + sp
        + rx(address, "source")("source") + sp + rx(prefix, "prefix length")("source_plen")
        + sp + rx(address, "next hop")("next_hop") + sp + rx(hex8, "metric")("metric") + sp
        + rx(hex8, "reference count")("refcnt") + sp + rx(hex8, "use count")("use") + sp
        + rx(hex8, "flags")("flags") + sp + rx(r"\S{1,16}", "device")("device")
    )
    return {"row": row}


_NAMES = {"row": "/proc/net/ipv6_route line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
