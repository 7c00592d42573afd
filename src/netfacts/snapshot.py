"""Build snapshots: which files of a source feed which facts, parsed and merged.

:func:`load` is the entry point: a sosreport directory or tarball, a sos-collector
bundle, a directory of sosreports, a folder of captures, ``"live"`` or a snapshot
JSON file.  The choice of files is explicit data (:mod:`netfacts.sources._paths`);
merging follows these preferences:

* interfaces from ``ip -d address`` (else ``ip address``, else ``ip -o addr``),
  completed with statistics and link mode from ``ip -s -d link``;
* routes of every table from ``ip route show table all`` and ``ip -6 route show
  table all`` (iproute2 6.x prints both families in the first: duplicates dropped);
* neighbours from ``ip neigh`` (and ``nud noarp``), plus ``/proc/net/arp`` entries
  ``ip neigh`` did not show;
* sockets from ``netstat -W -neopa`` (else ``ss -peaonmi``); program names that
  netstat cut short are completed from the report's ``ps auxwww``;
* sysctls from ``sysctl -a``, plus the copied ``/proc/sys/net/ipv4/ip_forward``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from netfacts import _api
from netfacts.detection import kind_from_filename
from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.models.link import Link
from netfacts.models.outputs import Output
from netfacts.models.snapshot import Cluster, FactSource, Namespace, Origin, Snapshot
from netfacts.sources._paths import CANDIDATES, KIND_OF, NAMESPACE_FILE
from netfacts.sources.base import Report, SourceFile

__all__ = ["build_snapshot", "load", "load_reports"]

_FACTS = {
    "ip-addr": "interfaces",
    "ip-link": "interfaces",
    "ip-route": "routes",
    "ip-rule": "rules",
    "ip-neigh": "neighbours",
    "arp": "neighbours",
    "proc-net-arp": "neighbours",
    "netstat": "sockets",
    "ss": "sockets",
    "sysctl": "sysctls",
    "ip-forward": "sysctls",
}
"""``--as`` kind → the snapshot field its records fill (also ``Origin`` categories)."""

_RECORDS = {
    "interfaces": "links", "routes": "routes", "rules": "rules", "neighbours": "neighbours",
    "sockets": "sockets", "sysctls": "entries",
}
"""Snapshot field → the attribute of a parse result that holds its records."""


class _Builder:
    """Collects parsed facts of one report (or one namespace of it)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.sources: list[FactSource] = []
        self.diagnostics: list[Diagnostic] = list(report.diagnostics)

    def parse(self, file: SourceFile, kind: str) -> Output | None:
        """Parse one file as ``kind`` (or the kind detection gave it); failures become
        diagnostics."""
        kind = file.kind or kind
        try:
            output = _api.parse(file.data, kind, source=file.name)
        except ParseError as exc:
            self.diagnostics.append(
                Diagnostic(f"not used: {exc.message}", 0, 0, "", Severity.ERROR,
                           file.name)
            )
            return None
        self.diagnostics.extend(output.diagnostics)
        if file.truncated:
            self.diagnostics.append(Diagnostic(
                f"{file.name} was truncated by sos (size limit): facts at its end are missing",
                0, 0, "", Severity.WARNING, file.name, incomplete=True))
        category = _FACTS.get(kind, kind)
        records = _records(output, category)
        self.sources.append(FactSource(
            path=file.name, kind=kind, facts=category, records=len(records),
            truncated=file.truncated, command=file.command))
        return output


def _records(output: Output, category: str) -> Sequence[Any]:
    records = getattr(output, _RECORDS[category], None)
    return tuple(records) if records is not None else ()


def _origins(output: Output, path: str, category: str) -> list[Origin | None]:
    records = _records(output, category)
    lines = output.record_lines
    if len(lines) == len(records):
        return [Origin(path, line) for line in lines]
    return [Origin(path) for _ in records]


