"""Parse ``ip addr`` / ``ip link`` text in every form into :class:`~netfacts.models.link.Link`.

Forms: plain (``ip addr``, ``ip a``, ``ip link``, ``show dev X``), ``-4``/``-6``,
``-o`` (one line per address or per link), ``-br``, ``-d`` (details and kind
lines), ``-s``/``-s -s`` (both statistics layouts), altname/alias/XDP/VF lines.
The form is read from the text itself; a ``command`` hint (``"addr"`` or
``"link"``) only decides the cases the text leaves open (no addresses and no
``mode`` attribute).  Grammar: :mod:`netfacts.grammar.ip_addr`.

Example::

    >>> from netfacts.parsers.ip_addr import parse_ip_addr
    >>> out = parse_ip_addr("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue "
    ...                     "state UNKNOWN group default qlen 1000\\n"
    ...                     "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\\n")
    >>> out.links[0].ifname, out.links[0].mtu, str(out.links[0].address)
    ('lo', 65536, '00:00:00:00:00:00')
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from netfacts._text import classify_noise, split_lines
from netfacts.grammar import ip_addr as g
from netfacts.grammar._atoms import DEC, LFT
from netfacts.grammar._keywords import row_value, walk
from netfacts.models._checked import builder as _unchecked
from netfacts.models.address import Address, Family
from netfacts.models.ip_addr import (
    IpAddrCommand,
    IpAddrForm,
    IpAddrOutput,
    IpAddrStyle,
    LinkList,
    StatsLayout,
)
from netfacts.models.link import (
    DETAIL_FIELDS,
    Link,
    LinkDetails,
    LinkInfo,
    LinkStats,
    OperState,
    RxStats,
    TxStats,
    VfInfo,
    VfStats,
    Xdp,
    XdpProg,
)
from netfacts.models.link_kinds import kind_arity
from netfacts.models.values import MacAddress, ip_address, is_decimal, link_address
from netfacts.parsers._driver import BAD_VALUES, Collector

__all__ = ["address_from_row", "link_from_row", "parse_ip_addr"]

_address = _unchecked(Address)  # the parser's values are valid: no constructor checks
_link = _unchecked(Link)

_S = g.SHAPES
_ONELINE_SPLIT = re.compile(r"\\(?=[ \t])")
_IF_INDEX = re.compile(r"if([0-9]{1,10})")
_HEADERISH = re.compile(r"(?:^|(?<=[\s:]))[^\s:]+:\s+<[A-Z0-9_,-]*>(?:\s|$)").search
"""An interface header with its index (or more) damaged: ``eth0@if2: <BROADCAST,...> mtu``
anywhere in the line (a name never holds ``:``), whatever the damage left before it
(``:2: eth0@if2: <...>``, ``2:eth0: <...>``); tried only where a word starts or a ``:``
ends, so a long line costs one pass."""
_STOP_DETAILS = frozenset(g.DETAIL_KEYS)
_DETAIL_SET = frozenset(DETAIL_FIELDS)
_MONITOR_ONLY = frozenset({"new_netns", "new_netnsid", "new_ifindex"})
_L = g.LINK_LAYOUT.index
_A = g.ADDRESS_LAYOUT.index
_WIDTH = g.LINK_LAYOUT.width
_A_WIDTH = g.ADDRESS_LAYOUT.width
_IFINDEX, _IFNAME, _FLAGS, _LINK_TYPE, _ADDRESS, _IFALIAS, _QDISC, _LINKMODE = (
    _L["ifindex"], _L["ifname"], _L["flags"], _L["link_type"], _L["address"], _L["ifalias"],
    _L["qdisc"], _L["linkmode"])
_VALID, _PREFERRED, _FAMILY = _A["valid_life_time"], _A["preferred_life_time"], _A["family"]
_ADDRESSES = _L["addresses"]
_FAST = True
"""Read canonical lines with their regexes (tests switch it off to compare both readers)."""


def _row_value(value: Any) -> Any:
    """A value read keyword by keyword → as rows keep it (addresses as their text)."""
    if isinstance(value, MacAddress):
        return str(value)
    if type(value) is list:
        return tuple(value)
    return row_value(value)


def _put(row: list[Any], index: dict[str, int], values: dict[str, Any]) -> None:
    for name, value in values.items():
        row[index[name]] = _row_value(value)

_RX1 = {
    "bytes": "bytes",
    "packets": "packets",
    "errors": "errors",
    "dropped": "dropped",
    "overrun": "over_errors",
    "missed": "missed_errors",
    "mcast": "multicast",
    "compressed": "compressed",
}
_RX2 = {
    "length": "length_errors",
    "crc": "crc_errors",
    "frame": "frame_errors",
    "fifo": "fifo_errors",
    "missed": "missed_errors",
    "overrun": "over_errors",
    "nohandler": "nohandler",
    "otherhost": "otherhost",
}
_TX1 = {
    "bytes": "bytes",
    "packets": "packets",
    "errors": "errors",
    "dropped": "dropped",
    "carrier": "carrier_errors",
    "collsns": "collisions",
    "compressed": "compressed",
}
_TX2 = {
    "aborted": "aborted_errors",
    "fifo": "fifo_errors",
    "window": "window_errors",
    "heartbeat": "heartbeat_errors",
    "heartbt": "heartbeat_errors",
    "transns": "carrier_changes",
}
_STATS_COLUMNS = {"RX:": _RX1, "RX errors:": _RX2, "TX:": _TX1, "TX errors:": _TX2}
_VF_COLUMNS = {
    "RX:": {"bytes": "rx_bytes", "packets": "rx_packets", "mcast": "multicast",
            "bcast": "broadcast", "dropped": "rx_dropped"},
    "TX:": {"bytes": "tx_bytes", "packets": "tx_packets", "dropped": "tx_dropped"},
}
"""Columns of the counters iproute2's ``print_vf_stats64`` prints under a ``vf N`` line."""

