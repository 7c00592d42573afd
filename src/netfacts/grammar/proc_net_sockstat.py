r"""Grammar of ``/proc/net/sockstat`` and ``/proc/net/sockstat6`` (``net/ipv4/proc.c``,
``net/ipv6/proc.c``).

::

    file := { row }
    row  := protocol ":" { SP key SP number }

Lines as a 6.x kernel prints them::

    sockets: used 47
    TCP: inuse 19 orphan 0 tw 2 alloc 40 mem 130      ; mem in pages
    UDP: inuse 5 mem 0
    UDPLITE: inuse 0
    RAW: inuse 1
    FRAG: inuse 0 memory 0                            ; memory in bytes
    TCP6: inuse 8                                     ; sockstat6
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_sockstat import PATTERNS
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

    pair = r"[a-z][a-z0-9_]{0,31} +-?(?:0|[1-9][0-9]{0,19})"
    return {
        "row": (
            rx(r"[A-Za-z][A-Za-z0-9_]{0,31}", "protocol")("protocol") + pp.Literal(":")
            + rx(f"(?: +{pair}){{1,32}}", "counters")("pairs")
        ),
    }


_NAMES = {"row": "sockstat line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
