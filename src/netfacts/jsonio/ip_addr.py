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

import functools
import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from netfacts.grammar import ip_addr as g
from netfacts.grammar._keywords import Key
from netfacts.grammar.ip_addr import address_row, link_row, link_rows
from netfacts.jsonio._fields import object_writer
from netfacts.jsonio._text_writer import (
    TextHook,
    array_pieces,
    dumps,
    member,
    text_writer,
    value_text,
)
from netfacts.models.address import Address
from netfacts.models.ip_addr import IpAddrForm, IpAddrOutput
from netfacts.models.link import (
    Link,
    LinkDetails,
    LinkInfo,
    LinkStats,
    OperState,
    VfInfo,
    VfStats,
    Xdp,
)
from netfacts.models.link_kinds import has_info_data
from netfacts.models.values import address_text, is_decimal

if TYPE_CHECKING:
    from netfacts.errors import Diagnostic

__all__ = ["address_to_json", "ip_addr_direct_json", "ip_addr_to_json", "ip_addr_to_json_text",
           "link_to_json"]

Row = tuple[Any, ...]

_XDP_MODES = {"xdp": 1, "xdpdrv": 1, "xdpgeneric": 2, "xdpoffload": 3, "xdpmulti": 4}

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


# ---------------------------------------------------------------- addresses

_A = g.ADDRESS_LAYOUT.index
_A_FLAGS, _A_EXTRA = _A["flags"], _A["extra"]


def _address_flags(out: dict[str, Any], row: Row) -> None:
    for flag in row[_A_FLAGS] or ():
        out[flag] = True


def _address_extra(out: dict[str, Any], row: Row) -> None:
    for key, value in row[_A_EXTRA] or ():
        out.setdefault(key, _extra_value(value))


_ADDRESS = object_writer(g.ADDRESS_LAYOUT, hooks={"flags": _address_flags,
                                                  "extra": _address_extra})
"""Address row → ``addr_info`` object, as the field table says."""


def address_to_json(address: Address) -> dict[str, Any]:
    """One ``addr_info`` object."""
    return _ADDRESS(address_row(address))


# ---------------------------------------------------------------- interfaces

_L = g.LINK_LAYOUT.index
_LINK_INDEX, _LINK, _XDP, _OPERSTATE, _LINKMODE, _DETAILS, _LINKINFO, _STATS, _VFS = (
    _L["link_index"], _L["link"], _L["xdp"], _L["operstate"], _L["linkmode"], _L["details"],
    _L["linkinfo"], _L["stats"], _L["vfs"])
_EXTRA, _ADDRESSES = _L["extra"], _L["addresses"]
_KNOWN_STATES = frozenset(state.value for state in OperState)
_DETAILS_HEAD = tuple(g.DETAIL_FIELDS.values())[:g.DETAILS_BEFORE_LINKINFO]
_DETAILS_TAIL = tuple(g.DETAIL_FIELDS.values())[g.DETAILS_BEFORE_LINKINFO:]


def _link_ref(out: dict[str, Any], row: Row) -> None:
    link_index = row[_LINK_INDEX]
    if link_index == 0:
        out["link"] = None
    elif link_index is not None:
        out["link_index"] = link_index
    elif row[_LINK] is not None:
        out["link"] = row[_LINK]


def _xdp_member(out: dict[str, Any], row: Row) -> None:
    if row[_XDP] is not None:
        out["xdp"] = _xdp(row[_XDP])


def _operstate(out: dict[str, Any], row: Row) -> None:
    state = row[_OPERSTATE]
    if state is not None:
        if state in _KNOWN_STATES:
            out["operstate"] = state
        else:  # iproute2 prints an out-of-range state as "state 0x9" and JSON as an index
            out["operstate_index"] = _index(state)


def _linkmode(out: dict[str, Any], row: Row) -> None:
    mode = row[_LINKMODE]
    if mode is not None:
        if is_decimal(mode):
            out["linkmode_index"] = int(mode)
        else:
            out["linkmode"] = mode


def _details(out: dict[str, Any], details: LinkDetails, keys: tuple[Key, ...]) -> None:
    for key in keys:
        value = getattr(details, key.field)
        if value is not None and value != key.default:
            out[key.json or key.field] = value


def _details_head(out: dict[str, Any], row: Row) -> None:
    if row[_DETAILS] is not None:
        _details(out, row[_DETAILS], _DETAILS_HEAD)


def _linkinfo_and_details(out: dict[str, Any], row: Row) -> None:
    if row[_LINKINFO] is not None:
        out["linkinfo"] = _linkinfo(row[_LINKINFO])
    if row[_DETAILS] is not None:
        _details(out, row[_DETAILS], _DETAILS_TAIL)


def _stats_member(out: dict[str, Any], row: Row) -> None:
    if row[_STATS] is not None:
        out["stats64"] = _stats(row[_STATS])


def _vfs(out: dict[str, Any], row: Row) -> None:
    if row[_VFS]:
        out["vfinfo_list"] = [_vf(vf) for vf in row[_VFS]]


def _link_extra(out: dict[str, Any], row: Row) -> None:
    for key, value in row[_EXTRA] or ():
        if key != "Deleted":
            out.setdefault(key, _extra_value(value))


def _addr_info_and_stats(out: dict[str, Any], row: Row) -> None:
    write = _ADDRESS
    out["addr_info"] = [write(address) for address in row[_ADDRESSES] or ()]
    if row[_STATS] is not None:
        out["stats64"] = _stats(row[_STATS])


_HOOKS = {"link_index": _link_ref, "xdp": _xdp_member, "operstate": _operstate,
          "linkmode": _linkmode, "details": _details_head, "linkinfo": _linkinfo_and_details,
          "vfs": _vfs, "extra": _link_extra}


