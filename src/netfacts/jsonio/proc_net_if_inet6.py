"""``/proc/net/if_inet6`` JSON: a list of addresses keyed like ``ip -j addr``'s ``addr_info``.

Each: ``ifindex``, ``ifname``, ``family`` (``"inet6"``), ``local``, ``prefixlen``, ``scope``
(``global``, ``host``, ``link``, ``site``), then ``true`` for each flag ip prints as a key:
``temporary``, ``nodad``, ``optimistic``, ``dadfailed``, ``home``, ``deprecated``,
``tentative``, and ``dynamic`` for an address without IFA_F_PERMANENT.  The file has no
lifetimes, labels, ``noprefixroute`` or ``mngtmpaddr`` (flags beyond the low byte on the
kernels that print only that byte).
"""

from __future__ import annotations

from typing import Any

from netfacts.models.proc_net_tables import ProcNetIfInet6Output, ProcNetInet6Address

__all__ = ["inet6_address_to_json", "proc_net_if_inet6_to_json"]


def inet6_address_to_json(address: ProcNetInet6Address) -> dict[str, Any]:
    """One address."""
    item: dict[str, Any] = {"ifindex": address.ifindex, "ifname": address.ifname,
                            "family": "inet6", "local": str(address.address),
                            "prefixlen": address.prefixlen, "scope": address.scope_name}
    words = address.flag_words
    if "permanent" not in words:
        item["dynamic"] = True
    for word in words:
        if word != "permanent":
            item[word] = True
    return item


def proc_net_if_inet6_to_json(output: ProcNetIfInet6Output) -> list[dict[str, Any]]:
    """Every address, in print order."""
    return [inet6_address_to_json(address) for address in output.addresses]
