"""Read sosreports without extracting them: directories, tarballs, collector bundles.

A tarball is read as one stream, so it is decompressed
exactly once and nothing is written to disk.  Only the files a snapshot can use
(:func:`netfacts.sources._paths.is_wanted`) are kept in memory; every other
member's data is skipped as it streams by.  Symbolic links (the root links such as
``ip_addr`` and the ``sos_commands`` → ``sos_strings/*.tailed`` links of sos 4.2+) are
resolved after the stream ends, and only inside the report.

Refused with a diagnostic, never followed: absolute member names, ``..``
components, links that leave the report, device files, members larger than
:data:`MAX_MEMBER`.  Encrypted (``.gpg``) and corrupt archives raise
:class:`~netfacts.errors.ParseError` with a message that says what to do.

A sos-collector bundle is a tarball that holds one ``sosreport-*.tar.*`` per
node; each nested archive is streamed in turn from inside the outer one.  The tar
format itself is read by :mod:`netfacts.sources._tarstream`, which decompresses in
small chunks and drops unwanted data as it passes (``tarfile`` parses the headers).
"""

from __future__ import annotations

import bz2
import json
import lzma
import os
import posixpath
import sys
import tarfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from netfacts.errors import ParseError, Severity
from netfacts.sources._paths import is_wanted
from netfacts.sources._tarstream import ByteStream, TarFormatError, iter_members, open_stream
from netfacts.sources.base import Report, SourceFile, safe_relative

__all__ = ["MAX_MEMBER", "is_sosreport_dir", "read_archive", "read_directory"]

MAX_MEMBER = 256 * 1024 * 1024
"""Largest single file kept in memory; larger wanted members are skipped."""

_ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar", ".txz")


def is_archive_name(name: str) -> bool:
    """A file name that looks like a (possibly compressed) tarball."""
    return name.lower().endswith(_ARCHIVE_SUFFIXES)


def is_sosreport_dir(path: Path) -> bool:
    """A directory that is an extracted sosreport (it has ``sos_commands/``)."""
    return (path / "sos_commands").is_dir()


# ---------------------------------------------------------------- directories


def read_directory(root: Path) -> Report:
    """Read the wanted files of an extracted sosreport directory."""
    report = Report(name=root.name, origin=str(root))
    root_real = root.resolve()
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        relative_dir = os.path.relpath(directory, root)
        relative_dir = "" if relative_dir == "." else relative_dir.replace(os.sep, "/")
        if relative_dir and not _may_hold_wanted(relative_dir):
            dirnames[:] = []
            continue
        for filename in filenames:
            relative = f"{relative_dir}/{filename}" if relative_dir else filename
            if not is_wanted(relative):
                continue
            path = Path(directory) / filename
            try:
                target = path.resolve()
                if root_real not in target.parents:
                    report.note(f"skipped {relative}: the link leaves the report",
                                source=str(path))
                    continue
                if not target.is_file():
                    continue
                size = target.stat().st_size
                if size > MAX_MEMBER:
                    report.note(f"skipped {relative}: {size} bytes is too large", source=str(path))
                    continue
                data = target.read_bytes()
            except OSError as exc:
                report.note(f"cannot read {relative}: {exc.strerror or exc}", source=str(path))
                continue
            _add(report, relative, data, str(path), truncated=target.name.endswith(".tailed"))
    _apply_manifest(report)
    return report


def _may_hold_wanted(relative_dir: str) -> bool:
    return relative_dir.startswith(("sos_commands", "sos_strings", "sos_reports", "proc", "etc")) \
        or relative_dir in ("proc/sys", "proc/net")


def _add(report: Report, relative: str, data: bytes, origin: str, *,
         truncated: bool = False) -> None:
    if relative.endswith(".tailed"):
        truncated = True
        relative = relative[: -len(".tailed")]
    report.files[relative] = SourceFile(relative, data, origin, truncated)


# ---------------------------------------------------------------- archives


class _Counting:
    """A read-only input that reports how many bytes were read (for the progress display)."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None]) -> None:
        self.raw = raw
        self.on_read = on_read

    def read(self, size: int = -1, /) -> bytes:
        data = self.raw.read(size)
        self.on_read(len(data))
        return data


class _Progress:
    """``reading NAME: 45%`` on stderr, only when stderr is a terminal."""

    def __init__(self, name: str, total: int) -> None:
        self.name = name
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


_PGP_FIRST_BYTES = frozenset({0x84, 0x85, 0x86, 0x87, 0x8C, 0x8D, 0x8E, 0x8F, 0xC1, 0xC3})


def _check_not_encrypted(path: Path, head: bytes) -> None:
    # An encrypted OpenPGP message starts with a public-key or symmetric-key session
    # packet: old-format tags 1 and 3 (0x84-0x87, 0x8c-0x8f) or new-format 0xc1/0xc3.
    binary_pgp = bool(head) and head[0] in _PGP_FIRST_BYTES and not head.startswith(
        (b"\xfd7zXZ", b"\x1f\x8b", b"BZh"))
    if path.name.endswith((".gpg", ".asc", ".pgp")) or head.startswith(b"-----BEGIN PGP") or (
        binary_pgp
    ):
        raise ParseError(
            "it is encrypted (GPG); decrypt it first "
            f"(gpg --output {path.name.removesuffix('.gpg')} --decrypt {path.name})",
            source=str(path),
        )


def read_archive(path: Path) -> list[Report]:
    """Read a sosreport tarball, or every node of a sos-collector bundle.

    Raises :class:`ParseError` for encrypted or unreadable archives.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as raw:
            head = raw.read(64)
            _check_not_encrypted(path, head)
            raw.seek(0)
            progress = _Progress(path.name, size)
            counted = _Counting(raw, progress)
            try:
                return _read_stream(counted, str(path), path.name)
            finally:
                progress.close()
    except OSError as exc:
        raise ParseError(f"cannot read it: {exc.strerror or exc}", source=str(path)) from None


