"""``ethtool`` JSON: a list with one object per device, as ``ethtool --json`` prints it.

Every form starts with ``"ifname"`` (``null`` when neither the text nor a hint named the
device) and is an empty list when the device answered only with an error message (what
``ethtool --json`` prints then: ``[ ]``).

* ``-k`` — exactly ``ethtool --json -k``: ``{"rx-checksumming": {"active": true, "fixed":
  false, "requested": true}, ...}``; a group line with feature lines under it has
  ``fixed`` and ``requested`` ``null``; a ``[fixed]`` feature is never requested.
* plain ``ethtool DEV`` — the keys of ``ethtool --json DEV`` (ethtool 6.10+):
  ``supported-ports``, ``supported-link-modes``, ``supported-pause-frame-use``,
  ``supports-auto-negotiation``, ``supported-fec-modes``, the ``advertised-*`` and
  ``link-partner-advertised-*`` ones, ``speed`` (Mb/s), ``lanes``, ``duplex``,
  ``auto-negotiation``, ``master-slave-cfg``, ``master-slave-status``, ``port``, ``phyad``,
  ``transceiver``, ``mdi-x``, ``mdi-x-forced``, ``mdi-x-auto``, ``supports-wake-on``,
  ``wake-on``, ``current-message-level``, ``link-detected``, ``link-state``, ``sqi``,
  ``sqi-max``, ``link-down-events``.  Like ethtool, values printed as ``Unknown`` are left
  out and Yes/No, on/off become booleans.  ``auto-negotiation`` is ``true`` when it is on
  (ethtool 6.10's own JSON writes the opposite: an upstream slip netfacts does not copy).
  A label this table does not know becomes its lower-case, dash-separated form with the
  printed text as value.
* ``-g`` — the keys of ``ethtool --json -g`` (6.2+): ``rx-max``, ``rx-mini-max``,
  ``rx-jumbo-max``, ``tx-max``, ``rx``, ``rx-mini``, ``rx-jumbo``, ``tx``, ``rx-buf-len``,
  ``cqe-size``, ``tx-push``, ``rx-push``, ``tx-push-buf-len``, ``tx-push-buf-len-max``,
  ``tcp-data-split``; ``n/a`` values are left out.
* ``-l`` — no ethtool release prints JSON for it up to 6.1; netfacts uses the kernel's
  netlink attribute names: ``rx-max``, ``tx-max``, ``other-max``, ``combined-max``,
  ``rx-count``, ``tx-count``, ``other-count``, ``combined-count``.
* ``-i`` — no JSON in ethtool; the printed keys (``driver``, ``version``,
  ``firmware-version``, ``bus-info``...) with their text, the ``supports-*`` yes/no as
  booleans.
* ``-S`` — ``{"ifname", "statistics": {name: value}}`` (counter names as the driver prints
  them).
"""

from __future__ import annotations

import re
from typing import Any

from netfacts.models.ethtool import (
    EthtoolChannels,
    EthtoolOutput,
    EthtoolRings,
    EthtoolSettings,
    link_modes,
)
from netfacts.models.values import is_decimal

__all__ = ["SETTINGS_KEYS", "ethtool_to_json", "kebab"]

_LIST, _BOOL, _INT, _TEXT = "list", "bool", "int", "text"

SETTINGS_KEYS: dict[str, tuple[str, str]] = {
    "Supported ports": ("supported-ports", _LIST),
    "Supported link modes": ("supported-link-modes", _LIST),
    "Supported pause frame use": ("supported-pause-frame-use", _TEXT),
    "Supports auto-negotiation": ("supports-auto-negotiation", _BOOL),
    "Supported FEC modes": ("supported-fec-modes", _LIST),
    "Advertised link modes": ("advertised-link-modes", _LIST),
    "Advertised pause frame use": ("advertised-pause-frame-use", _TEXT),
    "Advertised auto-negotiation": ("advertised-auto-negotiation", _BOOL),
    "Advertised FEC modes": ("advertised-fec-modes", _LIST),
    "Link partner advertised link modes": ("link-partner-advertised-link-modes", _LIST),
    "Link partner advertised pause frame use": (
        "link-partner-advertised-pause-frame-use", _TEXT),
    "Link partner advertised auto-negotiation": (
        "link-partner-advertised-auto-negotiation", _BOOL),
    "Link partner advertised FEC modes": ("link-partner-advertised-fec-modes", _LIST),
    "Speed": ("speed", _INT),
    "Lanes": ("lanes", _INT),
    "Duplex": ("duplex", _TEXT),
    "Auto-negotiation": ("auto-negotiation", _BOOL),
    "master-slave cfg": ("master-slave-cfg", _TEXT),
    "master-slave status": ("master-slave-status", _TEXT),
    "Port": ("port", _TEXT),
    "PHYAD": ("phyad", _INT),
    "Transceiver": ("transceiver", _TEXT),
    "Supports Wake-on": ("supports-wake-on", _TEXT),
    "Wake-on": ("wake-on", _TEXT),
    "Current message level": ("current-message-level", _INT),
    "Link Down Events": ("link-down-events", _INT),
}
"""Printed label → (``ethtool --json`` key, value type) of the plain form."""

