"""Kubernetes networking checks across the nodes of a cluster.

:func:`run_checks` takes snapshots (one per node) and returns :class:`Finding`
records.  Each check has a stable name (``required_ports``, ``port_conflict``,
``ip_forward``, ``duplicate_hostname``, ``duplicate_mac``, ``cluster_address``,
``default_route``, ``pod_routes``, ``mtu_mismatch``, ``link_health``, and from
:mod:`netfacts.kube_checks` ``service_consistency``, ``nodeport_range``, ``forward_policy``,
``masquerade``) and a page in
``docs/checks/``.  A finding names its node and points at the evidence: the file
and line of the snapshot record it is about (or the file that should have had it).

Node roles come from what a node runs (an API server or etcd listening → control
plane, otherwise worker) unless given explicitly.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from netfacts.errors import Diagnostic, Severity
from netfacts.models.link import Link
from netfacts.models.process import Process
from netfacts.models.snapshot import Cluster, Origin, Snapshot, _runs
from netfacts.models.socket import Socket

__all__ = ["CHECKS", "Evidence", "Finding", "NodeRole", "node_role", "nodeport_range",
           "render_findings", "run_checks"]

NodeRole = Literal["control-plane", "worker"]
"""What a node is for the checks: it runs the control plane, or only workloads."""
CONTROL_PLANE: NodeRole = "control-plane"
WORKER: NodeRole = "worker"


def _role(text: str) -> NodeRole:
    """``text`` as a :data:`NodeRole` (``control-plane``/``master``/``cp`` or ``worker``);
    raises ``ValueError``."""
    word = text.strip().lower().replace("_", "-")
    if word in ("controlplane", "control-plane", "master", "cp"):
        return CONTROL_PLANE
    if word == WORKER:
        return WORKER
    raise ValueError(f"bad role {text!r}: expected control-plane or worker")


@attrs.frozen
class Evidence:
    """Where a finding's fact was read (``line`` None: the file as a whole)."""

    file: str
    line: int | None = None
    text: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "line": self.line}
        if self.text is not None:
            out["text"] = self.text
        return out


@attrs.frozen
class Finding:
    """One problem (or observation) on one node, or across nodes (``node`` None)."""

    check: str
    severity: Severity
    node: str | None
    message: str
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``{"check", "severity", "node", "message", "evidence"}``."""
        return {"check": self.check, "severity": self.severity.value, "node": self.node,
                "message": self.message, "evidence": [e.to_json() for e in self.evidence]}


# ---------------------------------------------------------------- the nodes


@attrs.frozen
class _Node:
    name: str
    snapshot: Snapshot
    role: NodeRole
    pids: dict[int, Process] = attrs.field(factory=dict, eq=False)
    """The node's process table by pid (empty without ``ps``): it names the programs
    behind sockets that netstat cut short or that run under a wrapper."""


def _evidence(snapshot: Snapshot, category: str, index: int | None,
              text: str | None = None) -> tuple[Evidence, ...]:
    origin: Origin | None = None
    if index is not None:
        origin = snapshot.origin_of(category, index)
    if origin is not None:
        return (Evidence(_where(snapshot, origin.file), origin.line, text),)
    files = [s.path for s in snapshot.sources if s.facts == category]
    if files:
        return (Evidence(_where(snapshot, files[0]), None, text),)
    return (Evidence(snapshot.origin or "?", None, text),)


def _where(snapshot: Snapshot, path: str) -> str:
    origin = snapshot.origin or ""
    if not origin or path.startswith("/"):
        return path
    return f"{origin.rstrip('/')}/{path}" if not origin.endswith(":") else origin + path


def node_role(snapshot: Snapshot) -> NodeRole:
    """``control-plane`` when an API server or etcd listens, else ``worker``."""
    pids = {process.pid: process for process in snapshot.processes()}
    for socket in snapshot.sockets:
        if socket.is_listening and (
            _runs(socket, "kube-apiserver", pids)
            or _runs(socket, "etcd", pids)
            or socket.local_port == 6443
        ):
            return CONTROL_PLANE
    return WORKER


def _nodes(snapshots: Sequence[Snapshot], roles: Mapping[str, NodeRole]) -> list[_Node]:
    nodes = []
    seen: Counter[str] = Counter()
    for index, snapshot in enumerate(snapshots, 1):
        name = snapshot.hostname or f"node{index}"
        seen[name] += 1
        if seen[name] > 1:
            name = f"{name}#{seen[name]}"
        role = roles.get(name) or roles.get(snapshot.hostname or "") or node_role(snapshot)
        nodes.append(_Node(name, snapshot, role,
                           {process.pid: process for process in snapshot.processes()}))
    return nodes


# ---------------------------------------------------------------- ports

_PORTS: dict[NodeRole, tuple[tuple[tuple[int, ...], str, str], ...]] = {
    CONTROL_PLANE: (
        ((6443,), "kube-apiserver", "the Kubernetes API server"),
        ((2379,), "etcd", "etcd (client API)"),
        ((2380,), "etcd", "etcd (peer API)"),
        ((10250,), "kubelet", "the kubelet API"),
        ((10259, 10251), "kube-scheduler", "kube-scheduler"),
        ((10257, 10252), "kube-controller-manager", "kube-controller-manager"),
    ),
    WORKER: (((10250,), "kubelet", "the kubelet API"),),
}
_OWNERS: dict[int, tuple[str, ...]] = {
    6443: ("kube-apiserver",), 2379: ("etcd",), 2380: ("etcd",),
    10250: ("kubelet",), 10248: ("kubelet",),
    10259: ("kube-scheduler",), 10251: ("kube-scheduler",),
    10257: ("kube-controller-manager",), 10252: ("kube-controller-manager",),
    10249: ("kube-proxy",), 10256: ("kube-proxy",),
}
NODEPORT_RANGE = range(30000, 32768)
"""Kubernetes' default ``--service-node-port-range``."""

