"""Kernel counters in snapshots: the ``interface_counters``, ``counters`` and ``sockstat``
categories.

* ``interface_counters``: ``/proc/net/dev``, one
  :class:`~netfacts.models.proc_net_tables.ProcNetDevice` per interface (the traffic,
  error and drop counters :meth:`Snapshot.hardware
  <netfacts.models.snapshot.Snapshot.hardware>` falls back to when the report has no
  ``ip -s link``);
* ``counters``: the protocol counters of ``/proc/net/snmp``, ``/proc/net/netstat`` and
  ``/proc/net/snmp6``, else of ``nstat -zas`` (the same counters), one
  :class:`~netfacts.models.proc_net_counters.NstatCounter` per counter under nstat's name
  (``TcpRetransSegs``, ``TcpExtListenDrops``, ``Ip6InReceives``);
* ``sockstat``: ``/proc/net/sockstat`` and ``sockstat6``, one
  :class:`~netfacts.models.proc_net_counters.SockstatLine` per protocol line.

Every value is a counter or a gauge: the diff leaves them out unless asked for volatile
facts, and compares which interfaces, counters and protocols there are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netfacts.models.proc_net_counters import NstatCounter, SnmpCounter, SockstatLine
from netfacts.models.proc_net_tables import ProcNetDevice

if TYPE_CHECKING:
    from netfacts.models.snapshot import Snapshot
    from netfacts.snapshot import Facts, Parsed, _Builder

__all__ = ["counter_identity", "counter_of", "counter_view", "device_identity",
           "device_of", "device_view", "merge_counters", "sockstat_identity", "sockstat_view"]


def device_view(device: ProcNetDevice) -> dict[str, Any]:
    """A record in snapshot JSON: ``{"ifname", "stats64": {"rx", "tx"}}`` as
    :mod:`netfacts.jsonio.proc_net_dev` writes it."""
    from netfacts.jsonio.proc_net_dev import device_to_json

    return device_to_json(device)


def device_identity(device: ProcNetDevice) -> str:
    """A ``/proc/net/dev`` line's diff key: the interface name."""
    return device.ifname


def device_of(snapshot: Snapshot, ifname: str) -> ProcNetDevice | None:
    """``ifname``'s ``/proc/net/dev`` counters, if the snapshot has them."""
    for device in snapshot.records("interface_counters"):
        if isinstance(device, ProcNetDevice) and device.ifname == ifname:
            return device
    return None


def merge_counters(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """One record per counter, named as nstat names it: the first source (in rank order:
    ``/proc/net/snmp``, ``netstat``, ``snmp6``, then ``nstat``) that has it wins."""
    seen: set[str] = set()
    for item in parsed:
        records: list[NstatCounter] = []
        origins = []
        for record, origin in zip(item.records, item.origins()):
            if isinstance(record, SnmpCounter):
                counter = NstatCounter(name=record.nstat_name, value=record.value)
            elif isinstance(record, NstatCounter):
                counter = record
            else:
                continue
            if counter.name in seen:
                continue
            seen.add(counter.name)
            records.append(counter)
            origins.append(origin)
        facts.add(name, records, origins, unique=False, parsed=item)


def counter_view(counter: NstatCounter) -> dict[str, Any]:
    """A record in snapshot JSON: ``{"name", "value"}`` (and nstat's ``rate`` when not 0)."""
    data: dict[str, Any] = {"name": counter.name, "value": counter.value}
    if counter.rate:
        data["rate"] = counter.rate
    return data


def counter_identity(counter: NstatCounter) -> str:
    return counter.name


def counter_of(snapshot: Snapshot, name: str) -> int | None:
    """The value of the kernel counter ``name`` (nstat's name: ``TcpRetransSegs``)."""
    for counter in snapshot.records("counters"):
        if isinstance(counter, NstatCounter) and counter.name == name:
            return counter.value
    return None


def sockstat_view(line: SockstatLine) -> dict[str, Any]:
    """A record in snapshot JSON: ``{"protocol", "values": {name: number}}``."""
    return {"protocol": line.protocol, "values": dict(line.values)}


def sockstat_identity(line: SockstatLine) -> str:
    return line.protocol
