"""Render kernel parameters back to ``sysctl`` lines or to the content of one file."""

from __future__ import annotations

from netfacts.models.sysctl import SysctlOutput

__all__ = ["render_sysctl"]


def render_sysctl(output: SysctlOutput) -> str:
    """``key = value`` lines (procps' ``"%s = %s\\n"``), or the bare value of a file."""
    if output.form.style == "file":
        return "".join(f"{entry.value}\n" for entry in output.entries)
    return "".join(f"{entry.key} = {entry.value}\n" for entry in output.entries)
