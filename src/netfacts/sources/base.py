"""What every source yields: the files of one node (a report), read-only, in memory.

Also what every reader shares: the in-memory allowance for wanted files
(:class:`Allowance`), the line-length limit (:func:`clip_long_lines`) and the
resolution of links inside a report (:func:`resolve_inside`), so that a directory, its
tarball and its copy inside a bundle give the same files.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable

import attrs

from netfacts.errors import Diagnostic, Severity
from netfacts.limits import Limits, current, mib

__all__ = ["Allowance", "Report", "SourceFile", "clip_long_lines", "resolve_inside",
           "safe_relative"]


@attrs.frozen
class SourceFile:
    """One file of a report, as read."""

    path: str
    """Path relative to the report's root (``sos_commands/networking/ip_-d_address``)."""
    data: bytes
    origin: str = ""
    """Where it was read from (archive member or file on disk), for provenance."""
    truncated: bool = False
    """sos cut the output (``.tailed`` file, or the manifest says so)."""
    command: str | None = None
    """The command that produced it, when the report says (sos 4.x manifest)."""
    shown_as: str | None = None
    """The name to show in provenance when ``path`` is a mapped one (a folder capture
    filed under the sos path of its command keeps its own name here)."""
    kind: str | None = None
    """The ``--as`` kind to parse it as, when detection chose it (folders)."""

    @property
    def name(self) -> str:
        """The file's name for provenance and evidence."""
        return self.shown_as or self.path

    def text(self) -> str:
        """The content as text (invalid UTF-8 replaced)."""
        return self.data.decode("utf-8", errors="replace")


@attrs.define
class Report:
    """The files of one node: a sosreport, a folder of captures, or the live host."""

    name: str
    """The report's name (directory or archive name, or ``live``)."""
    origin: str
    """Where it came from (a path, ``archive.tar.xz:sosreport-x/``, ``live``)."""
    files: dict[str, SourceFile] = attrs.field(factory=dict)
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    layout: str = "sos"
    """``sos``, ``folder`` or ``live``: how file names map to commands."""

    def get(self, path: str) -> SourceFile | None:
        """The file at ``path`` (relative to the root), if it was read."""
        return self.files.get(path)

    def note(self, message: str, *, severity: Severity = Severity.WARNING,
             source: str | None = None, incomplete: bool = False) -> None:
        """Record a report-level diagnostic (no line: it is about a file, not a line).

        ``incomplete=True``: something of the report could not be read (cut, damaged,
        refused, over a limit), so a snapshot of it is not complete.
        """
        self.diagnostics.append(
            Diagnostic(message, 0, 0, "", severity, source or self.origin,
                       incomplete=incomplete)
        )

    @property
    def complete(self) -> bool:
        """Nothing of the report was lost while reading it."""
        return not any(d.incomplete for d in self.diagnostics)

    def add(self, relative: str, data: bytes, origin: str, *, truncated: bool = False,
            limits: Limits | None = None) -> None:
        """Keep a wanted file; ``.tailed`` (cut by sos) is taken off the name and recorded,
        lines over the length limit are left out with a diagnostic."""
        if relative.endswith(".tailed"):
            truncated = True
            relative = relative[: -len(".tailed")]
        limit = (limits or current()).line_bytes
        data, clipped = clip_long_lines(data, limit)
        self.note_clipped(relative, clipped, origin, limit)
        self.files[relative] = SourceFile(relative, data, origin, truncated)

    def note_clipped(self, relative: str, clipped: list[int], origin: str, limit: int) -> None:
        """Say which lines :func:`clip_long_lines` left out of a file (if any)."""
        if not clipped:
            return
        if relative.endswith(".tailed"):
            relative = relative[: -len(".tailed")]
        shown = ", ".join(str(n) for n in clipped[:5]) + (" ..." if len(clipped) > 5 else "")
        self.note(f"{relative}: {len(clipped)} line(s) longer than {mib(limit)} left out "
                  f"(limit line_bytes; line {shown})", source=origin, incomplete=True)

    def digest(self) -> str:
        """A digest of what the report holds: every file's path, cut flag and bytes (not
        where it was read from), so that copies of one report agree however they were
        stored (a tree, its tarball, a member of a collector bundle)."""
        digest = hashlib.sha256()
        for path in sorted(self.files):
            file = self.files[path]
            digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
            digest.update(b"T" if file.truncated else b"F")
            digest.update(len(file.data).to_bytes(8, "big"))
            digest.update(file.data)
        return "sha256:" + digest.hexdigest()

    def file_digests(self) -> dict[str, str]:
        """Per file, a digest of its cut flag and bytes (to tell a partial copy)."""
        return {path: hashlib.sha256((b"T" if f.truncated else b"F") + f.data).hexdigest()
                for path, f in self.files.items()}