_HUMAN = re.compile(r"[0-9]+(?:\.[0-9]+)?[kMGTPE]i?")
"""A counter as ``ip -h`` prints it (``1.23M``, ``12.5Ki``)."""


def _counter(token: str) -> int | str:
    if is_decimal(token):
        return int(token)
    if _HUMAN.fullmatch(token):
        return token
    raise ValueError(f"not a counter: {token!r}")


class _Record:
    """A link being assembled from its lines: its row (:data:`~netfacts.grammar.ip_addr.
    LINK_LAYOUT`, the name part in ``ifname`` until the names of the capture are known) and
    the structures that are assembled from several lines.

    Deliberately not slotted: the class attributes are the defaults, so a
    record only stores what its lines set (thousands are made per capture).
    """

    addresses: list[list[Any]] | None = None
    pending: list[Any] | None = None
    """The row of the last address, while its lifetime line may follow."""
    altnames: list[str] | None = None
    xdp_word: tuple[str, int | None] | None = None
    kind: dict[str, Any] | None = None
    after_link = False
    stats: dict[str, dict[str, int | str]] | None = None
    stats_columns: tuple[str, list[str]] | None = None
    extra: list[tuple[str, str]] | None = None
    details: dict[str, Any] | None = None
    exact_name = False
    unknown_lines: list[str] | None = None
    vfs: list[VfInfo] | None = None
    vf_counters: dict[str, int | str] | None = None
    """Counters of the last ``vf N`` line: set while its statistics lines may follow."""
    xdp_progs: list[XdpProg] | None = None

    def __init__(self, row: list[Any], line: int = 0) -> None:
        self.row = row
        self.line = line

    def add_extra(self, pairs: list[tuple[str, str]]) -> None:
        if pairs:
            if self.extra is None:
                self.extra = []
            self.extra.extend(pairs)


