"""One node's whole network state (:class:`Snapshot`) and several nodes (:class:`Cluster`).

A snapshot gathers what a sosreport, a folder of captures or the live host says:
links with their addresses, routes of every table, rules, neighbours, sockets,
sysctls and network namespaces, with the file (and line) each fact came from and
every diagnostic met on the way.  The methods answer the everyday questions
(``default_gateway()``, ``listening(port=6443)``, ``neighbor("node01")``).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

import attrs

from netfacts.errors import Diagnostic
from netfacts.models._checked import checked
from netfacts.models.address import Address
from netfacts.models.link import Link
from netfacts.models.neighbour import Neighbour
from netfacts.models.process import Process
from netfacts.models.route import Route, RouteType
from netfacts.models.rule import Rule
from netfacts.models.socket import Socket, TcpState
from netfacts.models.values import IPAddress

if TYPE_CHECKING:
    from netfacts.models.firewall import Firewall
    from netfacts.models.hardware import Bridge, Hardware
    from netfacts.models.service import Service

__all__ = ["BUILTIN_CATEGORIES", "Cluster", "FactSource", "Namespace", "Origin", "Snapshot"]

BUILTIN_CATEGORIES = ("interfaces", "routes", "rules", "neighbours", "sockets", "sysctls")
"""Categories that are fields of :class:`Snapshot`; every other category a family
declares lives in :attr:`Snapshot.facts` under its name."""


@checked
@attrs.frozen
class Origin:
    """Where one fact was read: a file of the source and the line of the record."""

    file: str
    line: int | None = None


@checked
@attrs.frozen(kw_only=True)
class FactSource:
    """One file a snapshot used."""

    path: str
    kind: str
    """The ``--as`` kind it was parsed as (``ip-addr``, ``netstat``, ...)."""
    facts: str
    """The snapshot field it filled: ``interfaces``, ``routes``, ``rules``, ``neighbours``,
    ``sockets``, ``sysctls``, ``hostname`` or ``hosts`` (also the :class:`Origin`
    categories of :meth:`Snapshot.origin_of`)."""
    records: int = 0
    """How many of its records the snapshot kept."""
    truncated: bool = False
    command: str | None = None
    used: bool = True
    """False when the file was read but a preferred source gave the facts instead (an
    ``ss`` listing beside ``netstat``, say)."""
    slot: str | None = None
    """The registry :class:`~netfacts._registry.Source` it filled (``ip_rule6``); diffs
    leave out what only one side's slots captured."""


@checked
@attrs.frozen(kw_only=True)
class Namespace:
    """The network state of one named network namespace (sosreport ``ip netns exec`` files)."""

    name: str
    interfaces: tuple[Link, ...] = ()
    routes: tuple[Route, ...] = ()
    rules: tuple[Rule, ...] = ()
    neighbours: tuple[Neighbour, ...] = ()
    sockets: tuple[Socket, ...] = ()
    sysctls: tuple[tuple[str, int | str], ...] = ()
    facts: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    """Records of the categories that are not fields, by category name."""

    def links(self) -> tuple[Link, ...]:
        """The namespace's interfaces."""
        return self.interfaces

    def records(self, category: str) -> tuple[Any, ...]:
        """The records of any category (``"routes"``, ``"bridge_fdb"``...)."""
        return _records(self, category)


def _records(holder: Snapshot | Namespace, category: str) -> tuple[Any, ...]:
    if category in BUILTIN_CATEGORIES:
        found: tuple[Any, ...] = getattr(holder, category)
        return found
    for name, records in holder.facts:
        if name == category:
            return records
    return ()


def _family_version(family: int | str | None) -> int | None:
    """4 or 6 from ``4``, ``6``, ``"4"``, ``"inet"``, ``"inet6"``, ``"ipv6"`` (None: any)."""
    if family is None:
        return None
    text = str(family).lower()
    versions = {"4": 4, "6": 6, "inet": 4, "inet6": 6, "ipv4": 4, "ipv6": 6}
    if text not in versions:
        raise ValueError(f"family must be 4, 6, 'inet' or 'inet6', not {family!r}")
    return versions[text]


def _ip(value: IPAddress | str) -> IPAddress:
    return ipaddress.ip_address(value) if isinstance(value, str) else value


