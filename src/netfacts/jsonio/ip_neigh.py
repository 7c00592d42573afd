"""``ip -j neigh`` shaped JSON for parsed neighbours.

Key names, types and order are iproute2's: ``deleted`` (``true``) or ``miss`` (``null``),
``dst``, ``dev``, ``lladdr``, one ``null``-valued key per flag word (``"router": null``),
``refcnt``, ``used``, ``confirmed``, ``updated``, ``probes``, ``state`` (a list; absent
for NUD_NONE), ``protocol``.  Asymmetries:

* ``dev`` is absent for ``ip neigh show dev X``, exactly as in ``ip -j neigh show dev X``;
* attributes netfacts does not know (``Neighbour.extra``) are added as keys (integer value
  when the value is a number, ``null`` for a bare word, as iproute2 does for flag words);
* ``-s`` counters tick between two commands: an ``ip -j -s neigh`` taken a moment after
  the text can differ by a second or a probe (the twin tests allow for that).
"""

from __future__ import annotations

from typing import Any

from netfacts.models.neighbour import IpNeighOutput, Neighbour
from netfacts.models.values import address_text, ip_text, is_decimal

__all__ = ["ip_neigh_to_json", "neighbour_to_json"]


def _extra_value(value: str) -> Any:
    if value == "":
        return None
    body = value[1:] if value[:1] == "-" else value
    return int(value) if is_decimal(body) else value


def neighbour_to_json(neighbour: Neighbour) -> dict[str, Any]:
    """One ``ip -j neigh`` object."""
    out: dict[str, Any] = {}
    if neighbour.deleted:
        out["deleted"] = True
    elif neighbour.miss:
        out["miss"] = None
    if neighbour.dst is not None:
        out["dst"] = ip_text(neighbour.dst)
    if neighbour.dev is not None:
        out["dev"] = neighbour.dev
    if neighbour.lladdr is not None:
        out["lladdr"] = address_text(neighbour.lladdr)
    for flag in neighbour.flags:
        out[flag] = None
    for key, value in neighbour.extra:
        out[key] = _extra_value(value)
    cache = neighbour.cache
    if cache is not None:
        if cache.refcnt:
            out["refcnt"] = cache.refcnt
        if cache.used is not None:
            out["used"] = cache.used
            out["confirmed"] = cache.confirmed
            out["updated"] = cache.updated
        if cache.probes is not None:
            out["probes"] = cache.probes
    if neighbour.state:
        out["state"] = [state.value for state in neighbour.state]
    if neighbour.protocol is not None:
        out["protocol"] = neighbour.protocol
    return out


def ip_neigh_to_json(output: IpNeighOutput) -> list[dict[str, Any]]:
    """The list ``ip -j neigh`` prints for the same command."""
    return [neighbour_to_json(neighbour) for neighbour in output.neighbours]
