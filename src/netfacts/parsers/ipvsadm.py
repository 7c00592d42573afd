"""Parse ``ipvsadm -L`` output of every mode into :class:`IpvsadmOutput`.

The mode comes from the title lines (``Prot LocalAddress:Port Scheduler Flags`` for the
plain listing, ``... Conns InPkts ...`` for ``--stats`` and so on, ``IPVS connection
entries`` for ``-c``), so one parser reads every file sos's ``ipvs`` plugin stores.  A line
that fits no shape is reported and skipped (a bad real-server line loses only itself); the
messages ``ipvsadm`` prints when the kernel has no IPVS become one warning.  Grammar:
:mod:`netfacts.grammar.ipvsadm`.

Example::

    >>> from netfacts.parsers.ipvsadm import parse_ipvsadm
    >>> out = parse_ipvsadm("Prot LocalAddress:Port Scheduler Flags\\n"
    ...     "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\\n"
    ...     "TCP  10.96.0.1:443 rr\\n"
    ...     "  -> 192.168.49.2:8443            Masq    1      2          0         \\n")
    >>> service = out.services[0]
    >>> str(service.address), service.port, service.scheduler, service.real_servers[0].weight
    ('10.96.0.1', 443, 'rr', 1)
"""

from __future__ import annotations

import re
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import ipvsadm as g
from netfacts.models.ipvs import (
    ForwardMethod,
    IpvsadmForm,
    IpvsadmOutput,
    IpvsConnection,
    IpvsCounters,
    IpvsDaemon,
    IpvsRealServer,
    IpvsService,
    ListingMode,
)
from netfacts.models.values import IPAddress, ip_address
from netfacts.parsers._driver import Collector

__all__ = ["counter_value", "parse_ipvsadm", "sniff", "split_endpoint"]

_S = g.SHAPES
_MESSAGES = (
    "Can't initialize ipvs:",
    "Are you sure that IP Virtual Server is built in the kernel or as module?",
    "Memory allocation problem",
)
_COLUMN_MODES = {" ".join(columns): mode for mode, columns in g.COLUMNS.items()}
_MAX_SERVICES = 1_000_000


def counter_value(text: str) -> int:
    """``992000K`` → 992000000 (``print_largenum``'s decimal units)."""
    unit = g.SUFFIXES.get(text[-1:])
    if unit is None:
        return int(text)
    return int(text[:-1]) * unit


def split_endpoint(text: str) -> tuple[IPAddress | str, int | str]:
    """``10.0.0.1:80`` / ``[fd00::1]:80`` / ``host:http`` → (address or name, port or name)."""
    if text.startswith("["):
        host, _, port = text[1:].partition("]:")
    else:
        host, _, port = text.rpartition(":")
    address: IPAddress | str
    try:
        address = ip_address(host)
    except ValueError:
        address = host
    numeric = port.isascii() and port.isdigit() and len(port) <= 20
    return address, int(port) if numeric else port


def _numeric(*values: Any) -> bool:
    return not any(isinstance(value, str) for value in values)


