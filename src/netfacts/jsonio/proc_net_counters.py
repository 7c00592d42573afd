"""JSON of the counter files.

* ``/proc/net/snmp``, ``netstat``: ``{GROUP: {NAME: value, ...}, ...}`` in print order
  (``{"Ip": {"Forwarding": 2, ...}, "Tcp": {...}}``); ``snmp6``'s flat names are keys of
  the top object (``{"Ip6InReceives": 36, ...}``), or of an object under ``"snmp6"`` when
  the text also has groups (``cat snmp snmp6``).
* ``nstat``: ``{"kernel": {NAME: value, ...}}`` — what ``nstat -j`` prints for the same
  counters (the rate column is left out, as nstat -j leaves it out).
* ``/proc/net/sockstat``: ``{PROTOCOL: {KEY: value, ...}, ...}``
  (``{"sockets": {"used": 47}, "TCP": {"inuse": 19, ...}}``).
"""

from __future__ import annotations

from typing import Any

from netfacts.models.proc_net_counters import NstatOutput, ProcNetSnmpOutput, ProcNetSockstatOutput

__all__ = ["nstat_to_json", "proc_net_snmp_to_json", "proc_net_sockstat_to_json"]


def proc_net_snmp_to_json(output: ProcNetSnmpOutput) -> dict[str, Any]:
    """Grouped counters; snmp6's flat ones at the top when they are alone, else under
    ``"snmp6"``."""
    if all(counter.group is None for counter in output.counters):
        return {counter.name: counter.value for counter in output.counters}
    data: dict[str, dict[str, int]] = {}
    for counter in output.counters:
        data.setdefault(counter.group or "snmp6", {})[counter.name] = counter.value
    return dict(data)


def nstat_to_json(output: NstatOutput) -> dict[str, Any]:
    """``nstat -j``'s shape."""
    return {output.form.header.lstrip("#"): {c.name: c.value for c in output.counters}}


def proc_net_sockstat_to_json(output: ProcNetSockstatOutput) -> dict[str, Any]:
    """Protocol → its counters."""
    return {line.protocol: dict(line.values) for line in output.lines}