_PORT_RANGE = re.compile(r"^([0-9]{1,5})(?:([-+])([0-9]{1,5}))?$")


def nodeport_range(nodes: Sequence[_Node]) -> tuple[range, Evidence | None]:
    """The cluster's NodePort range: the API server's ``--service-node-port-range`` when a
    node's process table shows its command line (``30000-32767``, ``30000+2768`` or one
    port), else the default; with the ``ps`` line that says so."""
    for node in nodes:
        for index, process in enumerate(node.snapshot.processes()):
            if "kube-apiserver" not in process.programs:
                continue
            words = process.command.split()
            for position, word in enumerate(words):
                value = None
                if word.startswith("--service-node-port-range="):
                    value = word.partition("=")[2]
                elif word == "--service-node-port-range" and position + 1 < len(words):
                    value = words[position + 1]
                match = _PORT_RANGE.match(value or "")
                if match is None:
                    continue
                low = int(match.group(1))
                high = low if match.group(2) is None else (
                    int(match.group(3)) if match.group(2) == "-" else low + int(match.group(3)))
                if 0 < low <= high <= 65535:
                    return range(low, high + 1), _evidence(
                        node.snapshot, "processes", index, process.command[:200])[0]
    return NODEPORT_RANGE, None


def _listeners(snapshot: Snapshot) -> list[tuple[int, Socket]]:
    return [(index, socket) for index, socket in enumerate(snapshot.sockets)
            if socket.is_listening and socket.transport in ("tcp", "udp", "sctp")]


def _check_required_ports(nodes: Sequence[_Node]) -> Iterable[Finding]:
    nodeports, _ = nodeport_range(nodes)
    for node in nodes:
        snap = node.snapshot
        if not snap.sockets:
            yield Finding("required_ports", Severity.WARNING, node.name,
                          "no socket listing (netstat, ss or /proc/net) in the source: ports "
                          "not checked",
                          _evidence(snap, "sockets", None))
            continue
        listening = _listeners(snap)
        for ports, program, what in _PORTS[node.role]:
            holders = [(i, s) for i, s in listening
                       if s.transport == "tcp" and s.local_port in ports]
            # served: a listener on the port run by the program (or with no program shown)
            if any(s.program is None or _runs(s, program, node.pids) for _, s in holders):
                continue
            spelled = " or ".join(str(p) for p in ports)
            others = sorted({s.program for _, s in holders if s.program})
            held = f"; the port is held by {', '.join(others)}" if others else ""
            yield Finding("required_ports", Severity.ERROR, node.name,
                          f"{what} is not listening on TCP {spelled} ({node.role}){held}",
                          _evidence(snap, "sockets", holders[0][0] if holders else None))
        for index, socket in listening:
            port = socket.local_port
            if not isinstance(port, int) or not _runs(socket, "kube-proxy", node.pids):
                continue
            if port in _OWNERS or port in nodeports:
                continue
            yield Finding("required_ports", Severity.ERROR, node.name,
                          f"kube-proxy holds {socket.transport} port {port}, outside the "
                          f"NodePort range {nodeports.start}-{nodeports.stop - 1}",
                          _evidence(snap, "sockets", index))


