"""``ps`` JSON: a list of processes with one fixed set of keys per layout.

``ps aux``: ``{"user", "pid", "cpu_percent", "mem_percent", "vsz", "rss", "tty", "stat",
"start", "time", "command"}``; ``ps -ef``: ``{"user", "pid", "ppid", "start", "tty",
"time", "command"}`` (the keys people know from ``jc --ps``; ps has no JSON of its own).
Numbers are JSON numbers, the rest text as printed.
"""

from __future__ import annotations

from typing import Any

from netfacts.models.process import Process, PsOutput

__all__ = ["process_to_json", "ps_to_json"]

_AUX = ("user", "pid", "cpu_percent", "mem_percent", "vsz", "rss", "tty", "stat", "start",
        "time", "command")
_EF = ("user", "pid", "ppid", "start", "tty", "time", "command")


def process_to_json(process: Process) -> dict[str, Any]:
    """One process with the keys of its layout (``ppid`` present: ``ps -ef``)."""
    keys = _EF if process.ppid is not None and process.cpu_percent is None else _AUX
    return {key: getattr(process, key) for key in keys}


def ps_to_json(output: PsOutput) -> list[dict[str, Any]]:
    """Every process, in listing order."""
    keys = _AUX if output.form.layout == "aux" else _EF
    return [{key: getattr(process, key) for key in keys} for process in output.processes]
