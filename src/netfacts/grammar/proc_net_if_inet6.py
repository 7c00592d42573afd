r"""Grammar of the kernel's ``/proc/net/if_inet6`` (``net/ipv6/addrconf.c``, ``if6_seq_show``).

::

    file := { row }                                      ; no header
    row  := hex32 SP hex SP hex SP hex SP hex SP ifname

The kernel prints ``"%pi6 %02x %02x %02x %02x %8s"``: the address in natural order, the
interface index **in hex** (wider than 2 digits above 255), the prefix length (hex), the
scope (IPV6_ADDR_SCOPE_*: 00 global, 10 host, 20 link, 40 site) and the IFA_F_* flags (some
kernels print only their low byte, others more digits), then the interface name
right-aligned in 8.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_if_inet6 import PATTERNS
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
    row = (
        rx(r"[0-9A-Fa-f]{32}", "address")("address") + sp
        + rx(r"[0-9A-Fa-f]{1,8}", "interface index")("ifindex") + sp
        + rx(r"[0-9A-Fa-f]{1,2}", "prefix length")("prefixlen") + sp
        + rx(r"[0-9A-Fa-f]{1,2}", "scope")("scope") + sp
        + rx(r"[0-9A-Fa-f]{1,8}", "flags")("flags") + sp
        + rx(r"\S{1,16}", "interface name")("ifname")
    )
    return {"row": row}


_NAMES = {"row": "/proc/net/if_inet6 line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
