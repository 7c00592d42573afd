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
* sockets from ``netstat -W -neopa`` (else ``ss -peaonmi``, else the ``/proc/net`` socket
  tables joined with ``lsof`` and ``ps``); program names that netstat cut short are
  completed from the report's ``ps auxwww``;
* sysctls from ``sysctl -a``, plus the copied ``/proc/sys/net/ipv4/ip_forward``.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from netfacts import _api, _registry
from netfacts._registry import Category, Source
from netfacts.detection import kind_from_filename
from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.models.link import Link
from netfacts.models.output import Output
from netfacts.models.snapshot import (
    BUILTIN_CATEGORIES,
    Cluster,
    FactSource,
    Namespace,
    Origin,
    Snapshot,
)
from netfacts.sources._paths import CANDIDATES, NAMESPACE_FILE
from netfacts.sources.base import Report, SourceFile

__all__ = ["build_snapshot", "combine", "load", "load_reports"]

class Parsed:
    """One parsed file of a category: where it came from, its records and their lines."""

    __slots__ = ("file", "output", "records", "source", "used")

    def __init__(self, source: Source, file: SourceFile, output: Output,
                 records: tuple[Any, ...]) -> None:
        self.source = source
        self.file = file
        self.output = output
        self.records = records
        self.used = 0
        """How many of its records the merge kept (set by :meth:`Facts.add`)."""

    def origins(self) -> list[Origin | None]:
        """Where each record starts (file and line when the parser knows it)."""
        lines = self.output.record_lines
        if len(lines) == len(self.records):
            return [Origin(self.file.name, line) for line in lines]
        return [Origin(self.file.name) for _ in self.records]


class Facts:
    """The records of one namespace being assembled, per category, with their origins."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.records: dict[str, list[Any]] = {}
        self.origins: dict[str, list[Origin | None]] = {}
        self.sysctls: dict[str, int | str] = {}
        self.host_processes: Sequence[Any] = ()
        """The host's process table, for a namespace's sockets (processes are host-wide)."""

    def add(self, category: str, records: Sequence[Any], origins: Sequence[Origin | None],
            *, unique: bool = True, parsed: Parsed | None = None) -> int:
        """Append records (exact duplicates dropped when ``unique``); returns how many."""
        target = self.records.setdefault(category, [])
        where = self.origins.setdefault(category, [])
        seen = set(target) if unique else set()
        added = 0
        for record, origin in zip(records, origins):
            if unique and record in seen:
                continue
            seen.add(record)
            target.append(record)
            where.append(origin)
            added += 1
        if parsed is not None:
            parsed.used += added
        return added

    def get(self, category: str) -> list[Any]:
        return self.records.get(category, [])


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
        return output

    def parsed(self, source: Source, file: SourceFile) -> Parsed | None:
        output = self.parse(file, source.kind)
        if output is None:
            return None
        category = _registry.category(source.category)
        return Parsed(source, file, output, _records(output, category.records))

    def record_sources(self, parsed: Sequence[Parsed]) -> None:
        for item in parsed:
            self.sources.append(FactSource(
                path=item.file.name, kind=item.file.kind or item.source.kind,
                facts=item.source.category, records=item.used,
                truncated=item.file.truncated, command=item.file.command,
                used=item.used > 0, slot=item.source.name))


def _records(output: Output, attribute: str) -> tuple[Any, ...]:
    records = getattr(output, attribute, None)
    return tuple(records) if records is not None else ()


# ---------------------------------------------------------------- finding the files


def _present(file: SourceFile | None) -> bool:
    return file is not None and bool(file.data.strip())


def _matches(report: Report, candidate: str) -> list[SourceFile]:
    """The report's files at ``candidate`` (every match, sorted, for a glob)."""
    if "*" not in candidate and "?" not in candidate:
        found = report.get(candidate)
        return [found] if found is not None and _present(found) else []
    return [file for path, file in sorted(report.files.items())
            if fnmatch.fnmatchcase(path, candidate) and "/" not in path[
                len(candidate.rsplit("/", 1)[0]) + 1:] and _present(file)]


