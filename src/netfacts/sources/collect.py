"""What a source is, and its reports: the one entry point of every reader.

:func:`collect` looks at a source — ``"live"``, a file, a directory — and hands each
report it holds to a sink as soon as it is read (so a bundle of many nodes never sits in
memory whole).  Files are recognised by their content, never by their name: compressed
or plain tar data is an archive (a sosreport or a collector bundle), OpenPGP data is an
encrypted report, anything else is one capture.  A directory is a sosreport when it has
``sos_commands/``; else a case directory when it holds sosreport directories or archives;
else a folder of captures.
"""

from __future__ import annotations

import os
from pathlib import Path

from netfacts.errors import ParseError, Severity
from netfacts.limits import current
from netfacts.sources.base import Report, resolve_inside
from netfacts.sources.folder import read_folder, read_single_file
from netfacts.sources.sosreport import (
    Collected,
    Sink,
    encrypted_message,
    is_archive_name,
    is_sosreport_dir,
    read_archive,
    read_directory,
    sniff,
)

__all__ = ["collect", "describe_data", "is_case_directory"]


def collect(source: str | Path, sink: Sink | None = None) -> Collected:
    """Every report of ``source``, handed to ``sink`` (else kept in the result).

    Raises :class:`ParseError` when the source does not exist or cannot be read at all.
    """
    result = Collected()
    target: Sink = sink or result.reports.append
    if str(source) == "live":
        from netfacts.sources.live import read_live

        target(read_live())
        return result
    path = Path(source)
    if not os.path.lexists(path):
        raise ParseError("no such file or directory", source=str(path))
    try:
        if path.is_dir():
            if is_sosreport_dir(path):
                target(read_directory(path))
            else:
                _directory(path, result, target)
            return result
        if not path.is_file():
            raise ParseError("not a regular file or a directory", source=str(path))
        kind = sniff(path)
    except OSError as exc:
        raise ParseError(f"cannot read it: {exc.strerror or exc}", source=str(path)) from None
    if kind == "gpg":
        raise ParseError(encrypted_message(path.name), source=str(path))
    if kind is not None:
        result.extend(read_archive(path, target))
        return result
    report = read_single_file(path)
    if report.files:
        result.found.append(f"{path.name}: " + describe_data(report.files[path.name].data))
    target(report)
    return result


def is_case_directory(path: Path) -> bool:
    """A directory of several reports: sosreport directories or archives (by content)."""
    if is_sosreport_dir(path):
        return False
    for child, _ in _children(path):
        if child.is_dir() and is_sosreport_dir(child):
            return True
        if child.is_file() and _archive_kind(child) is not None:
            return True
    return False


def _children(path: Path) -> list[tuple[Path, bool]]:
    """The entries of a directory, sorted, with whether each stays inside it (links)."""
    limits = current()

    def link_of(relative: str) -> str | None:
        try:
            return os.readlink(path / relative)
        except OSError:
            return None

    children = []
    with os.scandir(path) as listing:
        for index, entry in enumerate(sorted(listing, key=lambda e: e.name)):
            if index >= limits.members:
                break
            if entry.name.startswith("."):
                continue
            inside = not entry.is_symlink() or resolve_inside(
                entry.name, link_of, limits.link_hops) is not None
            children.append((Path(entry.path), inside))
    return children


def _archive_kind(path: Path) -> str | None:
    try:
        return sniff(path)
    except OSError:
        return None


def _directory(path: Path, result: Collected, sink: Sink) -> None:
    """A case directory (sosreports and archives side by side), else a folder of captures."""
    reports = 0

    def count(report: Report) -> None:
        nonlocal reports
        reports += 1
        sink(report)

    for child, inside in _children(path):
        if not inside:
            result.note(f"not followed: {child.name} is a link that leads out of {path.name} "
                        "(or loops)", str(child), severity=Severity.WARNING)
            continue
        try:
            if child.is_dir():
                if is_sosreport_dir(child):
                    count(read_directory(child))
                continue
            if not child.is_file():
                continue
            kind = sniff(child)
        except OSError as exc:
            result.note(f"cannot read {child.name}: {exc.strerror or exc}", str(child))
            continue
        if kind == "gpg":
            result.note(f"skipped {child.name}: {encrypted_message(child.name)}", str(child))
            continue
        if kind is None:
            continue
        try:
            result.extend(read_archive(child, count))
        except ParseError as exc:
            if "not a tar archive" in exc.message and not is_archive_name(child.name):
                result.note(f"{child.name}: {exc.message}; not read", str(child),
                            severity=Severity.INFO, incomplete=False)
            else:
                result.note(f"skipped {child.name}: {exc.message}", str(child))
    if reports:
        result.nested = True
        return
    folder = read_folder(path)
    if not folder.files:
        names = [child.name for child, _ in _children(path)]
        result.found.append(f"{path.name}/: " + (
            "an empty directory" if not names else
            f"a directory of {len(names)} entries, none a sosreport or an archive"))
    else:
        shown = ", ".join(sorted(folder.files)[:5]) + (", ..." if len(folder.files) > 5 else "")
        result.found.append(f"{path.name}/: a folder of {len(folder.files)} file(s) ({shown})")
    sink(folder)


_MAGIC = (
    (b"\x7fELF", "an ELF executable"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"SQLite format 3", "an SQLite database"),
)


def describe_data(data: bytes) -> str:
    """``binary data (an ELF executable)``, ``empty``, ``text (12 lines)``, ..."""
    if not data.strip():
        return "empty" if not data else "only white space"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary data ({what})"
    if is_binary(data):
        return "binary data"
    lines = data.count(b"\n") or 1
    return f"text ({lines} line(s)) not recognised as any command's output"


def is_binary(data: bytes) -> bool:
    """Data that is not text: NUL bytes, or many control bytes, in its first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\x1b\x08\x0c")
    return controls * 10 > len(head)