class _Parser:
    def __init__(self, collector: Collector, command: str | None) -> None:
        self.c = collector
        self.command: IpAddrCommand | None = (
            None if command is None else "link" if command == "link" else "addr")
        self.records: list[_Record] = []
        self.cur: _Record | None = None
        self.saw_mode = False
        self.saw_link_line = False
        self.saw_details = False
        self.saw_oneline_link = False
        self.saw_oneline_addr = False
        self.saw_header = False
        self.stats_level = 0
        self.stats_layout: StatsLayout = "B"
        self.families: set[str] = set()
        self.orphan_of: int | None = None
        """Line of the last rejected header: its continuation lines are skipped quietly."""
        self.orphan_reported = False
        self.orphan_blank = False
        self.brief: list[tuple[int, str, re.Match[str]]] = []

    # ------------------------------------------------------------ driving

    def feed(self, lines: list[str]) -> None:
        header = _S["header"].regex.fullmatch
        address = _S["address"].regex.fullmatch
        lifetime = _S["lifetime"].regex.fullmatch
        link = _S["link"].regex.fullmatch
        fast = _FAST
        canonical_header = _S["canonical_header"].regex.fullmatch
        canonical_link = _S["canonical_link"].regex.fullmatch
        canonical_inet = _S["canonical_inet"].regex.fullmatch
        canonical_inet6 = _S["canonical_address"].regex.fullmatch
        header_row, link_row = g.HEADER_ROW, g.LINK_LINE_ROW
        inet_row, inet6_row = g.INET_ROW, g.ADDRESS_ROW
        lft = LFT.convert
        for number, raw in enumerate(lines, 1):
            try:
                line = raw.rstrip()
                if not line:
                    if self.cur is not None:  # ip never prints a blank line inside a record
                        self._orphan(number, blank=True)
                    continue
                first = line[0]
                if first in " \t" and "\\" in line and line.lstrip()[:1].isdigit():
                    # a -o record with blanks in front (pasted text): a record of its own,
                    # never a continuation of the interface above
                    self._oneline(number, line.lstrip())
                    continue
                if first in " \t":
                    # The three commonest continuation lines first, straight to their handlers.
                    record = self.cur
                    if record is not None:
                        body = line.lstrip()
                        if body.startswith("valid_lft"):
                            pending = record.pending
                            match = lifetime(line)
                            if match is not None:
                                valid, preferred = match.group("valid", "preferred")
                                lifetimes = (lft(valid), lft(preferred))
                                if pending is not None:
                                    pending[_VALID], pending[_PREFERRED] = lifetimes
                                    record.pending = None
                                    continue
                                self.c.error(number, len(line) - len(body) + 1,
                                             "lifetime line without an address line before it",
                                             line)
                                continue
                        elif body.startswith("inet"):
                            if fast:
                                six = body[4:5] == "6"
                                match = (canonical_inet6 if six else canonical_inet)(line)
                                if match is not None:
                                    try:
                                        row = (inet6_row if six else inet_row)(match.groups())
                                    except ValueError:
                                        pass  # read below: that says what is wrong
                                    else:
                                        self._add_address(row, record)
                                        continue
                            match = address(line)
                            if match is not None:
                                self._address(number, match, record)
                                continue
                        elif body.startswith("link/"):
                            if fast and record.row[_LINK_TYPE] is None:
                                match = canonical_link(line)
                                if match is not None:
                                    try:
                                        link_row(record.row, match.groups())
                                    except ValueError:
                                        pass
                                    else:
                                        self.saw_link_line = True
                                        record.after_link = True
                                        continue
                            match = link(line)
                            if match is not None:
                                self._link_line(number, match, record)
                                continue
                    self._continuation(number, line, 0)
                elif first.isdigit():
                    if "\\" in line:
                        self._oneline(number, line)
                        continue
                    if fast:
                        match = canonical_header(line)
                        if match is not None:
                            try:
                                row = header_row(match.groups())
                            except ValueError:
                                pass
                            else:
                                self._add_record(row, number)
                                continue
                    match = header(line)
                    if match is not None:
                        self._header(number, match)
                    else:
                        self._line(number, line, 0)
                else:
                    self._line(number, line, 0)
            except BAD_VALUES as exc:
                if raw[:1] not in " \t":
                    self._orphan(number)  # a header: its lines are not the one above's
                elif self.cur is not None:
                    self.cur.pending = [None] * _A_WIDTH  # the lost address's lifetime
                self.c.bad_value(number, raw.rstrip(), exc)

    def _oneline(self, number: int, line: str) -> None:
        pieces = _ONELINE_SPLIT.split(line)
        if len(pieces) == 1:  # a backslash that separates nothing (a name, damage)
            self._line(number, line, 0)
            return
        offset = 0
        first = True
        for piece in pieces:
            text = piece.rstrip()
            if text:
                # an ip -o link record: a header, then its link/ line after the backslash
                # (a stray backslash inside a plain header must not turn the whole listing
                # into the one-line form)
                if first and _S["oneline_address"].match(text) is None and \
                        _S["header"].match(text) is not None and \
                        pieces[1].lstrip().startswith("link/"):
                    self.saw_oneline_link = True
                self._line(number, text, offset)
            offset += len(piece) + 1
            first = False

    def _line(self, number: int, line: str, offset: int) -> None:
        first = line[0]
        if first.isdigit() or line.startswith("Deleted "):
            match = _S["header"].match(line)
            if match is not None:
                self._header(number, match)
                return
            match = _S["oneline_address"].match(line)
            if match is not None:
                self._oneline_address(number, match)
                return
            if not self.saw_header and self._brief(number, line):
                return  # -br line of an interface whose name starts with a digit
            self._orphan(number)
            self.c.reject(number, line, _S["header"], offset)
            return
        if line[0] in " \t":
            self._continuation(number, line, offset)
            return
        if not self.saw_header and self._brief(number, line):
            return
        if self.saw_header and classify_noise(line) is None:
            # In a header's place: a garbled header.  The lines under it belong to that
            # interface, never to the one before it.
            self._orphan(number)
        self.c.reject(number, line, _S["header"] if self.saw_header else None, offset)

    def _brief(self, number: int, line: str) -> bool:
        """Take ``line`` as a ``-br`` line when it has that shape."""
        match = _S["brief"].match(line)
        if match is None:
            return False
        tail = match.group("tail") or ""
        if tail and tail[0] not in "<0123456789abcdef:" and not tail.endswith(">"):
            return False
        self.brief.append((number, line, match))
        return True

    # ------------------------------------------------------------ headers

    def _add_record(self, row: list[Any], number: int) -> _Record:
        self.saw_header = True
        if row[_LINKMODE] is not None:
            self.saw_mode = True
        record = _Record(row, number)
        self.records.append(record)
        self.cur = record
        return record

    def _header(self, number: int, match: re.Match[str]) -> None:
        self.saw_header = True
        ifindex, namepart, flags, tail = match.group("ifindex", "namepart", "flags", "tail")
        row: list[Any] = [None] * _WIDTH
        row[_IFINDEX] = int(ifindex)
        row[_IFNAME] = namepart
        row[_FLAGS] = tuple(flags.split(",")) if flags else ()
        record = _Record(row, number)
        if match.group("deleted"):
            record.add_extra([("Deleted", "")])
        if tail:
            if " xdp" in tail or tail.startswith("xdp"):
                tokens = tail.split()
                for token in tokens:
                    xdp_match = g.XDP_WORD.fullmatch(token)
                    if xdp_match is not None:
                        prog_id = xdp_match.group(1)
                        record.xdp_word = (token.split("/", 1)[0],
                                           int(prog_id) if prog_id else None)
                        tokens.remove(token)
                        tail = " ".join(tokens)
                        break
            walked = walk(tail.split(), g.HEADER_KEYS)
            values = walked.values
            if walked.error is not None:
                index, message = walked.error
                column = match.end() - len(tail) + 1 + _token_offset(tail, index)
                self.c.error(number, column, message, match.string)
            values.pop("__end__", None)
            if "linkmode" in values:
                self.saw_mode = True
            _put(row, _L, values)
            record.add_extra(walked.unknown)
        self.records.append(record)
        self.cur = record

    def _oneline_address(self, number: int, match: re.Match[str]) -> None:
        self.saw_oneline_addr = True
        ifindex = int(match.group("ifindex"))
        ifname = match.group("ifname")
        record = self.records[-1] if self.records else None
        if record is None or record.row[_IFINDEX] != ifindex or record.row[_IFNAME] != ifname:
            row: list[Any] = [None] * _WIDTH
            row[_IFINDEX] = ifindex
            row[_IFNAME] = ifname
            record = _Record(row, number)
            # -o addr prints the bare name (no @link part): it is the name as is.
            record.exact_name = True
            self.records.append(record)
        self.cur = record
        self._address(number, match, record)

    def _orphan(self, number: int, *, blank: bool = False) -> None:
        """Line ``number`` ends the current interface without starting one: the indented
        lines that follow are skipped (reported once), never given to the one above."""
        self.cur = None
        self.orphan_of = number
        self.orphan_reported = False
        self.orphan_blank = blank

    # ------------------------------------------------------------ continuation lines

    def _continuation(self, number: int, line: str, offset: int) -> None:
        record = self.cur
        if offset == 0 and record is not None and record.exact_name and not self.saw_header:
            # ip -o addr prints no continuation lines: an indented line there is a damaged
            # record of its own, never a part of the address line above
            self.c.reject(number, line, _S["oneline_address"], offset)
            return
        if record is None:
            if self.orphan_of is not None:
                if not self.orphan_reported:
                    self.orphan_reported = True
                    if self.orphan_blank:
                        self.c.error(number, offset + 1, "Expected an interface header before "
                                     f"this line (the blank line {self.orphan_of} ends the "
                                     "interface above); its lines are skipped", line)
                    else:
                        self.c.warning(
                            number,
                            "skipped the continuation lines of the record whose header "
                            f"(line {self.orphan_of}) was rejected",
                            line,
                        )
                return
            self.c.reject(number, line, None, offset)
            return
        body = line.lstrip()
        head = body[:4]
        if head == "link":
            match = _S["link"].match(line)
            if match is not None:
                self._link_line(number, match, record)
                return
        elif head.startswith("inet") or body.startswith(("dnet ", "ipx ", "family ")):
            match = _S["address"].match(line)
            if match is not None:
                self._address(number, match, record)
                return
            record.pending = [None] * _A_WIDTH  # for the lifetime line of the lost address
            self.c.reject(number, line, _S["address"], offset)
            return
        elif head == "vali":
            match = _S["lifetime"].match(line)
            if match is not None and record.pending is None:
                self.c.error(number, len(line) - len(body) + 1,
                             "lifetime line without an address line before it", line)
                return
            if match is not None and record.pending is not None:
                record.pending[_VALID] = LFT.convert(match.group("valid"))
                record.pending[_PREFERRED] = LFT.convert(match.group("preferred"))
                record.pending = None
                return
            self.c.reject(number, line, _S["lifetime"], offset)
            return
        elif head == "altn":
            match = _S["altname"].match(line)
            if match is not None:
                _append(record, "altnames", match.group("altname"))
                record.after_link = False
                record.vf_counters = None
                return
        elif head == "alia":
            match = _S["alias"].match(line)
            if match is not None:
                record.row[_IFALIAS] = match.group("alias")
                record.after_link = False
                return
        elif head == "prog":
            match = _S["xdp_prog"].match(line)
            if match is not None:
                self._xdp_prog(number, match, record)
                return
        elif head[:2] in ("RX", "TX"):
            match = _S["stats_header"].match(line)
            if match is not None:
                self._stats_header(match, record)
                return
        elif head[:3] == "vf ":
            match = _S["vf"].match(line)
            if match is not None:
                self._vf(match, record)
                return
        if record.stats_columns is not None:
            match = _S["stats_values"].match(line)
            if match is not None:
                self._stats_values(number, match, record, line)
                return
        if record.after_link:
            match = _S["kind"].match(line)
            if match is not None:
                self._kind_line(number, match, record)
                return
        if (body[:1].isdigit() and _S["header"].match(body) is not None) or \
                _HEADERISH(body) is not None:
            # An interface header pushed right by damage: it and its lines are another
            # interface's, never this one's.
            self._orphan(number)
            self.c.error(number, len(line) - len(body) + 1,
                         "Expected an interface header at the start of the line", line)
            return
        _append(record, "unknown_lines", line.strip())
        self.c.info(number, "unknown continuation line kept verbatim", line)

    def _link_line(self, number: int, match: re.Match[str], record: _Record) -> None:
        if record.row[_LINK_TYPE] is not None:
            # One link/ line per interface: a second one is the next interface's, whose
            # header is missing.
            self._orphan(number)
            self.c.error(number, 1, "Expected an interface header before a second link/ "
                         "line", match.string)
            self.orphan_reported = True
            return
        self.saw_link_line = True
        row = record.row
        row[_LINK_TYPE] = match.group("link_type")
        record.after_link = True
        tail = match.group("tail")
        if not tail:
            return
        first, *rest_list = tail.split(None, 1)
        rest = rest_list[0] if rest_list else ""
        if first not in g.LINK_KEYS:
            try:
                row[_ADDRESS] = g.lladdr_text(first)
            except ValueError:
                self.c.error(
                    number,
                    match.start("tail") + 1,
                    "Expected link-layer address",
                    match.string,
                )
                return
            tail = rest
        walked = walk(tail.split(), g.LINK_KEYS)
        if walked.error is not None:
            index, message = walked.error
            column = match.end() - len(tail) + 1 + _token_offset(tail, index)
            self.c.error(number, column, message, match.string)
        values = walked.values
        values.pop("__end__", None)
        if "peer" in values:
            values["broadcast"] = values.pop("peer")
            values["pointtopoint"] = True
        moved = values.keys() & _DETAIL_SET
        if moved:
            self.saw_details = True
            details = record.details if record.details is not None else {}
            for name in moved:
                details[name] = values.pop(name)
            record.details = details
        if not values.keys().isdisjoint(_MONITOR_ONLY):
            for monitor_only in _MONITOR_ONLY & values.keys():
                record.add_extra([(monitor_only.replace("_", "-"), str(values.pop(monitor_only)))])
        _put(row, _L, values)
        record.add_extra(walked.unknown)

    def _kind_line(self, number: int, match: re.Match[str], record: _Record) -> None:
        self.saw_details = True
        kind = match.group("kind")
        tokens = (match.group("tail") or "").split()
        stop = len(tokens)
        for index, token in enumerate(tokens):
            if token in _STOP_DETAILS:
                stop = index
                break
        attributes = _group_kind_attributes(kind, tokens[:stop])
        info = record.kind if record.kind is not None else {}
        if kind.endswith("_slave"):
            info["slave_kind"] = kind[: -len("_slave")]
            info["slave_attributes"] = attributes
        elif "kind" in info or "slave_kind" in info:
            _append(record, "unknown_lines", match.string.strip())
            self.c.info(number, "unexpected third kind line kept verbatim", match.string)
            return
        else:
            info["kind"] = kind
            info["attributes"] = attributes
        record.kind = info
        if stop < len(tokens):
            walked = walk(tokens, g.DETAIL_KEYS, stop)
            if walked.error is not None:
                index, message = walked.error
                column = match.start("tail") + 1 + _token_offset(match.group("tail"), index)
                self.c.error(number, column, message, match.string)
            walked.values.pop("__end__", None)
            if record.details is None:
                record.details = {}
            record.details.update(walked.values)
            record.add_extra(walked.unknown)

    def _address(self, number: int, match: re.Match[str], record: _Record) -> None:
        family, local_text, peer, plen, tail = match.group(
            "family", "local", "peer", "plen", "tail"
        )
        self.families.add(family)
        try:
            local: Any = ip_address(local_text)
        except ValueError:
            if family in ("inet", "inet6"):
                self.c.error(number, match.start("local") + 1, "Expected IP address", match.string)
                record.pending = [None] * _A_WIDTH  # for the lifetime line of the lost address
                return
            local = local_text
        address: dict[str, Any] = {
            "family": Family.of(family),
            "local": local,
            "prefixlen": int(plen),
        }
        if peer is not None:
            try:
                address["peer"] = ip_address(peer)
            except ValueError:
                address["peer"] = peer
        if tail:
            if family == "inet":
                # IPv4 lines always end with the label, a bare word that may even
                # look like a flag (an interface can be called "dynamic"); it is
                # only absent when the word before is a keyword awaiting a value.
                head, _, last = tail.rpartition(" ")
                before = g.ADDRESS_KEYS.get(head.rpartition(" ")[2]) if head else None
                if before is None or not before.atoms:
                    address["label"] = last
                    tail = head
            if tail:
                walked = walk(tail.split(), g.ADDRESS_KEYS)
                if walked.error is not None:
                    index, message = walked.error
                    column = match.start("tail") + 1 + _token_offset(tail, index)
                    self.c.error(number, column, message, match.string)
                values = walked.values
                values.pop("__end__", None)
                address.update(values)
                if walked.unknown:
                    address["extra"] = tuple(walked.unknown)
        row: list[Any] = [None] * _A_WIDTH
        _put(row, _A, address)
        self._add_address(row, record)

    def _add_address(self, row: list[Any], record: _Record) -> None:
        self.families.add(row[_FAMILY])
        if record.addresses is None:
            record.addresses = [row]
        else:
            record.addresses.append(row)
        record.pending = row
        record.after_link = False
        record.vf_counters = None

    def _xdp_prog(self, number: int, match: re.Match[str], record: _Record) -> None:
        walked = walk((match.group("tail") or "").split(), g.XDP_KEYS)
        walked.values.pop("__end__", None)
        values = walked.values
        if walked.error is not None or "id" not in values:
            column, message = (1, "Expected 'id' of the XDP program")
            if walked.error is not None:
                index, message = walked.error
                column = match.start("tail") + 1 + _token_offset(match.group("tail"), index)
            self.c.error(number, column, message, match.string)
            return
        _append(
            record,
            "xdp_progs",
            XdpProg(
                mode=match.group("mode"),
                id=values["id"],
                name=values.get("name"),
                tag=values.get("tag"),
                jited=bool(values.get("jited")),
                load_time=values.get("load_time"),
                created_by_uid=values.get("created_by_uid"),
                extra=tuple(walked.unknown),
            )
        )
        record.after_link = False

    def _vf(self, match: re.Match[str], record: _Record) -> None:
        phrases = [p.strip() for p in (match.group("tail") or "").split(",")]
        head = phrases[0].split()
        info: dict[str, Any] = {"vf": int(match.group("vf"))}
        if len(head) >= 2 and head[0] == "MAC":  # iproute2 < 4.15
            info["address"] = _maybe_link_address(head[1])
        elif head and head[0].startswith("link/"):
            info["link_type"] = head[0][5:]
            if len(head) > 1:
                info["address"] = _maybe_link_address(head[1])
            if len(head) > 3 and head[2] == "brd":
                info["broadcast"] = _maybe_link_address(head[3])
        elif phrases[0]:
            phrases.insert(1, phrases[0])
        settings = tuple(p for p in phrases[1:] if p)
        _append(record, "vfs", VfInfo(settings=settings, **info))
        record.after_link = False
        record.vf_counters = {}

    # ------------------------------------------------------------ statistics

    def _stats_header(self, match: re.Match[str], record: _Record) -> None:
        head = match.group("head")
        columns = match.group("columns").split()
        if record.vf_counters is not None and head in _VF_COLUMNS:
            # The counters of the VF line above (``print_vf_stats64``), not the link's.
            record.stats_columns = ("vf " + head, columns)
            return
        if head == "RX:":
            # 5.14+ moved "missed" into the first line (where "overrun" was).
            self.stats_layout = "B" if "missed" in columns else "A"
            self.stats_level = max(self.stats_level, 1)
        elif head.endswith("errors:"):
            self.stats_level = 2
        record.stats_columns = (head, columns)
        record.after_link = False

    def _stats_values(self, number: int, match: re.Match[str], record: _Record, line: str) -> None:
        assert record.stats_columns is not None
        head, columns = record.stats_columns
        record.stats_columns = None
        values = match.group("values").split()
        if len(values) != len(columns):
            self.c.error(
                number,
                match.start("values") + 1,
                f"Expected {len(columns)} counters under {head!r}, found {len(values)}",
                line,
            )
            return
        if head.startswith("vf "):
            self._vf_stats_values(head[3:], columns, values, record)
            return
        mapping = _STATS_COLUMNS[head]
        side = "rx" if head.startswith("RX") else "tx"
        counters = [_counter(value) for value in values]  # all or none of the line
        if record.stats is None:
            record.stats = {"rx": {}, "tx": {}}
        target = record.stats[side]
        for name, value, counter in zip(columns, values, counters):
            field = mapping.get(name)
            if field is not None:
                target[field] = counter
            else:
                record.add_extra([(f"{side}_{name}", value)])

    @staticmethod
    def _vf_stats_values(head: str, columns: list[str], values: list[str],
                         record: _Record) -> None:
        counters = record.vf_counters
        assert counters is not None and record.vfs
        mapping = _VF_COLUMNS[head]
        side = "rx" if head == "RX:" else "tx"
        vf = record.vfs[-1]
        converted = [_counter(value) for value in values]  # all or none of the line
        for name, value, counter in zip(columns, values, converted):
            field = mapping.get(name)
            if field is not None:
                counters[field] = counter
            else:
                record.add_extra([(f"vf{vf.vf}_{side}_{name}", value)])
        record.vfs[-1] = attrs.evolve(vf, stats=VfStats(**counters))

    def settle(self, lines: list[str]) -> None:
        """``-br`` lines and interface headers never share a capture: when both were read,
        the fewer are damage (a garbled header can look like a ``-br`` line) and are
        reported instead of deciding the form of every other line."""
        if not (self.brief and self.records):
            return
        if len(self.brief) >= len(self.records):
            losers = [record.line for record in self.records]
            self.records = []
        else:
            losers = [number for number, _, _ in self.brief]
            self.brief = []
        for number in losers:
            text = lines[number - 1].rstrip()
            self.c.error(number, 1, "Expected a line of the form the rest of the capture has "
                         "(interface headers and -br lines do not mix)", text)

    # ------------------------------------------------------------ brief form

    def parse_brief(self) -> list[Link]:
        links: list[Link] = []
        is_link = any((m.group("tail") or "").endswith(">") for _, _, m in self.brief)
        nameparts = [m.group("namepart") for _, _, m in self.brief]
        resolver = _NameResolver(nameparts)
        for index, (number, line, match) in enumerate(self.brief):
            fields: dict[str, Any] = {"operstate": OperState.of(match.group("operstate"))}
            resolver.apply(index, fields)
            tokens = (match.group("tail") or "").split()
            if is_link:
                if tokens and tokens[-1].startswith("<") and tokens[-1].endswith(">"):
                    inner = tokens.pop()[1:-1]
                    fields["flags"] = tuple(inner.split(",")) if inner else ()
                if tokens:
                    try:
                        fields["address"] = link_address(tokens[0])
                    except ValueError:
                        self.c.error(
                            number,
                            match.start("tail") + 1,
                            "Expected link-layer address",
                            line,
                        )
                        continue
            else:
                addresses = self._brief_addresses(number, line, match, tokens)
                if addresses is None:
                    continue
                fields["addresses"] = addresses
            links.append(_link(**fields))
        return links

    def _brief_addresses(
        self, number: int, line: str, match: re.Match[str], tokens: list[str]
    ) -> tuple[Address, ...] | None:
        addresses: list[Address] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            item: dict[str, Any] = {}
            try:
                if i + 2 < len(tokens) and tokens[i + 1] == "peer":
                    item["local"] = ip_address(token)
                    peer, _, plen = tokens[i + 2].partition("/")
                    item["peer"] = ip_address(peer)
                    i += 3
                else:
                    local, _, plen = token.partition("/")
                    item["local"] = ip_address(local)
                    i += 1
                item["prefixlen"] = DEC.convert(plen)
                if i + 1 < len(tokens) and tokens[i] == "metric":
                    item["metric"] = DEC.convert(tokens[i + 1])
                    i += 2
            except ValueError:
                column = match.start("tail") + 1 + _token_offset(match.group("tail"), i)
                self.c.error(number, column, "Expected address/prefix length", line)
                return None
            local_ip = item["local"]
            item["family"] = Family.INET if local_ip.version == 4 else Family.INET6
            addresses.append(_address(**item))
        return tuple(addresses)

    # ------------------------------------------------------------ assembly

    def rows(self) -> list[tuple[Any, ...]]:
        """The interface rows (:data:`~netfacts.grammar.ip_addr.LINK_LAYOUT`)."""
        records = self.records
        resolver = _NameResolver([record.row[_IFNAME] for record in records])
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        for index, record in enumerate(records):
            row = record.row
            if not record.exact_name:
                resolver.apply_row(index, row)
            addresses = record.addresses
            if addresses is not None:
                row[_ADDRESSES] = tuple([tuple(address) for address in addresses])
            if record.xdp_word is not None or record.xdp_progs:
                mode, prog_id = record.xdp_word if record.xdp_word is not None else ("xdp", None)
                progs = tuple(record.xdp_progs or ())
                row[_L["xdp"]] = Xdp(mode=mode, prog_id=prog_id, progs=progs)
            if record.altnames:
                row[_L["altnames"]] = tuple(record.altnames)
            if record.extra:
                row[_L["extra"]] = tuple(record.extra)
            if record.details is not None:
                row[_L["details"]] = LinkDetails(**record.details)
            if record.kind is not None:
                row[_L["linkinfo"]] = LinkInfo(**record.kind)
            if record.stats is not None:
                row[_L["stats"]] = LinkStats(
                    rx=RxStats(**record.stats["rx"]),
                    tx=TxStats(**record.stats["tx"]),
                )
            if record.vfs:
                row[_L["vfs"]] = tuple(record.vfs)
            if record.unknown_lines:
                row[_L["unknown_lines"]] = tuple(record.unknown_lines)
            append(tuple(row))
        return rows

    def form(self) -> IpAddrForm:
        if self.brief:
            is_link = any((m.group("tail") or "").endswith(">") for _, _, m in self.brief)
            command: IpAddrCommand = "link" if is_link else "addr"
            if not is_link and not any((m.group("tail") or "") for _, _, m in self.brief):
                command = self.command or "addr"
            return IpAddrForm(command=command, style="brief")
        if self.saw_oneline_addr and not self.saw_header:
            return IpAddrForm(command="addr", style="oneline", family=self._family_filter(True))
        has_addresses = any(record.addresses for record in self.records)
        if self.saw_mode:
            command = "link"
        elif has_addresses:
            command = "addr"
        else:
            command = self.command or "addr"
        style: IpAddrStyle = "oneline" if self.saw_oneline_link else "plain"
        family = self._family_filter(False) if command == "addr" else None
        return IpAddrForm(
            command=command,
            style=style,
            family=family,
            details=self.saw_details,
            stats=self.stats_level,
            stats_layout=self.stats_layout,
        )

    def _family_filter(self, oneline: bool) -> Literal["inet", "inet6"] | None:
        if self.saw_link_line and not oneline:
            return None
        if self.families == {"inet"}:
            return "inet"
        if self.families == {"inet6"}:
            return "inet6"
        if not oneline and self.records and not self.families:
            # Headers without link/ lines and without addresses: -4/-6 of an empty table.
            return "inet" if any(r.row[_QDISC] is not None for r in self.records) else "inet6"
        return None


