"""Read sosreports without extracting them: directories, tarballs, collector bundles.

A tarball is read as one stream (:mod:`netfacts.sources._tar`: the standard library's
``tarfile`` in stream mode), so it is decompressed exactly once and nothing is written to
disk.  Only the files a snapshot can use (:func:`netfacts.sources._paths.is_wanted`) are
kept in memory; every other member's data is skipped as it streams by.  Links (the root
links such as ``ip_addr`` and ``ps``, the ``sos_commands`` → ``sos_strings/*.tailed``
links of sos 4.2+, GNU tar's hard links) are resolved after the stream ends, only inside
the report, with the same rules for a directory and for an archive
(:func:`~netfacts.sources.base.resolve_inside`).  When a link at a wanted path turns out
to point at a member whose data was skipped (the target came first in the archive), the
archive is read a second time, keeping that member too.

A sos-collector bundle is a tarball that holds one sosreport archive per node; a member
near the top of an archive whose first bytes are those of a (compressed) tar archive is
streamed in turn from inside the outer one.  Archives are walked with an explicit stack
(no recursion), at most :attr:`~netfacts.limits.Limits.nesting` deep.

Nothing here raises on bad input except for a source that cannot be read at all
(:class:`~netfacts.errors.ParseError`); every loss — a cut or damaged archive, a refused
member, a limit reached — is a diagnostic marked ``incomplete`` on the report it concerns,
or on the source as a whole when it concerns no single report.
"""

from __future__ import annotations

import json
import os
import posixpath
import stat
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import attrs

from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.limits import Limits, current
from netfacts.sources._paths import is_wanted, may_hold_wanted
from netfacts.sources._tar import (
    ArchiveDamaged,
    ArchiveError,
    Budget,
    MemberData,
    Prefixed,
    TarStream,
    compression,
)
from netfacts.sources.base import (
    Allowance,
    Report,
    SourceFile,
    clip_long_lines,
    resolve_inside,
    safe_relative,
)

__all__ = ["Collected", "is_sosreport_dir", "read_archive", "read_directory"]

_ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar", ".txz",
                     ".tar.zst")
_ARCHIVE_KINDS = frozenset({"xz", "gz", "bz2", "zstd", "lzma", "tar"})


@attrs.define
class Collected:
    """What one source gave: its reports, and diagnostics about the source as a whole (or
    about a member that gave no report)."""

    reports: list[Report] = attrs.field(factory=list)
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    nested: bool = False
    """Reports were read from archives inside the source (a collector bundle)."""
    found: list[str] = attrs.field(factory=list)
    """What the source turned out to hold, in words (for "nothing usable" messages)."""

    def note(self, message: str, source: str, *, severity: Severity = Severity.ERROR,
             incomplete: bool = True) -> None:
        self.diagnostics.append(Diagnostic(message, 0, 0, "", severity, source,
                                           incomplete=incomplete))

    def extend(self, other: Collected) -> None:
        self.reports.extend(other.reports)
        self.diagnostics.extend(other.diagnostics)
        self.nested = self.nested or other.nested
        self.found.extend(other.found)


def is_archive_name(name: str) -> bool:
    """A file name that looks like a (possibly compressed) tarball."""
    return name.lower().endswith(_ARCHIVE_SUFFIXES)


def is_sosreport_dir(path: Path) -> bool:
    """A directory that is an extracted sosreport (it has ``sos_commands/``)."""
    return (path / "sos_commands").is_dir()


def _wanted_link(relative: str) -> bool:
    """A link whose target a snapshot would read (``.tailed`` names included)."""
    return is_wanted(relative) or (relative.endswith(".tailed") and is_wanted(relative[:-7]))


# ---------------------------------------------------------------- directories


