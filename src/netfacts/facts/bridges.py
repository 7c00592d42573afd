"""Linux bridges in snapshots: the ``bridge_ports``, ``bridge_fdb``, ``bridge_vlans`` and
``bridge_mdb`` categories and their hooks.

:func:`bridge_of` is :meth:`Snapshot.bridge <netfacts.models.snapshot.Snapshot.bridge>`:
the ports, forwarding database, VLANs and multicast groups of one bridge.  The view,
identity and diff hooks are the categories' snapshot JSON and ``netfacts diff`` entries:
learned (dynamic) fdb entries and ``temp`` multicast groups come and go by themselves, so
the diff compares them only with ``include_volatile``, like learned neighbours.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from netfacts.jsonio.bridge import (
    fdb_entry_to_json,
    mdb_entry_to_json,
    port_to_json,
    vlan_to_json,
)
from netfacts.models.bridge import BridgePort, BridgeVlan, FdbEntry, MdbEntry
from netfacts.models.hardware import Bridge

if TYPE_CHECKING:
    from netfacts.diff import _Viewer
    from netfacts.models.snapshot import Snapshot

__all__ = [
    "bridge_names",
    "bridge_of",
    "fdb_identity",
    "mdb_identity",
    "port_identity",
    "port_view",
    "show_bridges",
    "view_bridge_fdb",
    "view_bridge_mdb",
    "vlan_identity",
    "vlan_view",
]


def bridge_names(snapshot: Snapshot) -> list[str]:
    """Every bridge the snapshot shows: bridge interfaces (``-d`` kind, or inferred), and
    the masters of ``bridge link`` ports."""
    names: list[str] = [link.ifname for link in snapshot.interfaces if link.kind == "bridge"]
    for port in snapshot.records("bridge_ports"):
        if isinstance(port, BridgePort) and port.master and port.master not in names:
            names.append(port.master)
    return names


def bridge_of(snapshot: Snapshot, name: str) -> Bridge | None:
    """Bridge ``name``'s facts (None when the snapshot shows no such bridge)."""
    if name not in bridge_names(snapshot):
        return None
    ports = tuple(p for p in snapshot.records("bridge_ports")
                  if isinstance(p, BridgePort) and p.master == name and not p.is_bridge)
    members = tuple(p.ifname for p in ports) or tuple(
        link.ifname for link in snapshot.interfaces if link.master == name)
    mine = {name, *members}
    fdb = tuple(e for e in snapshot.records("bridge_fdb") if isinstance(e, FdbEntry) and (
        e.master == name or (e.dev == name and e.master is None)))
    vlans = tuple(v for v in snapshot.records("bridge_vlans")
                  if isinstance(v, BridgeVlan) and v.port in mine)
    mdb = tuple(e for e in snapshot.records("bridge_mdb")
                if isinstance(e, MdbEntry) and e.dev == name)
    return Bridge(name=name, link=snapshot.link(name), ports=ports, members=members, fdb=fdb,
                  vlans=vlans, mdb=mdb)


# ---------------------------------------------------------------- views and identities


def port_view(port: BridgePort) -> dict[str, Any]:
    """A port in snapshot JSON (``bridge -j link``'s entry)."""
    return port_to_json(port)


def vlan_view(vlan: BridgeVlan) -> dict[str, Any]:
    """A VLAN in snapshot JSON: ``{"ifname", "vlan", "vlanEnd", "flags", ...}`` (one entry
    of ``bridge -j vlan``'s ``vlans`` with its port), with the ``-s`` counters when read."""
    data = {"ifname": vlan.port, **vlan_to_json(vlan)}
    if vlan.stats is not None:
        data.update(rx_bytes=vlan.stats.rx_bytes, rx_packets=vlan.stats.rx_packets,
                    tx_bytes=vlan.stats.tx_bytes, tx_packets=vlan.stats.tx_packets)
    return data


def port_identity(port: BridgePort) -> str:
    return f"{port.master or '-'} {port.ifname}"


def vlan_identity(vlan: BridgeVlan) -> str:
    end = f"-{vlan.vlan_end}" if vlan.vlan_end is not None else ""
    return f"{vlan.port} vlan {vlan.vlan}{end}"


