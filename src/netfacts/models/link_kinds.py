"""Kind lines of ``ip -d link``: how many values each keyword takes and its ``ip -j`` form.

The per-kind tables live in :mod:`netfacts.models._kind_tables` (taken from
iproute2's ``ip/iplink_*.c`` print functions).  This module turns them into

* :func:`kind_arity` — keyword → number of value tokens (the parser needs it to
  pair keywords with values: ``srcport 0 0`` has two, ``nolearning`` none), and
* :func:`kind_data` — the typed ``linkinfo.info_data`` / ``info_slave_data``
  object ``ip -j -d`` prints, built from the attributes as printed.

Keywords a table does not know are kept: their value is an integer when it
looks like one, else the text (a bare flag becomes ``true``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from netfacts.models.values import is_decimal

_DECIMAL_FRACTION = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?")


@functools.lru_cache(maxsize=1)
def _tables() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """The kind tables, loaded on first use (plain ``ip addr`` never needs them)."""
    from netfacts.models._kind_tables import KIND_TABLES

    return KIND_TABLES

__all__ = ["has_info_data", "kind_arity", "kind_data"]

_ARITY = {
    "true": 0,
    "false": 0,
    "range2": 2,
    "list": -1,
}


@functools.cache
def kind_arity(kind: str) -> dict[str, int]:
    """Keyword → number of value tokens for ``kind`` (-1: up to the next keyword)."""
    arity: dict[str, int] = {}
    for keyword, _json_key, value_kind in _tables().get(kind, ()):
        if keyword == "<":
            continue
        arity.setdefault(keyword, _ARITY.get(value_kind, 1))
    return arity


@functools.cache
def _entries(kind: str) -> dict[str, tuple[str, str]]:
    entries: dict[str, tuple[str, str]] = {}
    for keyword, json_key, value_kind in _tables().get(kind, ()):
        entries.setdefault(keyword, (json_key, value_kind))
    return entries


def has_info_data(kind: str) -> bool:
    """True when ``ip -j`` prints an ``info_data`` object for this kind at all."""
    return bool(_tables().get(kind))


def _number(token: str) -> int | str:
    body = token[1:] if token[:1] == "-" else token
    return int(token) if is_decimal(body) else token


def _convert(value_kind: str, values: Sequence[str]) -> object:
    if value_kind == "true":
        return True
    if value_kind == "false":
        return False
    if value_kind == "range2":
        low, high = (_number(v) for v in values[:2])
        return {"low": low, "high": high}
    if value_kind == "list":
        return list(values)
    if not values:
        return True
    token = values[0]
    if value_kind == "int":
        return _number(token)
    if value_kind == "hexint":
        try:
            return int(token, 16)
        except ValueError:
            return token
    if value_kind == "float":
        # digits only: float() also reads "inf", "nan" and "1e999", which JSON cannot hold
        return float(token) if _DECIMAL_FRACTION.fullmatch(token) else token
    if value_kind == "onoff":
        return token == "on"
    if value_kind == "brackets":
        inner = token.strip("<>")
        return inner.split(",") if inner else []
    if value_kind == "raw":
        return _number(token)
    return token


_OMIT = object()


def _raw(keyword: str, token: str) -> object:
    """The ``raw`` entries: values with a word that stands for a number or nothing."""
    if keyword == "ttl":
        if token == "auto":
            return 0
        if token == "inherit":
            return _OMIT
    elif keyword == "tos" and token == "inherit":
        return "0x1"
    elif keyword == "ageing" and token == "none":
        return 0
    return _number(token)


def kind_data(kind: str, attributes: Sequence[tuple[str, Sequence[str]]]) -> dict[str, object]:
    """``info_data`` for ``kind`` (``"bridge_slave"`` for a bridge port) from printed attributes."""
    entries = _entries(kind)
    data: dict[str, object] = {}
    for keyword, values in attributes:
        entry = entries.get(keyword)
        if entry is None:
            if keyword.startswith("<") and "<" in entries:
                json_key, value_kind = entries["<"]
                data[json_key] = _convert(value_kind, [keyword])
                continue
            data[keyword] = _convert("raw", values) if values else True
            continue
        json_key, value_kind = entry
        if not json_key:
            continue
        if "|" in json_key:
            v4_key, v6_key = json_key.split("|", 1)
            json_key = v6_key if values and ":" in values[0] else v4_key
        if value_kind == "raw" and values:
            value = _raw(keyword, values[0])
            if value is _OMIT:
                continue
            if keyword == "state" and values[0].startswith("("):
                json_key, value = "state_index", _number(values[0].strip("()"))
        else:
            value = _convert(value_kind, values)
        if "." in json_key:
            outer, inner = json_key.split(".", 1)
            nested = data.setdefault(outer, {})
            if isinstance(nested, dict):
                nested[inner] = value
            continue
        data[json_key] = value
    return data
