"""``bridge`` JSON, shaped like ``bridge -j`` (iproute2 6.1) for link, fdb, vlan and mdb.

* ``bridge -j link``: a list of ``{"ifindex", "ifname", "link", "flags", "mtu", "master",
  "state", "priority", "cost", <-d options>, "hwmode"}``; ``-d`` options ``on``/``off``
  become booleans and numbers numbers; a state iproute2 prints as ``(N)`` is the number.
* ``bridge -j fdb``: a list of ``{"mac", "ifname", "dst", "vlan", "port", "vni",
  "src_vni", "viaIf" | "viaIfIndex", "nhid", "linkNetNsId", "used", "updated", "flags",
  "master", "state"}``; ``flags`` is always there (``[]``), ``state`` is ``""`` for a
  dynamic entry.
* ``bridge -j vlan``: ``[{"ifname", "vlans": [{"vlan", "vlanEnd", "flags", <-d
  options>}]}]``; with ``-s`` the entries are ``{"vid", "flags", "rx_bytes",
  "rx_packets", "tx_bytes", "tx_packets"}``.
* ``bridge -j mdb``: ``[{"mdb": [{"dev", "port", "grp", "src", "state", "filter_mode",
  "protocol", "flags", "vid", "timer"}], "router": {BR: [{"port", "timer", "type"}]}}]``;
  ``timer`` is the text iproute2 prints (``"   0.00"``).

Asymmetries (the text does not say): mdb entries have no ``index`` (the bridge's
ifindex); ``bridge -j fdb show dev X`` leaves ``ifname`` out as the text does; fields of
the iproute2 3.10-4.14 layouts that ``bridge -j`` never printed keep these names:
``operstate`` (link), the ``None`` ports of ``vlan`` are left out.  Attributes not known
here are kept: a word with a value as ``key: value`` (numbers as numbers), a lone word as
a flag.
"""

from __future__ import annotations

from typing import Any

from netfacts.models.bridge import (
    BridgeFdbOutput,
    BridgeLinkOutput,
    BridgeMdbOutput,
    BridgePort,
    BridgeVlan,
    BridgeVlanOutput,
    FdbEntry,
    MdbEntry,
    MdbRouter,
)
from netfacts.models.values import address_text, is_decimal

__all__ = [
    "bridge_fdb_to_json",
    "bridge_link_to_json",
    "bridge_mdb_to_json",
    "bridge_vlan_to_json",
    "fdb_entry_to_json",
    "mdb_entry_to_json",
    "port_to_json",
    "timer_text",
    "vlan_to_json",
]


def _value(text: str) -> bool | int | str:
    if text in ("on", "off"):
        return text == "on"
    if is_decimal(text):
        return int(text)
    return text


def _extra(data: dict[str, Any], pairs: tuple[tuple[str, str], ...]) -> None:
    for key, value in pairs:
        if key not in data:
            data[key] = _value(value) if value else True


def port_to_json(port: BridgePort) -> dict[str, Any]:
    """One ``bridge -j link`` entry."""
    data: dict[str, Any] = {}
    if port.deleted:
        data["deleted"] = True
    data["ifindex"] = port.ifindex
    data["ifname"] = port.ifname
    if port.link is not None:
        data["link"] = port.link
    if port.operstate is not None:
        data["operstate"] = port.operstate
    data["flags"] = list(port.flags)
    for key in ("mtu", "master"):
        value = getattr(port, key)
        if value is not None:
            data[key] = value
    if port.state is not None:
        state = port.state
        data["state"] = int(state[1:-1]) if state[:1] == "(" and is_decimal(state[1:-1]) \
            else state
    for key in ("priority", "cost"):
        value = getattr(port, key)
        if value is not None:
            data[key] = value
    for key, value in port.options:
        data[key] = _value(value)
    _extra(data, port.extra)
    if port.hwmode is not None:
        data["hwmode"] = port.hwmode
    return data


def bridge_link_to_json(output: BridgeLinkOutput) -> list[dict[str, Any]]:
    """The ``bridge -j link show`` list."""
    return [port_to_json(port) for port in output.ports]