def _source_files(report: Report, source: Source) -> list[SourceFile]:
    """The file(s) that fill ``source``: the first candidate present."""
    for candidate in source.candidates:
        found = _matches(report, candidate)
        if found:
            return found
    return []


def _first(report: Report, name: str) -> SourceFile | None:
    """The first present candidate of a non-family file (hostname, ps, ...)."""
    for path in CANDIDATES[name]:
        found = report.get(path)
        if _present(found):
            return found
    return None


# ---------------------------------------------------------------- merging per category


def merge_default(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """Concatenate every source's records in rank order, exact duplicates dropped."""
    for item in parsed:
        facts.add(name, item.records, item.origins(), parsed=item)


def merge_interfaces(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """``ip addr`` gives the links; ``ip link`` completes them (statistics, details)."""
    if not parsed:
        return
    primary, rest = parsed[0], parsed[1:]
    links: list[Link] = list(primary.records)
    for other in rest:
        by_name = {item.ifname: item for item in other.records}
        links = [_merge_link(item, by_name.get(item.ifname)) for item in links]
        other.used = len(other.records) if by_name else 0
    facts.add(name, _infer_kinds(links), primary.origins(), parsed=primary)


def merge_neighbours(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """``ip neigh`` entries, then ``/proc/net/arp`` entries ``ip neigh`` did not show."""
    for item in parsed:
        if item.source.kind != "proc-net-arp":
            facts.add(name, item.records, item.origins(), parsed=item)
            continue
        known = {(n.dst, n.dev) for n in facts.get(name)}
        keep = [(n, o) for n, o in zip(item.records, item.origins())
                if (n.dst, n.dev) not in known]
        facts.add(name, [n for n, _ in keep], [o for _, o in keep], parsed=item)


def merge_sockets(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """The preferred socket listing (netstat, else ss); program names netstat cut short are
    completed from ``ps`` and from ``ss`` of the same pid."""
    listings = [item for item in parsed if item.source.kind in ("netstat", "ss")]
    primary = next((item for item in listings if item.records), None)
    if primary is None:
        _sockets_from_proc(facts, name, parsed)
        return
    sockets = list(primary.records)
    if primary.source.kind == "netstat":
        commands = {process.pid: process.command
                    for process in facts.get("processes") or facts.host_processes}
        ss = next((item for item in parsed if item.source.kind == "ss"), None)
        names = _ss_names(ss.records) if ss is not None and any(
            p.truncated for socket in sockets for p in getattr(socket, "processes", ())
        ) else {}
        if commands or names:
            sockets = [_enrich(socket, commands, names) for socket in sockets]
    facts.add(name, sockets, primary.origins(), unique=False, parsed=primary)


def _sockets_from_proc(facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """No netstat or ss: the ``/proc/net`` socket tables, with the programs ``lsof`` (by
    inode) and ``ps`` (command lines) name — what netstat itself would have printed."""
    from netfacts.facts.proc_sockets import sockets_from_proc
    from netfacts.models.lsof import LsofOutput
    from netfacts.models.proc_net_sockets import ProcNetTcpOutput, ProcNetUnixOutput

    tables = [item for item in parsed
              if isinstance(item.output, (ProcNetTcpOutput, ProcNetUnixOutput))]
    if not any(item.records for item in tables):
        return
    lsof = next((item for item in parsed if isinstance(item.output, LsofOutput)), None)
    holders = lsof.output if lsof is not None and isinstance(lsof.output, LsofOutput) else None
    commands = {process.pid: process.command
                for process in facts.get("processes") or facts.host_processes}
    for item in tables:
        assert isinstance(item.output, (ProcNetTcpOutput, ProcNetUnixOutput))
        sockets = sockets_from_proc([item.output], lsof=holders, commands=commands)
        facts.add(name, sockets, item.origins(), unique=False, parsed=item)
    if lsof is not None:
        lsof.used = len(lsof.records)


def merge_sysctls(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """One value per key: the first source that has it (``sysctl -a``, then the copied
    ``/proc/sys`` files)."""
    where = facts.origins.setdefault(name, [])
    for item in parsed:
        for value, origin in zip(item.records, item.origins()):
            key = getattr(value, "key", None)
            if key is not None and key not in facts.sysctls:
                facts.sysctls[key] = value.value
                where.append(origin)
                item.used += 1


_MERGES: dict[str, Any] = {}


def _merge(category: Category) -> Any:
    if category.merge is None:
        return merge_default
    merge = _MERGES.get(category.merge)
    if merge is None:
        merge = _MERGES[category.merge] = _registry.load(category.merge)
    return merge


def _fill(builder: _Builder, facts: Facts,
          files: dict[str, list[tuple[Source, SourceFile]]]) -> None:
    """Parse the chosen files of every category and merge them into ``facts``."""
    for category in _registry.CATEGORIES.values():
        chosen = files.get(category.name, [])
        parsed = [item for source, file in chosen
                  if (item := builder.parsed(source, file)) is not None]
        _merge(category)(builder, facts, category.name, parsed)
        builder.record_sources(parsed)


def _report_files(report: Report) -> dict[str, list[tuple[Source, SourceFile]]]:
    files: dict[str, list[tuple[Source, SourceFile]]] = {}
    for source in _registry.sources():
        for file in _source_files(report, source):
            files.setdefault(source.category, []).append((source, file))
    return files


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
    if primary.details is not None and other.details is not None:
        # ip -d addr and ip -d link print different details (addrgenmode only with link)
        known = attrs.asdict(primary.details, recurse=False)
        more = {key: value for key, value in attrs.asdict(other.details, recurse=False).items()
                if value not in (None, False) and known[key] in (None, False)}
        if more:
            changes["details"] = attrs.evolve(primary.details, **more)
    if primary.vfs and any(vf.stats for vf in other.vfs) and not any(
            vf.stats for vf in primary.vfs):
        changes["vfs"] = other.vfs  # the VF counters of ip -s link
    return attrs.evolve(primary, **changes) if changes else primary


def _complete_program(name: str, command: str) -> str:
    """Extend a program name netstat cut short to the end of its word in ``command``."""
    for candidate in (command, command.split(" ", 1)[0].rsplit("/", 1)[-1]):
        if candidate.startswith(name):
            rest = candidate[len(name):]
            return name + rest.split(" ", 1)[0] if rest and not name.endswith(" ") else name
    return name


def _ss_names(sockets: Sequence[Any]) -> dict[int, set[str]]:
    """pid → process names ``ss -p`` shows (the kernel's 15-character ``comm``)."""
    names: dict[int, set[str]] = {}
    for socket in sockets:
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


# ---------------------------------------------------------------- namespaces


@functools.cache
def _namespace_tools() -> re.Pattern[str]:
    tools = {command.tool for family in _registry.FAMILIES for command in family.commands}
    alternatives = "|".join(re.escape(tool) for tool in sorted(tools, key=len, reverse=True))
    return re.compile(rf"^(?P<ns>.+?)_(?:{alternatives})_")


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
            guess = _namespace_tools().match(rest)
            if guess is None:
                continue
            namespace = guess.group("ns")
        if not rest.startswith(namespace + "_"):
            continue
        found.setdefault(namespace, {})[rest[len(namespace) + 1:]] = file
    return found


def _command_part(candidate: str) -> str:
    return candidate.rsplit("/", 1)[-1]


def _namespace_choice(builder: _Builder, files: dict[str, SourceFile]
                      ) -> dict[str, list[tuple[Source, SourceFile]]]:
    """Which namespace file fills each source: a command the source names (the host
    file's command, with or without ``show``/``list``), else the file of the source's kind
    whose listing has the most records (a statistics listing has none)."""
    chosen: dict[str, list[tuple[Source, SourceFile]]] = {}
    taken: set[str] = set()
    by_kind: dict[str, list[tuple[str, SourceFile]]] = {}
    for command, file in sorted(files.items()):
        detection = kind_from_filename(command)
        if detection is not None:
            by_kind.setdefault(detection.kind, []).append((command, file))
    for source in _registry.sources():
        if not source.namespaces:
            continue
        wanted: list[str] = []
        for candidate in source.candidates:
            part = _command_part(candidate)
            wanted += [part, part + "_show", part + "_list"]
        match = next((files[name] for name in wanted if name in files and name not in taken
                      and _present(files[name])), None)
        if match is not None:
            taken.add(next(name for name in wanted if name in files and files[name] is match))
            chosen.setdefault(source.category, []).append((source, match))
            continue
        if source.rank != min(s.rank for s in _registry.sources(source.category)
                              if s.kind == source.kind):
            continue  # fallbacks fill only the best slot of a kind
        best: tuple[tuple[int, int, int], str, SourceFile] | None = None
        for command, file in by_kind.get(source.kind, []):
            if command in taken or not _present(file):
                continue
            score = _completeness(file, source)
            if best is None or score > best[0]:
                best = (score, command, file)
        if best is not None and best[0][0] > 0:
            taken.add(best[1])
            chosen.setdefault(source.category, []).append((source, best[2]))
    return chosen


def _completeness(file: SourceFile, source: Source) -> tuple[int, int, int]:
    """How complete a listing is for a source: the records of its category it holds (a
    statistics, route or interface listing holds no sockets), then the fewer diagnostics
    (a cut ``netstat`` without ``-W`` warns on every cut address), then the more text
    (``-p``/``-e`` columns).  (0, ...) when unreadable."""
    try:
        output = _api.parse(file.data, file.kind or source.kind, source=file.name)
    except ParseError:
        return (0, 0, 0)
    records = len(_records(output, _registry.category(source.category).records))
    return (records, -len(output.diagnostics), len(file.data))


def _namespace(builder: _Builder, name: str, files: dict[str, SourceFile],
               host: Facts) -> Namespace:
    facts = Facts(Report(name=name, origin=""))
    facts.host_processes = host.get("processes")
    _fill(builder, facts, _namespace_choice(builder, files))
    return Namespace(name=name, **_fields(facts, namespace=True))


def _fields(facts: Facts, *, namespace: bool = False) -> dict[str, Any]:
    """Snapshot (or Namespace) fields from the assembled facts."""
    fields: dict[str, Any] = {}
    generic: list[tuple[str, tuple[Any, ...]]] = []
    for category in _registry.CATEGORIES:
        if category == "sysctls":
            fields["sysctls"] = tuple(facts.sysctls.items())
        elif category in BUILTIN_CATEGORIES:
            fields[category] = tuple(facts.get(category))
        elif facts.get(category):
            generic.append((category, tuple(facts.get(category))))
    fields["facts"] = tuple(generic)
    return fields


# ---------------------------------------------------------------- folders


def _folder_to_sos(report: Report) -> Report:
    """Give a folder's captures the sos paths of the sources they fill.

    A capture fills the source of its kind whose hints it has (``ip -6 route`` fills the
    IPv6 route slot); among several captures for one slot the most complete wins (see
    :func:`_completeness`: ``netstat -s`` holds no sockets and fills nothing, ``-a`` holds
    more than ``-l``, ``show table all`` more than the main table, ``-W`` cuts nothing).
    """
    mapped = Report(name=report.name, origin=report.origin, diagnostics=list(report.diagnostics))
    chosen: dict[str, tuple[tuple[int, int, int], SourceFile]] = {}
    for path, file in sorted(report.files.items()):
        base = path.rsplit("/", 1)[-1]
        if base in ("hostname", "hostname.txt", "hosts"):
            target = "sos_commands/host/hostname" if base.startswith("hostname") else "etc/hosts"
            chosen.setdefault(target, ((0, 0, 0), file))
            continue
        try:
            detection = _api.detect(file.data, filename=path)
        except ParseError:
            mapped.note(f"{path}: not recognised as any supported command output; skipped",
                        severity=Severity.INFO, source=file.origin)
            continue
        slots = [source for source in _registry.sources() if source.kind == detection.kind
                 and all(detection.hints.get(k) == v for k, v in source.when.items())]
        if not slots:
            continue
        source = max(slots, key=lambda s: (len(s.when), -s.rank))
        typed = attrs.evolve(file, kind=detection.kind)
        score = _completeness(typed, source)
        if score[0] == 0:
            mapped.note(f"{path}: no {source.category} in it ({detection.kind}); not used",
                        severity=Severity.INFO, source=file.origin)
            continue
        target = _slot_path(source.candidates[0], path)
        previous = chosen.get(target)
        if previous is None or score > previous[0]:
            chosen[target] = (score, typed)
    for target, (_, file) in chosen.items():
        mapped.files[target] = attrs.evolve(file, path=target, shown_as=file.path)
    return mapped


def _slot_path(candidate: str, capture: str) -> str:
    """Where a folder's capture goes: the slot's path; for a glob slot (one file per
    device, ``ethtool_-i_*``) a path the glob matches, named after the capture."""
    if "*" not in candidate and "?" not in candidate:
        return candidate
    directory, _, pattern = candidate.rpartition("/")
    base = capture.rsplit("/", 1)[-1]
    for extension in (".txt", ".out", ".log"):
        base = base.removesuffix(extension)
    if not fnmatch.fnmatchcase(base, pattern):
        base = pattern.split("*", 1)[0].replace("[!-]", "") + base
    return f"{directory}/{base}"


def build_snapshot(report: Report) -> Snapshot:
    """Parse and merge the files of one report."""
    if report.layout == "folder":
        report = _folder_to_sos(report)
    builder = _Builder(report)
    facts = Facts(report)
    _fill(builder, facts, _report_files(report))
    namespaces = tuple(
        _namespace(builder, name, files, facts)
        for name, files in sorted(_namespace_files(report).items())
    )
    used = {source.facts for source in builder.sources if source.used}
    for category in _registry.CATEGORIES.values():
        if category.required and category.name not in used and not facts.get(category.name) \
                and not (category.name == "sysctls" and facts.sysctls):
            slots = _registry.sources(category.name)
            looked = [path for source in slots for path in source.candidates]
            builder.diagnostics.append(Diagnostic(
                f"no {slots[0].kind if slots else category.name} output found: no "
                f"{category.name} (looked for {', '.join(looked)})", 0, 0, "",
                Severity.WARNING, report.origin))
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
        **_fields(facts),
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


def combine(sources: Sequence[Snapshot | Cluster], origin: str | None = None) -> Cluster:
    """Several loaded sources as one cluster; copies of one report (the same
    :attr:`~Snapshot.digest`) in different sources are one node."""
    built: list[_Built] = []
    diagnostics: list[Diagnostic] = []
    for source in sources:
        if isinstance(source, Cluster):
            diagnostics.extend(source.diagnostics)
            built.extend(_Built(snapshot, {}, "") for snapshot in source.snapshots)
        else:
            built.append(_Built(source, {}, ""))
    nodes, merged = _merge_copies(built)
    return Cluster(snapshots=tuple(node.snapshot for node in nodes),
                   diagnostics=(*diagnostics, *merged), origin=origin)


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
                or snapshot.sockets or snapshot.sysctls or snapshot.namespaces
                or any(records for _, records in snapshot.facts))


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
