"""A Kubernetes Service as one node's kube-proxy programmed it.

kube-proxy turns every Service port into packet-filter rules: iptables chains
(``KUBE-SVC-*``, ``KUBE-SEP-*``), nftables maps and chains (table ``ip kube-proxy``) or
IPVS virtual servers.  Whatever the mode, netfacts reads them back into the same
:class:`Service`: one per (protocol, ClusterIP, port), with its NodePort, external and
load-balancer addresses, the endpoints traffic is sent to and the rules every fact came
from (:class:`RuleRef`: file, line, table, chain).

What is *visible* differs by mode, and a field a mode cannot show is ``None`` (or empty):

=============================  ==========  ==========  ======
field                          iptables    nftables    IPVS
=============================  ==========  ==========  ======
``name`` (``ns/name:port``)    comments¹   chain name  --
``nodeport``                   yes         yes         yes²
``endpoints[].probability``    yes         yes         --
``endpoints[].weight``         --          --          yes
``session_affinity``           yes         yes         yes³
traffic policies               chains⁴     chains⁴     --
=============================  ==========  ==========  ======

¹ kube-proxy drops the comments of endpoint rules above 1000 endpoints ("large cluster
mode"); the ``KUBE-SERVICES`` comment still names the Service.  ² one virtual server per
node address.  ³ ``persistent T``.  ⁴ ``KUBE-SVL-*`` / ``local-`` chains hold the
node-local endpoints of a ``Local`` policy.

Service chain names are hashes of the Service port name: see
:mod:`netfacts.facts.kube_names`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.lazy import as_sequence
from netfacts.models.values import IPAddress, IPNetwork, OpenEnum

__all__ = [
    "Endpoint",
    "ProxyMode",
    "RuleRef",
    "Service",
    "ServiceProtocol",
    "split_port_name",
]


class ServiceProtocol(OpenEnum):
    """The protocol of a Service port, lower-case as kube-proxy hashes it."""

    TCP = "tcp"
    UDP = "udp"
    SCTP = "sctp"


class ProxyMode(OpenEnum):
    """The kube-proxy mode whose rules a :class:`Service` was read from."""

    IPTABLES = "iptables"
    NFTABLES = "nftables"
    IPVS = "ipvs"


@checked
@attrs.frozen(kw_only=True)
class RuleRef:
    """One rule (or IPVS line) a fact was read from."""

    file: str | None = None
    """The capture it is in (``sos_commands/.../ip_netns_exec_node1_iptables-save``)."""
    line: int | None = None
    """1-based line in that file."""
    table: str | None = None
    """``nat`` / ``filter`` (iptables), ``ip kube-proxy`` (nft); ``None`` for IPVS."""
    chain: str | None = None
    """The chain the rule is in (``KUBE-SERVICES``, ``KUBE-SVC-...``)."""

    def __str__(self) -> str:
        where = self.file or "<text>"
        if self.line is not None:
            where += f":{self.line}"
        if self.chain:
            where += f" ({self.table + ' ' if self.table else ''}{self.chain})"
        return where


def _port(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 65535:
        raise ValueError(f"not a port number: {value!r}")
    return value


def _check_port(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    _port(value)


def _check_optional_port(_instance: object, attribute: attrs.Attribute[int | None],
                         value: int | None) -> None:
    if value is not None:
        _port(value)


def _check_probability(_instance: object, attribute: attrs.Attribute[float | None],
                       value: float | None) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be within 0..1, not {value!r}")


@checked
@attrs.frozen(kw_only=True)
class Endpoint:
    """A backend traffic to the Service is sent to (a pod, or a node for host-network)."""

    ip: IPAddress
    port: int = attrs.field(validator=_check_port)
    probability: float | None = attrs.field(default=None, validator=_check_probability)
    """Share of the Service's traffic this endpoint gets (iptables and nftables pick at
    random): 1/N each for N endpoints.  Computed from the rules, so it stays right when a
    rule's own ``--probability`` is conditional on the rules before it."""
    rule_probability: float | None = attrs.field(default=None,
                                                 validator=_check_probability)
    """The probability printed in the endpoint's own rule (iptables ``-m statistic
    --probability``: conditional on the earlier rules not matching); ``None`` for the last
    endpoint, which has no statistic match."""
    weight: int | None = None
    """IPVS weight (``ipvsadm -Ln``)."""
    chain: str | None = None
    """The endpoint's own chain (``KUBE-SEP-...``, nft ``endpoint-...``)."""
    rules: Sequence[RuleRef] = attrs.field(default=(), converter=as_sequence)
    """The rules it came from (a tuple; derivations may give a lazily built sequence)."""

    @property
    def key(self) -> tuple[IPAddress, int]:
        """``(ip, port)``: what diffs and consistency checks compare."""
        return (self.ip, self.port)

    def __str__(self) -> str:
        host = f"[{self.ip}]" if self.ip.version == 6 else str(self.ip)
        return f"{host}:{self.port}"


