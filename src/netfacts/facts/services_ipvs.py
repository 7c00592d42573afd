"""Kubernetes Services read back from kube-proxy's IPVS mode (``ipvsadm -Ln``).

kube-proxy's IPVS mode (``pkg/proxy/ipvs/proxier.go``) creates one virtual server per
Service port and address: the ClusterIP, every external IP and load-balancer IP (all bound
to the dummy device ``kube-ipvs0``), and the NodePort on every node address; the real
servers are the endpoints (``Masq``, weight 1), ClientIP affinity is ``persistent T``,
and ``externalTrafficPolicy: Local`` puts only the node-local endpoints behind the
NodePort and external virtual servers.  A Service with no endpoints keeps virtual servers
without real servers.

The listing does not say which virtual servers belong together, so they are grouped:

* a virtual server on a *node address* is a NodePort.  The node addresses are the
  ``node_addresses`` argument (a snapshot passes the addresses of every interface but
  ``kube-ipvs0``); without them, an address is taken for one when each of its virtual
  servers has a port in the NodePort range (30000-32767) and real servers that another
  address's virtual server (another port) has as well;
* the other virtual servers are ClusterIPs when inside ``service_cidrs``; without them,
  when in the /16 (IPv6: /64) that holds the most virtual servers — kube-proxy takes
  ClusterIPs from one range.  Each remaining one (an external or load-balancer IP) joins the
  ClusterIP with its protocol and port whose real servers include its own (``Local``
  policy shows fewer); when none or several do, it is a Service of its own;
* a NodePort belongs to the Service with its protocol whose real servers include its own
  (``Local`` policy shows fewer), when exactly one does (for an empty NodePort: exactly one
  Service without real servers).  Otherwise it stays a Service of its own without ClusterIP.

IPVS cannot tell external IPs from load-balancer IPs: both are ``external_ips``.  Service
names are not in the listing (``name`` is None).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from netfacts.models.ipvs import IpvsadmOutput, IpvsService
from netfacts.models.service import Endpoint, ProxyMode, RuleRef, Service, ServiceProtocol
from netfacts.models.values import IPAddress, IPNetwork, ip_network

__all__ = ["NODEPORT_RANGE", "node_addresses_of", "services_from_ipvs"]

NODEPORT_RANGE = range(30000, 32768)
"""The API server's default ``--service-node-port-range``."""
_PROTOCOLS = {"TCP": "tcp", "UDP": "udp", "SCTP": "sctp"}


Servers = frozenset[tuple[Any, Any]]


class _Keys:
    """The real servers of each virtual server as a set, computed once per derivation."""

    def __init__(self) -> None:
        self.found: dict[int, Servers] = {}

    def __call__(self, service: IpvsService) -> Servers:
        found = self.found.get(id(service))
        if found is None:
            found = self.found[id(service)] = frozenset(
                (s.address, s.port) for s in service.real_servers)
        return found


def _prefix(address: IPAddress) -> IPNetwork:
    length = 16 if address.version == 4 else 64
    return ip_network(f"{address}/{length}")


class _Index:
    """Virtual servers by (protocol, family, one of their real servers), for subset
    lookups without comparing every pair (and those without real servers by protocol and
    family)."""

    def __init__(self, key: _Keys) -> None:
        self.key = key
        self.by_server: dict[tuple[Any, ...], list[Any]] = {}
        self.empty: dict[tuple[Any, ...], list[Any]] = {}

    def add(self, service: IpvsService, item: Any) -> None:
        servers = self.key(service)
        group = (service.protocol, service.family)
        if not servers:
            self.empty.setdefault(group, []).append((service, item))
        for server in servers:
            self.by_server.setdefault((*group, server), []).append((service, item))

    def containing(self, service: IpvsService) -> list[tuple[IpvsService, Any]]:
        """Entries with ``service``'s protocol and family whose real servers include its
        own (for a service without real servers: those without real servers)."""
        servers = self.key(service)
        group = (service.protocol, service.family)
        if not servers:
            return list(self.empty.get(group, ()))
        first = next(iter(servers))
        return [(other, item) for other, item in self.by_server.get((*group, first), ())
                if servers <= self.key(other)]


