"""``ip -j addr`` / ``ip -j link`` shaped JSON for parsed links.

Key names, value types and key order are those of iproute2's JSON output, so
``jq`` programs written for ``ip -j`` work on old text captures.  What the
text cannot carry is left out (``link_netnsid`` when the text names the
namespace; ``over_errors`` at ``-s`` in the 5.14+ layout; XDP program names in
``ip addr``).  Two keys are added because the text carries facts JSON lacks:
``link_netns`` (the namespace name of ``link-netns NAME``) and, in the 5.14+
``-s`` layout, ``missed_errors`` (printed where ``overrun`` used to be).
"""

from __future__ import annotations

import re
from typing import Any

from netfacts.models.address import Address
from netfacts.models.ip_addr import IpAddrForm, IpAddrOutput
from netfacts.models.link import Link, LinkStats, VfInfo, VfStats, Xdp
from netfacts.models.link_kinds import has_info_data
from netfacts.models.values import address_text, is_decimal

__all__ = ["address_to_json", "ip_addr_to_json", "link_to_json"]

_XDP_MODES = {"xdp": 1, "xdpdrv": 1, "xdpgeneric": 2, "xdpoffload": 3, "xdpmulti": 4}

_DETAIL_FIELDS = (  # after linkinfo
    "inet6_addr_gen_mode",
    "num_tx_queues",
    "num_rx_queues",
    "gso_max_size",
    "gso_max_segs",
    "tso_max_size",
    "tso_max_segs",
    "gro_max_size",
    "gso_ipv4_max_size",
    "gro_ipv4_max_size",
    "phys_port_name",
    "phys_port_id",
    "phys_switch_id",
    "parentbus",
    "parentdev",
)

_RX_ORDER = (
    "bytes",
    "packets",
    "errors",
    "dropped",
    "over_errors",
    "multicast",
    "compressed",
    "length_errors",
    "crc_errors",
    "frame_errors",
    "fifo_errors",
    "missed_errors",
    "nohandler",
    "otherhost",
)
_TX_ORDER = (
    "bytes",
    "packets",
    "errors",
    "dropped",
    "carrier_errors",
    "collisions",
    "compressed",
    "aborted_errors",
    "fifo_errors",
    "window_errors",
    "heartbeat_errors",
    "carrier_changes",
)


def _index(text: str) -> int | str:
    try:
        return int(text, 0)
    except ValueError:
        return text


def _extra_value(value: str) -> Any:
    if value == "":
        return True
    body = value[1:] if value[:1] == "-" else value
    return int(value) if is_decimal(body) else value


def _xdp(xdp: Xdp) -> dict[str, Any]:
    def prog_json(prog_id: int, prog: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"id": prog_id}
        if prog is not None:
            if prog.name is not None:
                out["name"] = prog.name
            if prog.tag is not None:
                out["tag"] = prog.tag
            out["jited"] = 1 if prog.jited else 0
            if prog.load_time is not None:
                out["load_time"] = prog.load_time
            if prog.created_by_uid is not None:
                out["created_by_uid"] = prog.created_by_uid
        return out

    mode_word = xdp.mode
    mode = _XDP_MODES.get(mode_word)
    if mode is None and mode_word.startswith("xdp[") and mode_word.endswith("]"):
        mode = int(mode_word[4:-1]) if is_decimal(mode_word[4:-1]) else None
    out: dict[str, Any] = {"mode": mode}
    attached: list[dict[str, Any]] = []
    if xdp.progs:
        for prog in xdp.progs:
            # Only xdpmulti names a mode per program; otherwise the header word rules.
            prog_mode = _XDP_MODES.get(prog.mode, mode) if mode == 4 else mode
            attached.append({"mode": prog_mode, "prog": prog_json(prog.id, prog)})
    elif xdp.prog_id is not None:
        attached.append({"mode": mode, "prog": prog_json(xdp.prog_id, None)})
    if mode != 4 and attached:
        out["prog"] = attached[0]["prog"]
    if attached:
        out["attached"] = attached
    return out


def _stats(stats: LinkStats) -> dict[str, Any]:
    rx = {name: getattr(stats.rx, name) for name in _RX_ORDER}
    tx = {name: getattr(stats.tx, name) for name in _TX_ORDER}
    return {
        "rx": {k: v for k, v in rx.items() if v is not None},
        "tx": {k: v for k, v in tx.items() if v is not None},
    }


