"""Render links back to ``ip addr`` / ``ip link`` text in the form they came from.

The output follows iproute2 6.x layout (statistics in the layout recorded in
the form); :func:`netfacts.parse` of the result gives back equal models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from netfacts.grammar import ip_addr as g
from netfacts.grammar._keywords import Key, text_members
from netfacts.models.address import Address
from netfacts.models.ip_addr import IpAddrForm, IpAddrOutput
from netfacts.models.link import Link, LinkDetails, LinkStats, VfStats
from netfacts.models.values import FOREVER

__all__ = ["render_ip_addr"]


def _namepart(link: Link) -> str:
    if link.link_index == 0:
        return f"{link.ifname}@NONE"
    if link.link_index is not None:
        return f"{link.ifname}@if{link.link_index}"
    if link.link is not None:
        return f"{link.ifname}@{link.link}"
    return link.ifname


def _extra(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f" {key} {value}" if value else f" {key}" for key, value in pairs)


_XDP_SLOT = g.LINK_LAYOUT.index["xdp"]
_HEADER_PRINT = tuple(key for key in g.LINK_LAYOUT.keys if key.field == "xdp" or (
    key.keyword in g.HEADER_KEYS and key.field not in ("link_netns", "link_netnsid")))
"""The header attributes after the flags, in print order (the field table's); the
namespace is printed apart (only ``ip -4``/``-6 addr`` move it to the header)."""


def _xdp_word(row: Sequence[Any]) -> str:
    xdp = row[_XDP_SLOT]
    if xdp is None:
        return ""
    word: str = xdp.mode
    if xdp.prog_id is not None:
        word += f"/id:{xdp.prog_id}"
    return " " + word


def _header(link: Link, form: IpAddrForm) -> str:
    deleted = any(key == "Deleted" for key, _ in link.extra)
    parts = [f"{'Deleted ' if deleted else ''}{link.ifindex}: {_namepart(link)}: "]
    parts.append("<" + ",".join(link.flags) + ">")
    text_members(parts, g.link_row(link), g.LINK_LAYOUT.index, _HEADER_PRINT,
                 hooks={"xdp": _xdp_word})
    if form.family is not None:
        parts.append(_netns(link))
    parts.append(_extra((k, v) for k, v in link.extra if k != "Deleted"))
    return "".join(parts)


def _netns(link: Link) -> str:
    if link.link_netns is not None:
        return f" link-netns {link.link_netns}"
    if link.link_netnsid is not None:
        value = "unknown" if link.link_netnsid < 0 else str(link.link_netnsid)
        return f" link-netnsid {value}"
    return ""


_DETAILS = tuple(g.DETAIL_FIELDS.values())
_DETAIL_HEAD = _DETAILS[:g.DETAILS_BEFORE_LINKINFO]
_DETAIL_TAIL = _DETAILS[g.DETAILS_BEFORE_LINKINFO:]


def _details_text(details: LinkDetails, keys: Iterable[Key]) -> str:
    """`` keyword value`` of each ``-d`` attribute that is set, in the table's order."""
    parts = []
    for key in keys:
        value = getattr(details, key.field)
        if value is not None and value != key.default:
            parts.append(" " + key.text(value))
    return "".join(parts)


def _detail_tail(link: Link) -> str:
    if link.details is None:
        return ""
    return _details_text(link.details, _DETAIL_TAIL)


def _link_line(link: Link) -> str:
    parts = [f"    link/{link.link_type}"]
    if link.address is not None:
        parts.append(f" {link.address}")
    if link.broadcast is not None:
        parts.append(f" {'peer' if link.pointtopoint else 'brd'} {link.broadcast}")
    if link.permaddr is not None:
        parts.append(f" permaddr {link.permaddr}")
    parts.append(_netns(link))
    if link.proto_down:
        parts.append(" protodown on")
        if link.proto_down_reason:
            parts.append(" protodown_reason <" + ",".join(link.proto_down_reason) + ">")
    if link.details is not None:
        parts.append(_details_text(link.details, _DETAIL_HEAD))
    info = link.linkinfo
    if info is None or (info.kind is None and info.slave_kind is None):
        parts.append(_detail_tail(link))
    return "".join(parts)


def _kind_lines(link: Link) -> list[str]:
    info = link.linkinfo
    if info is None:
        return []
    lines = []
    if info.kind is not None:
        lines.append(f"    {info.kind}" + _attributes(info.attributes))
    if info.slave_kind is not None:
        lines.append(f"    {info.slave_kind}_slave" + _attributes(info.slave_attributes))
    if lines:
        lines[-1] += _detail_tail(link)
    return lines


def _attributes(attributes: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    return "".join(" " + " ".join((keyword, *values)) for keyword, values in attributes)


_ADDRESS_PRINT = tuple(key for key in g.ADDRESS_LAYOUT.keys if key.read)
"""The attributes of an address line after ``local/plen``, in print order (the field
table's); unknown attributes and the IPv4 label follow."""


def _address_body(address: Address) -> str:
    parts = [f"{address.family.value} {address.local}"]
    if address.peer is not None:
        parts.append(f" peer {address.peer}")
    parts.append(f"/{address.prefixlen}")
    text_members(parts, g.address_row(address), g.ADDRESS_LAYOUT.index, _ADDRESS_PRINT)
    parts.append(_extra(address.extra))
    if address.label is not None:
        parts.append(f" {address.label}")
    return "".join(parts)


def _lifetime(value: int) -> str:
    return "forever" if value == FOREVER else f"{value}sec"


def _lifetime_line(address: Address) -> str | None:
    if address.valid_life_time is None or address.preferred_life_time is None:
        return None
    valid = _lifetime(address.valid_life_time)
    preferred = _lifetime(address.preferred_life_time)
    return f"       valid_lft {valid} preferred_lft {preferred}"


_RX1_A = (("bytes", "bytes"), ("packets", "packets"), ("errors", "errors"),
          ("dropped", "dropped"), ("overrun", "over_errors"), ("mcast", "multicast"),
          ("compressed", "compressed"))
_RX1_B = (("bytes", "bytes"), ("packets", "packets"), ("errors", "errors"),
          ("dropped", "dropped"), ("missed", "missed_errors"), ("mcast", "multicast"),
          ("compressed", "compressed"))
_RX2_A = (("length", "length_errors"), ("crc", "crc_errors"), ("frame", "frame_errors"),
          ("fifo", "fifo_errors"), ("missed", "missed_errors"), ("nohandler", "nohandler"),
          ("otherhost", "otherhost"))
_RX2_B = (("length", "length_errors"), ("crc", "crc_errors"), ("frame", "frame_errors"),
          ("fifo", "fifo_errors"), ("overrun", "over_errors"), ("nohandler", "nohandler"),
          ("otherhost", "otherhost"))
_TX1 = (("bytes", "bytes"), ("packets", "packets"), ("errors", "errors"),
        ("dropped", "dropped"), ("carrier", "carrier_errors"), ("collsns", "collisions"),
        ("compressed", "compressed"))
_TX2_A = (("aborted", "aborted_errors"), ("fifo", "fifo_errors"), ("window", "window_errors"),
          ("heartbeat", "heartbeat_errors"), ("transns", "carrier_changes"))
_TX2_B = (("aborted", "aborted_errors"), ("fifo", "fifo_errors"), ("window", "window_errors"),
          ("heartbt", "heartbeat_errors"), ("transns", "carrier_changes"))


def _stats_block(title: str, columns: tuple[tuple[str, str], ...], source: object,
                 layout: str) -> list[str]:
    names: list[str] = []
    values: list[str] = []
    for name, field in columns:
        value = getattr(source, field)
        if value is not None:
            names.append(name)
            values.append(str(value))
    if not names:
        return []
    if layout == "A":
        head = f"    {title} " + " ".join(f"{n:<8}" for n in names)
        pad = " " * (len(title) + 5)
        body = (pad if " errors" in title else "    ") + " ".join(f"{v:<8}" for v in values)
        return [head.rstrip(), body.rstrip()]
    widths = [max(len(n), len(v), 6) for n, v in zip(names, values)]
    head = f"    {title}" + "".join(f" {n:>{w}}" for n, w in zip(names, widths))
    body = " " * (len(title) + 4) + "".join(f" {v:>{w}}" for v, w in zip(values, widths))
    return [head, body]


def _stats_lines(stats: LinkStats, form: IpAddrForm) -> list[str]:
    layout = form.stats_layout
    lines = _stats_block("RX:", _RX1_A if layout == "A" else _RX1_B, stats.rx, layout)
    if form.stats > 1:
        lines += _stats_block("RX errors:", _RX2_A if layout == "A" else _RX2_B, stats.rx, layout)
    lines += _stats_block("TX:", _TX1, stats.tx, layout)
    if form.stats > 1:
        lines += _stats_block("TX errors:", _TX2_A if layout == "A" else _TX2_B, stats.tx, layout)
    return lines


def _xdp_lines(link: Link) -> list[str]:
    if link.xdp is None:
        return []
    lines = []
    for prog in link.xdp.progs:
        parts = [f"    prog/{prog.mode} id {prog.id}"]
        if prog.name is not None:
            parts.append(f" name {prog.name}")
        if prog.tag is not None:
            parts.append(f" tag {prog.tag}")
        if prog.jited:
            parts.append(" jited")
        if prog.load_time is not None:
            parts.append(f" load_time {prog.load_time}")
        if prog.created_by_uid is not None:
            parts.append(f" created_by_uid {prog.created_by_uid}")
        parts.append(_extra(prog.extra))
        lines.append("".join(parts))
    return lines


def _vf_lines(link: Link) -> list[str]:
    lines = []
    for vf in link.vfs:
        head = f"    vf {vf.vf}"
        if vf.link_type is not None:
            head += f"     link/{vf.link_type}"
            if vf.address is not None:
                head += f" {vf.address}"
            if vf.broadcast is not None:
                head += f" brd {vf.broadcast}"
        elif vf.address is not None:
            head += f" MAC {vf.address}"
        lines.append(", ".join([head, *vf.settings]))
        if vf.stats is not None:
            lines += _vf_stats_lines(vf.stats)
    return lines


def _vf_stats_lines(stats: VfStats) -> list[str]:
    """The counters under a ``vf N`` line, laid out as ``print_vf_stats64`` prints them."""
    rx = [(stats.rx_bytes, 10), (stats.rx_packets, 8), (stats.multicast, 7),
          (stats.broadcast, 7)]
    tx = [(stats.tx_bytes, 10), (stats.tx_packets, 8)]
    rx_head = "    RX: bytes  packets  mcast   bcast "
    tx_head = "    TX: bytes  packets "
    if stats.rx_dropped is not None:
        rx_head += "  dropped "
        rx.append((stats.rx_dropped, 8))
    if stats.tx_dropped is not None:
        tx_head += "  dropped "
        tx.append((stats.tx_dropped, 8))
    lines = []
    for head, values in ((rx_head, rx), (tx_head, tx)):
        lines.append(head.rstrip())
        lines.append("    " + "".join(f"{'' if v is None else v!s:<{w}} " for v, w in values)
                     .rstrip())
    return lines


def _record_lines(link: Link, form: IpAddrForm) -> list[str]:
    lines = [_header(link, form)]
    if form.family is None and link.link_type is not None:
        lines.append(_link_line(link))
    lines += _kind_lines(link)
    if link.ifalias is not None:
        lines.append(f"    alias {link.ifalias}")
    lines += _xdp_lines(link)
    if form.command == "link" and link.stats is not None:
        lines += _stats_lines(link.stats, form)
    lines += _vf_lines(link)
    lines += [f"    altname {name}" for name in link.altnames]
    lines += ["    " + line for line in link.unknown_lines]
    for address in link.addresses:
        lines.append("    " + _address_body(address))
        lifetime = _lifetime_line(address)
        if lifetime is not None:
            lines.append(lifetime)
    if form.command == "addr" and link.stats is not None:
        lines += _stats_lines(link.stats, form)
    return lines


def _brief_line(link: Link, form: IpAddrForm) -> str:
    state = link.operstate.value if link.operstate is not None else "UNKNOWN"
    head = f"{_namepart(link):<16} {state:<14} "
    if form.command == "link":
        mac = f"{link.address} " if link.address is not None else ""
        return f"{head}{mac}<{','.join(link.flags)}> "
    items = []
    for address in link.addresses:
        item = str(address.local)
        if address.peer is not None:
            item += f" peer {address.peer}"
        item += f"/{address.prefixlen}"
        if address.metric is not None:
            item += f" metric {address.metric}"
        items.append(item + " ")
    return head + "".join(items)


def render_ip_addr(output: IpAddrOutput) -> str:
    """Text of ``output`` in its own form (``output.form``)."""
    form = output.form
    lines: list[str] = []
    for link in output.links:
        if form.style == "brief":
            lines.append(_brief_line(link, form))
        elif form.style == "oneline" and form.command == "addr":
            prefix = f"{link.ifindex}: {link.ifname}    "
            for address in link.addresses:
                line = prefix + _address_body(address)
                lifetime = _lifetime_line(address)
                if lifetime is not None:
                    line += "\\" + lifetime
                lines.append(line)
        elif form.style == "oneline":
            lines.append("\\".join(_record_lines(link, form)))
        else:
            lines += _record_lines(link, form)
    return "".join(line + "\n" for line in lines)
