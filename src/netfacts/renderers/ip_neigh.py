"""Render neighbours back to ``ip neigh`` text, in the spacing layout they came from.

Both layouts are iproute2's own ``printf`` formats, so a real capture renders back to the
same text byte for byte (see ``docs/commands/ip_neigh.md``):

* layout A (iproute2 up to 5.15): ``dst "%s "``, ``"dev %s "``, ``"lladdr %s"``, then
  every later word with a space *before* it (``" router"``, ``" used %u/%u/%u"``,
  ``" probes %u"``, ``" STATE"``), ``extern_learn`` and ``proto`` with spaces on both
  sides;
* layout B (5.16+): every word followed by a space, ``" ref %u"`` and ``" used %u/%u/%u"``
  with a space before, ``"probes %u "`` glued to the ``used`` triple.
"""

from __future__ import annotations

from netfacts.models.neighbour import IpNeighOutput, Neighbour
from netfacts.models.values import MacAddress, ip_text

__all__ = ["render_ip_neigh", "render_neighbour"]


def _text(value: object) -> str:
    if isinstance(value, MacAddress):
        return str(value)
    return ip_text(value)  # type: ignore[arg-type]


def _extra(pairs: tuple[tuple[str, str], ...], layout: str) -> str:
    words = [f"{key} {value}" if value else key for key, value in pairs]
    if layout == "A":
        return "".join(f" {word}" for word in words)
    return "".join(f"{word} " for word in words)


def render_neighbour(neighbour: Neighbour, layout: str = "B") -> str:
    """One ``ip neigh`` line (without the newline) in layout ``"A"`` or ``"B"``."""
    parts: list[str] = []
    if neighbour.deleted:
        parts.append("Deleted ")
    elif neighbour.miss:
        parts.append("miss ")
    if neighbour.dst is not None:
        parts.append(f"{ip_text(neighbour.dst)} ")
    if neighbour.dev is not None:
        parts.append(f"dev {neighbour.dev} ")
    cache = neighbour.cache
    if layout == "A":
        if neighbour.lladdr is not None:
            parts.append(f"lladdr {_text(neighbour.lladdr)}")
        for flag in neighbour.flags:
            parts.append(" extern_learn " if flag == "extern_learn" else f" {flag}")
        parts.append(_extra(neighbour.extra, layout))
        if cache is not None:
            if cache.refcnt:
                parts.append(f" ref {cache.refcnt}")
            if cache.used is not None:
                parts.append(f" used {cache.used}/{cache.confirmed}/{cache.updated}")
            if cache.probes is not None:
                parts.append(f" probes {cache.probes}")
        for state in neighbour.state:
            parts.append(f" {state.value}")
        if neighbour.protocol is not None:
            parts.append(f" proto {neighbour.protocol} ")
        return "".join(parts)
    if neighbour.lladdr is not None:
        parts.append(f"lladdr {_text(neighbour.lladdr)} ")
    for flag in neighbour.flags:
        parts.append(f"{flag} ")
    parts.append(_extra(neighbour.extra, layout))
    if cache is not None:
        if cache.refcnt:
            parts.append(f" ref {cache.refcnt}")
        if cache.used is not None:
            parts.append(f" used {cache.used}/{cache.confirmed}/{cache.updated}")
        if cache.probes is not None:
            parts.append(f"probes {cache.probes} ")
    for state in neighbour.state:
        parts.append(f"{state.value} ")
    if neighbour.protocol is not None:
        parts.append(f"proto {neighbour.protocol} ")
    return "".join(parts)


def render_ip_neigh(output: IpNeighOutput) -> str:
    """``ip neigh`` text for ``output`` (empty output prints nothing, as iproute2 does)."""
    layout = output.form.layout
    return "".join(render_neighbour(n, layout) + "\n" for n in output.neighbours)
