"""Render lsof socket rows back to lsof's column layout (widths from the rows shown)."""

from __future__ import annotations

from netfacts.models.lsof import LsofOutput, LsofSocket

__all__ = ["render_lsof"]

_LEFT = {"COMMAND", "TASKCMD", "NAME"}


def _cells(row: LsofSocket, threads: bool) -> list[str]:
    cells = [row.command, str(row.pid)]
    if threads:
        cells += ["" if row.tid is None else str(row.tid), row.task_command or ""]
    return [*cells, row.user, row.fd, row.type, row.device or "", row.size_off or "",
            row.node or "", row.name]


def render_lsof(output: LsofOutput) -> str:
    """The header and the socket rows, columns padded as lsof pads them (COMMAND, TASKCMD
    and NAME to the left, the others to the right)."""
    form = output.form
    titles = ["COMMAND", "PID"] + (["TID", "TASKCMD"] if form.threads else []) + [
        "USER", "FD", "TYPE", "DEVICE", form.size_column, "NODE", "NAME"]
    rows = [_cells(row, form.threads) for row in output.sockets]
    widths = [max([len(title)] + [len(cells[i]) for cells in rows]) for i, title in
              enumerate(titles)]
    lines = []
    for cells in ([titles] if form.header else []) + rows:
        parts = []
        for title, width, cell in zip(titles, widths, cells):
            if title == "NAME":
                parts.append(cell)
            elif title in _LEFT:
                parts.append(cell.ljust(width))
            else:
                parts.append(cell.rjust(width))
        lines.append(" ".join(parts).rstrip() + "\n")
    return "".join(lines)
