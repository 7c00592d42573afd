"""Render the counter files and nstat back to text, in their own layouts."""

from __future__ import annotations

from itertools import groupby

from netfacts.models.proc_net_counters import NstatOutput, ProcNetSnmpOutput, ProcNetSockstatOutput

__all__ = ["render_nstat", "render_proc_net_snmp", "render_proc_net_sockstat"]


def render_proc_net_snmp(output: ProcNetSnmpOutput) -> str:
    """A names line and a values line per run of one group; snmp6's ``%-32s\\t%lu`` lines for
    counters without a group."""
    lines: list[str] = []
    for group, run in groupby(output.counters, key=lambda c: c.group):
        counters = list(run)
        if group is None:
            lines.extend(f"{c.name:<32}\t{c.value}\n" for c in counters)
            continue
        lines.append(f"{group}: " + " ".join(c.name for c in counters) + "\n")
        lines.append(f"{group}: " + " ".join(str(c.value) for c in counters) + "\n")
    return "".join(lines)


def render_nstat(output: NstatOutput) -> str:
    """``#kernel`` and ``"%-32s%-16llu%6.1f"`` per counter (with at least one blank after a
    name or value that fills its column, where nstat would run them together)."""
    lines = [output.form.header + "\n"]
    for counter in output.counters:
        name, value = counter.name, str(counter.value)
        lines.append((name.ljust(32) if len(name) < 32 else name + " ")
                     + (value.ljust(16) if len(value) < 16 else value + " ")
                     + f"{counter.rate:6.1f}\n")
    return "".join(lines)


def render_proc_net_sockstat(output: ProcNetSockstatOutput) -> str:
    """``PROTOCOL: key value key value ...`` per line."""
    return "".join(
        f"{line.protocol}: " + " ".join(f"{key} {value}" for key, value in line.values) + "\n"
        for line in output.lines)