class _NameResolver:
    """Splits ``name@link`` parts when names themselves may contain ``@``.

    iproute2 prints ``NAME@LINK``; a name may contain ``@`` too (``mv@x@eth0``).
    A split is accepted when the right part is ``NONE``, ``ifN`` or a name another
    interface of the same output can have; otherwise the last ``@`` splits.
    """

    def __init__(self, nameparts: list[str]) -> None:
        self.nameparts = nameparts
        self._counts: dict[str, int] | None = None

    def _candidates(self, part: str) -> set[str]:
        names = {part}
        position = part.find("@")
        while position != -1:
            names.add(part[:position])
            position = part.find("@", position + 1)
        return names

    @property
    def counts(self) -> dict[str, int]:
        """How many interfaces can have each name (built on first need)."""
        if self._counts is None:
            counts: dict[str, int] = {}
            for part in self.nameparts:
                for name in self._candidates(part) if "@" in part else (part,):
                    counts[name] = counts.get(name, 0) + 1
            self._counts = counts
        return self._counts

    def split(self, index: int) -> tuple[str, str | None]:
        part = self.nameparts[index]
        position = part.rfind("@")
        if position == -1:
            return part, None
        right = part[position + 1 :]
        if right == "NONE" or _IF_INDEX.fullmatch(right):
            return part[:position], right
        own = self._candidates(part)
        counts = self.counts
        while position > 0:
            right = part[position + 1 :]
            if right == "NONE" or _IF_INDEX.fullmatch(right):
                return part[:position], right
            if counts.get(right, 0) - (1 if right in own else 0) > 0:
                return part[:position], right
            position = part.rfind("@", 0, position)
        position = part.rfind("@")
        if position <= 0:
            return part, None
        return part[:position], part[position + 1 :]

    def apply_row(self, index: int, row: list[Any]) -> None:
        """Write the name and link parts into an interface row."""
        name, link = self.split(index)
        row[_IFNAME] = name
        if link is None:
            return
        if link == "NONE":
            row[_L["link_index"]] = 0
        elif _IF_INDEX.fullmatch(link):
            row[_L["link_index"]] = int(link[2:])
        else:
            row[_L["link"]] = link

    def apply(self, index: int, fields: dict[str, Any]) -> None:
        name, link = self.split(index)
        fields["ifname"] = name
        if link is None:
            return
        if link == "NONE":
            fields["link_index"] = 0
        elif _IF_INDEX.fullmatch(link):
            fields["link_index"] = int(link[2:])
        else:
            fields["link"] = link


