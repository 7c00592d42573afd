"""``/proc/net/dev`` JSON, shaped like ``ip -j -s link``'s ``stats64``.

A list of ``{"ifname": NAME, "stats64": {"rx": {...}, "tx": {...}}}``:

* ``rx``: ``bytes``, ``packets``, ``errors``, ``dropped``, ``over_errors``-free as the file
  has it: ``fifo_errors``, ``frame_errors``, ``compressed``, ``multicast``;
* ``tx``: ``bytes``, ``packets``, ``errors``, ``dropped``, ``fifo_errors``, ``collisions``,
  ``carrier_errors``, ``compressed``.

Asymmetries with ``ip -j -s -s link`` (the file folds counters together): ``rx.dropped`` is
ip's ``dropped`` + ``missed_errors``; ``rx.frame_errors`` is ip's ``length_errors`` +
``over_errors`` + ``crc_errors`` + ``frame_errors``; ``tx.carrier_errors`` is ip's
``carrier_errors`` + ``aborted_errors`` + ``window_errors`` + ``heartbeat_errors``; ip
prints ``compressed`` only when it is not 0; the file has no ``carrier_changes``.  Counters
after the known 16 (none so far) are in ``extra``.
"""

from __future__ import annotations

from typing import Any

from netfacts.models.proc_net_tables import ProcNetDevice, ProcNetDevOutput

__all__ = ["device_to_json", "proc_net_dev_to_json"]


def device_to_json(device: ProcNetDevice) -> dict[str, Any]:
    """One interface."""
    item: dict[str, Any] = {"ifname": device.ifname, "stats64": {
        "rx": {"bytes": device.rx_bytes, "packets": device.rx_packets,
               "errors": device.rx_errs, "dropped": device.rx_drop,
               "fifo_errors": device.rx_fifo, "frame_errors": device.rx_frame,
               "compressed": device.rx_compressed, "multicast": device.rx_multicast},
        "tx": {"bytes": device.tx_bytes, "packets": device.tx_packets,
               "errors": device.tx_errs, "dropped": device.tx_drop,
               "fifo_errors": device.tx_fifo, "collisions": device.tx_colls,
               "carrier_errors": device.tx_carrier, "compressed": device.tx_compressed},
    }}
    if device.extra:
        item["extra"] = list(device.extra)
    return item


def proc_net_dev_to_json(output: ProcNetDevOutput) -> list[dict[str, Any]]:
    """Every interface, in print order."""
    return [device_to_json(device) for device in output.interfaces]
