r"""Grammar of ``tc qdisc show`` output (``-s``, ``-d``, ``-s -d``), iproute2 3.10 to 6.x.

::

    output  := { qdisc [ sent backlog { xstats } ] }
    qdisc   := "qdisc " KIND " " HANDLE ":" [ " dev " DEV ] " " ( "root" | "parent " CLASSID )
               [ " refcnt " N ] [ " " options ]                     ; often a trailing space
    sent    := " Sent " N " bytes " N " pkt (dropped " N ", overlimits " N " requeues " N ") "
    backlog := " backlog " SIZE " " N "p requeues " N              ; SIZE: 0b, 1514b, 12Kb
    xstats  := "  " text                                           ; kind statistics (fq_codel
                                                                   ; maxpacket..., Sent hardware)

``options`` is the kind's own text (``r2q 10 default 0x10 ...`` for htb, ``rate 1Mbit burst
4Kb lat 20ms`` for tbf, ``----------------`` for ingress); it is kept as printed and read
into key/value pairs by the JSON writer.  ``tc qdisc show dev DEV`` leaves ``dev DEV`` out
of every line: the device then comes from the command line (parser hint ``dev``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_tc_qdisc import PATTERNS
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

    num = rx(r"[0-9]+", "number")
    classid = rx(r"[0-9a-fA-F]*:[0-9a-fA-F]*", "class id (MAJOR:MINOR)")
    return {
        "qdisc": (
            pp.Literal("qdisc ") + rx(r"[^\s:]+", "qdisc kind")("kind") + pp.Literal(" ")
            + rx(r"[0-9a-fA-F]+:", "handle")("handle")
            + pp.Opt(pp.Literal(" dev ") + rx(r"\S+", "device name")("dev")) + pp.Literal(" ")
            + (pp.Literal("root")("root") | pp.Literal("parent ") + classid("parent"))
            + pp.Opt(pp.Literal(" refcnt ") + num("refcnt"))
            + rx(r"(?: .*)?", "options")("options")
        ),
        "sent": (
            pp.Literal(" Sent ") + num("bytes") + pp.Literal(" bytes ") + num("packets")
            + pp.Literal(" pkt (dropped ") + num("drops") + pp.Literal(", overlimits ")
            + num("overlimits") + pp.Literal(" requeues ") + num("requeues") + pp.Literal(")")
            + rx(r" ?", "blank")
        ),
        "backlog": (
            pp.Literal(" backlog ") + rx(r"[0-9]+(?:[KMG]?b)", "backlog size")("backlog")
            + pp.Literal(" ") + num("qlen") + pp.Literal("p requeues ") + num("requeues2")
            + rx(r" ?", "blank")
        ),
        "xstats": rx(r"  \S.*", "kind statistics line")("text"),
    }


_NAMES = {
    "qdisc": "'qdisc KIND HANDLE: dev DEV ...' line",
    "sent": "' Sent ... bytes ... pkt' line",
    "backlog": "' backlog ...' line",
    "xstats": "qdisc statistics line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
