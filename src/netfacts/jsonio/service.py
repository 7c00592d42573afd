"""Services as JSON (netfacts' own shape: kube-proxy has no JSON of its rules).

One object per :class:`~netfacts.models.service.Service`, keys in this order::

    {"name": "demo/web:http", "protocol": "tcp", "cluster_ip": "10.96.12.34", "port": 80,
     "nodeport": 30080, "external_ips": [], "load_balancer_ips": [], "source_ranges": [],
     "session_affinity": null, "affinity_timeout": null,
     "internal_traffic_policy": "Cluster", "external_traffic_policy": "Cluster",
     "mode": "iptables", "chain": "KUBE-SVC-XRY76EGRC3BSCIIJ",
     "endpoints": [{"ip": "10.244.1.5", "port": 8080, "probability": 0.5,
                    "rule_probability": 0.5, "weight": null,
                    "chain": "KUBE-SEP-NW5VICAF3Z2QABHQ", "rules": [...]}],
     "rules": [{"file": "iptables-save", "line": 12, "table": "nat",
                "chain": "KUBE-SERVICES"}]}

Every key is always present (``null`` or ``[]`` when not visible); addresses are
text, ``extra`` pairs become an ``"extra"`` object only when there are some.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from netfacts.models.service import Endpoint, RuleRef, Service

__all__ = ["endpoint_to_json", "rule_ref_to_json", "service_identity", "service_to_json",
           "services_to_json"]


def rule_ref_to_json(ref: RuleRef) -> dict[str, Any]:
    """``{"file", "line", "table", "chain"}``."""
    return {"file": ref.file, "line": ref.line, "table": ref.table, "chain": ref.chain}


def endpoint_to_json(endpoint: Endpoint) -> dict[str, Any]:
    """One endpoint."""
    return {
        "ip": str(endpoint.ip),
        "port": endpoint.port,
        "probability": endpoint.probability,
        "rule_probability": endpoint.rule_probability,
        "weight": endpoint.weight,
        "chain": endpoint.chain,
        "rules": [rule_ref_to_json(ref) for ref in endpoint.rules],
    }


def service_to_json(service: Service) -> dict[str, Any]:
    """One Service."""
    data: dict[str, Any] = {
        "name": service.name,
        "protocol": service.protocol.value,
        "cluster_ip": None if service.cluster_ip is None else str(service.cluster_ip),
        "port": service.port,
        "nodeport": service.nodeport,
        "external_ips": [str(ip) for ip in service.external_ips],
        "load_balancer_ips": [str(ip) for ip in service.load_balancer_ips],
        "source_ranges": [str(net) for net in service.source_ranges],
        "session_affinity": service.session_affinity,
        "affinity_timeout": service.affinity_timeout,
        "internal_traffic_policy": service.internal_traffic_policy,
        "external_traffic_policy": service.external_traffic_policy,
        "mode": service.mode.value,
        "chain": service.chain,
        "endpoints": [endpoint_to_json(endpoint) for endpoint in service.endpoints],
        "rules": [rule_ref_to_json(ref) for ref in service.rules],
    }
    if service.extra:
        data["extra"] = dict(service.extra)
    return data


def services_to_json(services: Iterable[Service]) -> list[dict[str, Any]]:
    """A list of Services."""
    return [service_to_json(service) for service in services]


def service_identity(service: Service) -> str:
    """``tcp 10.96.0.1:443``: the diff key (protocol, ClusterIP, port)."""
    address = "-" if service.cluster_ip is None else str(service.cluster_ip)
    if service.cluster_ip is not None and service.cluster_ip.version == 6:
        address = f"[{address}]"
    return f"{service.protocol.value} {address}:{service.port}"
