"""Render neighbours back to net-tools ``arp`` text, in the style they came from.

The Linux style uses net-tools' own fixed columns (``%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s
%s``), so real captures render back byte for byte; the BSD style is
``NAME (ADDR) at HW [TYPE] [netmask M] FLAGS on IFACE``.
"""

from __future__ import annotations

from netfacts.grammar import arp as g
from netfacts.models.neighbour import ArpForm, ArpMessage, ArpOutput, ArpSummary, Neighbour
from netfacts.models.values import MacAddress, ip_text

__all__ = ["render_arp", "render_bsd_row", "render_table_row"]

_WORDS = {"M": "PERM", "P": "PUB", "A": "AUTO", "!": "DONTPUB", "T": "TRAIL"}


def _lladdr(neighbour: Neighbour) -> str:
    value = neighbour.lladdr
    if value is None:
        return ""
    return str(value) if isinstance(value, MacAddress) else ip_text(value)


def render_table_row(neighbour: Neighbour, legacy: bool = False) -> str:
    """One Linux-style row (``arp_disp_2``)."""
    if neighbour.hostname is not None:
        name = neighbour.hostname
    elif neighbour.dst is not None:
        name = ip_text(neighbour.dst)
    else:
        name = "?"
    flags = neighbour.arp_flags
    if "C" in flags:
        hwtype, hwaddress = neighbour.hwtype or "", _lladdr(neighbour)
    elif "P" in flags:
        hwtype, hwaddress = "*", g.PUBLISHED_LEGACY if legacy else g.PUBLISHED
    else:
        hwtype, hwaddress = "", g.INCOMPLETE_TABLE
    mask = ip_text(neighbour.mask) if neighbour.mask is not None else ""
    return (f"{name:<23.23}  {hwtype:<8.8}{hwaddress:<20.20}{flags:<6.6}{mask:<15.15} "
            f"{neighbour.dev or ''}")


def render_bsd_row(neighbour: Neighbour, legacy: bool = False) -> str:
    """One BSD-style row (``arp_disp``)."""
    address = ip_text(neighbour.dst) if neighbour.dst is not None else ""
    parts = [f"{neighbour.hostname or '?'} ({address}) at "]
    flags = neighbour.arp_flags
    if "C" in flags:
        parts.append(f"{_lladdr(neighbour)} [{neighbour.hwtype or ''}] ")
    elif "P" in flags:
        parts.append(f"{g.PUBLISHED_LEGACY if legacy else g.PUBLISHED} ")
    else:
        parts.append(f"{g.INCOMPLETE_BSD} ")
    if neighbour.mask is not None:
        parts.append(f"netmask {ip_text(neighbour.mask)} ")
    for letter in flags:
        word = _WORDS.get(letter)
        if word is not None:
            parts.append(f"{'PUP' if legacy and letter == 'P' else word} ")
    parts.append(f"on {neighbour.dev or ''}")
    return "".join(parts)


def _summary(summary: ArpSummary) -> str:
    return f"Entries: {summary.entries}\tSkipped: {summary.skipped}\tFound: {summary.found}\n"


def _message(message: ArpMessage) -> str:
    if message.kind == "no entry":
        return f"{message.name} ({message.address}) -- no entry\n"
    return f"arp: in {message.entries} entries no match found.\n"


def render_arp(output: ArpOutput) -> str:
    """``arp`` text for ``output`` in the style of its form (nothing at all for no rows)."""
    form: ArpForm = output.form
    lines: list[str] = []
    if form.style == "bsd":
        lines.extend(render_bsd_row(n, form.legacy) + "\n" for n in output.neighbours)
    elif output.neighbours:
        lines.append(g.HEADER + "\n")
        lines.extend(render_table_row(n, form.legacy) + "\n" for n in output.neighbours)
    if output.summary is not None:
        lines.append(_summary(output.summary))
    if output.message is not None:
        lines.append(_message(output.message))
    return "".join(lines)
