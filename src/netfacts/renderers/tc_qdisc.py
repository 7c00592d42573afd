"""Render ``tc qdisc show`` text (iproute2 6.1 layout, trailing blanks included)."""

from __future__ import annotations

from netfacts.models.tc import Qdisc, TcQdiscOutput

__all__ = ["render_qdisc", "render_tc_qdisc"]

_TRAILING = frozenset({"noqueue", "mq", "clsact", "ingress", "tbf", "fq_codel"})
"""Kinds whose option printer leaves a blank at the end of the line."""


def render_qdisc(qdisc: Qdisc) -> str:
    """The lines of one qdisc."""
    where = "root" if qdisc.parent is None else f"parent {qdisc.parent}"
    refcnt = "" if qdisc.refcnt is None else f" refcnt {qdisc.refcnt}"
    options = f" {qdisc.options}" if qdisc.options else ""
    trailing = " " if qdisc.kind in _TRAILING else ""
    dev = "" if qdisc.dev is None else f" dev {qdisc.dev}"
    lines = [f"qdisc {qdisc.kind} {qdisc.handle}{dev} {where}{refcnt}{options}"
             f"{trailing}\n"]
    stats = qdisc.stats
    if stats is not None:
        lines.append(f" Sent {stats.bytes} bytes {stats.packets} pkt (dropped {stats.drops}, "
                     f"overlimits {stats.overlimits} requeues {stats.requeues}) \n")
        lines.append(f" backlog {stats.backlog} {stats.qlen}p requeues "
                     f"{stats.backlog_requeues}\n")
    lines.extend(f"  {line}\n" for line in qdisc.xstats)
    return "".join(lines)


def render_tc_qdisc(output: TcQdiscOutput) -> str:
    """The text of every qdisc."""
    return "".join(render_qdisc(qdisc) for qdisc in output.qdiscs)
