"""Semantic differences between two snapshots: by identity, not by line.

Every fact is reduced to a *view*: ``kind`` → identity key → fields (JSON values).
Two views are compared key by key; a key on one side only is an added or removed
record, a field that differs is a changed one.  Identities:

========== ============================================================
kind       key
========== ============================================================
node       ``hostname``
interface  the interface name (pod veths only with volatile facts)
address    interface + address/prefix
route      table + type + destination (+ family for ``default``) + metric
rule       priority + selector (everything but the action)
neighbour  device + address (permanent and no-ARP entries; learned ones are volatile)
listener   protocol + local address + port
connection protocol + local port + program (server side), or protocol + remote
           port + program (client side); the field is the number established
sysctl     the key
========== ============================================================

*Volatile* fields are left out unless ``include_volatile=True``: counters, address
lifetimes, interface indexes and peer indexes, bridge timers, route cache and expiry
times, learned (reachable/stale/...) neighbours and neighbour states, individual
connections, pod veth names and sysctls that change by themselves.

``normalise=True`` compares two *different* nodes of the same role: each node's own
identity (hostname, its MACs, its node address, its pod CIDR and the addresses in it,
the pod CIDRs of its peers reached over the overlay) is replaced by placeholders such
as ``<node-ip>`` and ``<pod-cidr>``, so what remains is configuration drift.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any, Literal

import attrs

from netfacts import _registry
from netfacts._registry import Category
from netfacts.jsonio._codec import encode
from netfacts.models.link import Link
from netfacts.models.snapshot import BUILTIN_CATEGORIES, Snapshot
from netfacts.models.socket import SOCKET_KINDS, Socket, TcpState
from netfacts.models.values import IPNetwork, ip_text

__all__ = ["Change", "ChangeKind", "diff", "pod_cidr", "pod_cidrs", "render_changes"]


class _Entry:
    """One record of a view: the record itself (compared first, cheaply) and, made only
    when needed, its fields as JSON values."""

    __slots__ = ("_fields", "count", "make", "raw")

    def __init__(self, raw: Any, make: Callable[[], dict[str, Any]]) -> None:
        self.raw = raw
        self.make = make
        self.count = 1
        self._fields: dict[str, Any] | None = None

    def fields(self) -> dict[str, Any]:
        if self._fields is None:
            fields = self.make()
            if self.count != 1:
                fields["count"] = self.count
            self._fields = fields
        return self._fields


Key = str | tuple[Any, ...]
"""A record's identity: text, or a tuple rendered as text only when it is reported."""

View = dict[str, dict[Key, _Entry]]


ChangeKind = Literal["added", "removed", "changed", "not compared"]
"""What a :class:`Change` is (its :attr:`Change.change`)."""


@attrs.frozen
class Change:
    """One difference: a record added or removed (``field`` None), or a field changed; or
    a note that something was captured on one side only and is therefore not compared."""

    kind: str
    key: str
    field: str | None
    before: Any
    after: Any
    note: str | None = None
    """Set for "not compared" rows: what one side did not capture."""

    @property
    def change(self) -> ChangeKind:
        """``added``, ``removed``, ``changed`` or ``not compared``."""
        if self.note is not None:
            return "not compared"
        if self.field is None:
            return "added" if self.before is None else "removed"
        return "changed"

    def to_json(self) -> dict[str, Any]:
        """``{"kind", "key", "field", "before", "after"}`` (and ``"note"`` for a
        "not compared" row)."""
        out = {"kind": self.kind, "key": self.key, "field": self.field,
               "before": self.before, "after": self.after}
        if self.note is not None:
            out["note"] = self.note
        return out


# ---------------------------------------------------------------- volatility

_VOLATILE_LINK_FIELDS = frozenset({
    "ifindex", "link_index", "link_netnsid", "link_netns", "stats", "stats64", "event",
    "addr_info", "vfinfo_list",
})
_VOLATILE_SUFFIXES = ("_timer",)
_VOLATILE_ROUTE_FIELDS = frozenset({"expires", "used", "age", "users", "cache", "error"})
_VOLATILE_SYSCTLS = re.compile(
    r"^(?:kernel\.random\.|kernel\.ns_last_pid$|kernel\.pty\.nr$|fs\.(?:dentry-state|"
    r"file-nr|inode-nr|inode-state|quota\.)|net\.netfilter\.nf_conntrack_count$|"
    r"kernel\.(?:hostname|domainname)$|vm\.(?:nr_|stat_)|"
    r"net\.ipv6\.conf\.[^.]+\.stable_secret$|kernel\.tainted$|kernel\.(?:osrelease|version)$)"
)
_STATIC_NUD = frozenset({"PERMANENT", "NOARP"})
_POD_VETH = re.compile(r"^(?:veth[0-9a-f]{6,}|cali[0-9a-f]{6,}|lxc[0-9a-f]{6,}|"
                       r"tap[0-9a-f]{8}-[0-9a-f]{2})$")