def address_to_json(address: Address) -> dict[str, Any]:
    """One ``addr_info`` object."""
    out: dict[str, Any] = {"family": address.family.value, "local": address_text(address.local)}
    if address.peer is not None:
        out["address"] = address_text(address.peer)
    if address.prefixlen is not None:
        out["prefixlen"] = address.prefixlen
    if address.metric is not None:
        out["metric"] = address.metric
    if address.broadcast is not None:
        out["broadcast"] = address_text(address.broadcast)
    if address.anycast is not None:
        out["anycast"] = address_text(address.anycast)
    if address.multicast is not None:
        out["multicast"] = address_text(address.multicast)
    if address.scope is not None:
        out["scope"] = address.scope.value
    for flag in address.flags:
        out[flag] = True
    if address.ifa_flags is not None:
        out["ifa_flags"] = address.ifa_flags
    if address.protocol is not None:
        out["protocol"] = address.protocol
    if address.label is not None:
        out["label"] = address.label
    if address.valid_life_time is not None:
        out["valid_life_time"] = address.valid_life_time
    if address.preferred_life_time is not None:
        out["preferred_life_time"] = address.preferred_life_time
    for key, value in address.extra:
        out.setdefault(key, _extra_value(value))
    return out


def _link_ref(link: Link, out: dict[str, Any]) -> None:
    if link.link_index == 0:
        out["link"] = None
    elif link.link_index is not None:
        out["link_index"] = link.link_index
    elif link.link is not None:
        out["link"] = link.link


_HEAD_SCALARS = ("mtu",)
_MID_SCALARS = ("qdisc", "master")
_STATE_SCALARS = ("group", "txqlen", "event", "link_type")
_DETAILS_BEFORE_LINKINFO = ("promiscuity", "allmulti", "min_mtu", "max_mtu")


def link_to_json(link: Link, form: IpAddrForm) -> dict[str, Any]:
    """One interface object as ``ip -j`` prints it for ``form``."""
    if form.style == "brief":
        return _brief_json(link, form)
    out: dict[str, Any] = {}
    if link.extra and ("Deleted", "") in link.extra:
        out["deleted"] = True  # ip monitor's "Deleted" prefix comes first
    if link.ifindex is not None:
        out["ifindex"] = link.ifindex
    if link.link_index is not None or link.link is not None:
        _link_ref(link, out)
    out["ifname"] = link.ifname
    if form.style != "oneline" or form.command == "link":
        out["flags"] = list(link.flags)
    if link.mtu is not None:
        out["mtu"] = link.mtu
    if link.xdp is not None:
        out["xdp"] = _xdp(link.xdp)
    if link.qdisc is not None:
        out["qdisc"] = link.qdisc
    if link.master is not None:
        out["master"] = link.master
    if link.operstate is not None:
        state = link.operstate.value
        if link.operstate.known:
            out["operstate"] = state
        else:  # iproute2 prints an out-of-range state as "state 0x9" and JSON as an index
            out["operstate_index"] = _index(state)
    if link.linkmode is not None:
        if is_decimal(link.linkmode):
            out["linkmode_index"] = int(link.linkmode)
        else:
            out["linkmode"] = link.linkmode
    for name in _STATE_SCALARS:
        value = getattr(link, name)
        if value is not None:
            out[name] = value
    if link.address is not None:
        out["address"] = address_text(link.address)
    if link.pointtopoint:
        out["link_pointtopoint"] = True
    if link.broadcast is not None:
        out["broadcast"] = address_text(link.broadcast)
    if link.permaddr is not None:
        out["permaddr"] = address_text(link.permaddr)
    if link.link_netnsid is not None:
        out["link_netnsid"] = link.link_netnsid
    if link.link_netns is not None:
        out["link_netns"] = link.link_netns
    if link.proto_down:
        out["proto_down"] = True
    if link.proto_down_reason:
        out["proto_down_reason"] = list(link.proto_down_reason)
    details = link.details
    if details is not None:
        for name in _DETAILS_BEFORE_LINKINFO:
            value = getattr(details, name)
            if value is not None:
                out[name] = value
        if details.netns_immutable:
            out["netns-immutable"] = True
    if link.linkinfo is not None:
        out["linkinfo"] = _linkinfo(link)
    if details is not None:
        for name in _DETAIL_FIELDS:
            value = getattr(details, name)
            if value is not None:
                out[name] = value
    if link.ifalias is not None:
        out["ifalias"] = link.ifalias
    if link.stats is not None and form.command == "link":
        out["stats64"] = _stats(link.stats)
    if link.vfs:
        out["vfinfo_list"] = [_vf(vf) for vf in link.vfs]
    if link.altnames:
        out["altnames"] = list(link.altnames)
    if link.extra:
        for key, value in link.extra:
            if key != "Deleted":
                out.setdefault(key, _extra_value(value))
    if link.unknown_lines:
        out["unknown_lines"] = list(link.unknown_lines)
    if form.command == "addr":
        out["addr_info"] = [address_to_json(address) for address in link.addresses]
        if link.stats is not None:
            out["stats64"] = _stats(link.stats)
    return out


