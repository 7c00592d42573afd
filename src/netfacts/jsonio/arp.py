"""``arp`` / ``/proc/net/arp`` JSON: a list of entries with one fixed set of keys.

``{"address", "hostname", "hwtype", "lladdr", "flags", "mask", "iface"}``, every key
present in every entry (``null`` when the text has no value):

* ``address`` — the IPv4 address; ``null`` when ``arp`` printed a host name instead
  (table style without ``-n``); ``hostname`` — that name (``arp -a`` gives both);
* ``hwtype`` — ``ether``, ``infiniband``...; ``null`` for entries that are not complete
  (no ``C`` flag), for which ``arp`` prints none (``/proc/net/arp`` still shows the device
  type there; the model keeps it in ``Neighbour.hwtype``);
* ``lladdr`` — the hardware address, ``null`` for ``(incomplete)`` and published entries;
* ``flags`` — the table-style letters, ``["C", "M"]``: ``arp -a``'s ``PERM`` is ``M``,
  ``PUB`` (1.60: ``PUP``) is ``P``, and an entry with a hardware address is ``C``;
  ``/proc/net/arp``'s hex flags map the same way (0x2 ``C``, 0x4 ``M``, 0x8 ``P``);
* ``mask`` — only for entries published with a netmask; ``iface`` — the device.

The ``-v`` trailer and the ``-- no entry`` / ``no match found`` messages are not entries
and do not appear in the list (they are ``ArpOutput.summary`` and ``ArpOutput.message``);
``Neighbour.extra`` (only ``/proc/net/arp`` fills it) is not part of the schema either.

:func:`arp_to_json_text` writes the same JSON as compact text directly, byte for byte what
``json.dumps(arp_to_json(out), ensure_ascii=False, separators=(",", ":"))`` gives, without
building one dictionary per entry: on a 50,000-row table that is most of the time
``netfacts parse`` spends (see ``docs/commands/arp.md``, "Speed").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from netfacts.models.neighbour import (
    ArpOutput,
    Neighbour,
    NeighbourList,
    ProcNetArpOutput,
    Row,
    arp_row,
)

if TYPE_CHECKING:
    from netfacts.errors import Diagnostic

__all__ = [
    "arp_direct_json",
    "arp_entry_to_json",
    "arp_to_json",
    "arp_to_json_text",
    "proc_net_arp_direct_json",
    "proc_net_arp_to_json",
    "proc_net_arp_to_json_text",
]


def _rows(neighbours: Sequence[Neighbour]) -> Iterable[Row]:
    if isinstance(neighbours, NeighbourList):
        rows = neighbours.rows
        if rows is not None:
            return rows
    return map(arp_row, neighbours)


def _entry(row: Row) -> dict[str, Any]:
    dst, hostname, dev, lladdr, hwtype, flags, mask, _ = row
    return {
        "address": dst,
        "hostname": hostname,
        "hwtype": hwtype if "C" in flags else None,
        "lladdr": lladdr,
        "flags": list(flags),
        "mask": mask,
        "iface": dev,
    }


def arp_entry_to_json(neighbour: Neighbour) -> dict[str, Any]:
    """One entry."""
    return _entry(arp_row(neighbour))


def arp_to_json(output: ArpOutput | ProcNetArpOutput) -> list[dict[str, Any]]:
    """The entries of an ``arp`` output."""
    return [_entry(row) for row in _rows(output.neighbours)]


proc_net_arp_to_json = arp_to_json
"""The entries of ``/proc/net/arp``, in the same schema as :func:`arp_to_json`."""

_STRINGS: dict[str | None, str] = {None: "null"}
_FLAGS: dict[str, str] = {}


def _string(value: str | None) -> str:
    text = _STRINGS.get(value)
    if text is None:
        text = json.dumps(value, ensure_ascii=False)
        if len(_STRINGS) < 4096:
            _STRINGS[value] = text
    return text


def _flags(letters: str) -> str:
    text = _FLAGS.get(letters)
    if text is None:
        text = json.dumps(list(letters), separators=(",", ":"))
        _FLAGS[letters] = text
    return text


_TEMPLATES: dict[tuple[Any, ...], tuple[str, str, str]] = {}


def _template(row: Row) -> tuple[str, str, str]:
    """The constant text before ``dst``, between ``dst`` and ``lladdr``, and after ``lladdr``
    of an entry like ``row`` (the quotes around present values included)."""
    dst, hostname, dev, lladdr, hwtype, flags, mask, _ = row
    head = '{"address":' + ("null" if dst is None else '"')
    middle = (('"' if dst is not None else "")
              + f',"hostname":{_string(hostname)},"hwtype":'
              + f'{_string(hwtype) if "C" in flags else "null"},"lladdr":'
              + ("null" if lladdr is None else '"'))
    end = (('"' if lladdr is not None else "")
           + f',"flags":{_flags(flags)},"mask":{_string(mask)},"iface":{_string(dev)}}},')
    return head, middle, end


def arp_to_json_text(output: ArpOutput | ProcNetArpOutput) -> str:
    """Compact JSON text of :func:`arp_to_json` (without the final newline).

    Entries that differ only in the address and the MAC share one template, so an entry
    costs a dictionary lookup and five list items; the address and the MAC need no
    escaping (a validated dotted quad; hex digits, ``:`` and ``.``).
    """
    parts: list[str] = []
    extend = parts.extend
    templates = _TEMPLATES
    for row in _rows(output.neighbours):
        dst, hostname, dev, lladdr, hwtype, flags, mask, _ = row
        if hostname is None and mask is None:
            key = (dev, hwtype, flags, dst is None, lladdr is None)
            template = templates.get(key)
            if template is None:
                template = _template(row)
                if len(templates) < 4096:
                    templates[key] = template
        else:
            template = _template(row)
        extend((template[0], dst or "", template[1], lladdr or "", template[2]))
    if not parts:
        return "[]"
    parts[-1] = parts[-1][:-1]  # the last entry has no comma after it
    return "[" + "".join(parts) + "]"


proc_net_arp_to_json_text = arp_to_json_text
"""Compact JSON text of :func:`proc_net_arp_to_json`."""


def arp_direct_json(text: str, *, source: str | None = None,
                    **hints: Any) -> tuple[str, tuple[Diagnostic, ...]]:
    """``netfacts parse --as arp``'s fast path (``Family.direct_json``): text → JSON text.

    The parser keeps validated rows and builds no ``Neighbour`` objects unless asked, so
    this is the model path without the models; the text equals the compact
    ``json.dumps`` of :func:`arp_to_json` byte for byte.
    """
    from netfacts.parsers.arp import parse_arp

    output = parse_arp(text, source=source)
    return arp_to_json_text(output), output.diagnostics


def proc_net_arp_direct_json(text: str, *, source: str | None = None,
                             **hints: Any) -> tuple[str, tuple[Diagnostic, ...]]:
    """The same fast path for ``/proc/net/arp``."""
    from netfacts.parsers.proc_net_arp import parse_proc_net_arp

    output = parse_proc_net_arp(text, source=source)
    return arp_to_json_text(output), output.diagnostics