_PLACEHOLDER_POD_VETH = "<pod veth>"


def _is_pod_veth(link: Link) -> bool:
    return bool(_POD_VETH.match(link.ifname)) or (
        link.kind == "veth" and link.master is not None and link.master != "")


# ---------------------------------------------------------------- normalisation


class _Identity:
    """One node's identity values and their placeholders (``normalise=True``)."""

    def __init__(self, snapshot: Snapshot, enabled: bool) -> None:
        self.enabled = enabled
        self.strings: dict[str, str] = {}
        self._seen: dict[str, str] = {}
        self.pods: list[tuple[IPNetwork, IPNetwork | None]] = []
        """(pod CIDR, the cluster range around it) per family."""
        if not enabled:
            return
        if snapshot.hostname:
            self.strings[snapshot.hostname] = "<hostname>"
        primary = snapshot.primary_address()
        if primary is not None:
            self.strings[str(primary.local)] = "<node-ip>"
        for link in snapshot.interfaces:
            if link.address is not None and str(link.address) not in ("00:00:00:00:00:00",):
                self.strings.setdefault(str(link.address), f"<mac of {self.name(link)}>")
        for cidr in pod_cidrs(snapshot):
            # the cluster's pod range: /16 around an IPv4 node CIDR, 8 bits wider for IPv6
            wider = 16 if cidr.version == 4 else max(cidr.prefixlen - 8, 0)
            pod_range = cidr.supernet(new_prefix=wider) if cidr.prefixlen >= wider else None
            self.pods.append((cidr, pod_range))

    def same_as(self, other: _Identity) -> bool:
        """Both nodes' identities map values alike (always so without normalisation)."""
        if not self.enabled and not other.enabled:
            return True
        return self.strings == other.strings and self.pods == other.pods

    def name(self, link: Link) -> str:
        return _PLACEHOLDER_POD_VETH if _is_pod_veth(link) else link.ifname

    def text(self, value: str) -> str:
        """A string with this node's identity replaced."""
        if not self.enabled:
            return value
        found = self.strings.get(value)
        if found is not None:
            return found
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = self._replace(value)
        return found

    def _replace(self, value: str) -> str:
        if value.startswith("fe80:"):
            return "<link-local>"  # derived from the node's own MAC
        if value[4:5] == "." and value[:4].isalnum() and ":" in value:
            # a bridge id: priority.MAC, printed by iproute2 without leading zeros
            mac = ":".join(part.zfill(2) for part in value[5:].lower().split(":"))
            if mac in self.strings:
                return f"{value[:4]}.{self.strings[mac]}"
        if not self.pods or not (value[:1].isdigit() or ":" in value):
            return value
        try:
            if "/" in value:
                network = ipaddress.ip_network(value, strict=False)
                for cidr, pod_range in self.pods:
                    if network == cidr:
                        return "<pod-cidr>"
                    if pod_range is not None and network.version == pod_range.version \
                            and network.prefixlen == cidr.prefixlen \
                            and network.network_address in pod_range:
                        return "<peer pod-cidr>"
                return value
            address = ipaddress.ip_address(value)
        except (ValueError, TypeError):
            return value
        for cidr, pod_range in self.pods:
            if address.version != cidr.version:
                continue
            if address in cidr:
                return f"<pod-cidr>+{int(address) - int(cidr.network_address)}"
            if pod_range is not None and address in pod_range:
                offset = (int(address) - int(pod_range.network_address)) % cidr.num_addresses
                return f"<peer pod-cidr>+{offset}"
        return value

    def value(self, value: Any) -> Any:
        if not self.enabled:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        return value


def pod_cidrs(snapshot: Snapshot) -> list[IPNetwork]:
    """This node's pod CIDRs: IPv4 (see :func:`pod_cidr`), then IPv6 from the CNI
    bridge's global addresses (dual-stack clusters)."""
    found: list[IPNetwork] = []
    v4 = pod_cidr(snapshot)
    if v4 is not None:
        found.append(v4)
    for name in ("cni0", "cbr0", "cni-podman0", "weave"):
        link = snapshot.link(name)
        if link is None:
            continue
        for address in link.addresses:
            if address.family.value == "inet6" and not isinstance(address.local, str) \
                    and not address.local.is_link_local:
                found.append(ipaddress.ip_network(f"{address.local}/{address.prefixlen}",
                                                  strict=False))
                return found
    return found


