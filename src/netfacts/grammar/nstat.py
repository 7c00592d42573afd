r"""Grammar of ``nstat`` output (iproute2 ``misc/nstat.c``), as sos collects it: ``nstat -zas``.

::

    file   := "#kernel" { row }
    row    := name SP value SP rate

nstat prints ``"%-32s%-16llu%6.1f"`` per counter: the name (group and counter of
``/proc/net/snmp``, ``netstat`` and ``snmp6`` run together: ``IpInReceives``,
``TcpExtTCPTimeouts``, ``Icmp6InType135``), its value and its rate (``0.0`` with ``-a``).
``-z`` keeps zero counters; ``-s`` does not update nstat's history file.  nstat leaves out
``IpForwarding``, ``IpDefaultTTL``, ``TcpRtoAlgorithm``, ``TcpRtoMin``, ``TcpRtoMax``,
``TcpMaxConn`` and ``TcpCurrEstab``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_nstat import PATTERNS
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
    return {
        "header": rx(r"#[A-Za-z0-9_]{1,64}", "#kernel"),
        "row": (
            rx(r"[A-Za-z][A-Za-z0-9_]{0,127}", "counter name")("name") + sp
            + rx(r"0|[1-9][0-9]{0,19}", "value")("value") + sp
            + rx(r"[0-9]{1,20}\.[0-9]", "rate")("rate")
        ),
    }


_NAMES = {"header": "nstat header line", "row": "nstat counter line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