def fdb_entry_to_json(entry: FdbEntry) -> dict[str, Any]:
    """One ``bridge -j fdb`` entry."""
    data: dict[str, Any] = {}
    if entry.deleted:
        data["deleted"] = True
    data["mac"] = str(entry.mac)
    if entry.dev is not None:
        data["ifname"] = entry.dev
    if entry.dst is not None:
        data["dst"] = address_text(entry.dst)
    for key in ("vlan", "port", "vni", "src_vni"):
        value = getattr(entry, key)
        if value is not None:
            data[key] = value
    if entry.via is not None:
        data["viaIf"] = entry.via
    if entry.via_ifindex is not None:
        data["viaIfIndex"] = entry.via_ifindex
    if entry.nhid is not None:
        data["nhid"] = entry.nhid
    if entry.link_netnsid is not None:
        data["linkNetNsId"] = entry.link_netnsid
    if entry.used is not None:
        data["used"] = entry.used
    if entry.updated is not None:
        data["updated"] = entry.updated
    data["flags"] = list(entry.flags)
    if entry.master is not None:
        data["master"] = entry.master
    data["state"] = entry.state
    _extra(data, entry.extra)
    return data


def bridge_fdb_to_json(output: BridgeFdbOutput) -> list[dict[str, Any]]:
    """The ``bridge -j fdb show`` list."""
    return [fdb_entry_to_json(entry) for entry in output.entries]


def vlan_to_json(vlan: BridgeVlan, *, stats: bool = False) -> dict[str, Any]:
    """One entry of a port's ``vlans`` list (the ``-s`` shape when ``stats``)."""
    flags = [name for name, on in (("PVID", vlan.pvid), ("Egress Untagged", vlan.untagged))
             if on]
    if stats and vlan.stats is not None:
        data: dict[str, Any] = {"vid": vlan.vlan}
        if flags:
            data["flags"] = flags
        counters = vlan.stats
        data.update(rx_bytes=counters.rx_bytes, rx_packets=counters.rx_packets,
                    tx_bytes=counters.tx_bytes, tx_packets=counters.tx_packets)
        return data
    data = {"vlan": vlan.vlan}
    if vlan.vlan_end is not None:
        data["vlanEnd"] = vlan.vlan_end
    if flags:
        data["flags"] = flags
    for key, value in vlan.options:
        data[key] = _value(value)
    return data


def bridge_vlan_to_json(output: BridgeVlanOutput) -> list[dict[str, Any]]:
    """The ``bridge -j vlan show`` list: one object per port, its VLANs in order."""
    ports: list[dict[str, Any]] = []
    for vlan in output.vlans:
        if not ports or ports[-1]["ifname"] != vlan.port:
            ports.append({"ifname": vlan.port, "vlans": []})
        ports[-1]["vlans"].append(vlan_to_json(vlan, stats=output.stats))
    return ports


def timer_text(seconds: float) -> str:
    """A timer as iproute2 prints it (``%4d.%02d``: ``"   0.00"``, ``" 259.82"``)."""
    return f"{seconds:7.2f}"


def mdb_entry_to_json(entry: MdbEntry) -> dict[str, Any]:
    """One entry of ``bridge -j mdb``'s ``mdb`` list."""
    data: dict[str, Any] = {}
    if entry.deleted:
        data["deleted"] = True
    data.update(dev=entry.dev, port=entry.port, grp=address_text(entry.grp))
    if entry.src is not None:
        data["src"] = address_text(entry.src)
    data["state"] = entry.state
    if entry.filter_mode is not None:
        data["filter_mode"] = entry.filter_mode
    if entry.protocol is not None:
        data["protocol"] = entry.protocol
    data["flags"] = list(entry.flags)
    if entry.vid is not None:
        data["vid"] = entry.vid
    _extra(data, entry.extra)
    if entry.timer is not None:
        data["timer"] = timer_text(entry.timer)
    return data


def router_to_json(router: MdbRouter) -> dict[str, Any]:
    data: dict[str, Any] = {"port": router.port}
    if router.timer is not None:
        data["timer"] = timer_text(router.timer)
    if router.type is not None:
        data["type"] = router.type
    return data


def bridge_mdb_to_json(output: BridgeMdbOutput) -> list[dict[str, Any]]:
    """The ``bridge -j mdb show`` list (one object: ``mdb`` entries and ``router`` ports)."""
    routers: dict[str, list[dict[str, Any]]] = {}
    for router in output.routers:
        routers.setdefault(router.dev, []).append(router_to_json(router))
    return [{"mdb": [mdb_entry_to_json(entry) for entry in output.entries],
             "router": routers}]