class _Parser:
    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.mode: ListingMode | None = None
        self.version: str | None = None
        self.size: int | None = None
        self.services: list[dict[str, Any]] = []
        self.connections: list[IpvsConnection] = []
        self.timeout: tuple[int, int, int] | None = None
        self.daemons: list[IpvsDaemon] = []
        self.lines: list[int] = []
        self.numeric: bool | None = None
        self.tun_info = False
        self.pe_columns = False
        self.unavailable = False
        self.messages: list[str] = []

    def numeric_seen(self, value: bool) -> None:
        self.numeric = value if self.numeric is None else (self.numeric and value)

    def feed(self, lines: list[str]) -> None:
        for number, raw in enumerate(lines, 1):
            self.line(number, raw)

    def line(self, number: int, raw: str) -> None:
        line = raw.rstrip("\n")
        stripped = line.strip()
        if not stripped:
            return
        if stripped.startswith(_MESSAGES):
            self.messages.append(stripped)
            if not self.unavailable:
                self.c.warning(number, "ipvsadm could not read the kernel's IPVS table "
                               "(no ip_vs module?): this file holds no services", stripped)
                self.unavailable = True
            return
        if line.startswith("  ->"):
            self.destination(number, line)
            return
        first = stripped[0]
        if first in "TUSF":
            if self.mode in (ListingMode.STATS, ListingMode.RATE):
                match = _S["service_numbers"].match(line.rstrip())
                if match is not None:
                    self.service(number, match, counters=True)
                    return
            else:
                match = _S["service"].match(line.rstrip())
                if match is not None:
                    self.service(number, match, counters=False)
                    return
            if self.mode is ListingMode.CONNECTION or self.mode is None:
                match = _S["connection"].match(line.rstrip())
                if match is not None:
                    self.connection(number, match)
                    return
            if stripped.startswith("Timeout"):
                self.timeout_line(number, line)
                return
            shape = (_S["service_numbers"] if self.mode in (ListingMode.STATS, ListingMode.RATE)
                     else _S["connection"] if self.mode is ListingMode.CONNECTION
                     else _S["service"])
            self.c.reject(number, line.rstrip(), shape)
            return
        if stripped.startswith("IP Virtual Server version"):
            match = _S["version"].match(stripped)
            if match is not None:
                self.version = match.group("version")
                self.size = int(match.group("size"))
                return
            self.c.reject(number, line.rstrip(), _S["version"])
            return
        if stripped.startswith("Prot LocalAddress:Port"):
            self.title(number, line)
            return
        if stripped == g.CONN_TITLE:
            self.mode = ListingMode.CONNECTION
            return
        if stripped.startswith("pro expire"):
            match = _S["conn_header"].match(stripped)
            if match is None:
                self.c.reject(number, line.rstrip(), _S["conn_header"])
                return
            self.mode = ListingMode.CONNECTION
            self.pe_columns = bool(match.group("pe"))
            return
        if stripped.startswith(("master ", "backup ")):
            match = _S["daemon"].match(stripped)
            if match is not None:
                self.daemon(match)
                return
        if self.mode is ListingMode.CONNECTION:
            match = _S["connection"].match(line.rstrip())
            if match is not None:
                self.connection(number, match)
                return
            self.c.reject(number, line.rstrip(), _S["connection"])
            return
        self.c.reject(number, line.rstrip(), None)

    def title(self, number: int, line: str) -> None:
        stripped = line.strip()
        if stripped == g.LIST_TITLE:
            self.mode = ListingMode.LIST
            return
        match = _S["columns_title"].match(stripped)
        mode = None
        if match is not None:
            mode = _COLUMN_MODES.get(" ".join(match.group("columns").split()))
        if mode is None:
            self.c.reject(number, line.rstrip(), _S["columns_title"])
            return
        self.mode = ListingMode(mode)

    def service(self, number: int, match: re.Match[str], *, counters: bool) -> None:
        if len(self.services) >= _MAX_SERVICES:
            return
        fields: dict[str, Any] = {"line": number, "real_servers": []}
        fwmark = match.group("fwmark")
        if fwmark is not None:
            fields.update(protocol="FWM", fwmark=int(fwmark),
                          ipv6=match.group("ipv6") is not None)
        else:
            address, port = split_endpoint(match.group("address"))
            self.numeric_seen(_numeric(address, port))
            fields.update(protocol=match.group("protocol"), address=address, port=port)
        if counters:
            fields["counters"] = _counters(match)
        else:
            fields["scheduler"] = match.group("scheduler")
            tail = match.group("tail")
            if tail:
                self.service_tail(fields, tail.split())
        if self.mode is None:
            self.mode = ListingMode.STATS if counters else ListingMode.LIST
        self.services.append(fields)
        self.lines.append(number)

    @staticmethod
    def service_tail(fields: dict[str, Any], words: list[str]) -> None:
        flags: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            value = words[index + 1] if index + 1 < len(words) else None
            if word == "persistent" and value is not None and value.isascii() \
                    and value.isdigit() and len(value) <= 20:
                fields["persistent"] = int(value)
                index += 2
            elif word in ("mask", "pe") and value is not None:
                fields[word] = value
                index += 2
            elif word == "ops":
                fields["ops"] = True
                index += 1
            else:
                flags.append(word)
                index += 1
        if flags:
            fields["flags"] = tuple(flags)

    def destination(self, number: int, line: str) -> None:
        if not self.services:
            if line.strip().startswith("-> RemoteAddress:Port"):
                match = _S["dest_title"].match(line.rstrip())
                if match is not None:
                    self.tun_info = "TunnelInfo" in (match.group("columns") or "")
                    return
            self.c.error(number, 1, "a real server line before any virtual service",
                         line.rstrip())
            return
        if self.mode in (ListingMode.STATS, ListingMode.RATE):
            shape = _S["dest_numbers5"]
        elif self.mode in (ListingMode.THRESHOLDS, ListingMode.PERSISTENT_CONN):
            shape = _S["dest_numbers4"]
        else:
            shape = _S["dest"]
        match = shape.match(line)
        if match is None:
            self.c.reject(number, line.rstrip(), shape)
            return
        address, port = split_endpoint(match.group("address"))
        self.numeric_seen(_numeric(address, port))
        fields: dict[str, Any] = {"address": address, "port": port, "line": number}
        if shape is _S["dest"]:
            fields.update(forward=ForwardMethod.of(match.group("forward")),
                          tunnel_info=match.group("tunnel"),
                          weight=int(match.group("weight")),
                          active_conns=int(match.group("active")),
                          inactive_conns=int(match.group("inactive")))
        elif shape is _S["dest_numbers5"]:
            fields["counters"] = _counters(match)
        else:
            numbers = [int(match.group(f"n{i}")) for i in range(1, 5)]
            if self.mode is ListingMode.THRESHOLDS:
                fields.update(upper_threshold=numbers[0], lower_threshold=numbers[1])
            else:
                fields.update(weight=numbers[0], persistent_conns=numbers[1])
            fields.update(active_conns=numbers[2], inactive_conns=numbers[3])
        self.services[-1]["real_servers"].append(IpvsRealServer(**fields))

    def connection(self, number: int, match: re.Match[str]) -> None:
        minutes, _, seconds = match.group("expire").partition(":")
        source, virtual, destination = (split_endpoint(match.group(name))
                                        for name in ("source", "virtual", "destination"))
        self.numeric_seen(_numeric(*source, *virtual, *destination))
        self.mode = ListingMode.CONNECTION
        self.connections.append(IpvsConnection(
            protocol=match.group("protocol"), expire=int(minutes) * 60 + int(seconds),
            state=match.group("state"), source=source, virtual=virtual,
            destination=destination, pe_name=match.group("pe_name"),
            pe_data=match.group("pe_data"), line=number))
        self.lines.append(number)

    def timeout_line(self, number: int, line: str) -> None:
        match = _S["timeout"].match(line.strip())
        if match is None:
            self.c.reject(number, line.rstrip(), _S["timeout"])
            return
        self.timeout = (int(match.group("tcp")), int(match.group("tcpfin")),
                        int(match.group("udp")))
        self.mode = self.mode or ListingMode.TIMEOUT

    def daemon(self, match: re.Match[str]) -> None:
        options = []
        for part in match.group("options").split(","):
            key, _, value = part.strip().partition("=")
            if key:
                options.append((key, value))
        self.daemons.append(IpvsDaemon(state=match.group("state"), options=tuple(options)))
        self.mode = self.mode or ListingMode.DAEMON


