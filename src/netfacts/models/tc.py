"""``tc qdisc show`` output: one :class:`Qdisc` per ``qdisc`` line with its statistics."""

from __future__ import annotations

from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output

__all__ = ["Qdisc", "QdiscStats", "TcQdiscOutput", "option_pairs"]


@checked
@attrs.frozen(kw_only=True)
class QdiscStats:
    """The ``-s`` lines: `` Sent B bytes P pkt (dropped D, overlimits O requeues R)`` and
    `` backlog Xb Yp requeues R``."""

    bytes: int
    packets: int
    drops: int
    overlimits: int
    requeues: int
    backlog: str = "0b"
    """As printed (``0b``, ``1514b``, ``12Kb``: tc rounds large backlogs to K/M)."""
    qlen: int = 0
    """Packets in the queue (the ``Np`` of the backlog line)."""
    backlog_requeues: int = 0

    @property
    def backlog_bytes(self) -> int:
        """The backlog in bytes (exact below 1 KiB; tc prints larger ones rounded)."""
        text = self.backlog[:-1]
        scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
        return int(text.rstrip("KMG")) * scale


@checked
@attrs.frozen(kw_only=True)
class Qdisc:
    """One queueing discipline."""

    kind: str
    handle: str
    """``1:``, ``0:``, ``ffff:`` as printed."""
    dev: str | None = None
    """None when ``tc qdisc show dev DEV`` left it out (see :attr:`TcQdiscOutput.dev`)."""
    parent: str | None = None
    """``1:10``, ``ffff:fff1``; None for ``root``."""
    refcnt: int | None = None
    options: str = ""
    """The kind's options exactly as printed (``r2q 10 default 0x10 direct_packets_stat 0
    direct_qlen 1000``); unknown options are kept here. :func:`option_pairs` splits them."""
    stats: QdiscStats | None = None
    xstats: tuple[str, ...] = ()
    """Kind statistics lines (two-space indented: fq_codel ``maxpacket ...``, offload
    ``Sent hardware ...``), stripped."""

    @property
    def root(self) -> bool:
        return self.parent is None

    @property
    def drops(self) -> int | None:
        return None if self.stats is None else self.stats.drops


@checked
@attrs.frozen(kw_only=True)
class TcQdiscOutput(Output):
    """``tc [-s] [-d] qdisc show [dev DEV]``."""

    kind: ClassVar[str] = "tc_qdisc"
    qdiscs: tuple[Qdisc, ...] = ()
    stats: bool = False
    """The text has ``-s`` statistics."""
    dev: str | None = None
    """The device of ``tc qdisc show dev DEV`` (from the command line or file name), whose
    lines do not name it."""

    def device(self, qdisc: Qdisc) -> str | None:
        """The device of ``qdisc``: its own, else the one the command named."""
        return qdisc.dev if qdisc.dev is not None else self.dev

    def for_dev(self, dev: str) -> tuple[Qdisc, ...]:
        return tuple(q for q in self.qdiscs if self.device(q) == dev)


_MULTI = {"priomap": 16}


def option_pairs(options: str) -> tuple[tuple[str, str | None], ...]:
    """Split an options text into (key, value) pairs; a word followed by another word that
    is not a value is a flag (value None); a value after a value joins it (netem's ``delay
    1ms  100us``).  ``priomap`` takes its 16 numbers."""
    tokens = options.split()
    pairs: list[tuple[str, str | None]] = []
    index = 0
    while index < len(tokens):
        key = tokens[index]
        count = _MULTI.get(key)
        if count is not None:
            values = tokens[index + 1:index + 1 + count]
            pairs.append((key, " ".join(values)))
            index += 1 + len(values)
            continue
        if _is_value(key) and pairs and pairs[-1][1] is not None:
            previous, value = pairs[-1]  # a second value (netem "delay 1ms  100us")
            pairs[-1] = (previous, f"{value} {key}")
            index += 1
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and _is_value(following):
            pairs.append((key, following))
            index += 2
        else:
            pairs.append((key, None))
            index += 1
    return tuple(pairs)


def _is_value(token: str) -> bool:
    head = token[:1]
    return head.isdigit() or (head in "-." and token[1:2].isdigit()) or token in (
        "on", "off", "ethernet", "atm", "adsl") or token.startswith("0x")