@checked
@attrs.frozen(kw_only=True)
class Snapshot:
    """Everything one node's files say about its networking."""

    hostname: str | None = None
    interfaces: tuple[Link, ...] = ()
    routes: tuple[Route, ...] = ()
    rules: tuple[Rule, ...] = ()
    neighbours: tuple[Neighbour, ...] = ()
    sockets: tuple[Socket, ...] = ()
    sysctls: tuple[tuple[str, int | str], ...] = ()
    """``(key, value)`` pairs; see :attr:`sysctl` for a mapping."""
    hosts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``/etc/hosts`` of the node: (address, names)."""
    namespaces: tuple[Namespace, ...] = ()
    facts: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    """Records of the categories that are not fields (see :data:`BUILTIN_CATEGORIES`), by
    category name; :meth:`records` reads any category."""
    origins: tuple[tuple[str, tuple[Origin | None, ...]], ...] = attrs.field(
        default=(), eq=False, repr=False
    )
    """Per category (``interfaces``, ``routes``, ...), where each record came from."""
    sources: tuple[FactSource, ...] = attrs.field(default=(), eq=False, repr=False)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)
    origin: str | None = attrs.field(default=None, eq=False)
    """The source the snapshot was built from (path of the report, ``live``)."""
    digest: str | None = attrs.field(default=None, eq=False)
    """What the snapshot was built from, as a digest of the report's files (their paths
    and bytes, not where they were read): a sosreport directory, its tarball and its copy
    inside a collector bundle have the same digest.  ``None`` when unknown."""

    # ------------------------------------------------------------ completeness

    @property
    def complete(self) -> bool:
        """True unless part of the input was lost: a source cut, corrupt, skipped,
        unreadable or over a limit (see :attr:`incomplete`)."""
        return not any(d.incomplete for d in self.diagnostics)

    @property
    def incomplete(self) -> tuple[Diagnostic, ...]:
        """The diagnostics that say what is missing (empty when :attr:`complete`)."""
        return tuple(d for d in self.diagnostics if d.incomplete)

    # ------------------------------------------------------------ lookups

    @property
    def sysctl(self) -> dict[str, int | str]:
        """The sysctls as a dict."""
        return dict(self.sysctls)

    def records(self, category: str) -> tuple[Any, ...]:
        """The records of any category (``"routes"``, ``"bridge_fdb"``...); sysctls as
        (key, value) pairs; empty for a category nothing filled."""
        return _records(self, category)

    def services(self) -> tuple[Service, ...]:
        """The Kubernetes Services this node's kube-proxy programmed (any mode), read from
        its packet-filter rules (see ``docs/services.md``)."""
        found: tuple[Service, ...] = _records(self, "services")
        return found

    @property
    def firewall(self) -> Firewall:
        """The node's iptables tables: ``iptables-save`` dumps and ``iptables -L``
        listings (``firewall.policy("filter", "FORWARD")``, ``firewall.table("nat")``)."""
        from netfacts.models.firewall import Firewall

        return Firewall(tables=_records(self, "iptables"),
                        listings=_records(self, "iptables_listings"))

    def links(self) -> tuple[Link, ...]:
        """All interfaces (the host namespace)."""
        return self.interfaces

    def link(self, name: str) -> Link | None:
        """The interface called ``name`` (or with ``name`` as an altname)."""
        for link in self.interfaces:
            if link.ifname == name or name in link.altnames:
                return link
        return None

    def hardware(self, ifname: str) -> Hardware | None:
        """``ifname``'s hardware facts: speed, duplex, link, driver, firmware, rings, error
        counters (ethtool files and ``ip -s link``); None for an unknown interface."""
        from netfacts.facts.hardware import hardware_of

        return hardware_of(self, ifname)

    def bridges(self) -> list[str]:
        """The names of the Linux bridges the snapshot shows."""
        from netfacts.facts.bridges import bridge_names

        return bridge_names(self)

    def bridge(self, name: str) -> Bridge | None:
        """Bridge ``name``: its ports, forwarding database, VLANs and multicast groups."""
        from netfacts.facts.bridges import bridge_of

        return bridge_of(self, name)

    def origin_of(self, category: str, index: int) -> Origin | None:
        """Where record ``index`` of ``category`` (``"interfaces"``, ``"sockets"``...) was read."""
        for name, origins in self.origins:
            if name == category and 0 <= index < len(origins):
                return origins[index]
        return None

    def addresses(self, family: int | str | None = None, scope: str | None = None, *,
                  interface: str | None = None) -> list[tuple[Link, Address]]:
        """Every (interface, address) pair, or those of one ``family`` (``4``/``6``,
        ``"inet"``/``"inet6"``), ``scope`` (``"global"``, ``"link"``, ``"host"``) and/or
        ``interface``: the node's global IPv6 addresses are
        ``snap.addresses(family=6, scope="global")``."""
        version = _family_version(family)
        found = []
        for link in self.interfaces:
            if interface is not None and link.ifname != interface \
                    and interface not in link.altnames:
                continue
            for address in link.addresses:
                if version is not None and (
                        isinstance(address.local, str) or address.local.version != version):
                    continue
                if scope is not None and (address.scope is None
                                          or address.scope.value != scope):
                    continue
                found.append((link, address))
        return found

    def interface_with_address(self, ip: IPAddress | str) -> Link | None:
        """The interface that has ``ip`` as one of its addresses."""
        wanted = _ip(ip)
        for link in self.interfaces:
            for address in link.addresses:
                if address.local == wanted:
                    return link
        return None

    def default_route(self, family: int | str | None = None) -> Route | None:
        """The IPv4 default route of the main table with the lowest metric (else IPv6);
        ``family`` (``4``/``6``) asks for one family's."""
        version = _family_version(family)
        for wanted in (4, 6) if version is None else (version,):
            candidates = [
                route for route in self.routes
                if route.is_default and route.table == "main" and route.family == wanted
                and route.type is RouteType.UNICAST
            ]
            if candidates:
                return min(candidates, key=lambda r: r.metric or 0)
        return None

    def default_gateway(self, family: int | str | None = None) -> IPAddress | None:
        """The gateway of :meth:`default_route` (its first nexthop's for multipath)."""
        route = self.default_route(family)
        if route is None:
            return None
        gateways = route.gateways
        return gateways[0] if gateways else None

    def default_interface(self, family: int | str | None = None) -> Link | None:
        """The interface that carries the default route."""
        route = self.default_route(family)
        if route is None:
            return None
        dev = route.dev or next((nh.dev for nh in route.nexthops if nh.dev), None)
        return self.link(dev) if dev else None

    def primary_address(self, family: int | str | None = None) -> Address | None:
        """The address of the interface that carries the default route.

        Prefers the route's preferred source (``src``), then the first global address of
        the route's family on that interface; ``family=6`` asks for the node's IPv6
        address (from the IPv6 default route).
        """
        route = self.default_route(family)
        link = self.default_interface(family)
        if route is None or link is None:
            return None
        if route.prefsrc is not None:
            for address in link.addresses:
                if address.local == route.prefsrc:
                    return address
        for address in link.addresses:
            if (
                not isinstance(address.local, str)
                and address.local.version == route.family
                and (address.scope is None or address.scope.value == "global")
                and "secondary" not in address.flags
            ):
                return address
        return None

    def listening(self, program: str | None = None, port: int | None = None) -> list[Socket]:
        """Listening sockets (TCP ``LISTEN``, unconnected UDP), optionally filtered.

        ``program`` matches the start of the process name (netstat cuts names, so
        ``kube-controller-manager`` matches ``kube-controlle``), in either direction.
        """
        found = []
        pids = self._process_table() if program is not None else {}
        for socket in self.sockets:
            if not socket.is_listening:
                continue
            if port is not None and socket.local_port != port:
                continue
            if program is not None and not _runs(socket, program, pids):
                continue
            found.append(socket)
        return found

    def processes(self) -> tuple[Process, ...]:
        """The process table (``ps auxwww`` of the report), when it has one."""
        return self.records("processes")

    def _process_table(self) -> dict[int, Process]:
        return {process.pid: process for process in self.processes()}

    def programs_of(self, socket: Socket) -> tuple[str, ...]:
        """The program names behind a socket: the name netstat/ss showed, then what the
        process table's command line of its pid says (``("hyperkube", "kubelet")`` for
        ``/usr/bin/hyperkube kubelet ...``; the whole name of one netstat cut short)."""
        return _programs(socket, self._process_table())

    def runs(self, socket: Socket, program: str) -> bool:
        """True when ``program`` is behind ``socket`` (see :meth:`programs_of`)."""
        return _runs(socket, program, self._process_table())

    def established(self, local_port: int | None = None, program: str | None = None
                    ) -> list[Socket]:
        """Established connections, optionally on a local port and/or of a program."""
        found = []
        pids = self._process_table() if program is not None else {}
        for socket in self.sockets:
            if socket.state is not TcpState.ESTABLISHED:
                continue
            if local_port is not None and socket.local_port != local_port:
                continue
            if program is not None and not _runs(socket, program, pids):
                continue
            found.append(socket)
        return found

    def resolve(self, name: str) -> list[IPAddress]:
        """Addresses ``/etc/hosts`` (or a neighbour's resolved name) gives for ``name``."""
        found: list[IPAddress] = []
        for address, names in self.hosts:
            if name in names:
                try:
                    found.append(ipaddress.ip_address(address))
                except ValueError:
                    continue
        for neighbour in self.neighbours:
            if neighbour.hostname and neighbour.dst is not None and (
                neighbour.hostname == name or neighbour.hostname.split(".")[0] == name
            ):
                found.append(neighbour.dst)
        return found

    def neighbor(self, ip_or_hostname: IPAddress | str) -> Neighbour | None:
        """The neighbour entry for an address, or for a host name (via ``/etc/hosts``)."""
        wanted: list[IPAddress]
        try:
            wanted = [_ip(ip_or_hostname)]
        except ValueError:
            assert isinstance(ip_or_hostname, str)
            wanted = self.resolve(ip_or_hostname)
            for neighbour in self.neighbours:
                if neighbour.hostname == ip_or_hostname:
                    return neighbour
        best: Neighbour | None = None
        for neighbour in self.neighbours:
            if neighbour.dst in wanted:
                if neighbour.lladdr is not None:
                    return neighbour
                best = best or neighbour
        return best

    neighbour = neighbor


