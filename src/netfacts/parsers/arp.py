"""Parse net-tools ``arp`` text into :class:`~netfacts.models.neighbour.Neighbour`.

Forms: the Linux-style table (``arp``, ``arp -n``, ``arp -e``, ``arp -i IF``, ``arp -v``
with its ``Entries:`` trailer), the BSD style (``arp -a``, ``arp -an``), the ``-- no entry``
and ``no match found`` messages and empty output (no entries print nothing at all).
Grammar: :mod:`netfacts.grammar.arp`.

When ``arp`` resolved a name, the table shows the name *instead of* the address: the
neighbour then has ``hostname`` set and ``dst`` empty (netfacts does not guess the address
back).  ``(incomplete)`` covers the kernel's INCOMPLETE and FAILED states alike.

Speed: every row is validated and kept as a compact tuple of texts
(:data:`~netfacts.models.neighbour.ARP_ROW`); the ``Neighbour`` objects are built on first
use (:class:`~netfacts.models.neighbour.NeighbourList`).  A clean table (no colour codes,
carriage returns or tabs between the header and the trailer) is matched by one multi-line
regex over the whole text, compiled from the grammar's ``table_row`` shape; every other
text goes line by line.  Both paths apply the same rules (tests compare them).

Example::

    >>> from netfacts.parsers.arp import parse_arp
    >>> out = parse_arp("? (192.168.50.1) at 02:00:00:00:50:01 [ether] on eth0\\n")
    >>> n = out.neighbours[0]
    >>> str(n.dst), str(n.lladdr), n.hwtype, n.arp_flags, n.dev, out.form.style
    ('192.168.50.1', '02:00:00:00:50:01', 'ether', 'C', 'eth0', 'bsd')
"""

from __future__ import annotations

import re
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import arp as g
from netfacts.models.neighbour import (
    ArpForm,
    ArpMessage,
    ArpOutput,
    ArpSummary,
    NeighbourList,
    Row,
    neighbour_from_arp_row,
)
from netfacts.models.values import MacAddress, ip_text, link_address
from netfacts.parsers._driver import BAD_VALUES, Collector

try:
    from _socket import AF_INET, inet_pton
except ImportError:  # pragma: no cover - other interpreters
    from socket import AF_INET, inet_pton

__all__ = ["parse_arp", "sniff"]

_S = g.SHAPES
_MAC6 = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}")
_INTERN: dict[str, str] = {}
_NOT_COMPLETE = frozenset({g.INCOMPLETE_TABLE, g.PUBLISHED, g.PUBLISHED_LEGACY})
_BSD_FLAGS: dict[str, str] = {"": "", " PERM": "M", " PERM PUB": "MP", " PUB": "P"}

_FAST = True
"""Use the shortcut of :meth:`_Parser.fast` (tests switch it off to compare both paths)."""
_COMPLETE_FLAGS = {"C": "C", "CM": "CM"}
_FAST_HWTYPES = {"ether": "ether"}