def _counters(match: re.Match[str]) -> IpvsCounters:
    texts = tuple(match.group(f"n{i}") for i in range(1, 6))
    values = tuple(counter_value(text) for text in texts)
    return IpvsCounters(values=values, texts=texts)  # type: ignore[arg-type]


def parse_ipvsadm(text: str, *, strict: bool = False, source: str | None = None,
                  **_hints: Any) -> IpvsadmOutput:
    """Parse ``ipvsadm -L[n]`` output of any mode (``--stats``, ``--rate``,
    ``--thresholds``, ``--persistent-conn``, ``-c``, ``--timeout``, ``--daemon``).

    Lenient by default: unreadable lines become diagnostics; with ``strict`` the first
    error raises :class:`~netfacts.errors.ParseError`.
    """
    collector = Collector(source=source, strict=strict)
    parser = _Parser(collector)
    lines = split_lines(text)
    parser.feed(lines)
    collector.check_final_line(text, lines)
    services = tuple(
        IpvsService(**{**fields, "real_servers": tuple(fields["real_servers"])})
        for fields in parser.services)
    return IpvsadmOutput(
        version=parser.version,
        size=parser.size,
        services=services,
        connections=tuple(parser.connections),
        timeout=parser.timeout,
        daemons=tuple(parser.daemons),
        messages=tuple(parser.messages),
        form=IpvsadmForm(mode=parser.mode or ListingMode.LIST, numeric=parser.numeric,
                         tun_info=parser.tun_info, pe_columns=parser.pe_columns),
        diagnostics=collector.result(),
        source=source,
        record_lines=tuple(parser.lines),
    )


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer for :mod:`netfacts.detection`: ``("ipvsadm", score)`` or None."""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("IP Virtual Server version") and \
                _S["version"].match(stripped) is not None:
            return "ipvsadm", 95
        if stripped.startswith("Prot LocalAddress:Port"):
            return "ipvsadm", 95
        if stripped in (g.CONN_TITLE,) or stripped.startswith("pro expire state"):
            return "ipvsadm", 90
        if stripped.startswith("Timeout (tcp tcpfin udp):"):
            return "ipvsadm", 90
        if stripped.startswith(_MESSAGES[:2]):
            return "ipvsadm", 60
    return None