def pod_cidr(snapshot: Snapshot) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """This node's pod CIDR: the bridge the CNI made, else Calico's blackhole block,
    else the overlay device's address widened to /24."""
    for name in ("cni0", "cbr0", "cni-podman0", "weave"):
        link = snapshot.link(name)
        if link is not None:
            for address in link.addresses:
                if address.family.value == "inet":
                    return ipaddress.ip_network(f"{address.local}/{address.prefixlen}",
                                                strict=False)
    for route in snapshot.routes:
        if route.type.value == "blackhole" and route.protocol == "bird":
            return route.dst
    for name in ("flannel.1", "flannel-wg", "vxlan.calico"):
        link = snapshot.link(name)
        if link is not None:
            for address in link.addresses:
                if address.family.value == "inet":
                    return ipaddress.ip_network(f"{address.local}/24", strict=False)
    return None


# ---------------------------------------------------------------- views


def _flatten(data: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from _flatten(value, name + ".")
        else:
            yield name, value


def _keep(field: str, volatile: frozenset[str], include_volatile: bool) -> bool:
    if include_volatile:
        return True
    top = field.split(".", 1)[0]
    return top not in volatile and not field.endswith(_VOLATILE_SUFFIXES)


class _Viewer:
    def __init__(self, snapshot: Snapshot, *, include_volatile: bool, normalise: bool) -> None:
        self.snapshot = snapshot
        self.volatile = include_volatile
        self.identity = _Identity(snapshot, normalise)
        self.pod_devices = {link.ifname for link in snapshot.interfaces if _is_pod_veth(link)}
        self.view: View = {}
        self.cut_programs: set[str] = set()
        """Program names netstat cut short (the whole name is not known)."""

    def put(self, kind: str, key: Key, raw: Any, make: Callable[[], dict[str, Any]]) -> None:
        records = self.view.setdefault(kind, {})
        previous = records.get(key)
        if previous is None:
            records[key] = _Entry(raw, make)
        else:  # several records behind one (normalised) identity: count them
            previous.count += 1

    def dev(self, name: Any) -> Any:
        """A device name as compared: pod veths by their placeholder when normalising."""
        if self.identity.enabled and name in self.pod_devices:
            return _PLACEHOLDER_POD_VETH
        return name

    def build(self) -> View:
        self._node()
        for category in _registry.CATEGORIES.values():
            if category.diff is not None:
                _registry.load(category.diff)(self)
            elif category.identity is not None:
                self.generic(category)
        return self.view

    def generic(self, category: Category) -> None:
        """A category without a view of its own: one entry per ``identity(record)``, its
        fields those of the snapshot view (volatile ones left out unless asked for)."""
        identity = _registry.load(category.identity or "")
        writer = _registry.load(category.view) if category.view and not category.view_all \
            else None
        kind = (category.diff_kinds or (category.name,))[0]
        volatile = category.volatile

        def fields(record: Any) -> dict[str, Any]:
            data = writer(record) if writer is not None else encode(record)
            if not isinstance(data, dict):
                data = {"value": data}
            return {field: self.identity.value(value) for field, value in _flatten(data)
                    if _keep(field, volatile, self.volatile)}

        for record in self.snapshot.records(category.name):
            self.put(kind, self.identity.text(str(identity(record))), record,
                     partial(fields, record))

    def _node(self) -> None:
        if not self.identity.enabled:
            hostname = self.snapshot.hostname
            self.put("node", "hostname", hostname, partial(_one, "value", hostname))

    def _interfaces(self) -> None:
        from netfacts.jsonio.ip_addr import address_to_json, link_to_json
        from netfacts.models.ip_addr import IpAddrForm

        form = IpAddrForm(details=True)
        ident = self.identity
        volatile = self.volatile

        def link_fields(link: Link) -> dict[str, Any]:
            fields = {
                field: ident.value(value)
                for field, value in _flatten(link_to_json(link, form))
                if field != "ifname" and _keep(field, _VOLATILE_LINK_FIELDS, volatile)
            }
            fields["kind"] = link.kind
            return fields

        def address_fields(address: Any) -> dict[str, Any]:
            data = address_to_json(address)
            data.pop("local", None)
            data.pop("prefixlen", None)
            return {field: ident.value(value) for field, value in data.items()
                    if volatile or field not in ("valid_life_time", "preferred_life_time")}

        for link in self.snapshot.interfaces:
            pod = link.ifname in self.pod_devices and not volatile
            if pod:
                continue  # pod veths and their addresses come and go with the pods
            name = link.ifname
            self.put("interface", name, link, partial(link_fields, link))
            for address in link.addresses:
                if not volatile and "temporary" in address.flags:
                    continue  # privacy addresses are replaced all the time
                key = f"{name} {ident.text(ip_text(address.local))}/{address.prefixlen}" \
                    if not isinstance(address.local, str) else f"{name} {address.local}"
                self.put("address", key, address, partial(address_fields, address))

    def _routes(self) -> None:
        from netfacts.jsonio.ip_route import dst_text, route_to_json
        from netfacts.models.route import IpRouteForm

        form = IpRouteForm(details=True)
        ident = self.identity
        volatile = self.volatile

        def route_fields(route: Any) -> dict[str, Any]:
            data = route_to_json(route, form)
            for name in ("dst", "table", "type", "metric"):
                data.pop(name, None)
            fields = {
                field: ident.value(value) for field, value in _flatten(data)
                if _keep(field, _VOLATILE_ROUTE_FIELDS, volatile)
            }
            if "dev" in fields:
                fields["dev"] = self.dev(fields["dev"])
            return fields

        for route in self.snapshot.routes:
            if not volatile and route.dev in self.pod_devices:
                continue  # a pod's routes come and go with the pod
            dst = ident.text(dst_text(route.dst))
            family = (" inet6" if route.family == 6 else " inet") if dst == "default" else ""
            key = (f"table {route.table} {route.type.value} {dst}{family} "
                   f"metric {route.metric or 0}")
            if dst.startswith("<") and route.dev is not None:
                key += f" dev {self.dev(route.dev)}"  # placeholders repeat
            self.put("route", key, route, partial(route_fields, route))

    def _rules(self) -> None:
        from netfacts.jsonio.ip_rule import rule_to_json

        for rule in self.snapshot.rules:
            data = rule_to_json(rule)
            priority = data.pop("priority", "")
            action = {key: data.pop(key) for key in ("table", "action", "goto", "target", "nop")
                      if key in data}
            selector = " ".join(f"{k} {self.identity.value(v)}" for k, v in _flatten(data))
            family = {4: "inet", 6: "inet6"}.get(rule.family or 0, "any")
            fields: dict[str, Any] = {k: self.identity.value(v) for k, v in action.items()}
            self.put("rule", f"{family} {priority} {selector}".rstrip(), rule,
                     partial(_copy, fields))

    def _neighbours(self) -> None:
        ident = self.identity
        for neighbour in self.snapshot.neighbours:
            states = {state.value for state in neighbour.state}
            if not self.volatile and not states & _STATIC_NUD:
                continue
            dst = ident.text(str(neighbour.dst)) if neighbour.dst is not None else "?"
            lladdr = ident.text(str(neighbour.lladdr)) if neighbour.lladdr else None
            if ident.enabled and lladdr is not None and dst.startswith("<") \
                    and not lladdr.startswith("<"):
                lladdr = "<peer mac>"  # another node's identity, seen from this one
            fields: dict[str, Any] = {"lladdr": lladdr, "flags": list(neighbour.flags)}
            if self.volatile:
                fields["state"] = sorted(states)
            self.put("neighbour", f"{self.dev(neighbour.dev)} {dst}", neighbour,
                     partial(_copy, fields))

    def _sockets(self) -> None:
        ident = self.identity
        volatile = self.volatile
        listening_ports: set[tuple[str, int]] = set()
        ephemeral = _ephemeral_ports(self.snapshot)
        established: list[Socket] = []
        for socket in self.snapshot.sockets:
            transport = SOCKET_KINDS.get(socket.proto) if socket.proto is not None else None
            if transport not in _INET_TRANSPORTS:
                continue
            state = socket.state
            if state is TcpState.ESTABLISHED:
                if transport == "tcp":
                    established.append(socket)
                continue
            if state is not TcpState.LISTEN and not socket.is_listening:
                continue
            port = socket.local_port
            program = socket.program
            if program is not None and socket.processes and socket.processes[0].truncated:
                self.cut_programs.add(program)
            if isinstance(port, int):
                listening_ports.add((transport, port))
            shown: Any = port
            if not volatile and isinstance(port, int) and port in ephemeral:
                shown = f"<ephemeral> {program or '-'}"  # a new port each start
            address = socket.local_address
            if ident.enabled:
                address = ident.text(str(address))
            self.put("listener", ("{} {}:{}", transport, address, shown), program,
                     partial(_one, "program", program))
        if volatile:
            for socket in established:
                self.put("connection", _connection_name(socket, ident), socket,
                         partial(_one, "state", "ESTABLISHED"))
            return
        connections: Counter[tuple[Any, ...]] = Counter()
        for socket in established:
            local = socket.local_port
            program = socket.program or "-"
            if isinstance(local, int) and ("tcp", local) in listening_ports:
                connections["tcp local port {} {}", local, program] += 1
            else:
                connections["tcp to port {} {}", socket.peer_port, program] += 1
        for key, count in connections.items():
            self.put("connection", key, count, partial(_one, "established", count))

    def _sysctls(self) -> None:
        ident = self.identity
        for key, value in self.snapshot.sysctls:
            if not self.volatile and _VOLATILE_SYSCTLS.match(key):
                continue
            parts = key.split(".")
            if not self.volatile and len(parts) > 4 and parts[2] in ("conf", "neigh") \
                    and _POD_VETH.match(parts[3]):
                continue
            self.put("sysctl", key, value, partial(_one, "value", ident.value(value)))


_INET_TRANSPORTS = frozenset({"tcp", "udp", "sctp"})


def view_interfaces(viewer: _Viewer) -> None:
    """Interfaces and their addresses (the ``interfaces`` category's diff hook)."""
    viewer._interfaces()


def view_routes(viewer: _Viewer) -> None:
    """Routes (the ``routes`` category's diff hook)."""
    viewer._routes()


def view_rules(viewer: _Viewer) -> None:
    """Policy rules (the ``rules`` category's diff hook)."""
    viewer._rules()


def view_neighbours(viewer: _Viewer) -> None:
    """Static neighbours (the ``neighbours`` category's diff hook)."""
    viewer._neighbours()


def view_sockets(viewer: _Viewer) -> None:
    """Listeners and connections (the ``sockets`` category's diff hook)."""
    viewer._sockets()


def view_sysctls(viewer: _Viewer) -> None:
    """Sysctls (the ``sysctls`` category's diff hook)."""
    viewer._sysctls()


def _one(key: str, value: Any) -> dict[str, Any]:
    return {key: value}


def _copy(fields: dict[str, Any]) -> dict[str, Any]:
    return dict(fields)


def _ephemeral_ports(snapshot: Snapshot) -> range:
    """The node's ``net.ipv4.ip_local_port_range`` (Linux's default when not captured)."""
    value = snapshot.sysctl.get("net.ipv4.ip_local_port_range")
    try:
        low, high = (int(part) for part in str(value).split())
        return range(low, high + 1)
    except (TypeError, ValueError):
        return range(32768, 61000)


def _connection_name(socket: Socket, ident: _Identity) -> str:
    return (f"tcp {ident.text(str(socket.local_address))}:{socket.local_port} -> "
            f"{ident.text(str(socket.peer_address))}:{socket.peer_port} {socket.program or '-'}")


# ---------------------------------------------------------------- comparison


def _kinds() -> tuple[str, ...]:
    """Every kind of change, in report order: the node, then each category's kinds."""
    kinds = ["node"]
    for category in _registry.CATEGORIES.values():
        if category.diff is not None or category.identity is not None:
            # categories may share a kind (iptables and nftables chains): report it once
            kinds.extend(kind for kind in category.diff_kinds or (category.name,)
                         if kind not in kinds)
    return tuple(kinds)


def diff(
    a: Snapshot,
    b: Snapshot,
    *,
    include_volatile: bool = False,
    normalise: bool = False,
    kinds: Iterable[str] | None = None,
) -> list[Change]:
    """The differences from ``a`` (before) to ``b`` (after), in a stable order.

    ``kinds`` limits the comparison (``{"route", "sysctl"}``); see the module
    documentation for identities, volatile fields and ``normalise``.
    """
    order = _kinds()
    wanted = set(kinds) if kinds is not None else set(order)
    unknown = sorted(wanted - set(order))
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(unknown)}; known: {', '.join(order)}")
    a, b, notes = _comparable(a, b)
    left_viewer = _Viewer(a, include_volatile=include_volatile, normalise=normalise)
    right_viewer = _Viewer(b, include_volatile=include_volatile, normalise=normalise)
    before = left_viewer.build()
    after = right_viewer.build()
    # equal records give equal fields when both nodes' identities map alike
    same_identity = left_viewer.identity.same_as(right_viewer.identity)
    changes: list[Change] = []
    for kind in order:
        old = before.get(kind, {})
        new = after.get(kind, {})
        for key in _changed_keys(old, new, same_identity):
            left_entry = old.get(key)
            right_entry = new.get(key)
            if left_entry is None:
                assert right_entry is not None
                changes.append(Change(kind, _key_text(key), None, None, right_entry.fields()))
                continue
            if right_entry is None:
                changes.append(Change(kind, _key_text(key), None, left_entry.fields(), None))
                continue
            if same_identity and left_entry.count == right_entry.count and (
                    left_entry.raw is right_entry.raw or left_entry.raw == right_entry.raw):
                continue
            left = left_entry.fields()
            right = right_entry.fields()
            if left != right:
                for field in sorted(left.keys() | right.keys()):
                    default = 1 if field == "count" else None
                    if left.get(field, default) != right.get(field, default):
                        changes.append(Change(kind, _key_text(key), field, left.get(field, default),
                                              right.get(field, default)))
    changes = _without_cut_names(_without_derived(changes), left_viewer, right_viewer)
    return [change for change in [*notes, *_by_consequence(changes)] if change.kind in wanted]