class _Bad(Exception):
    """A column whose content is not what the grammar allows: (offset, message)."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def _intern(text: str) -> str:
    value = _INTERN.get(text)
    if value is None:
        if len(_INTERN) < 4096:
            _INTERN[text] = text
        return text
    return value


def _ipv4_text(text: str) -> str | None:
    """``text`` when it is a dotted quad (the kernel's and ``inet_pton``'s rules), else None."""
    try:
        inet_pton(AF_INET, text)
    except (OSError, ValueError):
        return None
    return text


def _lladdr_text(text: str) -> str:
    """Canonical text of a link-layer address; ``ValueError`` when it is not one."""
    if _MAC6.fullmatch(text):
        return text
    value = link_address(text)
    return str(value) if isinstance(value, MacAddress) else ip_text(value)


def _bsd_letters(words: str) -> str:
    letters = _BSD_FLAGS.get(words)
    if letters is None:
        found = {g.BSD_FLAG_WORDS[word] for word in words.split()}
        letters = "".join(letter for letter in g.FLAG_LETTERS if letter in found)
        if len(_BSD_FLAGS) < 256:
            _BSD_FLAGS[words] = letters
    return letters


def _row(columns: tuple[str, str, str, str, str, str],
         offsets: tuple[int, int, int, int, int]) -> tuple[Row, bool]:
    """A table row from its (stripped) column texts, and whether it is 1.60-style.

    ``columns`` are address, hwtype, hwaddress, flags, mask, iface.  Raises
    :class:`_Bad` naming the column offset and what was expected.
    """
    address, hwtype, hwaddress, flags, mask, iface = columns
    if not address or " " in address:
        raise _Bad(offsets[0], f"Expected address or host name, found {address!r}")
    dst = _ipv4_text(address)
    hostname = None if dst is not None else address
    try:
        letters = g.FLAGS.convert(flags)
    except ValueError:
        raise _Bad(offsets[3], f"Expected {g.FLAGS.name}, found {flags!r}") from None
    legacy = False
    lladdr: str | None = None
    kind: str | None = None
    if hwaddress in _NOT_COMPLETE and "C" not in letters:
        legacy = hwaddress == g.PUBLISHED_LEGACY
        if hwtype not in ("", "*"):
            raise _Bad(offsets[1], f"Expected no hardware type or '*', found {hwtype!r}")
    else:
        try:
            lladdr = _lladdr_text(hwaddress)
        except ValueError:
            raise _Bad(
                offsets[2], f"Expected link-layer address, found {hwaddress or 'nothing'!r}"
            ) from None
        if not hwtype or " " in hwtype:
            raise _Bad(offsets[1], f"Expected hardware type, found {hwtype or 'nothing'!r}")
        kind = _intern(hwtype)
    netmask: str | None = None
    if mask:
        netmask = _ipv4_text(mask)
        if netmask is None:
            raise _Bad(offsets[4], f"Expected netmask, found {mask!r}")
    return (dst, hostname, _intern(iface), lladdr, kind, letters, netmask, ()), legacy


_STARTS = [start for _, start, _ in g.TABLE_COLUMNS]
_FIXED_OFFSETS = (_STARTS[0], _STARTS[1], _STARTS[2], _STARTS[3], _STARTS[4])


class _Parser:
    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.rows: list[Row] = []
        self.lines: list[int] = []
        self.style: str | None = None
        self.legacy = False
        self.summary: ArpSummary | None = None
        self.message: ArpMessage | None = None

    # ------------------------------------------------------------ the fast path

    def fast(self, text: str) -> bool:
        """Read a clean capture line by line with a shortcut for the commonest rows.

        A row of the Linux-style table that splits into ``ADDR ether MAC C|CM IFACE`` or
        ``ADDR (incomplete) IFACE`` with a valid dotted quad and a 6-byte lower-case MAC
        is stored straight away: the fixed-column and the whitespace readings of such a
        row are the same (``tests/test_arp_values.py`` checks both paths on every
        capture).  Every other line goes through :meth:`line`.  Only for text without
        colour codes, carriage returns, tabs, other control whitespace and non-ASCII
        characters, where :func:`~netfacts._text.split_lines` would change nothing and
        ``str.split()`` splits exactly where the grammar's blanks are; False otherwise.
        """
        if not _FAST or not text.isascii():
            return False
        for char in "\r\t\x0b\x0c\x1b\x1c\x1d\x1e\x1f":
            if char in text:
                return False
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        append = self.rows.append
        record = self.lines.append
        intern = _INTERN
        complete = _COMPLETE_FLAGS
        hwtypes = _FAST_HWTYPES
        mac6 = _MAC6.fullmatch
        pton = inet_pton
        af_inet = AF_INET
        incomplete = g.INCOMPLETE_TABLE
        line_ = self.line
        first = 0
        for number, line in enumerate(lines, 1):
            parts = line.split()
            count = len(parts)
            if count == 5:
                dst, hwtype, hw, flags, iface = parts
                letters = complete.get(flags)
                kind = hwtypes.get(hwtype)
                if letters is not None and kind is not None and mac6(hw) is not None:
                    try:
                        pton(af_inet, dst)
                    except (OSError, ValueError):
                        line_(number, line, line)
                        continue
                    dev = intern.get(iface)
                    if dev is None:
                        dev = _intern(iface)
                    append((dst, None, dev, hw, kind, letters, None, ()))
                    record(number)
                    if not first:
                        first = number
                    continue
            elif count == 3 and parts[1] == incomplete:
                dst = parts[0]
                try:
                    pton(af_inet, dst)
                except (OSError, ValueError):
                    line_(number, line, line)
                    continue
                iface = parts[2]
                dev = intern.get(iface)
                if dev is None:
                    dev = _intern(iface)
                append((dst, None, dev, None, None, "", None, ()))
                record(number)
                if not first:
                    first = number
                continue
            if first and self.style is None:
                self.style = "table"  # a shortcut row came first
            line_(number, line, line)
        if first and self.style is None:
            self.style = "table"
        return True

    # ------------------------------------------------------------ line by line

    def feed(self, lines: list[str]) -> None:
        for number, raw in enumerate(lines, 1):
            self.line(number, raw, raw)

    def line(self, number: int, raw: str, original: str) -> None:
        """Read one line that the shortcut did not take."""
        try:
            self._line(number, raw, original)
        except BAD_VALUES as exc:
            self.c.bad_value(number, original.rstrip(), exc)

    def _line(self, number: int, raw: str, original: str) -> None:
        line = raw.rstrip()
        if not line:
            return
        if "\t" in line:
            if self._summary(number, line):
                return
            line = line.expandtabs()
        if line[0] == "A" and _S["header"].match(line) is not None:
            if self.style is None:
                self.style = "table"
            return
        match = _S["table_row"].match(line)
        if match is not None:
            address, hwtype, hwaddress, flags, mask, iface = match.groups()
            try:
                row, legacy = _row((address.rstrip(), hwtype.rstrip(), hwaddress.rstrip(),
                                    flags.rstrip(), mask.rstrip(), iface), _FIXED_OFFSETS)
            except _Bad as bad:
                if not self._loose(number, line):
                    self._error(number, original, bad.offset, bad.message)
                return
            self._add(number, row, legacy, "table")
            return
        self._other(number, original, line)

    def _add(self, number: int, row: Row, legacy: bool, style: str) -> None:
        self.rows.append(row)
        self.lines.append(number)
        if legacy:
            self.legacy = True
        if self.style is None:
            self.style = style

    def _other(self, number: int, original: str, line: str) -> None:
        match = _S["bsd_row"].match(line)
        if match is not None:
            self._bsd(number, original, match)
            return
        if self._loose(number, line):
            return
        match = _S["no_entry"].match(line)
        if match is not None:
            self._set_message(number, line, ArpMessage(
                kind="no entry", name=match.group("name"), address=match.group("address")))
            return
        match = _S["no_match"].match(line)
        if match is not None:
            entries = int(match.group("entries"))
            self._set_message(number, line, ArpMessage(kind="no match", entries=entries))
            return
        if self._summary(number, line):
            return
        shape = None
        if line[:1] not in " \t":
            if self.style == "bsd" or " at " in line:
                shape = _S["bsd_row"]
            elif self.style == "table":
                shape = _S["table_loose"]
        self.c.reject(number, original.rstrip(), shape)

    def _loose(self, number: int, line: str) -> bool:
        match = _S["table_loose"].match(line)
        if match is None:
            return False
        address, hwtype, hwaddress, flags, mask, iface = match.group(
            "address", "hwtype", "hwaddress", "flags", "mask", "iface")
        try:
            row, legacy = _row((address, hwtype or "", hwaddress, flags or "", mask or "",
                                iface), (0, 0, 0, 0, 0))
        except _Bad:
            return False
        self._add(number, row, legacy, "table")
        return True

    def _bsd(self, number: int, original: str, match: re.Match[str]) -> None:
        name, address, marker, hwaddress, hwtype, mask, flags, iface = match.group(
            "name", "address", "marker", "hwaddress", "hwtype", "mask", "flags", "iface")
        if _ipv4_text(address) is None:
            self._error(number, original, match.start("address"),
                        f"Expected IPv4 address, found {address or 'nothing'!r}")
            return
        letters = _bsd_letters(flags)
        legacy = "PUP" in flags or marker == g.PUBLISHED_LEGACY
        lladdr: str | None = None
        if hwaddress is not None:
            try:
                lladdr = _lladdr_text(hwaddress)
            except ValueError:
                self._error(number, original, match.start("hwaddress"),
                            f"Expected link-layer address, found {hwaddress!r}")
                return
            letters = "C" + letters
        netmask: str | None = None
        if mask is not None:
            netmask = _ipv4_text(mask)
            if netmask is None:
                self._error(number, original, match.start("mask"),
                            f"Expected netmask, found {mask!r}")
                return
        row = (address, None if name == "?" else name, _intern(iface), lladdr,
               _intern(hwtype) if hwtype else None, letters, netmask, ())
        self._add(number, row, legacy, "bsd")

    def _summary(self, number: int, line: str) -> bool:
        match = _S["summary"].match(line)
        if match is None:
            return False
        summary = ArpSummary(entries=int(match.group("entries")),
                             skipped=int(match.group("skipped")),
                             found=int(match.group("found")))
        if self.summary is None:
            self.summary = summary
        else:
            self.c.info(number, "a second 'Entries:' line (two captures in one file?): "
                        "only the first is kept", line)
        return True

    def _set_message(self, number: int, line: str, message: ArpMessage) -> None:
        if self.message is None:
            self.message = message
        else:
            self.c.info(number, "a second arp message (two captures in one file?): "
                        "only the first is kept", line)

    def _error(self, number: int, original: str, offset: int, message: str) -> None:
        text = original.rstrip()
        column = _original_column(text, offset) if "\t" in text else offset + 1
        self.c.error(number, column, message, text)

    def form(self) -> ArpForm:
        return ArpForm(style=self.style or "table", verbose=self.summary is not None,
                       legacy=self.legacy)


def _original_column(raw: str, offset: int) -> int:
    """1-based column in ``raw`` of ``offset`` in ``raw.expandtabs()``."""
    position = 0
    for index, char in enumerate(raw):
        if position >= offset:
            return index + 1
        position = (position // 8 + 1) * 8 if char == "\t" else position + 1
    return len(raw) + 1


def parse_arp(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
) -> ArpOutput:
    """Parse net-tools ``arp`` output of any form.

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first one
    raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    parser = _Parser(collector)
    if parser.fast(text):
        if text and not text.endswith("\n"):
            collector.check_final_line(text, text.split("\n"))
    else:
        lines = split_lines(text)
        parser.feed(lines)
        collector.check_final_line(text, lines)
    fields: dict[str, Any] = {}
    if parser.rows:
        fields["neighbours"] = NeighbourList(rows=parser.rows, build=neighbour_from_arp_row)
    return ArpOutput(
        form=parser.form(),
        summary=parser.summary,
        message=parser.message,
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(parser.lines),
        **fields,
    )


_SNIFF_BSD = re.compile(r"\S+ \([0-9.]+\) at (?:<incomplete>|<from_interface>|\*|\S+ \[)")


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("arp", score)`` or None."""
    for line in lines:
        stripped = line.rstrip()
        if stripped.startswith("Address ") and _S["header"].match(stripped):
            return "arp", 95
        if _SNIFF_BSD.match(line):
            return "arp", 90
        if _S["no_entry"].match(stripped) or _S["summary"].match(stripped):
            return "arp", 80
        match = _S["table_row"].match(stripped.expandtabs())
        if match is not None:
            columns = tuple(part.rstrip() for part in match.groups())
            try:
                _row((columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]),
                     _FIXED_OFFSETS)
            except _Bad:
                continue
            return "arp", 70
    return None

