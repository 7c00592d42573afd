"""Parse ``tc qdisc show`` output (plain, ``-s``, ``-d``, ``-s -d``).

Grammar: :mod:`netfacts.grammar.tc_qdisc`.  Each ``qdisc`` line starts a record; the
`` Sent``/`` backlog`` lines and two-space indented kind statistics that follow belong to
it.  A line that fits nothing is an error that loses only itself; statistics lines with no
``qdisc`` line before them are errors too.

Example::

    >>> from netfacts.parsers.tc_qdisc import parse_tc_qdisc
    >>> out = parse_tc_qdisc("qdisc noqueue 0: dev lo root refcnt 2 \\n")
    >>> q = out.qdiscs[0]
    >>> q.kind, q.handle, q.dev, q.root, q.refcnt
    ('noqueue', '0:', 'lo', True, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from netfacts._text import classify_noise, split_lines
from netfacts.grammar import tc_qdisc as g
from netfacts.models.tc import Qdisc, QdiscStats, TcQdiscOutput
from netfacts.parsers._driver import BAD_VALUES, Collector

__all__ = ["command_hints", "parse_tc_qdisc", "sniff"]

_S = g.SHAPES
_MAX_QDISCS = 1_000_000


class _Record:
    __slots__ = ("fields", "sent", "xstats")

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self.sent: dict[str, Any] | None = None
        self.xstats: list[str] = []

    def build(self) -> Qdisc:
        stats = None
        if self.sent is not None:
            stats = QdiscStats(**self.sent)
        return Qdisc(stats=stats, xstats=tuple(self.xstats), **self.fields)


def parse_tc_qdisc(text: str, *, strict: bool = False, source: str | None = None,
                   dev: str | None = None, **_: Any) -> TcQdiscOutput:
    """Parse ``tc qdisc show`` text of any iproute2 version.

    ``dev`` (a hint from ``tc qdisc show dev DEV``) names the device the lines leave out.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    records: list[_Record] = []
    numbers: list[int] = []
    stats = False
    detached = False  # after an unreadable qdisc line: its lines are not the one above's
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            if line.startswith("qdisc "):
                match = _S["qdisc"].match(line.rstrip("\n"))
                if match is None:
                    collector.reject(number, line, _S["qdisc"])
                    detached = True
                    continue
                if len(records) >= _MAX_QDISCS:
                    collector.warning(number, f"more than {_MAX_QDISCS} qdiscs: the rest is not "
                                      "read", line)
                    break
                refcnt = match.group("refcnt")
                records.append(_Record({
                    "kind": match.group("kind"), "handle": match.group("handle"),
                    "dev": match.group("dev"), "parent": match.group("parent"),
                    "refcnt": None if refcnt is None else int(refcnt),
                    "options": match.group("options").strip(),
                }))
                numbers.append(number)
                detached = False
                continue
            current = records[-1] if records and not detached else None
            match = _S["sent"].match(line)
            if match is not None and current is not None and current.sent is None:
                current.sent = {key: int(match.group(key)) for key in
                                ("bytes", "packets", "drops", "overlimits", "requeues")}
                stats = True
                continue
            match = _S["backlog"].match(line)
            if match is not None and current is not None and current.sent is not None \
                    and "qlen" not in current.sent:
                if len(match.group("backlog")) > 22:  # u32 bytes, printed as 4294967295b
                    raise ValueError("backlog")
                current.sent.update(backlog=match.group("backlog"), qlen=int(match.group("qlen")),
                                    backlog_requeues=int(match.group("requeues2")))
                continue
            match = _S["xstats"].match(line)
            if match is not None and current is not None:
                current.xstats.append(line.strip())
                continue
            if line.startswith(" Sent ") and current is not None and current.sent is not None:
                current.xstats.append(line.strip())  # offloaded qdiscs: Sent hardware/software
                continue
            if current is None and any(_S[k].match(line) for k in ("sent", "backlog", "xstats")):
                collector.error(number, 1, "a statistics line with no qdisc line above it",
                                line)
                continue
            shape = _S["sent"] if line.startswith(" S") else _S["backlog"] if line.startswith(
                " b") else _S["qdisc"]
            if classify_noise(line) is None:
                # an unreadable line, indented or not (a qdisc line pasted with a blank in
                # front): the statistics after it are not the qdisc above's
                detached = True
            collector.reject(number, line, shape)
        except BAD_VALUES as exc:
            collector.bad_value(number, line, exc)
            detached = detached or line[:1] not in " \t"

    collector.check_final_line(text, lines)
    return TcQdiscOutput(qdiscs=tuple(record.build() for record in records), stats=stats, dev=dev,
                         diagnostics=collector.result(), source=source,
                         record_lines=tuple(numbers))


def command_hints(args: Sequence[str]) -> dict[str, Any] | None:
    """Hints of a ``tc`` command line (words after ``tc``); None unless ``qdisc show``."""
    options = [a for a in args if a.startswith("-")]
    words = [a for a in args if a and not a.startswith("-")]
    if any(o.startswith(("-j", "--j", "-p")) for o in options):
        return None
    if not words or not "qdisc".startswith(words[0]) or not words[0]:
        return None
    if len(words) > 1 and words[1] not in ("show", "list", "ls", "sh", "dev"):
        return None
    if "dev" in words[:-1]:
        return {"dev": "_".join(words[words.index("dev") + 1:])}
    return {}


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer: ``("tc-qdisc", score)`` or None."""
    for line in lines[:3]:
        if line.startswith("qdisc ") and _S["qdisc"].match(line) is not None:
            return "tc-qdisc", 95
    return None
