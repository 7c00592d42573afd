"""Parse the kernel's ``/proc/net/arp`` into :class:`~netfacts.models.neighbour.Neighbour`.

This is what sosreports hold instead of ``arp`` output (``proc/net/arp``).  Each row
becomes a neighbour with ``dst``, ``dev``, ``hwtype`` (net-tools' name for the ARPHRD
number), ``arp_flags`` (the hex ATF_* flags as net-tools' letters: 0x2 ``C``, 0x6 ``CM``,
0xc ``MP``) and ``lladdr``.  The kernel prints a hardware address even for entries that
have none (zeros for incomplete, failed and proxy entries); like ``arp`` and ``ip neigh``,
netfacts gives those entries no ``lladdr`` and keeps a non-zero leftover address in
``extra`` as ``("hw_address", text)``.  Grammar: :mod:`netfacts.grammar.proc_net_arp`.

Example::

    >>> from netfacts.parsers.proc_net_arp import parse_proc_net_arp
    >>> out = parse_proc_net_arp(
    ...     "IP address       HW type     Flags       HW address            Mask     Device\\n"
    ...     "10.20.0.50       0x1         0x6         02:00:00:00:20:50     *        br0\\n")
    >>> n = out.neighbours[0]
    >>> str(n.dst), n.hwtype, n.arp_flags, str(n.lladdr), n.dev, n.is_permanent
    ('10.20.0.50', 'ether', 'CM', '02:00:00:00:20:50', 'br0', True)
"""

from __future__ import annotations

import re
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import proc_net_arp as g
from netfacts.models.neighbour import (
    NeighbourList,
    ProcNetArpForm,
    ProcNetArpOutput,
    Row,
    neighbour_from_arp_row,
)
from netfacts.models.values import MacAddress, ip_address, ip_text, link_address
from netfacts.parsers._driver import Collector

__all__ = ["flag_letters", "hwtype_name", "parse_proc_net_arp", "sniff"]

_S = g.SHAPES
_LETTER_BITS = sum(bit for _, bit in g.FLAG_BITS)
_ZERO = re.compile(r"(?:00:)*00")
_INTERN: dict[str, str] = {}


def flag_letters(flags: int) -> str:
    """ATF_* bits → net-tools letters (``0x6`` → ``"CM"``)."""
    return "".join(letter for letter, bit in g.FLAG_BITS if flags & bit)


def hwtype_name(number: int) -> str:
    """ARPHRD_* number → net-tools name (``1`` → ``"ether"``), else ``0x...``."""
    return g.HWTYPES.get(number, f"{number:#x}")


def _intern(text: str) -> str:
    value = _INTERN.get(text)
    if value is None:
        if len(_INTERN) < 4096:
            _INTERN[text] = text
        return text
    return value


def parse_proc_net_arp(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
) -> ProcNetArpOutput:
    """Parse ``/proc/net/arp``.

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first one
    raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    row = _S["row"].regex.fullmatch
    header = _S["header"].regex.fullmatch
    rows: list[Row] = []
    record_lines: list[int] = []
    saw_header = False
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if not line:
            continue
        match = row(line)
        if match is None:
            if header(line) is not None:
                saw_header = True
                continue
            collector.reject(number, line, _S["row"])
            continue
        address, hwtype, flags, hwaddress, mask, device = match.groups()
        try:
            dst = ip_text(ip_address(address))
        except ValueError:
            collector.error(number, 1, f"Expected IPv4 address, found {address!r}", line)
            continue
        if len(flags) > 10 or len(hwtype) > 10:  # u32 values printed as 0x...
            collector.error(number, match.start(2 if len(hwtype) > 10 else 3) + 1,
                            "Expected a hexadecimal number of at most 8 digits", line)
            continue
        bits = int(flags, 16)
        letters = flag_letters(bits)
        extra: list[tuple[str, str]] = []
        if bits & ~_LETTER_BITS:
            extra.append(("flags", flags))
        lladdr: str | None = None
        if hwaddress is not None:
            if "C" in letters:
                try:
                    value = link_address(hwaddress)
                except ValueError:
                    extra.append(("hw_address", hwaddress))
                else:
                    lladdr = str(value) if isinstance(value, MacAddress) else ip_text(value)
            elif not _ZERO.fullmatch(hwaddress):
                extra.append(("hw_address", hwaddress))
        netmask: str | None = None
        if mask != "*":
            try:
                netmask = ip_text(ip_address(mask))
            except ValueError:
                extra.append(("mask", mask))
        record_lines.append(number)
        rows.append((dst, None, None if device == "*" else _intern(device), lladdr,
                     _intern(hwtype_name(int(hwtype, 16))), letters, netmask, tuple(extra)))
    collector.check_final_line(text, lines)
    fields: dict[str, Any] = {}
    if rows:
        fields["neighbours"] = NeighbourList(rows=rows, build=neighbour_from_arp_row)
    return ProcNetArpOutput(
        **fields,
        form=ProcNetArpForm(header=saw_header or not rows),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(record_lines),
    )


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("proc-net-arp", score)`` or None."""
    for line in lines:
        stripped = line.rstrip()
        if _S["header"].match(stripped):
            return "proc-net-arp", 95
        if _S["row"].match(stripped):
            return "proc-net-arp", 85
    return None