def _linkinfo(link: Link) -> dict[str, Any]:
    info = link.linkinfo
    assert info is not None
    linkinfo: dict[str, Any] = {}
    if info.kind is not None:
        linkinfo["info_kind"] = info.kind
        if info.attributes or has_info_data(info.kind):
            linkinfo["info_data"] = info.data
    if info.slave_kind is not None:
        linkinfo["info_slave_kind"] = info.slave_kind
        if info.slave_attributes or has_info_data(f"{info.slave_kind}_slave"):
            linkinfo["info_slave_data"] = info.slave_data
    return linkinfo


def _brief_json(link: Link, form: IpAddrForm) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _link_ref(link, out)
    out["ifname"] = link.ifname
    if link.operstate is not None:
        out["operstate"] = link.operstate.value
    if form.command == "link":
        if link.address is not None:
            out["address"] = address_text(link.address)
        out["flags"] = list(link.flags)
        return out
    items = []
    for address in link.addresses:
        item: dict[str, Any] = {"local": address_text(address.local)}
        if address.peer is not None:
            item["address"] = address_text(address.peer)
        item["prefixlen"] = address.prefixlen
        if address.metric is not None:
            item["metric"] = address.metric
        items.append(item)
    out["addr_info"] = items
    return out


_VF_SETTINGS: tuple[tuple[re.Pattern[str], str, Any], ...] = tuple(
    (re.compile(pattern), key, convert)
    for pattern, key, convert in (
        (r"vlan ([0-9]{1,10})", "vlan", int),
        (r"qos ([0-9]{1,10})", "qos", int),
        (r"vlan protocol (\S+)", "protocol", str),
        (r"tx rate ([0-9]{1,10}) \(Mbps\)", "tx_rate", int),
        (r"max_tx_rate ([0-9]{1,10})Mbps", "rate.max_tx", int),
        (r"min_tx_rate ([0-9]{1,10})Mbps", "rate.min_tx", int),
        (r"spoof checking (on|off)", "spoofchk", "on".__eq__),
        (r"link-state (\S+)", "link_state", str),
        (r"trust (on|off)", "trust", "on".__eq__),
        (r"query_rss (on|off)", "query_rss_en", "on".__eq__),
        (r"node guid (\S+)", "node guid", str),
        (r"port guid (\S+)", "port guid", str),
    )
)
"""VF settings phrase -> ``vfinfo_list`` key (iproute2 ``print_vfinfo``)."""


def _vf(vf: VfInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"vf": vf.vf}
    if vf.link_type is None and vf.address is not None:
        out["mac"] = address_text(vf.address)  # the "vf N MAC ..." form of iproute2 < 4.15
    if vf.link_type is not None:
        out["link_type"] = vf.link_type
        if vf.address is not None:
            out["address"] = address_text(vf.address)
        if vf.broadcast is not None:
            out["broadcast"] = address_text(vf.broadcast)
    for phrase in vf.settings:
        for pattern, key, convert in _VF_SETTINGS:
            match = pattern.fullmatch(phrase)
            if match is not None:
                value = convert(match.group(1))
                if key.startswith("rate."):
                    out.setdefault("rate", {})[key[5:]] = value
                else:
                    out[key] = value
                break
        else:
            out.setdefault("unknown_settings", []).append(phrase)
    if vf.stats is not None:
        out["stats"] = _vf_stats(vf.stats)
    return out


def _vf_stats(stats: VfStats) -> dict[str, Any]:
    """``vfinfo_list[].stats`` as iproute2's ``print_vf_stats64`` writes it (its TX keys
    really are ``tx_bytes``/``tx_packets``)."""
    rx = {key: getattr(stats, field) for key, field in (
        ("bytes", "rx_bytes"), ("packets", "rx_packets"), ("multicast", "multicast"),
        ("broadcast", "broadcast"), ("dropped", "rx_dropped"))
        if getattr(stats, field) is not None}
    tx = {key: getattr(stats, field) for key, field in (
        ("tx_bytes", "tx_bytes"), ("tx_packets", "tx_packets"), ("dropped", "tx_dropped"))
        if getattr(stats, field) is not None}
    return {"rx": rx, "tx": tx}


def ip_addr_to_json(output: IpAddrOutput) -> list[dict[str, Any]]:
    """The JSON array ``ip -j`` prints for the same command and state."""
    return [link_to_json(link, output.form) for link in output.links]


_SNAPSHOT_FORM = IpAddrForm(command="addr")


def snapshot_view(link: Link) -> dict[str, Any]:
    """One interface in a snapshot file: as ``ip -j addr`` prints it."""
    return link_to_json(link, _SNAPSHOT_FORM)
