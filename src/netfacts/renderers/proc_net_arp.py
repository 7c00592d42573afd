"""Render neighbours back to ``/proc/net/arp`` text (the kernel's own ``printf`` format)."""

from __future__ import annotations

from netfacts.grammar import proc_net_arp as g
from netfacts.models.neighbour import Neighbour, ProcNetArpOutput
from netfacts.models.values import MacAddress, ip_text

__all__ = ["render_proc_net_arp", "render_proc_net_arp_row"]

_NUMBERS = {name: number for number, name in sorted(g.HWTYPES.items(), reverse=True)}


def _hwtype(name: str | None) -> int:
    if name is None:
        return 1
    number = _NUMBERS.get(name)
    if number is not None:
        return number
    try:
        return int(name, 16)
    except ValueError:
        return 1


def render_proc_net_arp_row(neighbour: Neighbour) -> str:
    """One row: ``"%-16s 0x%-10x0x%-10x%-17s     *        %s"``."""
    extra = dict(neighbour.extra)
    flags = 0
    for letter, bit in g.FLAG_BITS:
        if letter in neighbour.arp_flags:
            flags |= bit
    if "flags" in extra:
        flags = int(extra["flags"], 16)
    lladdr = neighbour.lladdr
    if lladdr is not None:
        hw = str(lladdr) if isinstance(lladdr, MacAddress) else ip_text(lladdr)
    else:
        hw = extra.get("hw_address", "00:00:00:00:00:00")
    dst = ip_text(neighbour.dst) if neighbour.dst is not None else ""
    mask = ip_text(neighbour.mask) if neighbour.mask is not None else extra.get("mask", "*")
    return (f"{dst:<16} 0x{_hwtype(neighbour.hwtype):<10x}0x{flags:<10x}{hw:<17}     "
            f"{mask}        {neighbour.dev or '*'}")


def render_proc_net_arp(output: ProcNetArpOutput) -> str:
    """The whole file: header line and one row per neighbour."""
    lines = [g.HEADER + "\n"] if output.form.header else []
    lines.extend(render_proc_net_arp_row(n) + "\n" for n in output.neighbours)
    return "".join(lines)
