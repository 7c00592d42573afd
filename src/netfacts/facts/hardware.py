"""Interface hardware facts in snapshots: the ``hardware`` category (ethtool) and its hooks.

sos writes one ``ethtool`` file per form and device (``ethtool_eth0``, ``ethtool_-i_eth0``,
``ethtool_-S_eth0`` ...).  :func:`merge_hardware` (the category's merge hook) folds the
files of one device into one :class:`~netfacts.models.hardware.NicFacts`;
:func:`hardware_of` gives the typed :class:`~netfacts.models.hardware.Hardware` summary
:meth:`Snapshot.hardware <netfacts.models.snapshot.Snapshot.hardware>` returns, completed
with the interface's ``ip -s link`` counters; :func:`hardware_view`, :func:`identity` and
:func:`show_hardware` are the snapshot JSON, diff and ``netfacts show`` hooks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from netfacts.facts.counters import device_of
from netfacts.models.ethtool import MODES, EthtoolOutput
from netfacts.models.hardware import Hardware, NicFacts
from netfacts.models.snapshot import Origin

if TYPE_CHECKING:
    from netfacts.models.snapshot import Snapshot
    from netfacts.snapshot import Facts, Parsed, _Builder

__all__ = ["hardware_of", "hardware_view", "identity", "merge_hardware", "show_hardware"]


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def merge_hardware(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """One :class:`NicFacts` per device from every ethtool file of the report.

    A device's record comes from the file that names it (the banner, else the file name);
    the first file of a form wins when a device has two.  Its origin is the settings file
    (``ethtool DEV``), else the first file read for it.  Devices are in the order of the
    snapshot's interfaces, then by name.
    """
    parts: dict[str, dict[str, Any]] = {}
    messages: dict[str, list[str]] = {}
    files: dict[str, list[tuple[str, str]]] = {}
    origins: dict[str, Origin] = {}
    for item in parsed:
        output = item.output
        if not isinstance(output, EthtoolOutput) or not output.ifname:
            continue
        ifname = output.ifname
        mine = parts.setdefault(ifname, {})
        part = getattr(output, output.mode, None)
        if part is not None and output.mode not in mine:
            mine[output.mode] = part
        messages.setdefault(ifname, []).extend(output.messages)
        files.setdefault(ifname, []).append((output.mode, item.file.name))
        line = output.record_lines[0] if output.record_lines else None
        if ifname not in origins or (output.mode == "settings" and part is not None):
            origins[ifname] = Origin(item.file.name, line)
        item.used += 1
    interfaces = {link.ifname: index for index, link in enumerate(facts.get("interfaces"))}
    names = sorted(parts, key=lambda n: (interfaces.get(n, len(interfaces)), _natural(n)))
    records = [NicFacts(ifname=ifname, messages=tuple(messages[ifname]),
                        files=tuple(files[ifname]), **parts[ifname]) for ifname in names]
    facts.add(name, records, [origins[ifname] for ifname in names], unique=False)


def _nic(snapshot: Snapshot, ifname: str) -> NicFacts | None:
    for record in snapshot.records("hardware"):
        if isinstance(record, NicFacts) and record.ifname == ifname:
            return record
    return None


def hardware_of(snapshot: Snapshot, ifname: str) -> Hardware | None:
    """The typed hardware facts of ``ifname`` (None when the snapshot has neither ethtool
    output nor an interface of that name); the error and drop counters come from
    ``ip -s link``, else from ``/proc/net/dev``."""
    nic = _nic(snapshot, ifname)
    link = snapshot.link(ifname)
    if nic is None and link is None and device_of(snapshot, ifname) is None:
        return None
    fields: dict[str, Any] = {"ifname": ifname}
    if nic is not None:
        settings, driver, rings, channels = nic.settings, nic.driver, nic.rings, nic.channels
        if settings is not None:
            fields.update(speed=settings.speed, duplex=settings.duplex,
                          link_detected=settings.link_detected,
                          auto_negotiation=settings.auto_negotiation, port=settings.port)
        if driver is not None:
            fields.update(driver=driver.driver, driver_version=driver.version,
                          firmware=driver.firmware_version, bus_info=driver.bus_info)
        if rings is not None:
            fields.update(rx_ring=rings.rx, tx_ring=rings.tx, rx_ring_max=rings.rx_max,
                          tx_ring_max=rings.tx_max)
        if channels is not None:
            fields.update(combined_channels=channels.combined,
                          combined_channels_max=channels.combined_max)
        if nic.statistics is not None:
            fields["error_counters"] = tuple(nic.statistics.errors.items())
        fields["messages"] = nic.messages
    stats = link.stats if link is not None else None
    if stats is not None:
        fields.update(rx_errors=_count(stats.rx.errors), rx_dropped=_count(stats.rx.dropped),
                      tx_errors=_count(stats.tx.errors), tx_dropped=_count(stats.tx.dropped))
    elif (device := device_of(snapshot, ifname)) is not None:  # no ip -s link: /proc/net/dev
        fields.update(rx_errors=device.rx_errs, rx_dropped=device.rx_drop,
                      tx_errors=device.tx_errs, tx_dropped=device.tx_drop)
    return Hardware(**fields)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def hardware_view(nic: NicFacts) -> dict[str, Any]:
    """A record in snapshot JSON: ``{"ifname", "settings", "driver", "statistics",
    "features", "rings", "channels", "messages"}``, each part as ``ethtool --json``
    (or netfacts's ethtool JSON, for the forms ethtool has none for) shapes it."""
    from netfacts.jsonio.ethtool import ethtool_to_json

    data: dict[str, Any] = {"ifname": nic.ifname}
    for mode in MODES:
        part = getattr(nic, mode)
        if part is None:
            continue
        written = ethtool_to_json(EthtoolOutput(ifname=nic.ifname, mode=mode, **{mode: part}))
        body = dict(written[0]) if written else {}
        body.pop("ifname", None)
        data[mode] = body.get("statistics", body) if mode == "statistics" else body
    if nic.messages:
        data["messages"] = list(nic.messages)
    return data


def identity(nic: NicFacts) -> str:
    """A record's diff key: the interface name."""
    return nic.ifname


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _yes(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def show_hardware(snapshot: Snapshot) -> str:
    """``netfacts show``'s hardware columns: one row per interface ethtool described."""
    from netfacts.show import table

    rows = []
    for nic in snapshot.records("hardware"):
        facts = hardware_of(snapshot, nic.ifname)
        if facts is None:
            continue
        rings = "" if facts.rx_ring is None and facts.tx_ring is None else (
            f"{_text(facts.rx_ring)}/{_text(facts.tx_ring)}")
        errors = sum(value for _, value in facts.errors)
        rows.append([
            facts.ifname, "" if facts.speed is None else f"{facts.speed}Mb/s",
            _text(facts.duplex), _yes(facts.link_detected), _yes(facts.auto_negotiation),
            _text(facts.driver), _text(facts.firmware), rings,
            _text(facts.combined_channels), str(errors) if errors else "",
        ])
    if not rows:
        return ""
    return "\nHardware (ethtool)\n" + table(
        ["name", "speed", "duplex", "link", "autoneg", "driver", "firmware", "rings rx/tx",
         "channels", "errors"], rows)
