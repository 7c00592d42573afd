r"""Grammar of the kernel's ``/proc/net/dev`` (``net/core/net-procfs.c``, ``dev_seq_show``).

::

    file    := header1 header2 { row }
    header1 := "Inter-|" SP "Receive" SP "|" SP "Transmit"
    header2 := SP "face" SP "|bytes" SP "packets" ... "multicast|bytes" ... "compressed"
    row     := [SP] ifname ":" [SP] number { SP number }      ; 16 numbers

The kernel prints ``"%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu
%4llu %4llu %4llu %5llu %7llu %10llu"``: the name right-aligned in 6, then RX bytes,
packets, errs, drop, fifo, frame, compressed, multicast and TX bytes, packets, errs, drop,
fifo, colls, carrier, compressed.  Wider numbers push the columns (split on blanks); kernels
before 2.6 wrote the first number straight after the colon.  Interface names cannot contain
``:`` or blanks.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_dev import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["HEADER1", "HEADER2", "SHAPES", "build_shapes"]

HEADER1 = "Inter-|   Receive                                                |  Transmit"
HEADER2 = (" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
           "errs drop fifo colls carrier compressed")


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    number = r"(?:0|[1-9][0-9]{0,19})"
    return {
        "header1": rx(r"Inter-\| +Receive +\| +Transmit", "first header line"),
        "header2": rx(r" *face +\|bytes +packets +errs +drop +fifo +frame +compressed "
                      r"+multicast\|bytes +packets +errs +drop +fifo +colls +carrier "
                      r"+compressed", "second header line"),
        "row": (
            pp.Opt(rx(r" +", "space").suppress()) + rx(r"[^\s:]{1,16}", "interface name")("ifname")
            + pp.Literal(":") + pp.Opt(rx(r" +", "space").suppress())
            + rx(f"{number}(?: +{number}){{15,31}}", "16 counters")("counters")
        ),
    }


_NAMES = {"header1": "/proc/net/dev header line", "header2": "/proc/net/dev header line",
          "row": "/proc/net/dev interface line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