def safe_relative(name: str) -> str | None:
    """A member name as a clean relative path, or None when it could escape the root.

    Absolute paths, ``..`` components and empty names are refused.
    """
    if not name or name.startswith(("/", "\\")) or "\x00" in name:
        return None
    normalised = posixpath.normpath(name.replace("\\", "/"))
    if normalised in (".", "") or normalised.startswith("../") or normalised == "..":
        return None
    if any(part == ".." for part in normalised.split("/")):
        return None
    return normalised


class Allowance:
    """What a reader may hold in memory at once: wanted files up to ``kept_bytes`` in all
    (a report's files are given back with :meth:`release` once it has been used)."""

    __slots__ = ("limits", "used")

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or current()
        self.used = 0

    def refuse(self, size: int) -> str | None:
        """Why a wanted file of ``size`` bytes cannot be kept (None: it can, and is counted)."""
        limits = self.limits
        if size > limits.member_bytes:
            return (f"{size} bytes is over the limit of {mib(limits.member_bytes)} for one file "
                    "(member_bytes)")
        if self.used + size > limits.kept_bytes:
            return (f"the wanted files of this source are over {mib(limits.kept_bytes)} in all "
                    "(kept_bytes)")
        self.used += size
        return None

    def release(self, size: int) -> None:
        """``size`` bytes are no longer held."""
        self.used = max(0, self.used - size)


def clip_long_lines(data: bytes, limit: int) -> tuple[bytes, list[int]]:
    """``data`` with every line longer than ``limit`` bytes emptied (its line end kept, so
    the other lines keep their numbers), and the 1-based numbers of those lines.

    Scans in C: windows of ``limit // 2`` bytes without a line end betray a long line
    (every line over ``limit`` holds such a window), then only those lines are measured.
    """
    if len(data) <= limit:
        return data, []
    window = max(limit // 2, 1)
    spans: list[tuple[int, int]] = []
    position = 0
    size = len(data)
    while position < size:
        if data.find(b"\n", position, position + window) != -1:
            position += window
            continue
        start = data.rfind(b"\n", 0, position) + 1
        end = data.find(b"\n", position)
        end = size if end == -1 else end
        if end - start > limit and (not spans or spans[-1][0] != start):
            spans.append((start, end))
        position = end + 1
    if not spans:
        return data, []
    pieces: list[bytes] = []
    numbers: list[int] = []
    previous = 0
    line = 1
    for start, end in spans:
        line += data.count(b"\n", previous, start)
        numbers.append(line)
        pieces.append(data[previous:start])
        previous = end
    pieces.append(data[previous:])
    return b"".join(pieces), numbers


def resolve_inside(relative: str, link_of: Callable[[str], str | None],
                   hops: int | None = None) -> str | None:
    """The path inside a report that ``relative`` names once symbolic links are followed.

    ``link_of(path)`` gives the target of the link at ``path`` (None: not a link).  Every
    component is resolved, as the kernel does; ``None`` when a target is absolute, climbs
    out of the report, or more than ``hops`` links are met (a loop).  Iterative.
    """
    limit = current().link_hops if hops is None else hops
    pending = list(reversed(relative.split("/")))
    resolved: list[str] = []
    followed = 0
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            if not resolved:
                return None
            resolved.pop()
            continue
        candidate = "/".join([*resolved, part])
        target = link_of(candidate)
        if target is None:
            resolved.append(part)
            continue
        followed += 1
        if followed > limit or not target or target.startswith("/"):
            return None
        pending.extend(reversed(target.split("/")))
    return "/".join(resolved) if resolved else None