def _check_port_conflict(nodes: Sequence[_Node]) -> Iterable[Finding]:
    nodeports, _ = nodeport_range(nodes)
    for node in nodes:
        snap = node.snapshot
        reported: set[tuple[int, str]] = set()
        for index, socket in _listeners(snap):
            port = socket.local_port
            if socket.transport != "tcp" or not isinstance(port, int) or socket.program is None:
                continue
            owners = _OWNERS.get(port)
            if port in nodeports:
                owners = ("kube-proxy",)
            if owners is None or any(_runs(socket, o, node.pids) for o in owners):
                continue
            if (port, socket.program) in reported:
                continue  # the same program on IPv4 and IPv6
            reported.add((port, socket.program))
            yield Finding("port_conflict", Severity.ERROR, node.name,
                          f"TCP port {port} is held by {socket.program}"
                          f"{f' (pid {socket.pid})' if socket.pid else ''}, not by "
                          f"{' or '.join(owners)}",
                          _evidence(snap, "sockets", index))


# ---------------------------------------------------------------- node settings


def _check_ip_forward(nodes: Sequence[_Node]) -> Iterable[Finding]:
    for node in nodes:
        snap = node.snapshot
        index = next((i for i, (key, _) in enumerate(snap.sysctls)
                      if key == "net.ipv4.ip_forward"), None)
        if index is None:
            yield Finding("ip_forward", Severity.WARNING, node.name,
                          "net.ipv4.ip_forward is not in the source: not checked",
                          _evidence(snap, "sysctls", None))
            continue
        value = snap.sysctls[index][1]
        if str(value) != "1":
            yield Finding("ip_forward", Severity.ERROR, node.name,
                          f"net.ipv4.ip_forward is {value}: this node does not forward "
                          "packets, so pods on it cannot reach other nodes or services",
                          _evidence(snap, "sysctls", index, f"net.ipv4.ip_forward = {value}"))


def _check_duplicate_hostname(nodes: Sequence[_Node]) -> Iterable[Finding]:
    by_name: defaultdict[str, list[_Node]] = defaultdict(list)
    for node in nodes:
        if node.snapshot.hostname:
            by_name[node.snapshot.hostname].append(node)
    for hostname, same in sorted(by_name.items()):
        if len(same) > 1:
            for node in same:
                yield Finding("duplicate_hostname", Severity.ERROR, node.name,
                              f"hostname {hostname!r} is used by {len(same)} nodes "
                              f"({', '.join(n.snapshot.origin or n.name for n in same)})",
                              _evidence(node.snapshot, "hostname", None))


def _cluster_link(snapshot: Snapshot) -> tuple[int, Link] | None:
    link = snapshot.default_interface()
    if link is None:
        return None
    return snapshot.interfaces.index(link), link


def _check_duplicate_mac(nodes: Sequence[_Node]) -> Iterable[Finding]:
    by_mac: defaultdict[str, list[tuple[_Node, int, Link]]] = defaultdict(list)
    for node in nodes:
        found = _cluster_link(node.snapshot)
        if found is not None and found[1].address is not None:
            by_mac[str(found[1].address)].append((node, found[0], found[1]))
    for mac, same in sorted(by_mac.items()):
        if len(same) > 1:
            for node, index, link in same:
                names = ", ".join(f"{n.name} {other.ifname}" for n, _, other in same
                                  if n is not node)
                yield Finding("duplicate_mac", Severity.ERROR, node.name,
                              f"MAC {mac} of cluster interface {link.ifname} is also on "
                              f"{names}",
                              _evidence(node.snapshot, "interfaces", index,
                                        f"{link.ifname} link/ether {mac}"))


