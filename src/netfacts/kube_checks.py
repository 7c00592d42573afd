"""Kubernetes checks on kube-proxy's rules: ``service_consistency``, ``nodeport_range``,
``forward_policy`` and ``masquerade`` (registered in :data:`netfacts.checks.CHECKS`).

They read :meth:`Snapshot.services() <netfacts.models.snapshot.Snapshot.services>` and
:attr:`Snapshot.firewall <netfacts.models.snapshot.Snapshot.firewall>`; a node whose
source has no kube-proxy rules (no iptables tables, no Services) is not checked by them.
Each finding points at the rule (file and line) it is about, or at the file that should
have had it.  One page per check in ``docs/checks/``.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from netfacts.checks import Evidence, Finding, _evidence, _Node, _where, nodeport_range
from netfacts.errors import Severity
from netfacts.models.firewall import ListedTable, SavedTable
from netfacts.models.service import RuleRef, Service
from netfacts.models.snapshot import _program_matches

if TYPE_CHECKING:
    from netfacts.models.snapshot import Snapshot

__all__ = ["KUBE_CHECKS"]

_CNI_DEVICES = ("cni0", "cbr0", "flannel.1", "flannel-wg", "cali", "vxlan.calico", "cilium",
                "lxc", "weave", "tunl0", "kube-bridge", "genev_sys_6081", "docker0")
"""Interface names (or prefixes, as iptables writes them with ``+``) of pod networks."""


def _has_rules(snapshot: Snapshot) -> bool:
    return bool(snapshot.services()) or not snapshot.firewall.empty


def _ref_evidence(snapshot: Snapshot, ref: RuleRef, text: str | None = None
                  ) -> Evidence:
    return Evidence(_where(snapshot, ref.file or (snapshot.origin or "?")), ref.line, text)


def _service_evidence(snapshot: Snapshot, service: Service) -> tuple[Evidence, ...]:
    refs = list(service.rules[:1]) + [r for e in service.endpoints[:1] for r in e.rules[:1]]
    return tuple(_ref_evidence(snapshot, ref, str(service)) for ref in refs)


def _rules_file(snapshot: Snapshot) -> tuple[Evidence, ...]:
    """The file that should have held a rule: the nat rules the node's Services come
    from."""
    return _evidence(snapshot, "services", None)


def _label(service: Service) -> str:
    return f"{service.name} ({service.protocol.value} {_address(service)})" if service.name \
        else f"{service.protocol.value} {_address(service)}"


def _address(service: Service) -> str:
    if service.cluster_ip is None:
        return f"-:{service.port}"
    host = f"[{service.cluster_ip}]" if service.cluster_ip.version == 6 else str(
        service.cluster_ip)
    return f"{host}:{service.port}"


# ---------------------------------------------------------------- service_consistency


def _check_service_consistency(nodes: Sequence[_Node]) -> Iterable[Finding]:
    checked = [node for node in nodes if _has_rules(node.snapshot)]
    if len(checked) < 2:
        return
    services = {node.name: {s.key: s for s in node.snapshot.services()} for node in checked}
    keys: dict[tuple[str, Any, int], list[str]] = {}
    for name, found in services.items():
        for key in found:
            keys.setdefault(key, []).append(name)
    for key, having in sorted(keys.items(), key=lambda item: repr(item[0])):
        missing = [node for node in checked if node.name not in having]
        example = services[having[0]][key]
        if missing and len(having) >= len(missing):
            for node in missing:
                seen = ", ".join(having)
                yield Finding(
                    "service_consistency", Severity.ERROR, node.name,
                    f"Service {_label(example)} is not programmed on this node (it is on "
                    f"{seen}): kube-proxy here is stale or failing",
                    _rules_file(node.snapshot)
                    + _service_evidence(next(n.snapshot for n in checked
                                             if n.name == having[0]), example))
        endpoint_sets = Counter(services[name][key].endpoint_set for name in having)
        if len(endpoint_sets) < 2:
            continue
        common, count = endpoint_sets.most_common(1)[0]
        if count * 2 <= len(having):
            common = _tie(endpoint_sets)
        for node in checked:
            service = services[node.name].get(key)
            if service is None or service.endpoint_set == common:
                continue
            extra = sorted(_endpoint(e) for e in service.endpoint_set - common)
            lacking = sorted(_endpoint(e) for e in common - service.endpoint_set)
            parts = []
            if lacking:
                parts.append(f"lacks {', '.join(lacking)}")
            if extra:
                parts.append(f"has stale {', '.join(extra)}")
            yield Finding(
                "service_consistency", Severity.ERROR, node.name,
                f"Service {_label(service)} endpoints differ from the other nodes': this node "
                f"{' and '.join(parts)}", _service_evidence(node.snapshot, service))


def _tie(sets: Counter[frozenset[tuple[Any, int]]]) -> frozenset[tuple[Any, int]]:
    """No majority: the largest endpoint set is taken as the current one."""
    return max(sets, key=lambda s: (sets[s], len(s), sorted(map(repr, s))))


def _endpoint(key: tuple[Any, int]) -> str:
    ip, port = key
    return f"[{ip}]:{port}" if ip.version == 6 else f"{ip}:{port}"


# ---------------------------------------------------------------- nodeport_range


def _check_nodeport_range(nodes: Sequence[_Node]) -> Iterable[Finding]:
    configured, where = nodeport_range(nodes)
    low, high = configured.start, configured.stop - 1
    which = "the API server's range" if where is not None else "the default range"
    checked = [node for node in nodes if _has_rules(node.snapshot)]
    nodeports: dict[tuple[str, Any, int], tuple[str, Service]] = {}
    for node in checked:
        for service in node.snapshot.services():
            if service.nodeport is not None:
                nodeports.setdefault(service.key, (node.name, service))
                if not low <= service.nodeport <= high:
                    yield Finding(
                        "nodeport_range", Severity.WARNING, node.name,
                        f"Service {_label(service)} has NodePort {service.nodeport}, outside "
                        f"{which} {low}-{high}",
                        _service_evidence(node.snapshot, service)
                        + ((where,) if where is not None else ()))
    for node in checked:
        mine = {s.key: s for s in node.snapshot.services()}
        for key, (owner, example) in nodeports.items():
            own = mine.get(key)
            if own is not None and own.nodeport is None:
                yield Finding(
                    "nodeport_range", Severity.ERROR, node.name,
                    f"NodePort {example.nodeport} of Service {_label(example)} is not "
                    f"programmed on this node (it is on {owner}): connections to "
                    f"<this node>:{example.nodeport} fail",
                    _service_evidence(node.snapshot, own))
    for node in nodes:
        snap = node.snapshot
        ports = {s.nodeport: s for s in snap.services() if s.nodeport is not None}
        reported: set[tuple[str | None, int, str]] = set()
        for index, socket in enumerate(snap.sockets):
            port = socket.local_port
            if not socket.is_listening or not isinstance(port, int) or not low <= port <= high:
                continue
            if socket.program is not None and _program_matches(socket.program, "kube-proxy"):
                continue  # kube-proxy reserves its NodePorts with sockets (older releases)
            program = socket.program or "an unknown process"
            seen = (socket.transport, port, program)
            if seen in reported:
                continue
            reported.add(seen)
            holder = ports.get(port)
            evidence = _evidence(snap, "sockets", index)
            if holder is not None:
                yield Finding(
                    "nodeport_range", Severity.ERROR, node.name,
                    f"{program} listens on {socket.transport} port {port}, the NodePort of "
                    f"Service {_label(holder)}: kube-proxy's rules take the traffic first",
                    evidence + _service_evidence(snap, holder))
            else:
                yield Finding(
                    "nodeport_range", Severity.WARNING, node.name,
                    f"{program} listens on {socket.transport} port {port}, inside the NodePort "
                    f"range {low}-{high} ({which}): a Service given this NodePort would take "
                    "its traffic", evidence + ((where,) if where is not None else ()))


# ---------------------------------------------------------------- forward_policy


def _pod_networks(snapshot: Snapshot) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    from netfacts.diff import pod_cidrs

    return list(pod_cidrs(snapshot))


def _reachable(table: SavedTable | ListedTable, start: str, limit: int = 64
               ) -> Iterator[tuple[str, Any]]:
    """(chain, rule) for the rules of ``start`` and of the user chains they jump to, depth
    first, each chain once (at most ``limit`` chains)."""
    seen = {start}
    stack = [start]
    order: list[str] = []
    while stack and len(order) < limit:
        chain = stack.pop(0)
        order.append(chain)
        for rule in table.rules_in(chain):
            target = rule.target
            if target and table.chain(target) is not None and target not in seen:
                seen.add(target)
                stack.append(target)
    for chain in order:
        for rule in table.rules_in(chain):
            yield chain, rule


def _network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    return value if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)) \
        else None


def _pod_accept(rule: Any, pods: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network]
                ) -> bool:
    """An ACCEPT of pod traffic: by source or destination in a pod network, by a pod or
    overlay interface, or unconditional (no match at all)."""
    if rule.target != "ACCEPT":
        return False
    for side in ("source", "destination"):
        network = _network(getattr(rule, side))
        if network is None or getattr(rule, side + "_negated"):
            continue
        if network.prefixlen == 0:
            continue
        if any(network.version == pod.version and network.overlaps(pod) for pod in pods):
            return True
    for side in ("in_interface", "out_interface"):
        name = getattr(rule, side)
        if name and not getattr(rule, side.replace("interface", "negated")) and any(
                name.rstrip("+").startswith(prefix) or prefix.startswith(name.rstrip("+"))
                for prefix in _CNI_DEVICES):
            return True
    return _unconditional(rule)


def _unconditional(rule: Any) -> bool:
    """No address, interface or match condition (comments aside)."""
    for side in ("source", "destination"):
        value = getattr(rule, side)
        if value is None or value == "anywhere":
            continue
        network = _network(value)
        if network is None or network.prefixlen != 0:
            return False
    if rule.in_interface or rule.out_interface:
        return False
    if hasattr(rule, "matches"):
        return all(match.module == "comment" for match in rule.matches)
    options = rule.options.strip()
    return not options or (options.startswith("/*") and options.endswith("*/")
                           and options.count("/*") == 1)


def _chain_evidence(snapshot: Snapshot, table: SavedTable | ListedTable, chain: str,
                    category: str, text: str) -> tuple[Evidence, ...]:
    index = next((i for i, t in enumerate(snapshot.records(category)) if t is table), None)
    origin = snapshot.origin_of(category, index) if index is not None else None
    found = table.chain(chain)
    line = getattr(found, "line", None)
    if origin is None:
        return (Evidence(snapshot.origin or "?", line, text),)
    return (Evidence(_where(snapshot, origin.file), line, text),)


def _filter_table(snapshot: Snapshot) -> tuple[SavedTable | ListedTable, str] | None:
    for category in ("iptables", "iptables_listings"):
        for table in snapshot.records(category):
            if table.name == "filter" and table.family == 4:
                return table, category
    return None


def _check_forward_policy(nodes: Sequence[_Node]) -> Iterable[Finding]:
    for node in nodes:
        snap = node.snapshot
        found = _filter_table(snap)
        if found is None:
            if snap.services():
                yield Finding("forward_policy", Severity.WARNING, node.name,
                              "no iptables filter table in the source: FORWARD not checked",
                              _rules_file(snap))
            continue
        table, category = found
        policy = table.policy("FORWARD")
        if policy in (None, "ACCEPT"):
            continue
        pods = _pod_networks(snap)
        rules = list(_reachable(table, "FORWARD"))
        if any(_pod_accept(rule, pods) for _, rule in rules):
            continue
        kube = any(rule.target == "KUBE-FORWARD" for chain, rule in rules if chain == "FORWARD")
        cidrs = ", ".join(str(p) for p in pods) or "the pod network"
        why = ("KUBE-FORWARD accepts only flows kube-proxy marked and established ones"
               if kube else "there is no jump to KUBE-FORWARD either")
        yield Finding(
            "forward_policy", Severity.ERROR, node.name,
            f"filter FORWARD policy is {policy} and no rule accepts pod traffic ({cidrs}; "
            f"{why}): pods on this node cannot reach pods on other nodes",
            _chain_evidence(snap, table, "FORWARD", category, f"Chain FORWARD (policy {policy})"))


# ---------------------------------------------------------------- masquerade


def _nat_table(snapshot: Snapshot) -> tuple[SavedTable | ListedTable, str] | None:
    for category in ("iptables", "iptables_listings"):
        for table in snapshot.records(category):
            if table.name == "nat" and table.family == 4:
                return table, category
    return None


def _check_masquerade(nodes: Sequence[_Node]) -> Iterable[Finding]:
    for node in nodes:
        snap = node.snapshot
        if str(snap.sysctl.get("net.ipv4.ip_forward")) != "1":
            continue  # the ip_forward check reports that; nothing is forwarded to masquerade
        found = _nat_table(snap)
        if found is None:
            continue
        table, category = found
        if table.chain("KUBE-SERVICES") is None and not snap.services():
            continue  # no kube-proxy on this node
        rules = list(_reachable(table, "POSTROUTING"))
        if any(rule.target in ("MASQUERADE", "SNAT") for _, rule in rules):
            continue
        kube = table.chain("KUBE-POSTROUTING") is not None
        detail = ("KUBE-POSTROUTING is not reached from POSTROUTING or has no MASQUERADE rule"
                  if kube else "there is no KUBE-POSTROUTING chain")
        yield Finding(
            "masquerade", Severity.ERROR, node.name,
            f"no MASQUERADE (or SNAT) rule for cluster traffic in nat POSTROUTING while "
            f"ip_forward is on ({detail}): traffic kube-proxy marks for masquerading (Service "
            "hairpin, NodePorts) and pod egress leave with addresses nobody routes back",
            _chain_evidence(snap, table, "POSTROUTING", category, "Chain POSTROUTING"))


KUBE_CHECKS = {
    "service_consistency": _check_service_consistency,
    "nodeport_range": _check_nodeport_range,
    "forward_policy": _check_forward_policy,
    "masquerade": _check_masquerade,
}
"""The checks of this module, by name, in the order they run."""