class _Facts:
    """Facts of one namespace, with where each came from."""

    def __init__(self) -> None:
        self.links: list[Link] = []
        self.routes: list[Any] = []
        self.rules: list[Any] = []
        self.neighbours: list[Any] = []
        self.sockets: list[Any] = []
        self.sysctls: dict[str, int | str] = {}
        self.origins: dict[str, list[Origin | None]] = {
            "interfaces": [], "routes": [], "rules": [], "neighbours": [], "sockets": [],
            "sysctls": [],
        }

    def add(self, category: str, records: Sequence[Any], origins: Sequence[Origin | None],
            *, unique: bool = True) -> None:
        target: list[Any] = {
            "interfaces": self.links, "routes": self.routes, "rules": self.rules,
            "neighbours": self.neighbours, "sockets": self.sockets,
        }[category]
        seen = set(target) if unique else set()
        for record, origin in zip(records, origins):
            if unique and record in seen:
                continue
            seen.add(record)
            target.append(record)
            self.origins[category].append(origin)


def _first(report: Report, name: str) -> SourceFile | None:
    for path in CANDIDATES[name]:
        found = report.get(path)
        if found is not None and found.data.strip():
            return found
    return None


def _fill_links(builder: _Builder, facts: _Facts, addr: SourceFile | None,
                link: SourceFile | None) -> None:
    links: list[Link] = []
    origins: list[Origin | None] = []
    if addr is not None:
        output = builder.parse(addr, "ip-addr")
        if output is not None:
            links = list(getattr(output, "links", ()))
            origins = list(_origins(output, addr.name, "interfaces"))
    if link is not None:
        output = builder.parse(link, "ip-link")
        if output is not None:
            extra_links = list(getattr(output, "links", ()))
            if not links:
                links, origins = extra_links, list(_origins(output, link.name, "interfaces"))
            else:
                by_name = {item.ifname: item for item in extra_links}
                links = [_merge_link(item, by_name.get(item.ifname)) for item in links]
    facts.add("interfaces", _infer_kinds(links), origins)


_NAME_KINDS = (
    ("veth", "veth"), ("vxlan", "vxlan"), ("flannel.", "vxlan"), ("cni", "bridge"),
    ("docker", "bridge"), ("br-", "bridge"), ("virbr", "bridge"), ("tun", "tun"),
    ("tap", "tun"), ("bond", "bond"), ("team", "team"), ("dummy", "dummy"),
    ("wg", "wireguard"), ("geneve", "geneve"), ("genev_sys", "geneve"), ("ifb", "ifb"),
    ("macvlan", "macvlan"), ("ipvlan", "ipvlan"), ("vlan", "vlan"),
)


def _infer_kinds(links: list[Link]) -> list[Link]:
    """Device kinds for links without ``-d`` kind lines, from what the snapshot shows:
    a master of other links is a bridge (or bond/team by name), a link whose peer is in
    another namespace is a veth, otherwise the usual name prefixes."""
    masters = {link.master for link in links if link.master}
    result = []
    for link in links:
        if link.kind is not None or link.link_type == "loopback":
            result.append(link)
            continue
        kind: str | None = None
        for prefix, name_kind in _NAME_KINDS:
            if link.ifname.startswith(prefix):
                kind = name_kind
                break
        if link.ifname in masters and kind not in ("bond", "team"):
            kind = "bridge"
        elif kind is None and (link.link_netns is not None or link.link_netnsid is not None
                               or (link.link_index is not None and link.link_index > 0)):
            kind = "veth"
        elif kind is None and "." in link.ifname and link.link is not None:
            kind = "vlan"
        result.append(attrs.evolve(link, inferred_kind=kind) if kind else link)
    return result