def _group_kind_attributes(kind: str, tokens: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Pair kind-line keywords with their values using the kind's arity table."""
    arity = kind_arity(kind)
    grouped: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    count = len(tokens)
    while i < count:
        keyword = tokens[i]
        n = arity.get(keyword)
        if n is None:
            nxt = tokens[i + 1] if i + 1 < count else None
            n = 0 if nxt is None or nxt in arity else 1
        elif n < 0:  # a list: every token up to the next known keyword
            j = i + 1
            while j < count and tokens[j] not in arity:
                j += 1
            n = j - i - 1
        values = tuple(tokens[i + 1 : i + 1 + n])
        grouped.append((keyword, values))
        i += 1 + n
    return tuple(grouped)


def _append(record: _Record, attribute: str, value: Any) -> None:
    items = getattr(record, attribute)
    if items is None:
        items = []
        setattr(record, attribute, items)
    items.append(value)


def _maybe_link_address(token: str) -> Any:
    try:
        return link_address(token)
    except ValueError:
        return None


def _token_offset(text: str, index: int) -> int:
    """Offset of the ``index``-th whitespace-separated token in ``text``."""
    position = 0
    for n, match in enumerate(re.finditer(r"\S+", text)):
        position = match.start()
        if n == index:
            return position
    return len(text)


def _addresses(rows: tuple[tuple[Any, ...], ...]) -> tuple[Address, ...]:
    return tuple([_BUILD_ADDRESS(row) for row in rows])


_BUILD_ADDRESS = g.ADDRESS_LAYOUT.model_builder(Address)
_BUILD_LINK = g.LINK_LAYOUT.model_builder(Link, {"addresses": _addresses})


def address_from_row(row: tuple[Any, ...]) -> Address:
    """The :class:`~netfacts.models.address.Address` of an address row."""
    built: Address = _BUILD_ADDRESS(row)
    return built


def link_from_row(row: tuple[Any, ...]) -> Link:
    """The :class:`~netfacts.models.link.Link` of an interface row
    (:data:`~netfacts.grammar.ip_addr.LINK_LAYOUT`)."""
    built: Link = _BUILD_LINK(row)
    return built


def parse_ip_addr(
    text: str,
    *,
    command: str | None = None,
    strict: bool = False,
    source: str | None = None,
) -> IpAddrOutput:
    """Parse ``ip addr`` / ``ip link`` output of any form.

    ``command`` (``"addr"`` or ``"link"``) settles what the text cannot show.
    Lenient by default: unreadable lines become diagnostics; with ``strict``
    the first one raises :class:`~netfacts.errors.ParseError`.
    """
    # The cyclic garbage collector is paused meanwhile: reading makes a few small acyclic
    # objects per line, and collecting them half-way costs a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        collector = Collector(source=source, strict=strict)
        parser = _Parser(collector, command)
        lines = split_lines(text)
        parser.feed(lines)
        parser.settle(lines)
        collector.check_final_line(text, lines)
        links: Sequence[Link]
        if parser.brief:
            links = tuple(parser.parse_brief())
            record_lines = tuple(number for number, _, _ in parser.brief)
        else:
            links = LinkList(rows=parser.rows(), build=link_from_row)
            record_lines = tuple(record.line for record in parser.records)
    finally:
        if collecting:
            gc.enable()
    return IpAddrOutput(
        links=links,
        record_lines=record_lines if len(record_lines) == len(links) else (),
        form=parser.form(),
        diagnostics=collector.result(),
        source=source,
    )