# ---------------------------------------------------------------- what both sides captured


def _host_slots(snapshot: Snapshot) -> dict[str, set[str]]:
    """Slot name → the files that filled it (host files only; namespace files aside)."""
    slots: dict[str, set[str]] = {}
    for source in snapshot.sources:
        if source.slot is None or "ip_netns_exec_" in source.path or not source.records:
            continue
        slots.setdefault(source.slot, set()).add(source.path)
    return slots


def _captured(snapshot: Snapshot, category: str) -> bool:
    if snapshot.records(category):
        return True
    if not snapshot.sources:
        return True  # built by hand, not from files: take it as it is
    return any(source.facts == category and "ip_netns_exec_" not in source.path
               for source in snapshot.sources)


def _has_details(snapshot: Snapshot) -> bool:
    return any(link.details is not None or link.linkinfo is not None
               for link in snapshot.interfaces)


def _comparable(a: Snapshot, b: Snapshot) -> tuple[Snapshot, Snapshot, list[Change]]:
    """Both snapshots reduced to what both captured, and a "not compared" note for each
    thing only one side has: a category (no socket listing on one side), a listing slot
    (one report without ``ip -6 rule``), interface details (``ip -d`` on one side only).
    Not captured is not a change: one note per kind of change, whatever the reasons."""
    notes: list[Change] = []
    for category in _registry.CATEGORIES.values():
        if category.diff is None and category.identity is None:
            continue
        kind = (category.diff_kinds or (category.name,))[0]
        left, right = _captured(a, category.name), _captured(b, category.name)
        if left != right:
            notes.append(Change(kind, "*", None, "captured" if left else "not captured",
                                "captured" if right else "not captured",
                                note=f"{category.name}: only {'A' if left else 'B'} has them"))
            a = _without_category(a, category.name)
            b = _without_category(b, category.name)
    left, right = _has_details(a), _has_details(b)
    if left != right:
        notes.append(Change("interface", "*", "details", "captured" if left else "not captured",
                            "captured" if right else "not captured",
                            note=f"interface details (ip -d): only {'A' if left else 'B'} "
                                 "has them"))
        a, b = (_without_details(a), b) if left else (a, _without_details(b))
    if a.sources and b.sources:
        left_slots, right_slots = _host_slots(a), _host_slots(b)
        for slot in sorted(left_slots.keys() ^ right_slots.keys()):
            side, files = ("A", left_slots[slot]) if slot in left_slots else (
                "B", right_slots[slot])
            name = next((s.category for s in _registry.sources() if s.name == slot), None)
            if name is None:
                continue
            kinds = _registry.CATEGORIES[name].diff_kinds or (name,)
            notes.append(Change(kinds[0], "*", None,
                                "captured" if side == "A" else "not captured",
                                "captured" if side == "B" else "not captured",
                                note=f"{name} from {slot}: only {side} has that listing "
                                     f"({', '.join(sorted(files))})"))
            if side == "A":
                a = _without_records_from(a, name, files)
            else:
                b = _without_records_from(b, name, files)
            if slot == "ip_link":  # it completes the links of ip addr rather than adding any
                a, b = (_without_link_extras(a, b), b) if side == "A" else (
                    a, _without_link_extras(b, a))
    return a, b, _one_note_per_kind(notes)