def _check_cluster_address(nodes: Sequence[_Node]) -> Iterable[Finding]:
    for node in nodes:
        snap = node.snapshot
        found = _cluster_link(snap)
        if found is None:
            continue  # default_route reports it
        index, link = found
        if not any(a.family.value == "inet" and (a.scope is None or a.scope.value == "global")
                   for a in link.addresses) and not any(
                a.family.value == "inet6" and a.scope is not None and a.scope.value == "global"
                for a in link.addresses):
            yield Finding("cluster_address", Severity.ERROR, node.name,
                          f"cluster interface {link.ifname} has no global address",
                          _evidence(snap, "interfaces", index))


def _check_default_route(nodes: Sequence[_Node]) -> Iterable[Finding]:
    for node in nodes:
        snap = node.snapshot
        if not snap.routes:
            yield Finding("default_route", Severity.WARNING, node.name,
                          "no routing table in the source: not checked",
                          _evidence(snap, "routes", None))
        elif snap.default_route() is None:
            yield Finding("default_route", Severity.ERROR, node.name,
                          "no default route in the main table",
                          _evidence(snap, "routes", None))


# ---------------------------------------------------------------- overlay

_OVERLAYS = ("flannel.1", "flannel-wg", "vxlan.calico", "cilium_vxlan", "weave", "tunl0",
             "genev_sys_6081")


def _overlay(snapshot: Snapshot) -> Link | None:
    for name in _OVERLAYS:
        link = snapshot.link(name)
        if link is not None:
            return link
    return None


def _check_pod_routes(nodes: Sequence[_Node]) -> Iterable[Finding]:
    from netfacts.diff import pod_cidr

    cidrs = {node.name: pod_cidr(node.snapshot) for node in nodes}
    for node in nodes:
        snap = node.snapshot
        overlay = _overlay(snap)
        if overlay is None:
            continue
        routes = [r for r in snap.routes if r.table == "main" and r.dst.prefixlen > 0
                  and r.type.value in ("unicast", "local")]
        for other in nodes:
            cidr = cidrs.get(other.name)
            if other is node or cidr is None:
                continue
            if not any(r.dst.version == cidr.version and r.dst.overlaps(cidr) for r in routes):
                yield Finding("pod_routes", Severity.ERROR, node.name,
                              f"no route to {other.name}'s pod CIDR {cidr} (overlay "
                              f"{overlay.ifname})",
                              _evidence(snap, "routes", None))


def _check_mtu_mismatch(nodes: Sequence[_Node]) -> Iterable[Finding]:
    groups: defaultdict[str, list[tuple[_Node, int, Link]]] = defaultdict(list)
    for node in nodes:
        found = _cluster_link(node.snapshot)
        if found is not None:
            groups["cluster interface"].append((node, *found))
        overlay = _overlay(node.snapshot)
        if overlay is not None:
            groups["overlay interface"].append(
                (node, node.snapshot.interfaces.index(overlay), overlay))
    for what, members in sorted(groups.items()):
        mtus = Counter(link.mtu for _, _, link in members if link.mtu is not None)
        if len(mtus) < 2:
            continue
        common, common_count = mtus.most_common(1)[0]
        tied = list(mtus.values()).count(common_count) > 1
        for node, index, link in members:
            if link.mtu != common or tied:
                others = ", ".join(f"{peer.name} {other.ifname}={other.mtu}"
                                   for peer, _, other in members if peer is not node)
                yield Finding("mtu_mismatch", Severity.ERROR, node.name,
                              f"{what} {link.ifname} has MTU {link.mtu}; {others}",
                              _evidence(node.snapshot, "interfaces", index,
                                        f"{link.ifname} mtu {link.mtu}"))


# ---------------------------------------------------------------- link health

_MAX_DEPTH = 4


def _carriers(snapshot: Snapshot) -> list[tuple[Link, str]]:
    """The interfaces that carry the default route (the cluster network): the route's
    device, then what is under it — bond and bridge members, a VLAN's parent — with what
    each one is (``default route``, ``member of br-ex``...)."""
    top = snapshot.default_interface()
    if top is None:
        return []
    found: list[tuple[Link, str]] = [(top, f"carries the default route ({top.ifname})")]
    seen = {top.ifname}
    queue = [(top, 0)]
    while queue:
        link, depth = queue.pop(0)
        if depth >= _MAX_DEPTH:
            continue
        lower = [(other, f"member of {link.ifname}") for other in snapshot.interfaces
                 if other.master == link.ifname]
        if link.kind == "vlan" and link.link:
            parent = snapshot.link(link.link)
            if parent is not None:
                lower.append((parent, f"parent of VLAN {link.ifname}"))
        for other, why in lower:
            if other.ifname not in seen:
                seen.add(other.ifname)
                found.append((other, f"{why}, under the default route"))
                queue.append((other, depth + 1))
    return found


