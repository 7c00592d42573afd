"""Hypothesis strategy for ``tc qdisc show`` text with its model."""

from __future__ import annotations

from hypothesis import strategies as st

from netfacts.models.tc import Qdisc, QdiscStats, TcQdiscOutput
from netfacts.renderers.tc_qdisc import render_tc_qdisc

__all__ = ["tc_qdisc_outputs"]

_KINDS = ["noqueue", "mq", "htb", "tbf", "pfifo", "bfifo", "pfifo_fast", "fq_codel",
          "ingress", "clsact", "netem", "sfq", "prio", "cake"]
_OPTIONS = {
    "htb": ["r2q 10 default 0x10 direct_packets_stat 0 direct_qlen 1000"],
    "tbf": ["rate 1Mbit burst 4Kb lat 20ms", "rate 1Mbit burst 4Kb/1 mpu 0b lat 20ms "
            "linklayer ethernet"],
    "pfifo": ["limit 500p", "limit 3p"], "bfifo": ["limit 30000b"],
    "pfifo_fast": ["bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1"],
    "fq_codel": ["limit 10240p flows 1024 quantum 1514 target 5ms interval 100ms "
                 "memory_limit 32Mb ecn drop_batch 64"],
    "ingress": ["----------------"],
}
_HEX = st.integers(0, 0xFFFF).map(lambda n: f"{n:x}:")
_DEV = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_", min_size=1, max_size=15)
_N = st.integers(0, 2**63)


@st.composite
def _stats(draw: st.DrawFn) -> QdiscStats:
    backlog = draw(st.sampled_from(["0b", "1514b", "12Kb", "3Mb"]))
    return QdiscStats(bytes=draw(_N), packets=draw(_N), drops=draw(_N),
                      overlimits=draw(_N), requeues=draw(_N), backlog=backlog,
                      qlen=draw(st.integers(0, 10000)), backlog_requeues=draw(_N))


@st.composite
def _qdisc(draw: st.DrawFn, stats: bool, with_dev: bool) -> Qdisc:
    kind = draw(st.sampled_from(_KINDS))
    options = draw(st.sampled_from(_OPTIONS.get(kind, [""]))
                   | st.from_regex(r"[a-z]{1,8}( [0-9]{1,5}[a-z]{0,2})?", fullmatch=True))
    parent = draw(st.none() | st.tuples(_HEX, st.integers(0, 0xFFFF)).map(
        lambda p: f"{p[0]}{p[1]:x}"))
    xstats: tuple[str, ...] = ()
    if stats and draw(st.booleans()):
        xstats = ("maxpacket 0 drop_overlimit 0 new_flow_count 1 ecn_mark 0",)
    return Qdisc(kind=kind, handle=draw(_HEX), dev=draw(_DEV) if with_dev else None,
                 parent=parent, refcnt=draw(st.none() | st.integers(1, 64)),
                 options=options, stats=draw(_stats()) if stats else None, xstats=xstats)


@st.composite
def tc_qdisc_outputs(draw: st.DrawFn) -> tuple[str, TcQdiscOutput]:
    """(text, model) of ``tc [-s] qdisc show [dev DEV]``."""
    stats = draw(st.booleans())
    with_dev = draw(st.integers(0, 3)) > 0
    qdiscs = tuple(draw(st.lists(_qdisc(stats, with_dev), max_size=8)))
    output = TcQdiscOutput(qdiscs=qdiscs, stats=stats and bool(qdiscs))
    return render_tc_qdisc(output), output
