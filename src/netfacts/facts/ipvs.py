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
    from netfacts.snapshot import Facts, Parsed, _Builder

__all__ = ["diff_ipvs", "merge_ipvs", "service_key"]


def service_key(service: IpvsService) -> str:
    """``TCP 10.96.0.1:443`` / ``FWM 5`` / ``FWM 7 IPv6``."""
    if service.fwmark is not None:
        return f"FWM {service.fwmark}" + (" IPv6" if service.ipv6 else "")
    return f"{service.protocol} {endpoint_text(service.address, service.port)}"


def merge_ipvs(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """The virtual services of the first listing present, and the Services kube-proxy's
    IPVS mode programmed (``services`` category), NodePorts told apart by the node's own
    addresses: those of every interface but ``kube-ipvs0``."""
    from netfacts.facts.nftables import add_services
    from netfacts.facts.services_ipvs import node_addresses_of, services_from_ipvs
    from netfacts.models.ipvs import IpvsadmOutput

    for item in parsed[:1]:
        facts.add(name, item.records, item.origins(), unique=False, parsed=item)
        output = item.output
        if not isinstance(output, IpvsadmOutput) or not output.services:
            continue
        links = facts.get("interfaces")
        nodes = node_addresses_of(links) if links else None
        add_services(facts, services_from_ipvs(output, item.file.name, node_addresses=nodes))


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
