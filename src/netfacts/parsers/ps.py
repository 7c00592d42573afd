"""Parse ``ps aux`` / ``ps -ef`` listings into :class:`~netfacts.models.process.Process`.

The header line names the layout (``USER PID %CPU ...`` or ``UID PID PPID C ...``); without
one the layout is told from the first process line.  Grammar: :mod:`netfacts.grammar.ps`.

Example::

    >>> from netfacts.parsers.ps import parse_ps
    >>> out = parse_ps("USER  PID %CPU %MEM   VSZ  RSS TTY STAT START  TIME COMMAND\\n"
    ...                "root 1143  2.0  1.5 9000 3000 ?   Ssl  Nov26 12:01 "
    ...                "/usr/bin/hyperkube kubelet --v=2\\n")
    >>> p = out.processes[0]
    >>> p.pid, p.program, p.programs
    (1143, 'hyperkube', ('hyperkube', 'kubelet'))
"""

from __future__ import annotations

from netfacts._text import split_lines
from netfacts.grammar import ps as g
from netfacts.models.process import Process, PsForm, PsLayout, PsOutput
from netfacts.parsers._driver import Collector

__all__ = ["parse_ps", "sniff"]

_S = g.SHAPES
_MAX_NUMBER = 1 << 64
"""No kernel counter ps prints is larger: a longer number is garbage, not a value."""


def _int(text: str) -> int:
    value = int(text)
    if value >= _MAX_NUMBER:
        raise ValueError(f"number too large: {text[:20]}...")
    return value


def _pct(text: str) -> float:
    if len(text) > 12:
        raise ValueError(f"percentage too long: {text[:20]}")
    return float(text)


def _layout_of(line: str) -> PsLayout | None:
    if _S["aux_header"].match(line) is not None:
        return "aux"
    if _S["ef_header"].match(line) is not None:
        return "ef"
    return None


def parse_ps(text: str, *, strict: bool = False, source: str | None = None,
             layout: PsLayout | None = None) -> PsOutput:
    """Parse a ``ps aux`` or ``ps -ef`` listing (``layout`` when there is no header).

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first one
    raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    processes: list[Process] = []
    record_lines: list[int] = []
    header = False
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        found = _layout_of(line.strip())
        if found is not None:
            layout, header = found, True
            continue
        if layout is None:
            layout = "ef" if _S["ef_row"].match(line.strip()) and not _S["aux_row"].match(
                line.strip()) else "aux"
        shape = _S[f"{layout}_row"]
        stripped = line.lstrip()
        match = shape.match(stripped)
        if match is None:
            collector.reject(number, line, shape, offset=len(line) - len(stripped))
            continue
        fields = match.groupdict()
        try:
            if layout == "aux":
                process = Process(
                    user=fields["user"], pid=_int(fields["pid"]),
                    command=fields["command"] or "",
                    cpu_percent=_pct(fields["cpu"]), mem_percent=_pct(fields["mem"]),
                    vsz=_int(fields["vsz"]), rss=_int(fields["rss"]), tty=fields["tty"],
                    stat=fields["stat"], start=fields["start"], time=fields["time"])
            else:
                process = Process(
                    user=fields["user"], pid=_int(fields["pid"]), ppid=_int(fields["ppid"]),
                    command=fields["command"] or "", tty=fields["tty"],
                    start=fields["start"], time=fields["time"])
        except ValueError as exc:
            collector.error(number, len(line) - len(stripped) + 1, f"{shape.name}: {exc}", line)
            continue
        processes.append(process)
        record_lines.append(number)
    collector.check_final_line(text, lines)
    return PsOutput(
        processes=tuple(processes),
        form=PsForm(layout=layout or "aux", header=header or not processes),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(record_lines),
    )


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("ps", score)`` or None."""
    for line in lines[:3]:
        if _layout_of(line.strip()) is not None:
            return "ps", 95
    return None
