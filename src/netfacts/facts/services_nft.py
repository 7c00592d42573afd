"""Kubernetes Services read back from kube-proxy's nftables rules (``table ip kube-proxy``).

kube-proxy's nftables mode (``pkg/proxy/nftables/proxier.go``) keeps every Service port in
maps of its own table (``ip kube-proxy``, ``ip6 kube-proxy``):

* ``service-ips`` — ``IP . PROTO . PORT : goto CHAIN`` for every ClusterIP (CHAIN
  ``service-H-ns/name/proto/port``, or ``local-...`` with ``internalTrafficPolicy: Local``),
  external IP and load-balancer IP (``external-...``);
* ``service-nodeports`` — ``PROTO . NODEPORT : goto external-...``;
* ``no-endpoint-services`` / ``no-endpoint-nodeports`` — Service ports without (usable)
  endpoints, ``goto reject-chain`` or ``drop``, commented with the Service port name;
* ``firewall-ips`` — load-balancer IPs with ``loadBalancerSourceRanges``, ``goto
  firewall-...`` whose rule drops ``ip saddr != { RANGES }``;
* ``cluster-ips`` — every ClusterIP.

A Service chain picks an endpoint with ``numgen random mod N vmap { 0 : goto endpoint-...,
... }`` (each endpoint gets 1/N), after ``ip saddr @affinity-... goto endpoint-...`` rules
when ClientIP affinity is on (the ``affinity-`` sets' ``timeout`` is the affinity time);
an endpoint chain DNATs with ``meta l4proto P dnat to IP:PORT``.  An ``external-`` chain
ends in ``goto local-...`` for ``externalTrafficPolicy: Local``.  The chain names carry the
Service port name (``service-AXK6CI2C-demo/web/tcp/http`` → ``demo/web:http``).

nftables does not say which non-ClusterIP addresses are external IPs and which are
load-balancer IPs: those behind ``firewall-ips`` are load-balancer IPs, the others are
reported as ``external_ips``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from netfacts.models.nft import (
    NftConcat,
    NftElement,
    NftExpr,
    NftMatch,
    NftNat,
    NftOutput,
    NftPayload,
    NftSetExpr,
    NftSetRef,
    NftTable,
    NftValue,
    NftVerdict,
    NftVerdictMap,
    duration_seconds,
)
from netfacts.models.service import Endpoint, ProxyMode, RuleRef, Service, ServiceProtocol
from netfacts.models.values import IPAddress, ip_address, ip_network

__all__ = ["kube_proxy_tables", "services_from_nft", "services_from_tables"]

_CHAIN = re.compile(r"(service|local|external|firewall|endpoint)-([A-Z2-7]{8})-(.+)")
_PROTOCOLS = frozenset({"tcp", "udp", "sctp"})


def kube_proxy_tables(output: NftOutput) -> list[NftTable]:
    """The ``ip`` and ``ip6`` tables called ``kube-proxy``."""
    return [t for t in output.tables if t.name == "kube-proxy" and t.family in ("ip", "ip6")]


def _chain_parts(name: str) -> tuple[str, str] | None:
    """``service-AXK6CI2C-demo/web/tcp/http`` → (``service``, ``demo/web/tcp/http``)."""
    match = _CHAIN.fullmatch(name)
    if match is None:
        return None
    return match.group(1), match.group(3)


def _port_name(base: str) -> str | None:
    """``demo/web/tcp/http`` → ``demo/web:http``; ``demo/sctp-svc/sctp/`` → ``demo/sctp-svc``."""
    parts = base.split("__", 1)[0].split("/")
    if len(parts) != 4:
        return None
    namespace, name, _protocol, port = parts
    return f"{namespace}/{name}:{port}" if port else f"{namespace}/{name}"


def _base_of(port_name: str, protocol: str) -> str:
    """``demo/web:http`` + tcp → ``demo/web/tcp/http`` (the chain-name form)."""
    namespace, _, rest = port_name.partition("/")
    name, _, port = rest.partition(":")
    return f"{namespace}/{name}/{protocol}/{port}"


def _values(expr: NftExpr) -> list[str]:
    if isinstance(expr, NftConcat):
        return [item.text if isinstance(item, NftValue) else "" for item in expr.items]
    if isinstance(expr, NftValue):
        return [expr.text]
    return []


def _address(text: str) -> IPAddress | None:
    try:
        return ip_address(text)
    except ValueError:
        return None


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and int(text) <= 65535 else None


class _Draft:
    __slots__ = (
        "affinity",
        "base",
        "chain",
        "cluster_ip",
        "external",
        "external_policy",
        "internal_policy",
        "loadbalancer",
        "name",
        "nodeport",
        "port",
        "protocol",
        "ranges",
        "refs",
    )

    def __init__(self, base: str, protocol: str | None) -> None:
        self.base = base
        self.name = _port_name(base)
        self.protocol = protocol
        self.cluster_ip: IPAddress | None = None
        self.port: int | None = None
        self.nodeport: int | None = None
        self.external: list[IPAddress] = []
        self.loadbalancer: list[IPAddress] = []
        self.ranges: list[Any] = []
        self.chain: str | None = None
        self.internal_policy: str | None = None
        self.external_policy: str | None = None
        self.affinity: int | None = None
        self.refs: list[RuleRef] = []


class _Table:
    """One kube-proxy table being read."""

    def __init__(self, table: NftTable, file: str | None) -> None:
        self.table = table
        self.file = file
        self.label = f"{table.family.value} {table.name}"
        self.chains = {chain.name: chain for chain in table.chains}
        self.drafts: dict[str, _Draft] = {}
        found = table.set("cluster-ips")
        elements = found.elements or () if found is not None else ()
        self.cluster_ips = {e.key.text for e in elements if isinstance(e.key, NftValue)}

    def draft(self, base: str, protocol: str | None) -> _Draft:
        draft = self.drafts.get(base)
        if draft is None:
            draft = self.drafts[base] = _Draft(base, protocol)
        elif draft.protocol is None:
            draft.protocol = protocol
        return draft

    def ref(self, chain: str, line: int | None) -> RuleRef:
        return RuleRef(file=self.file, line=line, table=self.label, chain=chain)

    def elements(self, name: str) -> Iterable[NftElement]:
        found = self.table.set(name)
        return found.elements or () if found is not None else ()

    # -- maps ----------------------------------------------------------------------

    def service_ips(self) -> None:
        for element in self.elements("service-ips"):
            values = _values(element.key)
            target = element.value
            if len(values) != 3 or not isinstance(target, NftVerdict) or target.target is None:
                continue
            address, protocol, port_text = values
            parts = _chain_parts(target.target)
            ip, port = _address(address), _int(port_text)
            if parts is None or ip is None or port is None:
                continue
            prefix, base = parts
            draft = self.draft(base, protocol)
            draft.refs.append(self.ref("service-ips", element.line))
            if prefix in ("service", "local"):
                draft.cluster_ip, draft.port = ip, port
                draft.chain = target.target
                draft.internal_policy = "Cluster" if prefix == "service" else "Local"
            elif prefix == "external":
                draft.external.append(ip)
                draft.port = draft.port or port

    def nodeports(self, name: str) -> None:
        for element in self.elements(name):
            values = _values(element.key)
            if len(values) != 2:
                continue
            protocol, port_text = values
            nodeport = _int(port_text)
            if nodeport is None:
                continue
            base = self.base_of(element, protocol)
            if base is None:
                continue
            draft = self.draft(base, protocol)
            draft.nodeport = nodeport
            draft.refs.append(self.ref(name, element.line))

    def base_of(self, element: NftElement, protocol: str) -> str | None:
        """The Service of a map element: its target chain, else its comment."""
        target = element.value
        if isinstance(target, NftVerdict) and target.target is not None:
            parts = _chain_parts(target.target)
            if parts is not None:
                return parts[1]
        if element.comment:
            return _base_of(element.comment, protocol)
        return None

    def no_endpoint_services(self) -> None:
        for element in self.elements("no-endpoint-services"):
            values = _values(element.key)
            if len(values) != 3 or not element.comment:
                continue
            address, protocol, port_text = values
            ip, port = _address(address), _int(port_text)
            if ip is None or port is None:
                continue
            draft = self.draft(_base_of(element.comment, protocol), protocol)
            draft.refs.append(self.ref("no-endpoint-services", element.line))
            if address in self.cluster_ips or (not self.cluster_ips and
                                               draft.cluster_ip is None):
                draft.cluster_ip, draft.port = ip, port
            elif ip not in draft.external and ip != draft.cluster_ip:
                draft.external.append(ip)
                draft.port = draft.port or port

    def firewall_ips(self) -> None:
        for element in self.elements("firewall-ips"):
            values = _values(element.key)
            target = element.value
            if len(values) != 3 or not isinstance(target, NftVerdict) or target.target is None:
                continue
            parts = _chain_parts(target.target)
            ip = _address(values[0])
            if parts is None or ip is None:
                continue
            draft = self.draft(parts[1], values[1])
            draft.refs.append(self.ref("firewall-ips", element.line))
            if ip in draft.external:
                draft.external.remove(ip)
            if ip not in draft.loadbalancer:
                draft.loadbalancer.append(ip)
            chain = self.chains.get(target.target)
            if chain is None:
                continue
            for rule in chain.rules:
                for statement in rule.statements:
                    if isinstance(statement, NftMatch) and statement.op == "!=" and \
                            isinstance(statement.left, NftPayload) and \
                            statement.left.field == "saddr":
                        draft.ranges.extend(_networks(statement.right))
                        draft.refs.append(self.ref(chain.name, rule.line))

    # -- chains --------------------------------------------------------------------

    def external_policy(self, draft: _Draft) -> None:
        chain = self.chains.get(f"external-{_hash_of(draft.chain) or ''}-{draft.base}") \
            if draft.chain else None
        if chain is None:
            chain = next((c for name, c in self.chains.items()
                          if name.startswith("external-") and name.endswith("-" + draft.base)),
                         None)
        if chain is None:
            return
        for rule in chain.rules:
            verdict = rule.verdict
            if verdict is None or verdict.target is None or verdict.kind != "goto":
                continue
            if rule.statements and len(rule.statements) == 1:
                parts = _chain_parts(verdict.target)
                if parts is not None:
                    draft.external_policy = "Local" if parts[0] == "local" else "Cluster"

    def endpoints(self, draft: _Draft) -> list[Endpoint]:
        chain = self.chains.get(draft.chain) if draft.chain else None
        if chain is None:
            return []
        picks: list[tuple[str, int | None]] = []
        pick_line: int | None = None
        for rule in chain.rules:
            for statement in rule.statements:
                if isinstance(statement, NftVerdictMap) and isinstance(statement.data,
                                                                       NftSetExpr):
                    pick_line = rule.line
                    for element in statement.data.elements:
                        if isinstance(element.value, NftVerdict) and element.value.target:
                            picks.append((element.value.target, rule.line))
                elif isinstance(statement, NftMatch) and isinstance(statement.right,
                                                                    NftSetRef) and \
                        statement.right.name.startswith("affinity-"):
                    timeout = self._affinity_timeout(statement.right.name)
                    draft.affinity = timeout if timeout is not None else 10800
        draft.refs.append(self.ref(chain.name, pick_line))
        endpoints = []
        share = round(1 / len(picks), 6) if picks else None
        for target, line in picks:
            found = self._endpoint(target)
            if found is None:
                continue
            ip, port, refs = found
            endpoints.append(Endpoint(ip=ip, port=port, probability=share, chain=target,
                                      rules=(self.ref(chain.name, line), *refs)))
        return endpoints

    def _affinity_timeout(self, name: str) -> int | None:
        found = self.table.set(name)
        timeout = found.property("timeout") if found is not None else None
        return duration_seconds(timeout) if timeout is not None else None

    def _endpoint(self, name: str) -> tuple[IPAddress, int, tuple[RuleRef, ...]] | None:
        chain = self.chains.get(name)
        refs: list[RuleRef] = []
        for rule in chain.rules if chain is not None else ():
            for statement in rule.statements:
                if isinstance(statement, NftNat) and statement.kind == "dnat" and \
                        isinstance(statement.addr, NftValue) and \
                        isinstance(statement.port, NftValue):
                    ip, port = _address(statement.addr.text), _int(statement.port.text)
                    if ip is not None and port is not None:
                        refs.append(self.ref(name, rule.line))
                        return ip, port, tuple(refs)
        # no DNAT rule: the chain name ends in __IP/PORT
        parts = _chain_parts(name)
        if parts is None or "__" not in parts[1]:
            return None
        host, _, port_text = parts[1].split("__", 1)[1].rpartition("/")
        if self.table.family == "ip6":
            host = host.replace(".", ":")
        ip, port = _address(host), _int(port_text)
        if ip is None or port is None:
            return None
        return ip, port, ()

    def services(self) -> list[Service]:
        self.service_ips()
        self.no_endpoint_services()
        self.nodeports("service-nodeports")
        self.nodeports("no-endpoint-nodeports")
        self.firewall_ips()
        services = []
        for draft in self.drafts.values():
            if draft.protocol not in _PROTOCOLS:
                continue
            endpoints = self.endpoints(draft)
            if draft.nodeport is not None or draft.external or draft.loadbalancer:
                self.external_policy(draft)
            port = draft.port if draft.port is not None else draft.nodeport
            if port is None:
                continue
            services.append(Service(
                name=draft.name, protocol=ServiceProtocol.of(draft.protocol),
                cluster_ip=draft.cluster_ip, port=port, nodeport=draft.nodeport,
                external_ips=tuple(draft.external), load_balancer_ips=tuple(draft.loadbalancer),
                source_ranges=tuple(draft.ranges), endpoints=tuple(endpoints),
                session_affinity="ClientIP" if draft.affinity is not None else None,
                affinity_timeout=draft.affinity,
                internal_traffic_policy=draft.internal_policy,
                external_traffic_policy=draft.external_policy,
                mode=ProxyMode.NFTABLES, chain=draft.chain, rules=tuple(draft.refs)))
        return services


def _hash_of(chain: str | None) -> str | None:
    match = _CHAIN.fullmatch(chain or "")
    return match.group(2) if match is not None else None


def _networks(expr: NftExpr) -> list[Any]:
    texts: list[str] = []
    if isinstance(expr, NftValue):
        texts = [expr.text]
    elif isinstance(expr, NftSetExpr):
        texts = [e.key.text for e in expr.elements if isinstance(e.key, NftValue)]
    out = []
    for text in texts:
        try:
            out.append(ip_network(text))
        except ValueError:
            continue
    return out


def _order(service: Service) -> tuple[int, str, int, str]:
    address = service.cluster_ip
    packed = address.packed.hex() if address is not None else ""
    return (service.family or 0, packed, service.port, service.protocol.value)


def services_from_tables(tables: Iterable[NftTable], *, file: str | None = None
                         ) -> tuple[Service, ...]:
    """The Services of kube-proxy tables (``ip kube-proxy`` / ``ip6 kube-proxy``)."""
    found: list[Service] = []
    for table in tables:
        if table.name == "kube-proxy" and table.family in ("ip", "ip6"):
            found.extend(_Table(table, file).services())
    return tuple(sorted(found, key=_order))


def services_from_nft(output: NftOutput, file: str | None = None) -> tuple[Service, ...]:
    """The Services kube-proxy's nftables mode programmed, from ``nft list ruleset``.

    ``file`` names the capture in the rule references (default: the output's source).
    """
    return services_from_tables(output.tables, file=file if file is not None else output.source)
