"""kube-proxy's chain names: hashes of the Service port name.

iptables mode (``pkg/proxy/iptables/proxier.go``): a per-Service-port chain is a prefix
plus the first 16 characters of ``base32(sha256(SPN + protocol))``, an endpoint chain
``KUBE-SEP-`` plus the same hash of ``SPN + protocol + "IP:PORT"`` (``[IP]:PORT`` for
IPv6).  SPN is the Service port name ``namespace/name:portname`` (``namespace/name``
for an unnamed port in current releases; older ones kept the colon), protocol is
lower-case ``tcp``/``udp``/``sctp``.

nftables mode (``pkg/proxy/nftables/proxier.go``): chain names carry the readable name
too — ``PREFIX`` + ``base32(sha256(NAME))[:8]`` + ``-`` + ``NAME`` with NAME =
``namespace/name/protocol/portname`` (endpoints add ``__IP/PORT``, with ``:`` of an IPv6
address written ``.``).

netfacts does not depend on these names (Services are read from the rules' contents);
they serve tests, and to tell kube-proxy chains apart from others.

    >>> iptables_service_chain("KUBE-SVC-", "default/kubernetes:https", "tcp")
    'KUBE-SVC-NPX46M4PTMTKRN6Y'
    >>> nftables_service_chain("service-", "ns1", "svc1", "tcp", "p80")
    'service-ULMVA6XW-ns1/svc1/tcp/p80'
"""

from __future__ import annotations

import base64
import hashlib

__all__ = [
    "IPTABLES_PREFIXES",
    "iptables_endpoint_chain",
    "iptables_hash",
    "iptables_service_chain",
    "nftables_endpoint_chain",
    "nftables_service_chain",
]

IPTABLES_PREFIXES = ("KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-",
                     "KUBE-XLB-")
"""Prefixes of kube-proxy's hashed iptables chains (``KUBE-XLB-`` before 1.24)."""


def _hash(text: str, length: int) -> str:
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:length]


def iptables_hash(port_name: str, protocol: str, endpoint: str = "") -> str:
    """The 16-character hash of a Service port (and endpoint ``IP:PORT``)."""
    return _hash(port_name + protocol.lower() + endpoint, 16)


def iptables_service_chain(prefix: str, port_name: str, protocol: str) -> str:
    """``KUBE-SVC-``/``KUBE-SVL-``/``KUBE-EXT-``/``KUBE-FW-`` chain of a Service port."""
    return prefix + iptables_hash(port_name, protocol)


def iptables_endpoint_chain(port_name: str, protocol: str, ip: str, port: int) -> str:
    """``KUBE-SEP-`` chain of one endpoint of a Service port."""
    host = f"[{ip}]" if ":" in ip else ip
    return "KUBE-SEP-" + iptables_hash(port_name, protocol, f"{host}:{port}")


def _nft_name(prefix: str, name: str) -> str:
    return f"{prefix}{_hash(name, 8)}-{name}"


def nftables_service_chain(prefix: str, namespace: str, name: str, protocol: str,
                           port_name: str) -> str:
    """``service-``/``local-``/``external-``/``firewall-`` chain of a Service port."""
    return _nft_name(prefix, f"{namespace}/{name}/{protocol.lower()}/{port_name}")


def nftables_endpoint_chain(namespace: str, name: str, protocol: str, port_name: str, *,
                            ip: str, port: int) -> str:
    """``endpoint-`` chain of one endpoint of a Service port."""
    base = f"{namespace}/{name}/{protocol.lower()}/{port_name}"
    return _nft_name("endpoint-", f"{base}__{ip.replace(':', '.')}/{port}")