def read_directory(root: Path, *, allowance: Allowance | None = None) -> Report:
    """Read the wanted files of an extracted sosreport directory (an iterative walk)."""
    limits = current()
    allowance = allowance or Allowance(limits)
    report = Report(name=root.name, origin=str(root))
    links: dict[str, str] = {}
    stack: list[tuple[str, int]] = [("", 0)]
    entries = 0
    while stack:
        relative_dir, depth = stack.pop()
        directory = root / relative_dir if relative_dir else root
        try:
            with os.scandir(directory) as listing:
                children = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            report.note(f"cannot read the directory {relative_dir or '.'}: "
                        f"{exc.strerror or exc}", source=str(directory), incomplete=True)
            continue
        for entry in children:
            entries += 1
            if entries > limits.members:
                report.note(f"more than {limits.members} entries (limit members); the rest "
                            "was not read", severity=Severity.ERROR, incomplete=True)
                stack.clear()
                break
            relative = f"{relative_dir}/{entry.name}" if relative_dir else entry.name
            try:
                if entry.is_symlink():
                    if _wanted_link(relative):
                        links[relative] = os.readlink(entry.path)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not may_hold_wanted(relative):
                        continue
                    if depth + 1 > limits.directory_depth:
                        report.note(f"skipped {relative}: deeper than {limits.directory_depth} "
                                    "directories (limit directory_depth)",
                                    source=entry.path, incomplete=True)
                        continue
                    stack.append((relative, depth + 1))
                    continue
                if not is_wanted(relative):
                    continue
                if not entry.is_file(follow_symlinks=False):
                    report.note(f"skipped {relative}: not a regular file", source=entry.path,
                                incomplete=True)
                    continue
                _read_file(report, relative, entry.path, allowance, limits)
            except OSError as exc:
                report.note(f"cannot read {relative}: {exc.strerror or exc}", source=entry.path,
                            incomplete=True)
    _resolve_directory_links(report, root, links, allowance, limits)
    _apply_manifest(report)
    report.files = dict(sorted(report.files.items()))
    return report


def _read_file(report: Report, relative: str, path: str, allowance: Allowance, limits: Limits,
               *, truncated: bool = False) -> None:
    with open(path, "rb") as handle:
        refused = allowance.refuse(os.fstat(handle.fileno()).st_size)
        if refused is None:
            data = handle.read(limits.member_bytes + 1)
            if len(data) > limits.member_bytes:
                refused = (f"it grew past the limit of {limits.member_bytes} bytes for one file "
                           "while being read (member_bytes)")
    if refused is not None:
        report.note(f"skipped {relative}: {refused}", source=path, incomplete=True)
        return
    report.add(relative, data, path, truncated=truncated, limits=limits)


def _resolve_directory_links(report: Report, root: Path, links: dict[str, str],
                             allowance: Allowance, limits: Limits) -> None:
    def link_of(relative: str) -> str | None:
        try:
            return os.readlink(root / relative)
        except OSError:
            return None

    for relative, target in sorted(links.items()):
        resolved = resolve_inside(relative, link_of, limits.link_hops)
        if resolved is None:
            report.note(f"skipped link {relative} -> {target}: it leaves the report or loops",
                        source=str(root / relative), incomplete=True)
            continue
        path = root / resolved
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            _read_file(report, relative, str(path), allowance, limits,
                       truncated=resolved.endswith(".tailed"))
        except FileNotFoundError:
            continue  # a dangling link: sos leaves them for commands it did not run
        except OSError as exc:
            report.note(f"cannot read {relative}: {exc.strerror or exc}", source=str(path),
                        incomplete=True)


# ---------------------------------------------------------------- archives


