"""Parse ``ethtool DEV``, ``-i``, ``-S``, ``-k``, ``-g`` and ``-l`` output.

Grammar: :mod:`netfacts.grammar.ethtool`.  The form is read from the first line
(``Settings for``, ``NIC statistics:``, ``Features for``, ``Ring parameters for``,
``Channel parameters for``, or ``key: value`` lines of ``-i``); when the file holds only
an error message (a virtual device), the ``mode`` hint from the kind or the command line
says which query it was.  ``-i`` and ``-S`` do not print the device name: the ``ifname``
hint (from the sos file name ``ethtool_-S_eth0`` or the command line) supplies it.

Error lines that ethtool wrote to stderr — sos stores them in the same file — are kept in
:attr:`~netfacts.models.ethtool.EthtoolOutput.messages` and reported as warnings.

Example::

    >>> from netfacts.parsers.ethtool import parse_ethtool
    >>> out = parse_ethtool("Settings for eth0:\\n\\tSpeed: 1000Mb/s\\n\\tDuplex: Full\\n"
    ...                     "\\tLink detected: yes\\n")
    >>> out.ifname, out.settings.speed, out.settings.duplex, out.settings.link_detected
    ('eth0', 1000, 'Full', True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import ethtool as g
from netfacts.models.ethtool import (
    MODES,
    EthtoolChannels,
    EthtoolDriver,
    EthtoolFeature,
    EthtoolFeatures,
    EthtoolOutput,
    EthtoolRings,
    EthtoolSettings,
    EthtoolStatistics,
    Param,
)
from netfacts.parsers._driver import Collector

__all__ = ["command_hints", "parse_ethtool", "sniff"]

_S = g.SHAPES
_MAX_RECORDS = 1_000_000
"""More counters or features than any driver prints: the rest is reported, not kept."""

_BANNER_MODES = {
    "settings_banner": "settings",
    "features_banner": "features",
    "rings_banner": "rings",
    "channels_banner": "channels",
}
_EXPECTED = {
    "settings": "setting",
    "driver": "driver",
    "statistics": "stat",
    "features": "feature",
    "rings": "param",
    "channels": "param",
}
_OPTIONS = {
    "": "settings",
    "-i": "driver", "--driver": "driver",
    "-S": "statistics", "--statistics": "statistics",
    "-k": "features", "--show-features": "features", "--show-offload": "features",
    "-g": "rings", "--show-ring": "rings",
    "-l": "channels", "--show-channels": "channels",
}


class _Parser:
    def __init__(self, collector: Collector, mode: str | None, ifname: str | None) -> None:
        self.c = collector
        self.mode = mode
        self.hinted = mode
        self.ifname = ifname
        self.started = False
        self.fields: list[list[str]] = []
        self.flags: list[str] = []
        self.counters: list[tuple[str, int]] = []
        self.features: list[EthtoolFeature] = []
        self.params: list[Param] = []
        self.section = ""
        self.messages: list[str] = []
        self.lines: list[int] = []

    def feed(self, lines: Sequence[str]) -> None:
        for number, raw in enumerate(lines, 1):
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            self.line(number, line)

    def line(self, number: int, line: str) -> None:
        stripped = line.strip()
        if line[:1] not in " \t" and _S["message"].match(stripped) is not None:
            self.messages.append(stripped)
            self.c.warning(number, f"ethtool message kept as a capture warning: {stripped}",
                           line)
            return
        if not self.started:
            if self._banner(number, line):
                return
        elif self._banner(number, line, again=True):
            return
        mode = self.mode
        if mode is None or (not self.started and mode == "driver"):
            if _S["driver"].match(line) is not None:
                self.mode = mode = "driver"
            elif mode is None:
                self.c.reject(number, line, None)
                return
        self.started = True
        if mode == "settings":
            self._setting(number, line)
        elif mode == "driver":
            self._pair(number, line, "driver")
        elif mode == "statistics":
            self._stat(number, line)
        elif mode == "features":
            self._feature(number, line)
        else:
            self._param(number, line)

    def _banner(self, number: int, line: str, *, again: bool = False) -> bool:
        if line[:1] in " \t":
            return False
        if line == g.STATS_BANNER:
            return self._start(number, line, "statistics", None, again)
        if " for " in line:
            for shape, mode in _BANNER_MODES.items():
                match = _S[shape].match(line)
                if match is not None:
                    return self._start(number, line, mode, match.group("ifname"), again)
        return False

    def _start(self, number: int, line: str, mode: str, ifname: str | None,
               again: bool) -> bool:
        if again:
            self.c.info(number, "a second ethtool banner (two captures in one file?): "
                        "the lines after it are not read", line)
            self.mode = "ignore"
            return True
        if self.hinted is not None and self.hinted != mode:
            self.c.info(number, f"the text is ethtool {mode} output, not {self.hinted} as "
                        "named: read as what it is", line)
        self.mode = mode
        if ifname is not None:
            self.ifname = ifname
        self.started = True
        self.lines.append(number)
        return True

    def _record(self, number: int) -> bool:
        if len(self.lines) >= _MAX_RECORDS:
            if len(self.lines) == _MAX_RECORDS:
                self.lines.append(number)
                self.c.warning(number, f"more than {_MAX_RECORDS} lines: the rest is not read",
                               "")
            return False
        self.lines.append(number)
        return True

    def _setting(self, number: int, line: str) -> None:
        match = _S["setting"].match(line)
        if match is not None:
            if self._record(number):
                self.fields.append([match.group("label"), match.group("value").rstrip()])
            return
        match = _S["continuation"].match(line)
        if match is not None and self.fields:
            text = match.group("text").strip()
            label = self.fields[-1][0]
            if label == "Current message level":
                self.flags.extend(text.split())
            elif text:
                previous = self.fields[-1][1]
                self.fields[-1][1] = f"{previous} {text}" if previous else text
            return
        self.c.reject(number, line, _S["setting"])

    def _pair(self, number: int, line: str, shape: str) -> None:
        match = _S[shape].match(line)
        if match is None:
            self.c.reject(number, line, _S[shape])
            return
        if self._record(number):
            self.fields.append([match.group("label"), match.group("value").rstrip()])

    def _stat(self, number: int, line: str) -> None:
        match = _S["stat"].match(line)
        if match is None:
            self.c.reject(number, line, _S["stat"])
            return
        value = match.group("value")
        if self._too_long(number, line, match, value):
            return
        if self._record(number):
            self.counters.append((match.group("label").strip(), int(value)))

    def _too_long(self, number: int, line: str, match: re.Match[str], value: str) -> bool:
        """A number of more than 20 digits (no u64 has more) is an error, never a value."""
        if len(value) <= 20 or not value.lstrip("-").isdigit():
            return False
        self.c.error(number, match.start("value") + 1,
                     f"Expected a number of at most 20 digits, found {len(value)} digits", line)
        return True

    def _feature(self, number: int, line: str) -> None:
        match = _S["feature"].match(line)
        if match is None:
            self.c.reject(number, line, _S["feature"])
            return
        if not self._record(number):
            return
        name, state, flag = match.group("label", "value", "flag")
        active = state == "on"
        parent: str | None = None
        if match.group("indent"):
            group = next((f for f in reversed(self.features) if f.parent is None), None)
            if group is None:
                self.c.error(number, 1, "a feature indented under no group line", line)
                self.lines.pop()
                return
            parent = group.name
            if group.fixed is not None:
                index = self.features.index(group)
                self.features[index] = EthtoolFeature(name=group.name, active=group.active,
                                                      fixed=None, requested=None)
        if flag == "fixed":
            fixed, requested = True, False
        elif flag is None:
            fixed, requested = False, active
        else:
            fixed, requested = False, flag == "requested on"
        self.features.append(EthtoolFeature(name=name, active=active, fixed=fixed,
                                            requested=requested, parent=parent))

    def _param(self, number: int, line: str) -> None:
        if self.mode == "ignore":
            return
        match = _S["section"].match(line)
        if match is not None:
            self.section = g.SECTIONS[match.group("section")]
            return
        match = _S["param"].match(line)
        if match is None:
            self.c.reject(number, line, _S["param"])
            return
        if self._too_long(number, line, match, match.group("value").strip()):
            return
        if self._record(number):
            self.params.append((self.section, match.group("label"), match.group("value")))

    def output(self, source: str | None, diagnostics: Any) -> EthtoolOutput:
        mode = self.mode if self.mode in MODES else (self.hinted or "settings")
        parts: dict[str, Any] = {}
        fields = tuple((label, value) for label, value in self.fields)
        if self.started:
            field_lines = tuple(self.lines[-len(fields):]) if fields else ()
            if mode == "settings":
                parts["settings"] = EthtoolSettings(fields=fields, message_flags=tuple(self.flags),
                                                    lines=field_lines)
            elif mode == "driver":
                parts["driver"] = EthtoolDriver(fields=fields)
            elif mode == "statistics":
                counters = tuple(self.counters)
                parts["statistics"] = EthtoolStatistics(
                    counters=counters,
                    lines=tuple(self.lines[-len(counters):]) if counters else ())
            elif mode == "features":
                parts["features"] = EthtoolFeatures(features=tuple(self.features))
            elif mode == "rings":
                parts["rings"] = EthtoolRings(params=tuple(self.params))
            else:
                parts["channels"] = EthtoolChannels(params=tuple(self.params))
        return EthtoolOutput(ifname=self.ifname, mode=mode, messages=tuple(self.messages),
                             diagnostics=diagnostics, source=source,
                             record_lines=tuple(self.lines), **parts)


def parse_ethtool(
    text: str,
    *,
    strict: bool = False,
    source: str | None = None,
    mode: str | None = None,
    ifname: str | None = None,
    **_: Any,
) -> EthtoolOutput:
    """Parse one ``ethtool`` capture (any of the six forms).

    ``mode`` (one of :data:`~netfacts.models.ethtool.MODES`) and ``ifname`` are hints from
    the kind or the command line; the text overrides them when it names its own.
    """
    collector = Collector(source=source, strict=strict)
    parser = _Parser(collector, mode if mode in MODES else None, ifname)
    lines = split_lines(text)
    parser.feed(lines)
    collector.check_final_line(text, lines)
    return parser.output(source, collector.result())


def command_hints(args: Sequence[str]) -> dict[str, Any] | None:
    """Parser hints of an ``ethtool`` command line (the words after ``ethtool``), or None
    when it is a form this family does not read (``-a``, ``-c``, ``--json``...).

    A sos file name splits the device name at its underscores (``ethtool_-i_br_ex``): the
    words after the option are joined back with ``_``.
    """
    options = [a for a in args if a.startswith("-")]
    words = [a for a in args if a and not a.startswith("-")]
    if len(options) > 1 or not words:
        return None
    mode = _OPTIONS.get(options[0] if options else "")
    if mode is None:
        return None
    return {"mode": mode, "ifname": "_".join(words)}


def sniff(lines: list[str]) -> tuple[str, int] | None:
    """Content sniffer: ``(kind, score)`` or None."""
    kinds = {"settings": "ethtool", "driver": "ethtool-i", "statistics": "ethtool-S",
             "features": "ethtool-k", "rings": "ethtool-g", "channels": "ethtool-l"}
    for line in lines[:3]:
        if line == g.STATS_BANNER:
            return "ethtool-S", 95
        for shape, mode in _BANNER_MODES.items():
            if _S[shape].match(line.rstrip()) is not None:
                return kinds[mode], 95
    if lines and lines[0].startswith("driver: "):
        if any(line.startswith("bus-info:") for line in lines[:8]):
            return "ethtool-i", 95
        return "ethtool-i", 60
    return None