def _guess_nodes(services: Sequence[IpvsService], key: _Keys) -> set[IPAddress]:
    """Addresses whose every virtual server has a NodePort-range port and the real servers
    of (a subset of) a virtual server on another address with another port."""
    index = _Index(key)
    by_address: dict[Any, list[IpvsService]] = {}
    for service in services:
        index.add(service, None)
        by_address.setdefault(service.address, []).append(service)
    nodes = set()
    for address, listed in by_address.items():
        if not all(isinstance(s.port, int) and s.port in NODEPORT_RANGE for s in listed):
            continue
        if all(any(other.address != address and other.port != service.port
                   for other, _ in index.containing(service)) for service in listed):
            nodes.add(address)
    return nodes


def node_addresses_of(links: Iterable[Any]) -> set[IPAddress]:
    """The node's own addresses from parsed interfaces: every address of every link but
    ``kube-ipvs0`` (where kube-proxy binds Service addresses) and loopback."""
    found: set[IPAddress] = set()
    for link in links:
        if getattr(link, "ifname", None) in ("kube-ipvs0", "lo"):
            continue
        for address in getattr(link, "addresses", ()):
            local = getattr(address, "local", None)
            if local is not None and not isinstance(local, str):
                found.add(local)
    return found


def services_from_ipvs(output: IpvsadmOutput, file: str | None = None, *,
                       node_addresses: Iterable[IPAddress] | None = None,
                       service_cidrs: Iterable[IPNetwork] | None = None
                       ) -> tuple[Service, ...]:
    """The Services kube-proxy's IPVS mode programmed, from an ``ipvsadm -Ln`` listing.

    See the module docstring for how virtual servers are grouped.  ``file`` names the
    listing in the rule references (default: the output's source).
    """
    file = file if file is not None else output.source
    return _derive(output, file, node_addresses, service_cidrs)


def _derive(output: IpvsadmOutput, file: str | None,
            node_addresses: Iterable[IPAddress] | None,
            service_cidrs: Iterable[IPNetwork] | None) -> tuple[Service, ...]:
    listed = [s for s in output.services if s.fwmark is None and s.protocol in _PROTOCOLS
              and not isinstance(s.address, str) and s.address is not None
              and isinstance(s.port, int)]
    key = _Keys()
    nodes = set(node_addresses) if node_addresses is not None else _guess_nodes(listed, key)
    cidrs = list(service_cidrs or ())
    on_nodes = [s for s in listed if s.address in nodes]
    virtual = [s for s in listed if s.address not in nodes]
    clusters, others = _split_cluster_ips(virtual, cidrs)
    drafts: list[dict[str, Any]] = []
    index = _Index(key)

    def new_draft(service: IpvsService) -> None:
        draft: dict[str, Any] = {"protocol": service.protocol, "port": service.port,
                                 "cluster": service, "external": [], "nodeports": []}
        drafts.append(draft)
        index.add(service, draft)

    for service in clusters:
        new_draft(service)
    for service in others:
        candidates = _owners(index, service, same_port=True)
        if len(candidates) == 1:
            candidates[0]["external"].append(service)
        else:  # no (or no single) ClusterIP for it: a Service of its own
            new_draft(service)
    loose: list[IpvsService] = []
    for service in on_nodes:
        candidates = _owners(index, service, same_port=False)
        if len(candidates) > 1:  # the NodePort already seen on another node address
            candidates = [d for d in candidates
                          if service.port in {n.port for n in d["nodeports"]}] or candidates
        if len(candidates) == 1:
            candidates[0]["nodeports"].append(service)
        else:
            loose.append(service)
    services = [_service(d, file, key) for d in drafts]
    seen: dict[tuple[str, Any], list[IpvsService]] = {}
    for service in loose:
        seen.setdefault((service.protocol, service.port), []).append(service)
    for (protocol, port), members in seen.items():
        services.append(_service({"protocol": protocol, "port": port, "cluster": None,
                                  "external": [], "nodeports": members}, file, key))
    return tuple(sorted(services, key=_order))


