"""Comparing netfacts JSON with the ``ip -j`` twin of the same capture.

Only documented asymmetries are normalised away (see ``docs/commands/ip_addr.md``,
"JSON mapping"): keys the text cannot carry are removed from the twin, keys
netfacts adds because the text carries more are removed from ours.
"""

from __future__ import annotations

import json
from typing import Any

from netfacts.models._kind_tables import JSON_ONLY_KEYS


def load_json_arrays(text: str) -> list[Any]:
    """All JSON arrays in ``text`` concatenated (some captures hold two)."""
    decoder = json.JSONDecoder()
    items: list[Any] = []
    position = 0
    text = text.strip()
    while position < len(text):
        value, end = decoder.raw_decode(text, position)
        items.extend(value)
        position = end
        while position < len(text) and text[position].isspace():
            position += 1
    return items


def normalise_ip_addr(
    ours: list[dict[str, Any]],
    twin: list[dict[str, Any]],
    *,
    oneline_addr: bool = False,
    stats_layout_b_level1: bool = False,
    xdp_from_header_only: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Apply the documented text/JSON asymmetries of ``ip addr``/``ip link``."""
    if oneline_addr:
        twin = [_from_oneline_json(obj) for obj in twin]
        twin = [
            {k: v for k, v in obj.items() if k in ("ifindex", "ifname", "addr_info")}
            for obj in twin
            if obj.get("addr_info")
        ]
    ours = [dict(obj) for obj in ours]
    twin = [dict(obj) for obj in twin]
    for mine, theirs in zip(ours, twin):
        if "link_netns" in mine:
            del mine["link_netns"]
            theirs.pop("link_netnsid", None)
        linkinfo = theirs.get("linkinfo")
        if isinstance(linkinfo, dict):
            linkinfo = dict(linkinfo)
            theirs["linkinfo"] = linkinfo
            for kind_key, data_key, suffix in (
                ("info_kind", "info_data", ""),
                ("info_slave_kind", "info_slave_data", "_slave"),
            ):
                kind = linkinfo.get(kind_key)
                if kind and isinstance(linkinfo.get(data_key), dict):
                    mine_data = mine.get("linkinfo", {}).get(data_key, {})
                    json_only = JSON_ONLY_KEYS.get(kind + suffix, ())
                    linkinfo[data_key] = {
                        k: v
                        for k, v in linkinfo[data_key].items()
                        if k in mine_data or k not in json_only
                    }
        _align_timers(mine, theirs)
        if "xdp" in theirs and "xdp" in mine:
            theirs["xdp"] = _trim_like(theirs["xdp"], mine["xdp"])
        if stats_layout_b_level1 and "stats64" in theirs:
            rx = dict(theirs["stats64"]["rx"])
            rx.pop("over_errors", None)
            theirs["stats64"] = {"rx": rx, "tx": theirs["stats64"]["tx"]}
            mine_rx = dict(mine["stats64"]["rx"])
            mine_rx.pop("missed_errors", None)
            mine["stats64"] = {"rx": mine_rx, "tx": mine["stats64"]["tx"]}
    return ours, twin


def _from_oneline_json(obj: dict[str, Any]) -> dict[str, Any]:
    """``ip -j -o addr`` nests ``index``/``dev`` into every address; netfacts prints the
    ordinary ``ip -j addr`` shape for ``-o`` text (issue #2), so lift them back out."""
    if "ifindex" in obj or not obj.get("addr_info"):
        return obj
    first = obj["addr_info"][0]
    items = [{k: v for k, v in a.items() if k not in ("index", "dev")} for a in obj["addr_info"]]
    return {"ifindex": first.get("index"), "ifname": first.get("dev"), "addr_info": items}


def _align_timers(mine: Any, theirs: Any) -> None:
    """Bridge timers count down between the text and the JSON run: allow 1 s (a loaded
    machine can take that long between the two commands of a live capture)."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for key, value in theirs.items():
            other = mine.get(key)
            if _close_in_time(key, value, other):
                theirs[key] = other
            else:
                _align_timers(other, value)
    elif isinstance(mine, list) and isinstance(theirs, list):
        for m, t in zip(mine, theirs):
            _align_timers(m, t)


FOREVER = 4294967295
_TIME_KEYS = ("valid_life_time", "preferred_life_time", "expires", "used", "confirmed", "updated")


def _close_in_time(key: str, value: Any, other: Any) -> bool:
    """Values that count down while the text and the JSON command run one after the other."""
    if key.endswith("_timer") and isinstance(value, float) and isinstance(other, float):
        return abs(value - other) <= 1.0
    if key in _TIME_KEYS and isinstance(value, int) and isinstance(other, int):
        return FOREVER not in (value, other) and abs(value - other) <= 3
    return False


def _trim_like(theirs: Any, mine: Any) -> Any:
    """Keep only the keys of ``theirs`` that ``mine`` has (XDP prog details in ip addr)."""
    if isinstance(theirs, dict) and isinstance(mine, dict):
        return {k: _trim_like(v, mine[k]) for k, v in theirs.items() if k in mine}
    if isinstance(theirs, list) and isinstance(mine, list):
        return [_trim_like(t, m) for t, m in zip(theirs, mine)]
    return theirs


def dumps(value: Any) -> str:
    """Order-preserving canonical text for comparisons (key order matters)."""
    return json.dumps(value, indent=1, ensure_ascii=False)
