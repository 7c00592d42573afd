"""Parse ``lsof`` output for its socket rows (:class:`~netfacts.models.lsof.LsofOutput`).

Every row is checked against the grammar (:mod:`netfacts.grammar.lsof`); socket rows are
kept (their columns as printed), the other rows counted.  lsof's own messages, which sos
merges into the file (``lsof: WARNING: can't stat() ...``), become one info diagnostic.

Example::

    >>> from netfacts.parsers.lsof import parse_lsof
    >>> out = parse_lsof(
    ...     "COMMAND     PID     USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\\n"
    ...     "etcd      16701        0    3u  IPv4 184965      0t0  TCP 127.0.0.1:2379 (LISTEN)\\n")
    >>> row = out.sockets[0]
    >>> row.command, row.pid, row.inode, str(row.local.address), row.local.port, row.state.value
    ('etcd', 16701, 184965, '127.0.0.1', 2379, 'LISTEN')
"""

from __future__ import annotations

from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import lsof as g
from netfacts.models.lazy import LazyTuple
from netfacts.models.lsof import LsofForm, LsofOutput, LsofSocket
from netfacts.parsers._driver import Collector

__all__ = ["parse_lsof", "sniff"]

_S = g.SHAPES
_FIELDS = ("command", "pid", "tid", "taskcmd", "user", "fd", "type", "device", "size_off",
           "node", "name")
_PROBES = tuple((f" {word} ", g.SOCKET_TYPES[word]) for word in g.SOCKET_TYPES)


def _socket(row: tuple[str | None, ...]) -> LsofSocket:
    command, pid, tid, taskcmd, user, fd, kind, device, size_off, node, name = row
    assert command is not None and pid is not None and user is not None
    assert fd is not None and kind is not None and name is not None
    return LsofSocket(command=command, pid=int(pid), tid=int(tid) if tid else None,
                      task_command=taskcmd, user=user, fd=fd, type=kind, device=device,
                      size_off=size_off, node=node, name=name)


def _is_message(line: str) -> bool:
    return line.startswith("lsof: ") or (
        line[:1] == " " and line.lstrip().startswith("Output information may be incomplete"))


def parse_lsof(text: str, *, strict: bool = False, source: str | None = None) -> LsofOutput:
    """Parse an lsof listing; keep its socket rows.

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first one
    raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    header = _S["header"].regex.fullmatch
    generic = _S["row"].regex.fullmatch
    shapes = {key: _S[key].regex.fullmatch for key in set(g.SOCKET_TYPES.values())}
    rows: list[tuple[str | None, ...]] = []
    record_lines: list[int] = []
    form: dict[str, Any] = {"header": False}
    other = 0
    messages: list[int] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line:
            continue
        match = None
        probed = None
        for probe, key in _PROBES:
            if probe in line:
                probed = probe
                match = shapes[key](line)
                if match is not None:
                    break
        if match is not None:
            groups = match.groupdict()
            rows.append(tuple(map(groups.get, _FIELDS)))
            record_lines.append(number)
            continue
        if generic(line) is not None:
            other += 1
            if probed is not None and probed.strip() in ("IPv4", "IPv6"):
                # a file whose name holds ' IPv4 ' is rare; a damaged socket row is not
                collector.warning(number, f"a row naming {probed.strip()} whose columns are "
                                  "not a socket's; not counted as a socket", line)
            continue
        if _is_message(line):
            messages.append(number)
            continue
        found = header(line)
        if found is not None:
            form = {"header": True, "threads": found.group("tid") is not None,
                    "size_column": found.group("size")}
            continue
        collector.reject(number, line, _S["row"])
    if messages:
        collector.info(messages[0], f"skipped {len(messages)} lines of lsof's own messages "
                       "(its stderr, which sos merges into the file)", lines[messages[0] - 1])
    collector.check_final_line(text, lines)
    fields: dict[str, Any] = {}
    if rows:
        fields["sockets"] = LazyTuple[LsofSocket](rows=rows, build=_socket)
    return LsofOutput(
        **fields,
        form=LsofForm(**form),
        other_rows=other,
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(record_lines),
    )


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("lsof", score)`` or None."""
    for line in lines:
        if _S["header"].match(line.rstrip()):
            return "lsof", 95
    return None
