"""Snapshot hooks of the ``ipvs`` category: the virtual services of ``ipvsadm -Ln``.

A snapshot keeps the node's IPVS virtual services (``snapshot.records("ipvs")``); a diff
compares them by ``PROTOCOL ADDRESS:PORT`` (or ``FWM N``): scheduler, persistence and the
real servers with their weights and forwarding methods; connection counts are volatile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netfacts.models.ipvs import IpvsService
from netfacts.renderers.ipvsadm import endpoint_text

if TYPE_CHECKING:
    from netfacts.diff import _Viewer

__all__ = ["diff_ipvs", "service_key"]


def service_key(service: IpvsService) -> str:
    """``TCP 10.96.0.1:443`` / ``FWM 5`` / ``FWM 7 IPv6``."""
    if service.fwmark is not None:
        return f"FWM {service.fwmark}" + (" IPv6" if service.ipv6 else "")
    return f"{service.protocol} {endpoint_text(service.address, service.port)}"


def diff_ipvs(viewer: _Viewer) -> None:
    """Virtual services by key: scheduler, persistence, real servers (conns volatile)."""
    for service in viewer.snapshot.records("ipvs"):
        def fields(service: IpvsService = service) -> dict[str, Any]:
            data: dict[str, Any] = {
                "scheduler": service.scheduler, "persistent": service.persistent,
                "real_servers": sorted(
                    f"{endpoint_text(s.address, s.port)} {s.forward or ''} {s.weight}".strip()
                    for s in service.real_servers),
            }
            if viewer.volatile:
                data["connections"] = sorted(
                    f"{endpoint_text(s.address, s.port)} {s.active_conns}/{s.inactive_conns}"
                    for s in service.real_servers)
            return data

        viewer.put("ipvs", f"ipvs {service_key(service)}", service, fields)
