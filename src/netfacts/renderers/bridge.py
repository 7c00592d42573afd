"""Render ``bridge link``, ``fdb``, ``vlan`` and ``mdb`` text (iproute2 6.1 layout, and the
tab-separated layouts of iproute2 before 4.15 where the output says it came from one).

Every attribute is printed as iproute2 prints it (``key value `` with a blank after it), so
lines end with a blank where the tool's do.  mdb lines follow 6.1: the blank iproute2 4.x
printed after the state word is not reproduced.
"""

from __future__ import annotations

from netfacts.models.bridge import (
    BridgeFdbOutput,
    BridgeLinkOutput,
    BridgeMdbOutput,
    BridgePort,
    BridgeVlan,
    BridgeVlanOutput,
    FdbEntry,
    MdbEntry,
)
from netfacts.models.values import address_text

__all__ = [
    "render_bridge_fdb",
    "render_bridge_link",
    "render_bridge_mdb",
    "render_bridge_vlan",
    "render_fdb_entry",
    "render_mdb_entry",
    "render_port",
]

_IFNAMSIZ = 16


def _messages(messages: tuple[str, ...]) -> str:
    """The command's error lines (sos stores stderr first: they were printed before the
    listing in every capture seen)."""
    return "".join(f"{message}\n" for message in messages)


def _pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"{key} {value} " if value else f"{key} " for key, value in pairs)


def render_port(port: BridgePort, *, legacy: bool = False) -> str:
    """The line(s) of one port."""
    head = f"{'Deleted ' if port.deleted else ''}{port.ifindex}: {port.ifname}"
    if legacy:
        head += " " + (f"state {port.operstate} " if port.operstate is not None else "")
    if port.link is not None:
        head += f"@{port.link}"
    parts = [f"{head}: <{','.join(port.flags)}> "]
    for key in ("mtu", "master", "state", "priority", "cost"):
        value = getattr(port, key)
        if value is not None:
            parts.append(f"{key} {value} ")
    parts.append(_pairs(port.extra))
    if port.hwmode is not None:
        parts.append(f"hwmode {port.hwmode} ")
    parts.append("\n")
    if port.options:
        parts.append(f"    {_pairs(port.options)}\n")
    return "".join(parts)


def render_bridge_link(output: BridgeLinkOutput) -> str:
    return _messages(output.messages) + "".join(
        render_port(port, legacy=output.legacy) for port in output.ports)


def render_fdb_entry(entry: FdbEntry) -> str:
    """The line of one fdb entry."""
    parts = ["Deleted " if entry.deleted else "", f"{entry.mac} "]
    if entry.dev is not None:
        parts.append(f"dev {entry.dev} ")
    if entry.dst is not None:
        parts.append(f"dst {address_text(entry.dst)} ")
    for key in ("vlan", "port", "vni", "src_vni", "via"):
        value = getattr(entry, key)
        if value is not None:
            parts.append(f"{key} {value} ")
    if entry.via_ifindex is not None:
        parts.append(f"via ifindex {entry.via_ifindex} ")
    if entry.nhid is not None:
        parts.append(f"nhid {entry.nhid} ")
    if entry.link_netnsid is not None:
        parts.append(f"link-netnsid {entry.link_netnsid} ")
    if entry.used is not None or entry.updated is not None:
        parts.append(f"used {entry.used or 0}/{entry.updated or 0} ")
    parts.extend(f"{flag} " for flag in entry.flags)
    if entry.master is not None:
        parts.append(f"master {entry.master} ")
    parts.append(_pairs(entry.extra))
    parts.append(f"{entry.state}\n")
    return "".join(parts)


def render_bridge_fdb(output: BridgeFdbOutput) -> str:
    return _messages(output.messages) + "".join(
        render_fdb_entry(entry) for entry in output.entries)


def _vlan_head(vlan: BridgeVlan) -> str:
    text = str(vlan.vlan)
    if vlan.vlan_end is not None:
        text += f"-{vlan.vlan_end}"
    if vlan.pvid:
        text += " PVID"
    if vlan.untagged:
        text += " Egress Untagged"
    return text


def render_bridge_vlan(output: BridgeVlanOutput) -> str:
    """The listing: header, then each port's VLANs (a port's name on its first line)."""
    if output.legacy:
        return _messages(output.messages) + _render_legacy_vlans(output)
    lines = [_messages(output.messages)]
    if output.stats:
        lines.append(f"{'port':<{_IFNAMSIZ}}  vlan-id\n")
    else:
        lines.append(f"{'port':<{_IFNAMSIZ}}  {'vlan-id':<9}\n")
    previous: str | None = None
    for vlan in output.vlans:
        name = vlan.port if vlan.port != previous else ""
        previous = vlan.port
        lines.append(f"{name:<{_IFNAMSIZ}}  {_vlan_head(vlan)}\n")
        if vlan.options:
            lines.append(f"{'':<{_IFNAMSIZ}}    {_pairs(vlan.options)}\n")
        if vlan.stats is not None:
            s = vlan.stats
            lines.append(f"{'':<{_IFNAMSIZ}}    RX: {s.rx_bytes} bytes {s.rx_packets} packets\n")
            lines.append(f"{'':<{_IFNAMSIZ}}    TX: {s.tx_bytes} bytes {s.tx_packets} packets\n")
    return "".join(lines)


def _render_legacy_vlans(output: BridgeVlanOutput) -> str:
    lines = ["port\tvlan ids\n"]
    lines.extend(f"{port}\tNone\n" for port in output.none)
    previous: str | None = None
    for vlan in output.vlans:
        if vlan.port != previous:
            if previous is not None:
                lines.append("\n")
            lines.append(f"{vlan.port}\t {_vlan_head(vlan)}\n")
            previous = vlan.port
        else:
            lines.append(f"\t {_vlan_head(vlan)}\n")
    if previous is not None:
        lines.append("\n")
    return "".join(lines)


def render_mdb_entry(entry: MdbEntry) -> str:
    """The line of one group membership."""
    parts = ["Deleted " if entry.deleted else "",
             f"dev {entry.dev} port {entry.port} grp {address_text(entry.grp)}"]
    if entry.src is not None:
        parts.append(f" src {address_text(entry.src)}")
    parts.append(f" {entry.state}")
    parts.extend(f" {flag}" for flag in entry.flags)
    if entry.filter_mode is not None:
        parts.append(f" filter_mode {entry.filter_mode}")
    if entry.protocol is not None:
        parts.append(f" proto {entry.protocol} ")
    parts.extend(f" {key} {value}" if value else f" {key}" for key, value in entry.extra)
    if entry.vid is not None:
        parts.append(f" vid {entry.vid}")
    if entry.timer is not None:
        parts.append(f" {entry.timer:7.2f}")
    parts.append("\n")
    return "".join(parts)


def render_bridge_mdb(output: BridgeMdbOutput) -> str:
    """Entries, then the router ports (one line per bridge, or one per port with ``-s``)."""
    lines = [_messages(output.messages)]
    lines.extend(render_mdb_entry(entry) for entry in output.entries)
    grouped: dict[str, list[str]] = {}
    for router in output.routers:
        if router.timer is not None:
            kind = f" {router.type}" if router.type is not None else ""
            lines.append(f"router ports on {router.dev}: {router.port} "
                         f"{router.timer:7.2f}{kind}\n")
        else:
            grouped.setdefault(router.dev, []).append(router.port)
    lines.extend(f"router ports on {dev}: {''.join(p + ' ' for p in ports)}\n"
                 for dev, ports in grouped.items())
    return "".join(lines)