def _programs(socket: Socket, pids: dict[int, Process]) -> tuple[str, ...]:
    names: list[str] = [socket.program] if socket.program else []
    for shown in socket.processes:
        process = pids.get(shown.pid) if shown.pid is not None else None
        if process is not None:
            names.extend(process.programs)
    return tuple(dict.fromkeys(name.strip() for name in names if name.strip()))


def _runs(socket: Socket, program: str, pids: dict[int, Process]) -> bool:
    return any(_program_matches(name, program) for name in _programs(socket, pids)) or (
        not pids and _program_matches(socket.program, program))


def _program_matches(actual: str | None, wanted: str) -> bool:
    if actual is None:
        return False
    actual = actual.strip()
    return actual.startswith(wanted) or (len(actual) >= 4 and wanted.startswith(actual))


@checked
@attrs.frozen(kw_only=True)
class Cluster:
    """Several nodes (a sos-collector bundle, a folder of sosreports)."""

    snapshots: tuple[Snapshot, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)
    """About the cluster's source as a whole, or about one member or node of it (the
    diagnostic's ``source`` says which): an archive cut or skipped, a report that gave no
    networking facts, copies of one report merged into one node."""
    origin: str | None = attrs.field(default=None, eq=False)

    @property
    def complete(self) -> bool:
        """True when every node is complete and nothing of the source was lost."""
        return not any(d.incomplete for d in self.diagnostics) and all(
            snapshot.complete for snapshot in self.snapshots)

    @property
    def incomplete(self) -> tuple[Diagnostic, ...]:
        """What is missing: the cluster's own diagnostics first, then each node's."""
        return tuple(d for d in self.diagnostics if d.incomplete) + tuple(
            d for snapshot in self.snapshots for d in snapshot.incomplete)

    @property
    def nodes(self) -> dict[str, Snapshot]:
        """Snapshots by hostname (a repeated hostname gets ``#2``, ``#3`` appended)."""
        nodes: dict[str, Snapshot] = {}
        for index, snapshot in enumerate(self.snapshots, 1):
            name = snapshot.hostname or f"node{index}"
            key, count = name, 1
            while key in nodes:
                count += 1
                key = f"{name}#{count}"
            nodes[key] = snapshot
        return nodes