def _one_note_per_kind(notes: list[Change]) -> list[Change]:
    merged: dict[str, Change] = {}
    for note in notes:
        previous = merged.get(note.kind)
        if previous is None:
            merged[note.kind] = note
            continue
        merged[note.kind] = attrs.evolve(
            previous, field=previous.field if previous.field == note.field else None,
            note=f"{previous.note}; {note.note}")
    return list(merged.values())


def _without_category(snapshot: Snapshot, category: str) -> Snapshot:
    if category in BUILTIN_CATEGORIES:
        changes: dict[str, Any] = {category: ()}
        return attrs.evolve(snapshot, **changes)
    return attrs.evolve(snapshot, facts=tuple((name, records) for name, records
                                              in snapshot.facts if name != category))


def _without_records_from(snapshot: Snapshot, category: str, files: set[str]) -> Snapshot:
    """``snapshot`` without the records of ``category`` read from ``files`` (for comparing
    only: the origins are left as they were)."""
    records = snapshot.records(category)
    keep = tuple(record for index, record in enumerate(records)
                 if (origin := snapshot.origin_of(category, index)) is None
                 or origin.file not in files)
    if len(keep) == len(records):
        return snapshot
    if category == "sysctls":
        return snapshot  # one value per key, whichever file: nothing to take out
    if category in BUILTIN_CATEGORIES:
        changes: dict[str, Any] = {category: keep}
        return attrs.evolve(snapshot, **changes)
    return attrs.evolve(snapshot, facts=tuple(
        (name, keep if name == category else found) for name, found in snapshot.facts))