def _merge_link(primary: Link, other: Link | None) -> Link:
    """Fill what ``ip addr`` lacks (statistics, link mode, details) from ``ip link``."""
    if other is None:
        return primary
    changes: dict[str, Any] = {}
    for name in ("stats", "linkmode", "details", "linkinfo", "ifalias", "vfs", "xdp"):
        if not getattr(primary, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    return attrs.evolve(primary, **changes) if changes else primary


def _fill_category(builder: _Builder, facts: _Facts, files: Sequence[SourceFile | None],
                   kinds: Sequence[str], category: str) -> None:
    for file, kind in zip(files, kinds):
        if file is None:
            continue
        output = builder.parse(file, kind)
        if output is None:
            continue
        facts.add(category, _records(output, category), _origins(output, file.name, category))


def _fill_neighbours(builder: _Builder, facts: _Facts, neigh: Sequence[SourceFile | None],
                     proc: SourceFile | None) -> None:
    _fill_category(builder, facts, neigh, ["ip-neigh"] * len(neigh), "neighbours")
    if proc is None:
        return
    output = builder.parse(proc, "proc-net-arp")
    if output is None:
        return
    known = {(n.dst, n.dev) for n in facts.neighbours}
    found = _records(output, "neighbours")
    records = [n for n in found if (n.dst, n.dev) not in known]
    origins = [o for n, o in zip(found, _origins(output, proc.name, "neighbours"))
               if (n.dst, n.dev) not in known]
    facts.add("neighbours", records, origins)


_PS_LINE = re.compile(r"^\S+\s+(?P<pid>\d+)\s+(?:\S+\s+){8}(?P<command>.*)$")


def _ps_commands(file: SourceFile | None) -> dict[int, str]:
    """pid → full command line from ``ps auxwww`` (``USER PID %CPU ... COMMAND``)."""
    if file is None:
        return {}
    commands: dict[int, str] = {}
    for line in file.text().splitlines()[1:]:
        match = _PS_LINE.match(line)
        if match is not None:
            commands[int(match.group("pid"))] = match.group("command")
    return commands


def _complete_program(name: str, command: str) -> str:
    """Extend a program name netstat cut short to the end of its word in ``command``."""
    for candidate in (command, command.split(" ", 1)[0].rsplit("/", 1)[-1]):
        if candidate.startswith(name):
            rest = candidate[len(name):]
            return name + rest.split(" ", 1)[0] if rest and not name.endswith(" ") else name
    return name


def _fill_sockets(builder: _Builder, facts: _Facts, report: Report, netstat: SourceFile | None,
                  ss: SourceFile | None) -> None:
    if netstat is not None:
        output = builder.parse(netstat, "netstat")
        if output is not None:
            sockets = list(_records(output, "sockets"))
            commands = _ps_commands(_first(report, "ps"))
            names = _ss_names(builder, ss) if ss is not None and any(
                p.truncated for socket in sockets for p in getattr(socket, "processes", ())
            ) else {}
            if commands or names:
                sockets = [_enrich(socket, commands, names) for socket in sockets]
            facts.add("sockets", sockets, _origins(output, netstat.name, "sockets"), unique=False)
            return
    if ss is not None:
        output = builder.parse(ss, "ss")
        if output is not None:
            facts.add("sockets", _records(output, "sockets"), _origins(output, ss.name, "sockets"),
                      unique=False)


def _ss_names(builder: _Builder, ss: SourceFile) -> dict[int, set[str]]:
    """pid → process names ``ss -p`` shows (the kernel's 15-character ``comm``)."""
    try:
        output = _api.parse(ss.data, ss.kind or "ss", source=ss.name)
    except ParseError:
        return {}
    names: dict[int, set[str]] = {}
    for socket in _records(output, "sockets"):
        for process in getattr(socket, "processes", ()):
            if process.pid is not None:
                names.setdefault(process.pid, set()).add(process.name)
    return names


def _enrich(socket: Any, commands: dict[int, str], names: dict[int, set[str]]) -> Any:
    """Complete program names netstat cut short, from ``ps`` (the command line) or from
    ``ss`` (the process name) of the same pid."""
    processes = getattr(socket, "processes", ())
    if not processes:
        return socket
    changed = []
    for process in processes:
        if process.truncated and process.pid is not None:
            full = process.name
            command = commands.get(process.pid)
            if command is not None:
                full = _complete_program(process.name, command)
            for name in names.get(process.pid, ()):
                if name.startswith(full) and len(name) > len(full):
                    full = name
            if full != process.name:
                process = attrs.evolve(process, name=full, truncated=False)
        changed.append(process)
    return attrs.evolve(socket, processes=tuple(changed))


def _fill_sysctls(builder: _Builder, facts: _Facts, sysctl: SourceFile | None,
                  ip_forward: SourceFile | None) -> None:
    for file, kind in ((sysctl, "sysctl"), (ip_forward, "ip-forward")):
        if file is None:
            continue
        output = builder.parse(file, kind)
        if output is None:
            continue
        origins = _origins(output, file.name, "sysctls")
        for value, origin in zip(_records(output, "sysctls"), origins):
            key = getattr(value, "key", None)
            if key is not None and key not in facts.sysctls:
                facts.sysctls[key] = value.value
                facts.origins["sysctls"].append(origin)


def _hostname(report: Report) -> str | None:
    file = _first(report, "hostname")
    if file is not None:
        for line in file.text().splitlines():
            if line.strip():
                return line.strip().split()[0]
    match = re.match(r"sosreport-(?P<host>[^-]+(?:-[^-]+)*?)-(?:\d{4}-\d{2}-\d{2}|\d{14})",
                     report.name)
    return match.group("host") if match else None


def _hosts(report: Report) -> tuple[tuple[str, tuple[str, ...]], ...]:
    file = report.get("etc/hosts")
    if file is None:
        return ()
    entries = []
    for line in file.text().splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2:
            entries.append((words[0], tuple(words[1:])))
    return tuple(entries)


_NS_COMMAND = re.compile(
    r"^(?P<ns>.+?)_(?:ip|ss|netstat|sysctl|iptables|ip6tables|nft|ethtool|tc|bridge)_"
)


def _namespace_files(report: Report) -> dict[str, dict[str, SourceFile]]:
    """Per namespace: its command files keyed by the command part of the name."""
    names: list[str] = []
    listing = report.get("sos_commands/networking/ip_netns")
    if listing is not None:
        names = [line.split()[0] for line in listing.text().splitlines() if line.strip()]
    found: dict[str, dict[str, SourceFile]] = {}
    for path, file in report.files.items():
        match = NAMESPACE_FILE.match(path)
        if match is None:
            continue
        rest = match.group("rest")
        namespace = match.group("dir")
        if namespace is None:
            namespace = next((n for n in sorted(names, key=len, reverse=True)
                              if rest.startswith(n + "_")), None)
        if namespace is None:
            # no ``ip netns`` listing: the name ends where the command starts
            guess = _NS_COMMAND.match(rest)
            if guess is None:
                continue
            namespace = guess.group("ns")
        if not rest.startswith(namespace + "_"):
            continue
        found.setdefault(namespace, {})[rest[len(namespace) + 1:]] = file
    return found


def _namespace(builder: _Builder, name: str, files: dict[str, SourceFile]) -> Namespace:
    facts = _Facts()
    by_kind: dict[str, list[SourceFile]] = {}
    for command, file in sorted(files.items()):
        detection = kind_from_filename(command)
        if detection is not None:
            by_kind.setdefault(detection.kind, []).append(file)
    _fill_links(builder, facts, _pick(by_kind, "ip-addr"), _pick(by_kind, "ip-link"))
    routes = by_kind.get("ip-route", [])
    _fill_category(builder, facts, routes, ["ip-route"] * len(routes), "routes")
    rules = by_kind.get("ip-rule", [])
    _fill_category(builder, facts, rules, ["ip-rule"] * len(rules), "rules")
    neigh = by_kind.get("ip-neigh", [])
    _fill_category(builder, facts, neigh, ["ip-neigh"] * len(neigh), "neighbours")
    netstat = _pick(by_kind, "netstat")
    ss = _pick(by_kind, "ss")
    _fill_sockets(builder, facts, Report(name=name, origin=""), netstat, ss)
    _fill_sysctls(builder, facts, _pick(by_kind, "sysctl"), None)
    return Namespace(
        name=name, interfaces=tuple(facts.links), routes=tuple(facts.routes),
        rules=tuple(facts.rules), neighbours=tuple(facts.neighbours),
        sockets=tuple(facts.sockets), sysctls=tuple(facts.sysctls.items()),
    )


def _pick(by_kind: dict[str, list[SourceFile]], kind: str) -> SourceFile | None:
    files = by_kind.get(kind)
    if not files:
        return None
    # Prefer the richest form: -d / -s output has more than the plain listing.
    return max(files, key=lambda f: (f.path.count("-d") + f.path.count("-s"), len(f.data)))


def _folder_to_sos(report: Report) -> Report:
    """Give a folder's captures the sos paths of the commands they hold."""
    mapped = Report(name=report.name, origin=report.origin, diagnostics=list(report.diagnostics))
    chosen: dict[str, tuple[int, SourceFile]] = {}
    for path, file in sorted(report.files.items()):
        base = path.rsplit("/", 1)[-1]
        if base in ("hostname", "hostname.txt", "hosts"):
            target = "sos_commands/host/hostname" if base.startswith("hostname") else "etc/hosts"
            chosen.setdefault(target, (0, file))
            continue
        try:
            detection = _api.detect(file.data, filename=path)
        except ParseError:
            mapped.note(f"{path}: not recognised as any supported command output; skipped",
                        severity=Severity.INFO, source=file.origin)
            continue
        logical = _LOGICAL.get(detection.kind)
        if logical is None:
            continue
        if detection.hints.get("family") == "inet6":
            logical = {"ip_route": "ip_route6", "ip_rule4": "ip_rule6"}.get(logical, logical)
        score = (path.count("-d") + path.count("-s"), len(file.data))
        target = CANDIDATES[logical][0]
        previous = chosen.get(target)
        if previous is None or score > (previous[0], len(previous[1].data)):
            chosen[target] = (score[0], attrs.evolve(file, kind=detection.kind))
    for target, (_, file) in chosen.items():
        mapped.files[target] = attrs.evolve(file, path=target, shown_as=file.path)
    return mapped


_LOGICAL = {
    "ip-addr": "ip_addr",
    "ip-link": "ip_link",
    "ip-route": "ip_route",
    "ip-rule": "ip_rule4",
    "ip-neigh": "ip_neigh",
    "arp": "proc_net_arp",
    "proc-net-arp": "proc_net_arp",
    "netstat": "netstat",
    "ss": "ss",
    "sysctl": "sysctl",
    "ip-forward": "ip_forward",
}


def build_snapshot(report: Report) -> Snapshot:
    """Parse and merge the files of one report."""
    if report.layout == "folder":
        report = _folder_to_sos(report)
    builder = _Builder(report)
    facts = _Facts()
    _fill_links(builder, facts, _first(report, "ip_addr"), _first(report, "ip_link"))
    _fill_category(builder, facts, [_first(report, "ip_route"), _first(report, "ip_route6")],
                   ["ip-route", "ip-route"], "routes")
    _fill_category(builder, facts, [_first(report, "ip_rule4"), _first(report, "ip_rule6")],
                   ["ip-rule", "ip-rule"], "rules")
    _fill_neighbours(builder, facts, [_first(report, "ip_neigh"),
                                      _first(report, "ip_neigh_noarp")],
                     _first(report, "proc_net_arp"))
    _fill_sockets(builder, facts, report, _first(report, "netstat"), _first(report, "ss"))
    _fill_sysctls(builder, facts, _first(report, "sysctl"), _first(report, "ip_forward"))
    namespaces = tuple(
        _namespace(builder, name, files)
        for name, files in sorted(_namespace_files(report).items())
    )
    missing = [name for name in ("ip_addr", "ip_route", "sysctl")
               if _first(report, name) is None]
    if not facts.neighbours and _first(report, "proc_net_arp") is None:
        missing.append("ip_neigh")
    if not facts.sockets:
        missing.append("netstat")
    for name in missing:
        builder.diagnostics.append(Diagnostic(
            f"no {KIND_OF.get(name, name)} output found (looked for "
            f"{', '.join(CANDIDATES.get(name, (name,)))})", 0, 0, "", Severity.WARNING,
            report.origin))
    hostname_file = _first(report, "hostname")
    if hostname_file is not None:
        builder.sources.append(FactSource(path=hostname_file.name, kind="hostname",
                                          facts="hostname", records=1))
    hosts_file = report.get("etc/hosts")
    if hosts_file is not None:
        builder.sources.append(FactSource(path=hosts_file.name, kind="hosts", facts="hosts",
                                          records=hosts_file.text().count("\n")))
    return Snapshot(
        hostname=_hostname(report),
        interfaces=tuple(facts.links),
        routes=tuple(facts.routes),
        rules=tuple(facts.rules),
        neighbours=tuple(facts.neighbours),
        sockets=tuple(facts.sockets),
        sysctls=tuple(facts.sysctls.items()),
        hosts=_hosts(report),
        namespaces=namespaces,
        origins=tuple((k, tuple(v)) for k, v in facts.origins.items()),
        sources=tuple(builder.sources),
        diagnostics=tuple(builder.diagnostics),
        origin=report.origin,
    )


def load_reports(source: str | Path) -> list[Report]:
    """The reports a source holds (one for a sosreport, several for a bundle)."""
    from netfacts.sources.collect import collect

    return collect(source).reports


def load(source: str | Path) -> Snapshot | Cluster:
    """A :class:`Snapshot` of one node, or a :class:`Cluster` for several.

    ``source`` is a sosreport directory or tarball (xz, gzip, bzip2 or plain, recognised
    by content), a sos-collector bundle, a directory of sosreports, a folder of captures,
    one capture file, a snapshot JSON file, or ``"live"`` for this host.  Copies of one
    report (a tree, its tarball, its copy in a bundle) become one node.  Raises
    :class:`~netfacts.errors.ParseError` when the source cannot be read or yields no
    networking facts at all; whatever was lost on the way is in the result's
    ``incomplete`` diagnostics (``complete`` is then false).
    """
    from netfacts.sources.collect import collect, is_case_directory

    path = Path(source)
    if str(source) != "live" and path.is_file() and _is_snapshot_json(path):
        from netfacts.jsonio.snapshot import load_json

        return load_json(path.read_bytes())
    built: list[_Built] = []
    collected = collect(source, lambda report: built.append(_Built.of(report)))
    nodes, diagnostics = _merge_copies(built)
    usable = [node for node in nodes if _has_facts(node.snapshot)]
    for node in nodes:
        if not _has_facts(node.snapshot):
            diagnostics.append(Diagnostic(
                f"no networking facts in {node.snapshot.origin}: {node.summary}; left out",
                0, 0, "", Severity.ERROR, node.snapshot.origin, incomplete=True))
    if not usable:
        raise ParseError(_unusable_message(str(source), collected, nodes, diagnostics),
                         source=str(source))
    cluster = collected.nested or (path.is_dir() and is_case_directory(path))
    diagnostics = [*collected.diagnostics, *diagnostics]
    if len(usable) == 1 and not cluster:
        snapshot = usable[0].snapshot
        if diagnostics:
            snapshot = attrs.evolve(snapshot, diagnostics=(*snapshot.diagnostics, *diagnostics))
        return snapshot
    return Cluster(snapshots=tuple(node.snapshot for node in usable),
                   diagnostics=tuple(diagnostics), origin=str(source))


@attrs.frozen
class _Built:
    """A report's snapshot, and what is needed to recognise copies of the report."""

    snapshot: Snapshot
    files: dict[str, str]
    """Per file, a digest of its bytes."""
    summary: str
    """What the report held, in words."""

    @classmethod
    def of(cls, report: Report) -> _Built:
        snapshot = attrs.evolve(build_snapshot(report), digest=report.digest())
        shown = ", ".join(sorted(report.files)[:4]) + (", ..." if len(report.files) > 4 else "")
        summary = (f"{len(report.files)} file(s) read ({shown})" if report.files
                   else "no file of interest in it")
        return cls(snapshot, report.file_digests(), summary)


def _preference(node: _Built) -> tuple[bool, int, str]:
    origin = node.snapshot.origin or ""
    return (not node.snapshot.complete, -origin.count(":"), origin)


def _merge_copies(built: list[_Built]) -> tuple[list[_Built], list[Diagnostic]]:
    """One node per report: copies with the same content are merged (the complete one, the
    one read from the innermost archive, first by name, is kept), and so is a copy that was
    not read completely when every file read from it is in a complete copy of the same host."""
    diagnostics: list[Diagnostic] = []
    groups: dict[str | None, list[_Built]] = {}
    for index, node in enumerate(built):
        key = node.snapshot.digest or f"#{index}"
        groups.setdefault(key, []).append(node)
    kept: list[_Built] = []
    for copies in groups.values():
        copies.sort(key=_preference)
        kept.append(copies[0])
        if len(copies) > 1:
            diagnostics.append(Diagnostic(
                f"{len(copies)} copies of one report (same files, same bytes) merged into node "
                f"{copies[0].snapshot.hostname or '?'}: kept {copies[0].snapshot.origin}; "
                f"merged {', '.join(str(c.snapshot.origin) for c in copies[1:])}",
                0, 0, "", Severity.INFO, copies[0].snapshot.origin))
    result: list[_Built] = []
    for node in kept:
        cover = None if node.snapshot.complete or not node.files else next(
            (other for other in kept if other is not node and other.snapshot.complete
             and other.snapshot.hostname == node.snapshot.hostname
             and node.files.items() <= other.files.items()), None)
        if cover is None:
            result.append(node)
            continue
        reasons = "; ".join(d.message for d in node.snapshot.incomplete)
        diagnostics.append(Diagnostic(
            f"{node.snapshot.origin} was not read completely ({reasons}); every file read from "
            f"it is also in {cover.snapshot.origin}, which was: merged into that node",
            0, 0, "", Severity.WARNING, node.snapshot.origin))
    order = {id(node): index for index, node in enumerate(built)}
    result.sort(key=lambda node: order[id(node)])
    return result, diagnostics


def _has_facts(snapshot: Snapshot) -> bool:
    return bool(snapshot.interfaces or snapshot.routes or snapshot.rules or snapshot.neighbours
                or snapshot.sockets or snapshot.sysctls or snapshot.namespaces)


_LOOKED_FOR = ("a sosreport (sos_commands/networking/ and the other files in docs/sources.md), "
               "a sos-collector bundle, or captures of ip, ss, netstat, arp or sysctl output")


def _unusable_message(source: str, collected: Any, nodes: list[_Built],
                      diagnostics: list[Diagnostic]) -> str:
    found = list(collected.found)
    if not found:
        found = [f"{node.snapshot.origin}: {node.summary}" for node in nodes]
    problems = [d.message for d in (*collected.diagnostics, *diagnostics) if d.incomplete
                and not d.message.startswith("no networking facts")]
    problems += [d.message for node in nodes for d in node.snapshot.incomplete]
    text = (f"no networking facts found; looked for {_LOOKED_FOR}; found "
            + ("; ".join(found) if found else "nothing"))
    if problems:
        text += "; problems: " + "; ".join(dict.fromkeys(problems))
    return text


def _is_snapshot_json(path: Path) -> bool:
    """A netfacts snapshot JSON file (by content; a ``.json`` name is enough too)."""
    if path.suffix == ".json":
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(256).lstrip()
    except OSError:
        return False
    return head.startswith(b"{") and b'"netfacts.' in head


def is_single(path: Path) -> bool:
    """A directory that is one node (a sosreport or a folder of captures)."""
    from netfacts.sources.collect import is_case_directory

    return not is_case_directory(path)
