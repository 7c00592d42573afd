"""``ps`` listings back as text, in procps-ng 4's column widths."""

from __future__ import annotations

from netfacts.grammar.ps import AUX_COLUMNS, EF_COLUMNS
from netfacts.models.process import Process, PsOutput

__all__ = ["render_ps"]


def _pct(value: float | None) -> str:
    return "0.0" if value is None else f"{value:.1f}"


def _aux(process: Process) -> str:
    line = (f"{process.user:<10} {process.pid:>7} {_pct(process.cpu_percent):>4} "
            f"{_pct(process.mem_percent):>4} {process.vsz or 0:>6} {process.rss or 0:>5} "
            f"{process.tty or '?':<8} {process.stat or '-':<4} {process.start or '-':>5} "
            f"{process.time or '0:00':>6}")
    return f"{line} {process.command}" if process.command else line


def _ef(process: Process) -> str:
    line = (f"{process.user:<8} {process.pid:>7} {process.ppid or 0:>7}  0 "
            f"{process.start or '-':<5} {process.tty or '?':<8} {process.time or '00:00:00':>8}")
    return f"{line} {process.command}" if process.command else line


def render_ps(output: PsOutput) -> str:
    """The listing in its layout, header first when it had one."""
    layout = output.form.layout
    lines = []
    if output.form.header:
        if layout == "aux":
            lines.append("USER           PID %CPU %MEM    VSZ   RSS TTY      STAT START   "
                         "TIME COMMAND")
        else:
            lines.append("UID          PID    PPID  C STIME TTY          TIME CMD")
    assert AUX_COLUMNS and EF_COLUMNS
    render = _aux if layout == "aux" else _ef
    lines.extend(render(process) for process in output.processes)
    return "".join(line + "\n" for line in lines)