_LINK_EXTRAS = ("stats", "linkmode", "details", "linkinfo", "ifalias", "vfs", "xdp")
"""What ``ip link`` adds to the links of ``ip addr`` (see ``snapshot._merge_link``)."""


def _without_link_extras(snapshot: Snapshot, other: Snapshot) -> Snapshot:
    """``snapshot``'s links without what ``ip link`` added where ``other`` lacks it."""
    theirs = {link.ifname: link for link in other.interfaces}
    links = []
    for link in snapshot.interfaces:
        peer = theirs.get(link.ifname)
        changes: dict[str, Any] = {
            name: attrs.fields_dict(type(link))[name].default for name in _LINK_EXTRAS
            if peer is not None and not getattr(peer, name) and getattr(link, name)}
        links.append(attrs.evolve(link, **changes) if changes else link)
    return attrs.evolve(snapshot, interfaces=tuple(links))


def _without_details(snapshot: Snapshot) -> Snapshot:
    return attrs.evolve(snapshot, interfaces=tuple(
        attrs.evolve(link, details=None, linkinfo=None, inferred_kind=link.kind)
        for link in snapshot.interfaces))


def _without_cut_names(changes: list[Change], left: _Viewer, right: _Viewer) -> list[Change]:
    """A program name netstat cut short (``systemd-resol``) is the same program as the
    whole name (``systemd-resolve``)."""
    cut = left.cut_programs | right.cut_programs
    kept = []
    for change in changes:
        if change.kind == "listener" and change.field == "program" and \
                isinstance(change.before, str) and isinstance(change.after, str):
            short, long = sorted((change.before, change.after), key=len)
            if short in cut and long.startswith(short):
                continue
        kept.append(change)
    return kept