class _Progress:
    """``reading NAME: 45%`` on stderr, only when stderr is a terminal."""

    def __init__(self, name: str, total: int) -> None:
        from netfacts._terminal import printable

        self.name = printable(name)
        self.total = max(total, 1)
        self.done = 0
        self.shown = -1
        self.enabled = sys.stderr.isatty()

    def __call__(self, count: int) -> None:
        self.done += count
        percent = min(100, self.done * 100 // self.total)
        if self.enabled and percent != self.shown:
            self.shown = percent
            sys.stderr.write(f"\rreading {self.name}: {percent:3d}%")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.shown >= 0:
            sys.stderr.write("\r" + " " * (len(self.name) + 16) + "\r")
            sys.stderr.flush()


class _Counting:
    """A read-only input that reports how many bytes were read (for the progress display)."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None]) -> None:
        self.raw = raw
        self.on_read = on_read

    def read(self, size: int = -1, /) -> bytes:
        data = self.raw.read(size)
        self.on_read(len(data))
        return data


_PGP_FIRST_BYTES = frozenset({0x84, 0x85, 0x86, 0x87, 0x8C, 0x8D, 0x8E, 0x8F, 0xC1, 0xC3})


def is_encrypted(name: str, head: bytes) -> bool:
    """An OpenPGP-encrypted file: by name (``.gpg``, ``.asc``, ``.pgp``) or content."""
    # An encrypted OpenPGP message starts with a public-key or symmetric-key session
    # packet: old-format tags 1 and 3 (0x84-0x87, 0x8c-0x8f) or new-format 0xc1/0xc3.
    binary_pgp = bool(head) and head[0] in _PGP_FIRST_BYTES and compression(head) is None
    return name.endswith((".gpg", ".asc", ".pgp")) or head.startswith(b"-----BEGIN PGP") \
        or binary_pgp


def encrypted_message(name: str) -> str:
    return (f"it is encrypted (GPG); decrypt it first "
            f"(gpg --output {name.removesuffix('.gpg')} --decrypt {name})")


def sniff(path: Path) -> str | None:
    """What a file is by its first bytes: an archive kind (``xz``, ``tar``, ...),
    ``gpg``, or None."""
    with path.open("rb") as handle:
        head = handle.read(tarfile.BLOCKSIZE)
    kind = compression(head)
    if kind is not None:
        return kind
    return "gpg" if is_encrypted(path.name, head) else None


Sink = Callable[[Report], None]
"""Where a reader hands each report as soon as it is complete (its data may then go)."""


def read_archive(path: Path, sink: Sink | None = None) -> Collected:
    """Read a sosreport tarball, or every node of a sos-collector bundle.

    Each report goes to ``sink`` as soon as it is read (else into the result's
    ``reports``).  Raises :class:`ParseError` when the file is encrypted or is no
    readable archive at all; an archive that breaks off later gives what was read, with
    diagnostics marked incomplete.
    """
    result = Collected()
    target: Sink = sink or result.reports.append
    missing = _read_archive_once(path, result, target, {}, None)
    if missing:
        # Links at wanted paths point at members whose data streamed by before the link
        # was seen: read once more, for those reports only, keeping those members too.
        _read_archive_once(path, result, target, missing, set(missing))
    return result


def _read_archive_once(path: Path, result: Collected, sink: Sink, extra: dict[str, set[str]],
                       only: set[str] | None) -> dict[str, set[str]]:
    try:
        size = path.stat().st_size
        with path.open("rb") as raw:
            head = raw.read(64)
            if is_encrypted(path.name, head):
                raise ParseError(encrypted_message(path.name), source=str(path))
            raw.seek(0)
            progress = _Progress(path.name, size)
            try:
                walk = _Walk(str(path), current(), result, sink, extra=extra, only=only)
                walk.run(_Counting(raw, progress), path.name)
            finally:
                progress.close()
    except OSError as exc:
        raise ParseError(f"cannot read it: {exc.strerror or exc}", source=str(path)) from None
    return walk.missing


class _Tree:
    """One report being read out of an archive: a top directory's members."""

    def __init__(self, name: str, origin: str, extra: set[str]) -> None:
        self.report = Report(name=name, origin=origin)
        self.symlinks: dict[str, str] = {}
        self.hardlinks: dict[str, str | None] = {}
        self.data: dict[str, tuple[bytes, str]] = {}
        """Member path → (bytes, origin) of every member kept (wanted or a link target)."""
        self.targets: set[str] = set(extra)
        """Members to keep although not wanted: targets of links at wanted paths."""
        self.seen: set[int] = set()
        """Hashes of the paths of regular members (to tell a skipped target from a missing one)."""
        self.held = 0
        """Bytes of member data held (given back to the allowance when the report is used)."""
        self.skip = False
        """A second pass that does not need this report again."""
        self.too_deep = 0
        """Members skipped for being too deep (reported once)."""

    def keeps(self, relative: str) -> bool:
        return is_wanted(relative) or relative in self.targets

    def add_link(self, relative: str, info: tarfile.TarInfo, top: str) -> None:
        if info.issym():
            self.symlinks[relative] = info.linkname
            if _wanted_link(relative) and not info.linkname.startswith("/"):
                self.targets.add(posixpath.normpath(
                    posixpath.join(posixpath.dirname(relative), info.linkname)))
            return
        # A hard link names its target by its full member name.
        clean = safe_relative(info.linkname)
        first, _, inside = (clean or "").partition("/")
        target = inside if clean is not None and first == top and inside else None
        self.hardlinks[relative] = target
        if target is not None and _wanted_link(relative):
            self.targets.add(target)

    def finish(self, limits: Limits) -> tuple[Report, set[str]]:
        """The report, and the link targets whose data was skipped (for a second pass)."""
        report = self.report
        for relative, (data, origin) in sorted(self.data.items()):
            if is_wanted(relative):
                report.add(relative, data, origin, limits=limits)
        missing: set[str] = set()

        def link_of(path: str) -> str | None:
            return self.symlinks.get(path)

        wanted_links = sorted(p for p in (*self.symlinks, *self.hardlinks) if _wanted_link(p))
        for relative in wanted_links:
            resolved = self._resolve(relative, link_of, limits)
            if resolved is None:
                target = self.symlinks.get(relative) or self.hardlinks.get(relative) or "?"
                report.note(f"skipped link {relative} -> {target}: it leaves the report or loops",
                            incomplete=True)
                continue
            found = self.data.get(resolved)
            if found is None:
                if hash(resolved) in self.seen:
                    missing.add(resolved)
                continue
            report.add(relative, found[0], found[1], truncated=resolved.endswith(".tailed"),
                       limits=limits)
        _apply_manifest(report)
        report.files = dict(sorted(report.files.items()))
        return report, missing

    def _resolve(self, relative: str, link_of: Callable[[str], str | None],
                 limits: Limits) -> str | None:
        current_path: str | None = relative
        for _ in range(limits.link_hops):
            if current_path is None:
                return None
            if current_path in self.hardlinks:
                current_path = self.hardlinks[current_path]
                continue
            resolved = resolve_inside(current_path, link_of, limits.link_hops)
            if resolved is None or resolved not in self.hardlinks:
                return resolved
            current_path = resolved
        return None


class _Level:
    """One archive being streamed: the outermost one, or one inside it."""

    def __init__(self, stream: TarStream, origin: str, depth: int) -> None:
        self.stream = stream
        self.members = iter(stream)
        self.origin = origin
        self.depth = depth
        self.trees: dict[str, _Tree] = {}
        self.nested = 0
        self.problems: list[Diagnostic] = []

    def note(self, message: str, *, severity: Severity = Severity.ERROR,
             incomplete: bool = True) -> None:
        self.problems.append(Diagnostic(message, 0, 0, "", severity, self.origin,
                                        incomplete=incomplete))


class _Walk:
    """Streams an archive and the archives inside it, with an explicit stack.

    ``only`` (a second pass): the origins of the reports to read again; nothing else is
    kept and nothing about the archive as a whole is reported twice.
    """

    def __init__(self, origin: str, limits: Limits, result: Collected, sink: Sink, *,
                 extra: dict[str, set[str]], only: set[str] | None) -> None:
        self.origin = origin
        self.limits = limits
        self.result = result
        self.sink = sink
        self.extra = extra
        self.only = only
        self.budget = Budget(limits.archive_bytes)
        self.allowance = Allowance(limits)
        self.missing: dict[str, set[str]] = {}
        self.emitted = 0

    def run(self, raw: IO[bytes] | _Counting, name: str) -> None:
        try:
            stream = TarStream.open(raw, self.limits, self.budget)
        except ArchiveError as exc:
            raise ParseError(f"not a readable sosreport archive: {exc.message}",
                             source=self.origin) from None
        stack = [_Level(stream, self.origin, 1)]
        while stack:
            level = stack[-1]
            try:
                info = next(level.members)
                child = self._member(level, info)
            except StopIteration:
                self._finish(stack.pop())
                continue
            except ArchiveError as exc:
                after = (f"; {level.nested} nested archive(s) came before it, any after it are "
                         "missing") if level.nested else ""
                level.note(exc.message + after)
                self._finish(stack.pop())
                continue
            if child is not None:
                stack.append(child)
        if not self.emitted and self.only is None:
            self.result.found.append(f"{name}: a {_KIND_NAMES.get(stream.kind, stream.kind)} "
                                     f"tar archive of {stream.count} member(s), no sosreport "
                                     "in it")

    def _wanted_here(self, origin: str) -> bool:
        """In a second pass: does anything to read again lie at or below ``origin``?"""
        return self.only is None or any(o.startswith(origin + ":") for o in self.only)

    def _member(self, level: _Level, info: tarfile.TarInfo) -> _Level | None:
        clean = safe_relative(info.name)
        if clean is None:
            level.note(f"skipped archive member {info.name!r}: unsafe path",
                       severity=Severity.WARNING)
            return None
        first, _, relative = clean.partition("/")
        peeked: tuple[bytes, MemberData] | None = None
        if info.isfile() and not relative.count("/") and not is_wanted(relative):
            # Near the top of an archive: is it an archive itself (a collector bundle's
            # reports)?  Recognised by its first bytes, whatever its name.
            handle = level.stream.open_member(info)
            head = handle.read(tarfile.BLOCKSIZE)
            if compression(head) in _ARCHIVE_KINDS:
                return self._nested(level, clean, head, handle)
            peeked = (head, handle)
        if not relative:
            return None  # the top directory itself, or a file beside it
        tree = level.trees.get(first)
        if tree is None:
            origin = f"{level.origin}:{first}/"
            tree = level.trees[first] = _Tree(first, origin, self.extra.get(origin, set()))
            tree.skip = self.only is not None and origin not in self.only
        if tree.skip:
            return None
        if relative.count("/") > self.limits.directory_depth:
            tree.too_deep += 1
            if tree.too_deep == 1:
                tree.report.note(f"skipped {relative[:200]}...: deeper than "
                                 f"{self.limits.directory_depth} directories (limit "
                                 "directory_depth); so are the members below it",
                                 incomplete=True)
            return None
        if info.issym() or info.islnk():
            tree.add_link(relative, info, first)
            return None
        if not info.isfile():
            if not info.isdir() and is_wanted(relative):
                tree.report.note(f"skipped {relative}: not a regular file", incomplete=True)
            return None
        tree.seen.add(hash(relative))
        if not tree.keeps(relative):
            return None
        refused = self.allowance.refuse(info.size)
        if refused is not None:
            tree.report.note(f"skipped {relative}: {refused}", incomplete=True)
            return None
        data = peeked[0] + peeked[1].read() if peeked else level.stream.read(info)
        origin = f"{level.origin}:{clean}"
        # Over-long lines go at once, so that a file of one huge line is not held whole.
        data, clipped = clip_long_lines(data, self.limits.line_bytes)
        tree.report.note_clipped(relative, clipped, origin, self.limits.line_bytes)
        self.allowance.release(info.size - len(data))
        tree.data[relative] = (data, origin)
        tree.held += len(data)
        return None

    def _nested(self, level: _Level, clean: str, head: bytes, handle: MemberData
                ) -> _Level | None:
        """The level that streams a nested archive (None: it is skipped)."""
        origin = f"{level.origin}:{clean}"
        level.nested += 1
        self.result.nested = True
        if not self._wanted_here(origin):
            return None
        if level.depth + 1 > self.limits.nesting:
            level.note(f"skipped nested archive {clean}: archives nested more than "
                       f"{self.limits.nesting} deep (limit nesting)")
            return None
        try:
            stream = TarStream.open(Prefixed(head, handle), self.limits, self.budget)
        except ArchiveError as exc:
            if isinstance(exc, ArchiveDamaged) and "not a tar archive" in exc.message \
                    and not is_archive_name(clean):
                level.note(f"{clean}: {exc.message}; not read", severity=Severity.INFO,
                           incomplete=False)
                return None
            level.note(f"skipped nested archive {clean}: {exc.message}")
            return None
        return _Level(stream, origin, level.depth + 1)

    def _finish(self, level: _Level) -> None:
        level.stream.close()
        reports: list[tuple[Report, int]] = []
        for tree in level.trees.values():
            if tree.skip:
                continue
            report, missing = tree.finish(self.limits)
            if missing and self.only is None:
                self.missing.setdefault(report.origin, set()).update(missing)
                self.allowance.release(tree.held)
                continue  # read again in the second pass
            alone = not level.nested and len(level.trees) == 1
            if report.files or (alone and (report.diagnostics or level.problems)):
                reports.append((report, tree.held))
            else:
                self.allowance.release(tree.held)
        if level.problems:
            if len(reports) == 1 and not level.nested:
                reports[0][0].diagnostics.extend(level.problems)
            elif self.only is None:
                self.result.diagnostics.extend(level.problems)
        level.trees.clear()
        for report, held in reports:
            self.emitted += 1
            self.sink(report)
            self.allowance.release(held)


_KIND_NAMES = {"xz": "xz-compressed", "lzma": "lzma-compressed", "gz": "gzip-compressed",
               "bz2": "bzip2-compressed", "tar": "plain"}


# ---------------------------------------------------------------- the manifest


def _apply_manifest(report: Report) -> None:
    """Use sos 4.x ``manifest.json``: commands behind files, truncation, missing commands."""
    manifest = report.files.get("sos_reports/manifest.json")
    if manifest is None:
        return
    try:
        data = json.loads(manifest.data)
        plugins = data.get("components", {}).get("report", {}).get("plugins", {})
        networking = plugins.get("networking", {})
        commands = list(networking.get("commands", []))
        for plugin in ("kernel", "host", "process"):
            commands.extend(plugins.get(plugin, {}).get("commands", []))
    except (ValueError, AttributeError, TypeError, RecursionError):
        report.note("sos_reports/manifest.json is not readable JSON; ignored")
        return
    for entry in commands:
        if not isinstance(entry, dict):
            continue
        filepath = entry.get("filepath")
        executed = entry.get("exec") or entry.get("command")
        if filepath is None:
            if entry.get("return_code") == 127 and executed:
                report.note(f"{executed!r} was not installed on the host (sos manifest)",
                            severity=Severity.INFO)
            continue
        found = report.files.get(str(filepath))
        if found is not None:
            report.files[str(filepath)] = SourceFile(
                found.path, found.data, found.origin,
                found.truncated or bool(entry.get("truncated")),
                executed if isinstance(executed, str) else None,
            )


def strip_suffix(name: str) -> str:
    base = posixpath.basename(name)
    for suffix in _ARCHIVE_SUFFIXES:
        if base.lower().endswith(suffix):
            return base[: -len(suffix)]
    return base