def _writer(form: IpAddrForm) -> Callable[[Row], dict[str, Any]]:
    """The interface writer of one form: ``ip -o addr`` prints no flags; ``stats64`` comes
    before the addresses for ``ip link``, after them for ``ip addr``."""
    hidden = frozenset({"flags"}) if form.style == "oneline" and form.command != "link" \
        else frozenset()
    if form.command == "addr":
        hooks = {**_HOOKS, "addresses": _addr_info_and_stats}
    else:
        hooks = {**_HOOKS, "stats": _stats_member}
    write = object_writer(g.LINK_LAYOUT, hidden=hidden, hooks=hooks)

    def link(row: Row) -> dict[str, Any]:
        extra = row[_EXTRA]
        if extra and ("Deleted", "") in extra:  # ip monitor's "Deleted" prefix comes first
            return {"deleted": True, **write(row)}
        return write(row)

    return link


def link_to_json(link: Link, form: IpAddrForm) -> dict[str, Any]:
    """One interface object as ``ip -j`` prints it for ``form``."""
    if form.style == "brief":
        return _brief_json(link, form)
    return _writer(form)(link_row(link))


def _linkinfo(info: LinkInfo) -> dict[str, Any]:
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
    _link_ref(out, link_row(link))
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
    form = output.form
    if form.style == "brief":
        return [_brief_json(link, form) for link in output.links]
    write = _writer(form)
    return [write(row) for row in link_rows(output.links)]


def ip_addr_to_json_text(output: IpAddrOutput) -> str:
    """Compact JSON text of :func:`ip_addr_to_json`."""
    return json.dumps(ip_addr_to_json(output), ensure_ascii=False, separators=(",", ":"),
                      check_circular=False)


# ---------------------------------------------------------------- JSON text from rows


def _link_ref_text(row: Row, parts: list[str]) -> bool:
    link_index = row[_LINK_INDEX]
    if link_index == 0:
        parts.append('"link":null')
    elif link_index is not None:
        parts.append('"link_index":' + value_text(link_index))
    elif row[_LINK] is not None:
        parts.append('"link":' + value_text(row[_LINK]))
    return True


def _operstate_text(row: Row, parts: list[str]) -> bool:
    state = row[_OPERSTATE]
    if state is not None:
        if state in _KNOWN_STATES:
            parts.append('"operstate":' + value_text(state))
        else:
            parts.append('"operstate_index":' + value_text(_index(state)))
    return True


def _linkmode_text(row: Row, parts: list[str]) -> bool:
    mode = row[_LINKMODE]
    if mode is not None:
        if is_decimal(mode):
            parts.append('"linkmode_index":' + value_text(int(mode)))
        else:
            parts.append('"linkmode":' + value_text(mode))
    return True


def _address_flags_text(row: Row, parts: list[str]) -> bool:
    flags = row[_A_FLAGS]
    if flags:
        if len(flags) > 1 and len(set(flags)) != len(flags):
            return False  # a repeated flag word is one member: the dict writer knows
        for flag in flags:
            parts.append(member(flag) + "true")
    return True


_ADDRESS_TEXT = text_writer(g.ADDRESS_LAYOUT, hooks={"flags": _address_flags_text},
                            rare=("extra",))


def _addr_info_text(row: Row, parts: list[str]) -> bool:
    if row[_STATS] is not None:
        return False
    texts = []
    for address in row[_ADDRESSES] or ():
        text = _ADDRESS_TEXT(address)
        if text is None:
            return False
        texts.append(text)
    parts.append('"addr_info":[' + ",".join(texts) + "]")
    return True


_TEXT_HOOKS: dict[str, TextHook] = {"link_index": _link_ref_text,
                                    "operstate": _operstate_text, "linkmode": _linkmode_text}
_RARE = ("xdp", "details", "linkinfo", "stats", "vfs", "extra")


@functools.lru_cache(maxsize=8)
def _text_writer(command: str, oneline: bool) -> Callable[[Row], str | None]:
    """The JSON text writer of one form (bounded, keyed by the form, clearable)."""
    hidden = frozenset({"flags"}) if oneline and command != "link" else frozenset()
    hooks = dict(_TEXT_HOOKS)
    if command == "addr":
        hooks["addresses"] = _addr_info_text
    return text_writer(g.LINK_LAYOUT, hidden=hidden, hooks=hooks, rare=_RARE)


def ip_addr_direct_json(text: str, *, source: str | None = None,
                        **hints: Any) -> tuple[str | list[str], tuple[Diagnostic, ...]]:
    """``netfacts parse --as ip-addr``: the parser's rows straight to JSON text, no
    ``Link`` (nor dict, for the common rows) built; equal to the compact ``json.dumps`` of
    :func:`ip_addr_to_json` (in pieces the CLI writes one by one, for a full listing)."""
    from netfacts.parsers.ip_addr import parse_ip_addr

    output = parse_ip_addr(text, source=source, **hints)
    form = output.form
    rows = link_rows(output.links) if form.style != "brief" else None
    if rows is None:
        return ip_addr_to_json_text(output), output.diagnostics
    write_text = _text_writer(form.command, form.style == "oneline")
    write = _writer(form)

    def texts() -> Iterator[str]:
        for row in rows:
            piece = write_text(row)
            yield piece if piece is not None else dumps(write(row))

    return array_pieces(texts()), output.diagnostics


_SNAPSHOT_FORM = IpAddrForm(command="addr")


def snapshot_view(link: Link) -> dict[str, Any]:
    """One interface in a snapshot file: as ``ip -j addr`` prints it."""
    return link_to_json(link, _SNAPSHOT_FORM)