_CONSEQUENCE = ("node", "sysctl", "listener", "route", "address", "rule", "service",
                "neighbour", "interface", "connection")
"""Kinds of change in the order they matter when something is broken: a forwarding switch
or a missing listener explains more than a counter or a link detail."""
_INTERFACE_FIELDS = ("operstate", "flags", "mtu", "master", "address", "kind", "link")


_KEY_SYSCTLS = ("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding",
                "net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables",
                "net.ipv4.conf.all.rp_filter")


def _is_volatile(change: Change) -> bool:
    """A change of a fact that changes by itself (counters, timers, connections): listed
    after every other."""
    top = (change.field or "").split(".", 1)[0]
    if change.kind == "sysctl":
        return bool(_VOLATILE_SYSCTLS.match(change.key))
    if change.kind == "interface":
        return top in _VOLATILE_LINK_FIELDS or (change.field or "").endswith(_VOLATILE_SUFFIXES)
    if change.kind == "route":
        return top in _VOLATILE_ROUTE_FIELDS
    return change.kind == "connection"


def _by_consequence(changes: list[Change]) -> list[Change]:
    """Changes ordered by consequence: facts before counters and timers; then kinds as in
    :data:`_CONSEQUENCE` (the other kinds after, in registry order); within a kind the key
    sysctls and added/removed records first, then the fields that matter; stable
    otherwise."""
    kinds = {kind: index for index, kind in enumerate(_CONSEQUENCE)}

    def rank(item: tuple[int, Change]) -> tuple[bool, int, int, int]:
        position, change = item
        top = (change.field or "").split(".", 1)[0]
        if change.kind == "sysctl":
            first = _KEY_SYSCTLS.index(change.key) if change.key in _KEY_SYSCTLS else len(
                _KEY_SYSCTLS)
        elif change.field is None:
            first = 0
        elif change.kind == "interface" and top in _INTERFACE_FIELDS:
            first = 1 + _INTERFACE_FIELDS.index(top)
        else:
            first = 1 + len(_INTERFACE_FIELDS)
        return (_is_volatile(change), kinds.get(change.kind, len(kinds)), first, position)

    return [change for _, change in sorted(enumerate(changes), key=rank)]


