r"""Grammar of the kernel's ``/proc/net/unix`` (``net/unix/af_unix.c``, ``unix_seq_show``).

::

    file    := header { row }
    header  := "Num" SP "RefCount" SP "Protocol" SP "Flags" SP "Type" SP "St" SP "Inode" SP "Path"
    row     := num ":" SP hex8 SP hex8 SP hex8 SP hex4 SP hex2 SP inode [" " path]

The kernel prints ``"%pK: %08X %08X %08X %04X %02X %5lu"`` and, for a bound socket, one
space and the name: a path, or ``@`` and the abstract name (NUL bytes inside an abstract
name print as ``@`` too).  A path may contain spaces, so it is everything after the one
space that follows the inode.  ``Num`` is the socket's kernel address (hashed, or zeros for
readers without the capability); ``Protocol`` is always 0; ``Flags`` has ``__SO_ACCEPTCON``
(0x10000) for listeners; ``Type`` is ``SOCK_STREAM`` (1), ``SOCK_DGRAM`` (2),
``SOCK_SEQPACKET`` (5); ``St`` is ``SS_UNCONNECTED`` (1, listeners too), ``SS_CONNECTING``
(2), ``SS_CONNECTED`` (3), ``SS_DISCONNECTING`` (4).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_unix import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["HEADER", "SHAPES", "build_shapes"]

HEADER = "Num       RefCount Protocol Flags    Type St Inode Path"


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    sp = rx(r" +", "space").suppress()

    def hexa(width: str, name: str) -> pp.ParserElement:
        return rx(f"[0-9A-Fa-f]{{{width}}}", name)

    header: pp.ParserElement = pp.Literal("Num")
    for word in ("RefCount", "Protocol", "Flags", "Type", "St", "Inode", "Path"):
        header = header + sp + pp.Literal(word)
    row = (
        hexa("1,16", "socket address")("address") + pp.Literal(":") + sp
        + hexa("1,8", "reference count")("refcount") + sp
        + hexa("1,8", "protocol")("protocol") + sp
        + hexa("1,8", "flags")("flags") + sp
        + hexa("1,4", "socket type")("type") + sp
        + hexa("1,2", "state")("state") + sp
        + rx(r"0|[1-9][0-9]{0,19}", "inode")("inode")
        + pp.Opt(pp.Literal(" ").suppress() + rx(r".{1,4096}", "path")("path"))
    )
    return {"header": header, "row": row}


_NAMES = {"header": "/proc/net/unix header line", "row": "/proc/net/unix socket line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