RING_KEYS = {
    "RX": "rx", "RX Mini": "rx-mini", "RX Jumbo": "rx-jumbo", "TX": "tx",
    "RX Buf Len": "rx-buf-len", "CQE Size": "cqe-size", "TX Push": "tx-push",
    "RX Push": "rx-push", "TX push buff len": "tx-push-buf-len",
    "TCP data split": "tcp-data-split",
}
CHANNEL_KEYS = {"RX": "rx", "TX": "tx", "Other": "other", "Combined": "combined"}
_BOOL_PARAMS = frozenset({"tx-push", "rx-push"})
_INT_TOKEN = re.compile(r"-?[0-9]{1,20}")  # longer ones are the parser's errors
_LEADING_INT = re.compile(r"(?:0x[0-9a-fA-F]+ \()?([0-9]{1,20})(?![0-9])")


def kebab(label: str) -> str:
    """``RX Buf Len`` → ``rx-buf-len``."""
    return "-".join(re.split(r"[^0-9A-Za-z/]+", label.strip().lower())).strip("-")


def _bool(value: str) -> bool | None:
    word = value.split(" ", 1)[0].lower()
    return True if word in ("yes", "on") else False if word in ("no", "off") else None


def _settings(settings: EthtoolSettings, data: dict[str, Any]) -> None:
    for label, value in settings.fields:
        known = SETTINGS_KEYS.get(label)
        if label == "MDI-X":
            _mdix(value, data)
            continue
        if label == "Link detected":
            state = _bool(value)
            if state is not None:
                data["link-detected"] = state
            if "(" in value and value.endswith(")"):
                inner = value[value.index("(") + 1:-1]
                data["link-state"] = [part.strip() for part in inner.split(",")]
            continue
        if label == "SQI":
            current, _, maximum = value.partition("/")
            if is_decimal(current.strip()):
                data["sqi"] = int(current)
            if is_decimal(maximum.strip()):
                data["sqi-max"] = int(maximum)
            continue
        if known is None:
            data[kebab(label)] = value
            continue
        key, kind = known
        if kind == _LIST:
            data[key] = list(link_modes(value))
        elif kind == _BOOL:
            state = _bool(value)
            if state is not None:
                data[key] = state
        elif kind == _INT:
            match = _LEADING_INT.match(value)
            if match is not None:
                data[key] = int(match.group(1))
        elif not value.startswith("Unknown"):
            data[key] = value


def _mdix(value: str, data: dict[str, Any]) -> None:
    word = value.split(" ", 1)[0]
    if word not in ("on", "off"):
        return  # "Unknown": ethtool leaves it out
    data["mdi-x"] = word == "on"
    data["mdi-x-forced"] = "(forced)" in value
    data["mdi-x-auto"] = "(auto)" in value


def _params(params: EthtoolRings | EthtoolChannels, data: dict[str, Any]) -> None:
    channels = isinstance(params, EthtoolChannels)
    table = CHANNEL_KEYS if channels else RING_KEYS
    for section, label, value in params.params:
        key = table.get(label) or kebab(label)
        if section == "max":
            key += "-max"
        elif channels and label in CHANNEL_KEYS:
            key += "-count"
        if value == "n/a":
            continue
        if _INT_TOKEN.fullmatch(value):
            data[key] = int(value)
        elif key in _BOOL_PARAMS and _bool(value) is not None:
            data[key] = _bool(value)
        else:
            data[key] = value


def ethtool_to_json(output: EthtoolOutput) -> list[dict[str, Any]]:
    """The ``ethtool --json`` shaped list of one capture."""
    if not output.supported:
        return []
    data: dict[str, Any] = {"ifname": output.ifname}
    if output.settings is not None:
        _settings(output.settings, data)
    elif output.driver is not None:
        for key, value in output.driver.fields:
            if key.startswith("supports-") and _bool(value) is not None:
                data[key] = _bool(value)
            else:
                data[key] = value
    elif output.statistics is not None:
        data["statistics"] = dict(output.statistics.counters)
    elif output.features is not None:
        for feature in output.features:
            data[feature.name] = {"active": feature.active, "fixed": feature.fixed,
                                  "requested": feature.requested}
    elif output.rings is not None:
        _params(output.rings, data)
    elif output.channels is not None:
        _params(output.channels, data)
    return [data]