@checked
@attrs.frozen(kw_only=True)
class Service:
    """One Service port as programmed on one node (one per protocol, ClusterIP, port).

    ``name`` is the Service port name kube-proxy writes in its comments and hashes into
    chain names: ``namespace/name:portname``, or ``namespace/name`` for an unnamed port.
    """

    kind: ClassVar[str] = "service"

    protocol: ServiceProtocol
    cluster_ip: IPAddress | None = None
    """``None`` when the rules show only a NodePort or external address of the Service
    (the ClusterIP rule is missing: a partial or stale rule set)."""
    port: int = attrs.field(validator=_check_port)
    name: str | None = None
    nodeport: int | None = attrs.field(default=None, validator=_check_optional_port)
    external_ips: tuple[IPAddress, ...] = ()
    load_balancer_ips: tuple[IPAddress, ...] = ()
    source_ranges: tuple[IPNetwork, ...] = ()
    """``loadBalancerSourceRanges`` (the ``KUBE-FW-*`` / ``firewall-`` rules)."""
    endpoints: tuple[Endpoint, ...] = ()
    """In rule order; empty when the Service has no (ready) endpoints on this node."""
    session_affinity: str | None = None
    """``"ClientIP"`` when the rules show affinity (iptables ``-m recent``, nft
    ``affinity-`` sets, IPVS ``persistent``); ``None`` otherwise."""
    affinity_timeout: int | None = None
    """Seconds of ClientIP affinity (default 10800)."""
    internal_traffic_policy: str | None = None
    """``"Cluster"`` or ``"Local"`` where the chains show which (``KUBE-SVC-`` vs
    ``KUBE-SVL-``); ``None`` when not visible."""
    external_traffic_policy: str | None = None
    """``"Cluster"`` or ``"Local"`` for Services with a NodePort or external address,
    where the rules show which; ``None`` when not visible."""
    mode: ProxyMode = ProxyMode.IPTABLES
    chain: str | None = None
    """The Service's own chain (``KUBE-SVC-...``, nft ``service-...``); ``None`` in IPVS mode."""
    rules: Sequence[RuleRef] = attrs.field(default=(), converter=as_sequence)
    """Every rule the Service's facts came from (ClusterIP, NodePort, external entries,
    its own chain); endpoint rules are on each :class:`Endpoint`.  A tuple, or a lazily
    built sequence that behaves like one."""
    extra: tuple[tuple[str, str], ...] = ()
    """Facts this version of netfacts has no field for, as (name, value)."""

    @property
    def key(self) -> tuple[str, IPAddress | None, int]:
        """``(protocol, cluster_ip, port)``: what identifies the Service across nodes."""
        return (self.protocol.value, self.cluster_ip, self.port)

    @property
    def family(self) -> int | None:
        """4 or 6, from the ClusterIP (or the first other address)."""
        for address in (self.cluster_ip, *self.external_ips, *self.load_balancer_ips):
            if address is not None:
                return address.version
        return None

    @property
    def endpoint_set(self) -> frozenset[tuple[IPAddress, int]]:
        """The endpoints as a set of ``(ip, port)``."""
        return frozenset(endpoint.key for endpoint in self.endpoints)

    @property
    def namespace(self) -> str | None:
        """The Service's namespace, from :attr:`name`."""
        return split_port_name(self.name)[0] if self.name else None

    @property
    def service_name(self) -> str | None:
        """The Service's name without namespace and port name."""
        return split_port_name(self.name)[1] if self.name else None

    @property
    def port_name(self) -> str | None:
        """The Service port's name (``""`` for an unnamed port)."""
        return split_port_name(self.name)[2] if self.name else None

    def __str__(self) -> str:
        address = "-" if self.cluster_ip is None else (
            f"[{self.cluster_ip}]" if self.cluster_ip.version == 6 else str(self.cluster_ip))
        label = f" ({self.name})" if self.name else ""
        return f"{self.protocol.value} {address}:{self.port}{label}"


def split_port_name(name: str) -> tuple[str, str, str]:
    """``"ns/svc:port"`` → ``("ns", "svc", "port")``; ``"ns/svc"`` → ``("ns", "svc", "")``.

    Text without a ``/`` is taken as a Service name in no namespace.
    """
    namespace, slash, rest = name.partition("/")
    if not slash:
        namespace, rest = "", name
    service, _, port = rest.partition(":")
    return namespace, service, port
