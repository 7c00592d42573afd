"""``ethtool`` output for one device: settings, driver, statistics, features, rings, channels.

One :class:`EthtoolOutput` per file (sos writes one file per command and device).  Which
part is filled depends on the form (:attr:`EthtoolOutput.mode`).  Settings, driver
information, rings and channels keep every printed line as a (label, value) pair in order
— nothing is dropped, labels a newer ethtool adds are kept — and offer typed accessors for
the well-known ones (``speed``, ``duplex``, ``link_detected``, ``driver``, ``rx_max``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output

__all__ = [
    "MODES",
    "EthtoolChannels",
    "EthtoolDriver",
    "EthtoolFeature",
    "EthtoolFeatures",
    "EthtoolOutput",
    "EthtoolRings",
    "EthtoolSettings",
    "EthtoolStatistics",
    "link_modes",
]

MODES = ("settings", "driver", "statistics", "features", "rings", "channels")
"""``ethtool DEV``, ``-i``, ``-S``, ``-k``, ``-g``, ``-l``."""

_SPEED = re.compile(r"([0-9]{1,20})Mb/s")
_LEVEL = re.compile(r"0x([0-9a-fA-F]{1,16}) \(([0-9]{1,20})\)")

Field = tuple[str, str]


def _get(fields: tuple[Field, ...], label: str) -> str | None:
    for key, value in fields:
        if key == label:
            return value
    return None


def _line(pairs: tuple[tuple[str, object], ...], lines: tuple[int, ...], key: str
          ) -> int | None:
    if len(lines) != len(pairs):
        return None
    for (name, _), line in zip(pairs, lines):
        if name == key:
            return line
    return None


def _yes(value: str | None) -> bool | None:
    if value is None:
        return None
    word = value.split(" ", 1)[0].lower()
    if word in ("yes", "on"):
        return True
    if word in ("no", "off"):
        return False
    return None


def link_modes(value: str | None) -> tuple[str, ...]:
    """The modes of a link-mode or FEC list value (``Not reported`` and ``[  ]`` are empty)."""
    if value is None:
        return ()
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if text == "Not reported":
        return ()
    return tuple(text.split())


@checked
@attrs.frozen(kw_only=True)
class EthtoolSettings:
    """``ethtool DEV``: every ``Label: value`` line, in order.

    A link-mode list that wraps over several lines is one value, modes separated by one
    space; the message level's continuation line of flag names follows its number after
    ``" | "`` is not used: it is kept in :attr:`message_flags`.
    """

    fields: tuple[Field, ...] = ()
    message_flags: tuple[str, ...] = ()
    """Names printed under ``Current message level`` (``drv probe link``)."""
    lines: tuple[int, ...] = attrs.field(default=(), eq=False, repr=False)
    """The 1-based line of each field in its file (where known), for evidence."""

    def get(self, label: str) -> str | None:
        """The value printed after ``label:`` (None when the line is absent)."""
        return _get(self.fields, label)

    def line(self, label: str) -> int | None:
        """The line ``label:`` was printed on (None when absent or unknown)."""
        return _line(self.fields, self.lines, label)

    @property
    def speed(self) -> int | None:
        """Mb/s; None when absent or ``Unknown!``."""
        match = _SPEED.fullmatch(self.get("Speed") or "")
        return int(match.group(1)) if match else None

    @property
    def duplex(self) -> str | None:
        """``Full`` or ``Half`` (None when absent or ``Unknown! (255)``)."""
        value = self.get("Duplex")
        return None if value is None or value.startswith("Unknown") else value

    @property
    def port(self) -> str | None:
        value = self.get("Port")
        return None if value is None or value.startswith("Unknown") else value

    @property
    def auto_negotiation(self) -> bool | None:
        return _yes(self.get("Auto-negotiation"))

    @property
    def link_detected(self) -> bool | None:
        return _yes(self.get("Link detected"))

    @property
    def supported_link_modes(self) -> tuple[str, ...]:
        return link_modes(self.get("Supported link modes"))

    @property
    def advertised_link_modes(self) -> tuple[str, ...]:
        return link_modes(self.get("Advertised link modes"))

    @property
    def partner_link_modes(self) -> tuple[str, ...]:
        return link_modes(self.get("Link partner advertised link modes"))

    @property
    def supported_ports(self) -> tuple[str, ...]:
        return link_modes(self.get("Supported ports"))

    @property
    def message_level(self) -> int | None:
        match = _LEVEL.match(self.get("Current message level") or "")
        return int(match.group(2)) if match else None


@checked
@attrs.frozen(kw_only=True)
class EthtoolDriver:
    """``ethtool -i DEV``: ``key: value`` lines in order (values may be empty or ``N/A``)."""

    fields: tuple[Field, ...] = ()

    def get(self, key: str) -> str | None:
        return _get(self.fields, key)

    def _text(self, key: str) -> str | None:
        value = self.get(key)
        return None if value in (None, "", "N/A") else value

    @property
    def driver(self) -> str | None:
        return self._text("driver")

    @property
    def version(self) -> str | None:
        return self._text("version")

    @property
    def firmware_version(self) -> str | None:
        return self._text("firmware-version")

    @property
    def bus_info(self) -> str | None:
        return self._text("bus-info")


@checked
@attrs.frozen(kw_only=True)
class EthtoolStatistics:
    """``ethtool -S DEV``: the driver's counters in printed order (names are driver-defined)."""

    counters: tuple[tuple[str, int], ...] = ()
    lines: tuple[int, ...] = attrs.field(default=(), eq=False, repr=False)
    """The 1-based line of each counter in its file (where known), for evidence."""

    def line(self, name: str) -> int | None:
        """The line counter ``name`` was printed on (None when absent or unknown)."""
        return _line(self.counters, self.lines, name)

    def get(self, name: str) -> int | None:
        for key, value in self.counters:
            if key == name:
                return value
        return None

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self.counters)

    def matching(self, pattern: str) -> dict[str, int]:
        """Counters whose name matches the regular expression ``pattern`` (searched)."""
        compiled = re.compile(pattern)
        return {name: value for name, value in self.counters if compiled.search(name)}

    @property
    def errors(self) -> dict[str, int]:
        """Counters named like errors or drops (``rx_errors``, ``rx_queue_0_drops``...)."""
        return self.matching(r"(?i)(err|drop|discard|timeout|miss|fifo|crc|overrun)")