def _refs(file: str | None, services: Iterable[IpvsService]) -> tuple[RuleRef, ...]:
    return tuple(RuleRef(file=file, line=s.line) for s in services)


def _split_cluster_ips(virtual: list[IpvsService], cidrs: list[IPNetwork]
                       ) -> tuple[list[IpvsService], list[IpvsService]]:
    """(ClusterIP virtual servers, external ones): inside ``cidrs``, else in the /16
    (IPv6: /64) that holds the most virtual servers of the family."""
    if cidrs:
        inside = [s for s in virtual if any(s.address in cidr for cidr in cidrs)]
        return inside, [s for s in virtual if s not in inside]
    counts: Counter[IPNetwork] = Counter(_prefix(s.address) for s in virtual)  # type: ignore[arg-type]
    best: dict[int, int] = {}
    for prefix, count in counts.items():
        best[prefix.version] = max(best.get(prefix.version, 0), count)
    clusters: list[IpvsService] = []
    others: list[IpvsService] = []
    for service in virtual:
        prefix = _prefix(service.address)  # type: ignore[arg-type]
        (clusters if counts[prefix] == best[prefix.version] else others).append(service)
    return clusters, others


def _owners(index: _Index, service: IpvsService, *, same_port: bool
            ) -> list[dict[str, Any]]:
    """Drafts whose ClusterIP server has ``service``'s protocol and family (and port) and
    real servers that include its own (or, for an empty one, none)."""
    return [draft for cluster, draft in index.containing(service)
            if not same_port or cluster.port == service.port]


def _service(draft: dict[str, Any], file: str | None, key: _Keys) -> Service:
    cluster: IpvsService | None = draft["cluster"]
    nodeports: list[IpvsService] = draft["nodeports"]
    external: list[IpvsService] = draft["external"]
    source = cluster if cluster is not None else nodeports[0]
    endpoints = tuple(
        Endpoint(ip=server.address, port=server.port, weight=server.weight,
                 rules=(RuleRef(file=file, line=server.line),))
        for server in source.real_servers
        if server.address is not None and not isinstance(server.address, str)
        and isinstance(server.port, int))
    persistent = source.persistent
    policy = None
    if cluster is not None and cluster.real_servers and nodeports + external:
        wide = key(cluster)
        narrow = [key(s) for s in nodeports + external]
        policy = "Local" if any(n < wide for n in narrow) else "Cluster"
    port = draft["port"] if cluster is not None else nodeports[0].port
    assert isinstance(port, int)  # only numeric virtual servers are read
    return Service(
        protocol=ServiceProtocol.of(_PROTOCOLS[draft["protocol"]]),
        cluster_ip=cluster.address if cluster is not None else None,  # type: ignore[arg-type]
        port=port,
        nodeport=nodeports[0].port if nodeports else None,  # type: ignore[arg-type]
        external_ips=tuple(s.address for s in external),  # type: ignore[misc]
        endpoints=endpoints,
        session_affinity="ClientIP" if persistent is not None else None,
        affinity_timeout=persistent,
        external_traffic_policy=policy,
        mode=ProxyMode.IPVS,
        rules=_refs(file, ([cluster] if cluster is not None else []) + external + nodeports),
    )


def _order(service: Service) -> tuple[int, str, int, str]:
    address = service.cluster_ip
    packed = address.packed.hex() if address is not None else ""
    return (service.family or 0, packed, service.port, service.protocol.value)