_READ_ERRORS = (TarFormatError, tarfile.TarError, lzma.LZMAError, zlib.error, EOFError,
                OSError, ValueError)


def _read_stream(fileobj: ByteStream, origin: str, name: str) -> list[Report]:
    """Stream one tarball; nested sosreport archives (collector bundles) are read inside it."""
    reports: list[Report] = []
    top: dict[str, Report] = {}
    links: dict[str, dict[str, str]] = {}
    outer = Report(name=_strip_suffix(name), origin=origin)
    try:
        stream = open_stream(fileobj)
        for member in iter_members(stream):
            info = member.info
            clean = safe_relative(info.name)
            if clean is None:
                outer.note(f"skipped archive member {info.name!r}: unsafe path",
                           severity=Severity.WARNING)
                continue
            basename = posixpath.basename(clean)
            if info.isfile() and is_archive_name(clean) and "sosreport" in basename:
                try:
                    reports.extend(_read_stream(member, f"{origin}:{clean}", clean))
                except ParseError as exc:
                    outer.note(f"skipped nested archive {clean}: {exc.message}",
                               severity=Severity.ERROR)
                continue
            first, _, relative = clean.partition("/")
            if not relative:
                continue  # the top directory itself, or a file beside it
            report = top.get(first)
            if report is None:
                report = top[first] = Report(name=first, origin=f"{origin}:{first}/")
                links[first] = {}
            if info.issym() or info.islnk():
                links[first][relative] = info.linkname
                continue
            if not info.isfile() or not is_wanted(relative):
                if not info.isdir() and is_wanted(relative):
                    report.note(f"skipped {relative}: not a regular file")
                continue
            if info.size > MAX_MEMBER:
                report.note(f"skipped {relative}: {info.size} bytes is too large")
                continue
            _add(report, relative, member.read(), f"{origin}:{clean}")
    except _READ_ERRORS as exc:
        if not top and not reports:
            raise ParseError(f"not a readable sosreport archive ({exc})",
                             source=origin) from None
        outer.note(f"the archive ends early ({exc}); what was read before is used",
                   severity=Severity.ERROR)
    for first, report in top.items():
        _resolve_links(report, links[first])
        _apply_manifest(report)
        if report.files:  # a collector bundle's own directory holds only logs
            reports.append(report)
    if outer.diagnostics:
        if reports:
            reports[0].diagnostics.extend(outer.diagnostics)
        else:
            raise ParseError(
                "; ".join(d.message for d in outer.diagnostics) or f"nothing found in {name}",
                source=origin,
            )
    return reports


def _resolve_links(report: Report, links: dict[str, str]) -> None:
    """Give link paths the content of their targets, when the target stays in the report."""
    for relative, target in links.items():
        if not is_wanted(relative) and not relative.endswith(".tailed"):
            continue
        resolved = _follow(relative, links)
        if resolved is None:
            report.note(f"skipped link {relative} -> {target}: it leaves the report or loops")
            continue
        tailed = resolved.endswith(".tailed")
        key = resolved[: -len(".tailed")] if tailed else resolved
        found = report.files.get(key)
        if found is None:
            continue
        clean = relative[: -len(".tailed")] if relative.endswith(".tailed") else relative
        report.files[clean] = SourceFile(clean, found.data, found.origin,
                                         found.truncated or tailed)


def _follow(relative: str, links: dict[str, str], depth: int = 0) -> str | None:
    target = links.get(relative)
    if target is None:
        return relative
    if depth > 16 or target.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(relative), target))
    if joined.startswith("../") or joined == "..":
        return None
    return _follow(joined, links, depth + 1)


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
    except (ValueError, AttributeError, TypeError):
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
                found.truncated or bool(entry.get("truncated")), executed,
            )


def _strip_suffix(name: str) -> str:
    base = posixpath.basename(name)
    for suffix in _ARCHIVE_SUFFIXES:
        if base.lower().endswith(suffix):
            return base[: -len(suffix)]
    return base


# keep the decompressors imported: tarfile picks them lazily, and their import
# errors (a Python built without lzma) should surface here, not mid-stream.
_ = (bz2, lzma, zlib)


def iter_archives(directory: Path) -> Iterator[Path]:
    """Sosreport archives directly inside ``directory``."""
    for path in sorted(directory.iterdir()):
        if path.is_file() and is_archive_name(path.name):
            yield path