def _nic(snapshot: Snapshot, ifname: str) -> tuple[int, Any] | None:
    for index, record in enumerate(snapshot.records("hardware")):
        if getattr(record, "ifname", None) == ifname:
            return index, record
    return None


def _hw_evidence(snapshot: Snapshot, nic: Any, mode: str, key: str, text: str
                 ) -> tuple[Evidence, ...]:
    path = nic.file(mode)
    part = getattr(nic, mode)
    if path is None or part is None:
        return ()
    return (Evidence(_where(snapshot, path), part.line(key), text),)


def _check_link_health(nodes: Sequence[_Node]) -> Iterable[Finding]:
    for node in nodes:
        snap = node.snapshot
        carriers = _carriers(snap)
        if not carriers:
            continue  # default_route reports it
        speeds: defaultdict[str, list[tuple[Link, int, tuple[Evidence, ...]]]] = \
            defaultdict(list)
        for link, why in carriers:
            yield from _link_findings(node, link, why, speeds)
        for master, members in speeds.items():
            if len({speed for _, speed, _ in members}) < 2:
                continue
            listing = ", ".join(f"{link.ifname} {speed}Mb/s" for link, speed, _ in members)
            yield Finding("link_health", Severity.ERROR, node.name,
                          f"members of {master} run at different speeds: {listing}",
                          tuple(e for _, _, evidence in members for e in evidence))


def _link_findings(node: _Node, link: Link, why: str,
                   speeds: defaultdict[str, list[tuple[Link, int, tuple[Evidence, ...]]]]
                   ) -> Iterable[Finding]:
    snap = node.snapshot
    index = snap.interfaces.index(link)
    found = _nic(snap, link.ifname)
    nic = found[1] if found is not None else None
    settings = nic.settings if nic is not None else None
    hardware = snap.hardware(link.ifname)
    no_carrier = "NO-CARRIER" in link.flags or (
        link.operstate is not None and link.operstate.value in ("DOWN", "LOWERLAYERDOWN")
        and "UP" in link.flags)
    if settings is not None and settings.link_detected is False:
        yield Finding("link_health", Severity.ERROR, node.name,
                      f"{link.ifname} has no link (ethtool: Link detected: no); it {why}",
                      _hw_evidence(snap, nic, "settings", "Link detected",
                                   "Link detected: no")
                      + _evidence(snap, "interfaces", index))
    elif no_carrier:
        state = "NO-CARRIER" if "NO-CARRIER" in link.flags else (
            link.operstate.value if link.operstate is not None else "down")
        yield Finding("link_health", Severity.ERROR, node.name,
                      f"{link.ifname} has no link ({state}); it {why}",
                      _evidence(snap, "interfaces", index, f"{link.ifname} {state}"))
    if settings is not None and settings.duplex == "Half":
        yield Finding("link_health", Severity.ERROR, node.name,
                      f"{link.ifname} runs at half duplex"
                      f"{f' ({settings.speed}Mb/s)' if settings.speed else ''}; it {why}",
                      _hw_evidence(snap, nic, "settings", "Duplex", "Duplex: Half"))
    if settings is not None and settings.speed is not None and link.master:
        speeds[link.master].append((link, settings.speed, _hw_evidence(
            snap, nic, "settings", "Speed", f"Speed: {settings.speed}Mb/s")))
    if hardware is None or not hardware.errors:
        return
    evidence: list[Evidence] = []
    for name, value in hardware.errors:
        statistics = nic.statistics if nic is not None else None
        if statistics is not None and statistics.line(name) is not None:
            evidence.extend(_hw_evidence(snap, nic, "statistics", name, f"{name}: {value}"))
        else:
            evidence.extend(_evidence(snap, "interfaces", index, f"{name} {value}"))
    counters = ", ".join(f"{name} {value}" for name, value in hardware.errors)
    yield Finding("link_health", Severity.INFO, node.name,
                  f"{link.ifname} counted errors: {counters}; it {why}",
                  tuple(dict.fromkeys(evidence)))