def fdb_identity(entry: FdbEntry, mac: str | None = None) -> str:
    """``MAC dev PORT [vlan N] [dst IP] (master BR | self)`` (``mac``: the MAC as shown,
    a placeholder when normalising)."""
    parts = [str(entry.mac) if mac is None else mac, f"dev {entry.dev or '-'}"]
    if entry.vlan is not None:
        parts.append(f"vlan {entry.vlan}")
    if entry.dst is not None:
        parts.append(f"dst {entry.dst}")
    parts.append(f"master {entry.master}" if entry.master else "self")
    return " ".join(parts)


def mdb_identity(entry: MdbEntry) -> str:
    """``BR PORT GROUP [src S] [vid N]``."""
    parts = [entry.dev, entry.port, str(entry.grp)]
    if entry.src is not None:
        parts.append(f"src {entry.src}")
    if entry.vid is not None:
        parts.append(f"vid {entry.vid}")
    return " ".join(parts)


_FDB_VOLATILE = frozenset({"used", "updated"})
_MDB_VOLATILE = frozenset({"timer"})


def _fields(viewer: _Viewer, data: dict[str, Any], volatile: frozenset[str]
            ) -> dict[str, Any]:
    ident = viewer.identity
    return {key: ident.value(value) for key, value in data.items()
            if viewer.volatile or key not in volatile}


def _kernel_made(entry: FdbEntry) -> bool:
    """Entries that come and go by themselves: learned ones, and a device's own multicast
    addresses (``33:33:…``/``01:00:5e:…`` ``self``: the groups its host joined)."""
    return entry.dynamic or ("self" in entry.flags and bool(entry.mac.octets)
                             and bool(entry.mac.octets[0] & 1))


def view_bridge_fdb(viewer: _Viewer) -> None:
    """The ``fdb`` diff entries: configured ones (static and permanent, a vxlan's remote
    VTEPs); learned entries and a device's multicast addresses only with volatile facts;
    ``used``/``updated`` times volatile.  The key holds the MAC as the node's identity
    shows it (``<mac of eno1>`` when normalising)."""
    for entry in viewer.snapshot.records("bridge_fdb"):
        if not isinstance(entry, FdbEntry) or (_kernel_made(entry) and not viewer.volatile):
            continue
        key = fdb_identity(entry, viewer.identity.text(str(entry.mac)))
        viewer.put("fdb", key, entry, partial(
            lambda e: _fields(viewer, fdb_entry_to_json(e), _FDB_VOLATILE), entry))


def view_bridge_mdb(viewer: _Viewer) -> None:
    """The ``mdb`` diff entries: permanent groups; ``temp`` ones (joined by hosts and
    ageing out) only with volatile facts; timers volatile."""
    for entry in viewer.snapshot.records("bridge_mdb"):
        if not isinstance(entry, MdbEntry) or (not entry.permanent and not viewer.volatile):
            continue
        viewer.put("mdb", viewer.identity.text(mdb_identity(entry)), entry, partial(
            lambda e: _fields(viewer, mdb_entry_to_json(e), _MDB_VOLATILE), entry))


# ---------------------------------------------------------------- netfacts show


def show_bridges(snapshot: Snapshot) -> str:
    """``netfacts show``'s bridge section: each bridge's ports with their STP state, cost,
    VLANs (PVID first) and forwarding-database counts."""
    from netfacts.show import table

    rows = []
    for name in bridge_names(snapshot):
        bridge = bridge_of(snapshot, name)
        if bridge is None:
            continue
        for member in bridge.members or ("",):
            port = bridge.port(member)
            vlans = [v for v in bridge.vlans if v.port == member]
            pvid = bridge.pvid(member)
            text = ",".join(_vids(v) for v in vlans if v.vlan != pvid)
            entries = [e for e in bridge.fdb if e.dev == member]
            learned = sum(1 for e in entries if e.dynamic)
            rows.append([
                name, member, "" if port is None else (port.state or ""),
                "" if port is None or port.cost is None else str(port.cost),
                "" if pvid is None else str(pvid), text,
                f"{len(entries) - learned}/{learned}" if entries else "",
                str(sum(1 for g in bridge.mdb if g.port == member)) if bridge.mdb else "",
            ])
    if not rows:
        return ""
    return "\nBridges\n" + table(
        ["bridge", "port", "state", "cost", "pvid", "vlans", "fdb static/learned", "mdb"],
        rows)


def _vids(vlan: BridgeVlan) -> str:
    return str(vlan.vlan) if vlan.vlan_end is None else f"{vlan.vlan}-{vlan.vlan_end}"