_FORWARDING = re.compile(r"^net\.ipv[46]\.conf\.[^.]+\.forwarding$")
_V6_MTU = re.compile(r"^net\.ipv6\.conf\.(?P<dev>[^.]+)\.mtu$")


def _without_derived(changes: list[Change]) -> list[Change]:
    """Drop sysctl changes the kernel makes by itself when another fact changes.

    Writing ``net.ipv4.ip_forward`` sets every ``net.ipv4.conf.*.forwarding`` and
    ``net.ipv4.conf.all.accept_redirects`` to the opposite; an interface's MTU sets
    its ``net.ipv6.conf.<dev>.mtu``.  Reporting those would repeat one change many times.
    """
    forward = next((c for c in changes if c.kind == "sysctl"
                    and c.key == "net.ipv4.ip_forward" and c.field == "value"), None)
    mtus = {(c.key, c.before, c.after) for c in changes
            if c.kind == "interface" and c.field == "mtu"}
    kept = []
    for change in changes:
        if change.kind == "sysctl" and change.field == "value" and change is not forward:
            pair = (change.before, change.after)
            if forward is not None and change.key.startswith("net.ipv4.") and (
                (_FORWARDING.match(change.key) and pair == (forward.before, forward.after))
                or (change.key == "net.ipv4.conf.all.accept_redirects"
                    and pair == (_flip(forward.before), _flip(forward.after)))
            ):
                continue
            match = _V6_MTU.match(change.key)
            if match and (match["dev"].replace("/", "."), *pair) in mtus:
                continue
        kept.append(change)
    return kept


def _flip(value: Any) -> Any:
    return {0: 1, 1: 0, "0": "1", "1": "0"}.get(value, value)


def _changed_keys(old: dict[Key, _Entry], new: dict[Key, _Entry], same_identity: bool
                  ) -> list[Key]:
    """Keys on one side only or whose records differ, in natural order (only those are
    sorted: on large nodes nearly everything is unchanged)."""
    keys = [key for key in new if key not in old]
    for key, left in old.items():
        right = new.get(key)
        if right is None or not same_identity or left.count != right.count or not (
                left.raw is right.raw or left.raw == right.raw):
            keys.append(key)
    return sorted(keys, key=lambda key: _natural(_key_text(key)))


def _key_text(key: Key) -> str:
    """A key as reported: tuples are a format string and its values."""
    if isinstance(key, str):
        return key
    return str(key[0]).format(*key[1:])


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def render_changes(changes: list[Change], *, width: int = 60,
                   short: Callable[[Any], str] | None = None) -> str:
    """A readable table of changes (what ``netfacts diff`` prints)."""
    if not changes:
        return "no differences\n"

    def show(value: Any) -> str:
        if short is not None:
            return short(value)
        if value is None:
            return "-"
        if isinstance(value, dict):
            text = ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, [], ""))
        else:
            text = str(value)
        return text if len(text) <= width else text[: width - 1] + "…"

    from netfacts._terminal import printable

    rows = [("KIND", "KEY", "FIELD", "BEFORE", "AFTER")]
    for change in changes:  # values come from the input: control characters escaped
        field = change.field or f"({change.change})"
        after = show(change.after)
        if change.note is not None:
            field, after = "(not compared)", f"{after}: {change.note}"
        rows.append((printable(change.kind), printable(change.key), printable(field),
                     printable(show(change.before)), printable(after)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