CHECKS: dict[str, Callable[[Sequence[_Node]], Iterable[Finding]]] = {
    "required_ports": _check_required_ports,
    "port_conflict": _check_port_conflict,
    "ip_forward": _check_ip_forward,
    "duplicate_hostname": _check_duplicate_hostname,
    "duplicate_mac": _check_duplicate_mac,
    "cluster_address": _check_cluster_address,
    "default_route": _check_default_route,
    "pod_routes": _check_pod_routes,
    "mtu_mismatch": _check_mtu_mismatch,
    "link_health": _check_link_health,
}
"""Every check, by its stable name, in the order they run."""

from netfacts.kube_checks import KUBE_CHECKS  # noqa: E402 (it reads this module's names)

CHECKS.update(KUBE_CHECKS)


def run_checks(
    sources: Iterable[Snapshot | Cluster],
    *,
    roles: Mapping[str, str] | None = None,
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """Run the checks (all, or ``only`` those named) over every node of ``sources``.

    ``roles`` maps a node name to ``control-plane`` or ``worker`` where the
    inferred role is wrong.
    """
    snapshots: list[Snapshot] = []
    for source in sources:
        if isinstance(source, Cluster):
            snapshots.extend(source.snapshots)
        else:
            snapshots.append(source)
    given = {name: _role(role) for name, role in (roles or {}).items()}  # ValueError
    nodes = _nodes(snapshots, given)
    missing = sorted(set(roles or {}) - {node.name for node in nodes}
                     - {node.snapshot.hostname for node in nodes})
    if missing:
        raise ValueError(f"--role for unknown node(s): {', '.join(missing)}; nodes: "
                         f"{', '.join(node.name for node in nodes)}")
    wanted = list(dict.fromkeys(only)) if only is not None else list(CHECKS)
    unknown = [name for name in wanted if name not in CHECKS]
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(CHECKS)}")
    findings: list[Finding] = []
    for name in wanted:
        findings.extend(CHECKS[name](nodes))
    return findings


def render_findings(findings: Sequence[Finding], *,
                    incomplete: Sequence[Diagnostic] = ()) -> str:
    """The human table ``netfacts check`` prints.

    ``incomplete``: what could not be read; the output then starts with ``INCOMPLETE:``
    and never says that every check passed.  Text from the input is escaped.
    """
    from netfacts._terminal import printable

    lines = []
    if incomplete:
        lines.append(f"INCOMPLETE: {len(incomplete)} problem(s) while reading; the checks "
                     "below cover only what was read:")
        for diagnostic in incomplete[:20]:
            where = f" ({diagnostic.source})" if diagnostic.source else ""
            lines.append(printable(f"  - {diagnostic.message}{where}"))
        if len(incomplete) > 20:
            lines.append(f"  ... and {len(incomplete) - 20} more")
    if not findings:
        lines.append("no findings in what was read" if incomplete
                     else "no findings: every check passed")
        return "\n".join(lines) + "\n"
    for finding in findings:
        where = "; ".join(
            f"{e.file}:{e.line}" if e.line is not None else e.file for e in finding.evidence)
        lines.append(printable(f"{finding.severity.value.upper():7}  {finding.check:18}  "
                               f"{finding.node or '-':14}  {finding.message}"))
        if where:
            lines.append(printable(f"{'':7}  {'':18}  {'':14}  evidence: {where}"))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    lines.append(f"{len(findings)} finding(s), {errors} error(s)")
    return "\n".join(lines) + "\n"


def roles_from_args(pairs: Iterable[str]) -> dict[str, NodeRole]:
    """``["node01=worker", ...]`` → ``{"node01": "worker"}`` (for the CLI)."""
    roles: dict[str, NodeRole] = {}
    for pair in pairs:
        name, _, role = pair.partition("=")
        try:
            if not name:
                raise ValueError(pair)
            roles[name.strip()] = _role(role)
        except ValueError:
            raise ValueError(f"bad role {pair!r}: expected NODE=control-plane or "
                             "NODE=worker") from None
    return roles
