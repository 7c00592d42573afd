"""What a snapshot knows about an interface's hardware, and about each Linux bridge.

* :class:`NicFacts` — one record per interface of the snapshot category ``hardware``:
  the parts of every ``ethtool`` file sos wrote for it (settings, ``-i``, ``-S``, ``-k``,
  ``-g``, ``-l``), merged.
* :class:`Hardware` — the typed summary :meth:`Snapshot.hardware
  <netfacts.models.snapshot.Snapshot.hardware>` gives: speed, duplex, link, driver,
  firmware, ring sizes, error and drop counters (``ethtool -S`` and the interface's ``ip -s
  link`` statistics).
* :class:`Bridge` — :meth:`Snapshot.bridge <netfacts.models.snapshot.Snapshot.bridge>`: a
  bridge's ports, forwarding database, VLANs and multicast groups.
"""

from __future__ import annotations

import attrs

from netfacts.models._checked import checked
from netfacts.models.bridge import BridgePort, BridgeVlan, FdbEntry, MdbEntry
from netfacts.models.ethtool import (
    EthtoolChannels,
    EthtoolDriver,
    EthtoolFeatures,
    EthtoolRings,
    EthtoolSettings,
    EthtoolStatistics,
)
from netfacts.models.link import Link

__all__ = ["Bridge", "Hardware", "NicFacts"]

Counters = tuple[tuple[str, int], ...]


@checked
@attrs.frozen(kw_only=True)
class NicFacts:
    """Every ``ethtool`` part sos captured for one interface."""

    ifname: str
    settings: EthtoolSettings | None = None
    driver: EthtoolDriver | None = None
    statistics: EthtoolStatistics | None = None
    features: EthtoolFeatures | None = None
    rings: EthtoolRings | None = None
    channels: EthtoolChannels | None = None
    messages: tuple[str, ...] = ()
    """ethtool's error lines (``netlink error: Operation not supported``...), all files."""
    files: tuple[tuple[str, str], ...] = attrs.field(default=(), eq=False)
    """(mode, file) of each part: where the evidence of a fact is."""

    def file(self, mode: str) -> str | None:
        """The file the ``mode`` part (``settings``, ``statistics``...) came from."""
        return next((path for part, path in self.files if part == mode), None)


@checked
@attrs.frozen(kw_only=True)
class Hardware:
    """The hardware facts of one interface, typed (None: not in the source)."""

    ifname: str
    speed: int | None = None
    """Mb/s (``ethtool DEV``); None when absent or ``Unknown!``."""
    duplex: str | None = None
    """``Full`` or ``Half``."""
    link_detected: bool | None = None
    auto_negotiation: bool | None = None
    port: str | None = None
    driver: str | None = None
    driver_version: str | None = None
    firmware: str | None = None
    bus_info: str | None = None
    rx_ring: int | None = None
    tx_ring: int | None = None
    rx_ring_max: int | None = None
    tx_ring_max: int | None = None
    combined_channels: int | None = None
    combined_channels_max: int | None = None
    rx_errors: int | None = None
    """From the interface's ``ip -s link`` statistics, else ``/proc/net/dev`` (whose
    ``drop`` is dropped + missed)."""
    rx_dropped: int | None = None
    tx_errors: int | None = None
    tx_dropped: int | None = None
    error_counters: Counters = ()
    """``ethtool -S`` counters named like errors or drops (``rx_crc_errors``,
    ``rx_queue_0_drops``...), in printed order."""
    messages: tuple[str, ...] = ()

    @property
    def errors(self) -> Counters:
        """Every error counter above zero: ``ethtool -S``'s, then ``ip -s link``'s RX/TX
        errors when ethtool has no counter of that name (drops left out)."""
        found = [(name, value) for name, value in self.error_counters
                 if value and "drop" not in name.lower() and "discard" not in name.lower()]
        names = {name for name, _ in found}
        found += [(name, value) for name, value in (("rx_errors", self.rx_errors),
                                                    ("tx_errors", self.tx_errors))
                  if value and name not in names]
        return tuple((name, int(value or 0)) for name, value in found)

    @property
    def drops(self) -> Counters:
        """Every drop or discard counter above zero."""
        found = [(name, value) for name, value in self.error_counters
                 if value and ("drop" in name.lower() or "discard" in name.lower())]
        names = {name for name, _ in found}
        found += [(name, value) for name, value in (("rx_dropped", self.rx_dropped),
                                                    ("tx_dropped", self.tx_dropped))
                  if value and name not in names]
        return tuple((name, int(value or 0)) for name, value in found)


@checked
@attrs.frozen(kw_only=True)
class Bridge:
    """One Linux bridge as the snapshot shows it."""

    name: str
    link: Link | None = None
    """The bridge's own interface (``ip addr``/``ip link``), when the source has it."""
    ports: tuple[BridgePort, ...] = ()
    """``bridge link`` lines of its ports (the bridge's own line left out)."""
    members: tuple[str, ...] = ()
    """Its ports by name: from ``bridge link``, else the interfaces whose master it is."""
    fdb: tuple[FdbEntry, ...] = ()
    """Its forwarding database: entries with ``master BR`` and the ``self`` entries of the
    bridge device itself."""
    vlans: tuple[BridgeVlan, ...] = ()
    """VLANs of its ports and of the bridge itself."""
    mdb: tuple[MdbEntry, ...] = ()

    def port(self, name: str) -> BridgePort | None:
        return next((port for port in self.ports if port.ifname == name), None)

    def learned(self) -> tuple[FdbEntry, ...]:
        """Dynamically learned MAC addresses."""
        return tuple(entry for entry in self.fdb if entry.dynamic)

    def pvid(self, port: str) -> int | None:
        return next((vlan.vlan for vlan in self.vlans if vlan.port == port and vlan.pvid),
                    None)