@checked
@attrs.frozen(kw_only=True)
class EthtoolFeature:
    """One line of ``ethtool -k``."""

    name: str
    active: bool
    fixed: bool | None = False
    """``[fixed]``; None for a group line that has feature lines under it."""
    requested: bool | None = None
    """What was asked for: the ``[requested on|off]`` word, else the active state; False
    for ``[fixed]`` features (the kernel never lists them as wanted); None for a group."""
    parent: str | None = None
    """The group line a TAB-indented feature stands under (``tx-checksumming``)."""


@checked
@attrs.frozen(kw_only=True)
class EthtoolFeatures:
    """``ethtool -k DEV``."""

    features: tuple[EthtoolFeature, ...] = ()

    def get(self, name: str) -> EthtoolFeature | None:
        for feature in self.features:
            if feature.name == name:
                return feature
        return None

    def __iter__(self) -> Iterator[EthtoolFeature]:
        return iter(self.features)


Param = tuple[str, str, str]
"""(section, label, value): section ``max``, ``current`` or ``""`` (rows after both)."""


@checked
@attrs.frozen(kw_only=True)
class _Parameters:
    params: tuple[Param, ...] = ()

    def value(self, section: str, label: str) -> int | None:
        """The number printed for ``label`` in ``section`` (``max`` / ``current`` / ``""``);
        None for ``n/a`` or when absent."""
        for where, key, value in self.params:
            if where == section and key == label:
                return int(value) if value.isascii() and value.isdigit() and len(value) <= 20 \
                    else None
        return None

    def text(self, section: str, label: str) -> str | None:
        for where, key, value in self.params:
            if where == section and key == label:
                return value
        return None


@checked
@attrs.frozen(kw_only=True)
class EthtoolRings(_Parameters):
    """``ethtool -g DEV``: ring sizes (pre-set maximums and current settings)."""

    @property
    def rx_max(self) -> int | None:
        return self.value("max", "RX")

    @property
    def tx_max(self) -> int | None:
        return self.value("max", "TX")

    @property
    def rx(self) -> int | None:
        return self.value("current", "RX")

    @property
    def tx(self) -> int | None:
        return self.value("current", "TX")


@checked
@attrs.frozen(kw_only=True)
class EthtoolChannels(_Parameters):
    """``ethtool -l DEV``: channel counts (pre-set maximums and current settings)."""

    @property
    def combined_max(self) -> int | None:
        return self.value("max", "Combined")

    @property
    def combined(self) -> int | None:
        return self.value("current", "Combined")

    @property
    def rx(self) -> int | None:
        return self.value("current", "RX")

    @property
    def tx(self) -> int | None:
        return self.value("current", "TX")


@checked
@attrs.frozen(kw_only=True)
class EthtoolOutput(Output):
    """One ``ethtool`` capture of one device.

    ``ifname`` comes from the banner (``Settings for eth0:``) or, for ``-i`` and ``-S``
    which print none, from the command line or the sos file name (parser hint
    ``ifname``).  ``messages`` are the error lines the command wrote (``netlink error:
    Operation not supported``, ``Cannot get driver information: ...``, ``no stats
    available``): sos stores stderr in the file, so they are the content of many captures of
    virtual devices; they are reported as warnings, not errors.
    """

    kind: ClassVar[str] = "ethtool"
    ifname: str | None = None
    mode: str = "settings"
    """One of :data:`MODES`."""
    settings: EthtoolSettings | None = None
    driver: EthtoolDriver | None = None
    statistics: EthtoolStatistics | None = None
    features: EthtoolFeatures | None = None
    rings: EthtoolRings | None = None
    channels: EthtoolChannels | None = None
    messages: tuple[str, ...] = ()

    @property
    def captures(self) -> tuple[EthtoolOutput, ...]:
        """This capture as the one record it gives the snapshot's ``hardware`` sources
        (their merge hook folds the captures of one device together); none for an empty
        file."""
        return (self,) if self.supported or self.messages else ()

    @property
    def supported(self) -> bool:
        """The device answered this query (False when only error messages were printed)."""
        return any(part is not None for part in (self.settings, self.driver, self.statistics,
                                                 self.features, self.rings, self.channels))
