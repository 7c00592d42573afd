"""``tc qdisc`` JSON, shaped like ``tc -j [-s] qdisc show``.

A list of ``{"kind", "handle", "dev", "root": true | "parent", "refcnt", "options": {...}}``
plus, with ``-s``, ``bytes``, ``packets``, ``drops``, ``overlimits``, ``requeues``,
``backlog`` (bytes) and ``qlen``.  ``options`` follows tc's JSON per kind: sizes and
rates in bytes (``limit 30000b`` → 30000, ``rate 1Mbit`` → 125000 bytes/s, ``burst 4Kb`` →
4096), times in microseconds (``lat 20ms`` → 20000), pfifo_fast/prio ``priomap`` a list and
``multiqueue`` a boolean, htb ``default`` the hex string; values tc prints as text with
``-d`` stay text (tbf ``burst 4Kb/1``, ``linklayer ethernet``).  Kinds and options this
table does not know are kept: a number becomes a number, anything else its text, a lone
word ``true``.  Kind statistics lines (fq_codel's ``maxpacket ...``) are read into
key/value pairs at the top level, as tc does.
"""

from __future__ import annotations

import re
from typing import Any

from netfacts.models.tc import Qdisc, TcQdiscOutput, option_pairs
from netfacts.models.values import is_decimal

__all__ = ["qdisc_to_json", "tc_qdisc_to_json"]

_SIZE = re.compile(r"([0-9]{1,20}(?:\.[0-9]{1,20})?)([KMG]?)(b|p)?")
_RATE = re.compile(r"([0-9]{1,20}(?:\.[0-9]{1,20})?)([KMGT]?)(bit|bps)")
_TIME = re.compile(r"([0-9]{1,20}(?:\.[0-9]{1,20})?)(us|ms|s)")
_SCALE = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_RATE_SCALE = {"": 1, "K": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4}
_TIME_SCALE = {"us": 1, "ms": 1000, "s": 1000_000}
_TEXT_KEYS = frozenset({"default", "ver", "linklayer"})
_SKIP = frozenset({"----------------"})


def _number(value: str) -> int | float | str:
    match = _RATE.fullmatch(value)
    if match is not None:
        amount = float(match.group(1)) * _RATE_SCALE[match.group(2)]
        return int(amount / 8) if match.group(3) == "bit" else int(amount)
    match = _TIME.fullmatch(value)
    if match is not None:
        return int(float(match.group(1)) * _TIME_SCALE[match.group(2)])
    match = _SIZE.fullmatch(value)
    if match is not None:
        amount = float(match.group(1)) * _SCALE[match.group(2)]
        return int(amount) if amount.is_integer() else amount
    return value


def _options(qdisc: Qdisc) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key, value in option_pairs(qdisc.options):
        if key in _SKIP:
            continue
        if value is None:
            options[key] = True
        elif key == "priomap":
            options[key] = [int(v) for v in value.split() if is_decimal(v)]
        elif key in _TEXT_KEYS:
            options[key] = value
        elif value in ("on", "off"):
            options[key] = value == "on"
        else:
            options[key] = _number(value)
    if qdisc.kind in ("pfifo_fast", "prio"):
        options["multiqueue"] = options.pop("multiqueue", False) is True
    return options


def qdisc_to_json(qdisc: Qdisc) -> dict[str, Any]:
    """One qdisc."""
    data: dict[str, Any] = {"kind": qdisc.kind, "handle": qdisc.handle}
    if qdisc.dev is not None:
        data["dev"] = qdisc.dev
    if qdisc.parent is None:
        data["root"] = True
    else:
        data["parent"] = qdisc.parent
    if qdisc.refcnt is not None:
        data["refcnt"] = qdisc.refcnt
    data["options"] = _options(qdisc)
    stats = qdisc.stats
    if stats is not None:
        data.update(bytes=stats.bytes, packets=stats.packets, drops=stats.drops,
                    overlimits=stats.overlimits, requeues=stats.requeues,
                    backlog=stats.backlog_bytes, qlen=stats.qlen)
    for line in qdisc.xstats:
        for key, value in option_pairs(line):
            if value is not None and key not in data:
                data[key] = _number(value)
    return data


def tc_qdisc_to_json(output: TcQdiscOutput) -> list[dict[str, Any]]:
    """The ``tc -j qdisc show`` list."""
    return [qdisc_to_json(qdisc) for qdisc in output.qdiscs]
