"""What every source yields: the files of one node (a report), read-only, in memory."""

from __future__ import annotations

import posixpath

import attrs

from netfacts.errors import Diagnostic, Severity

__all__ = ["Report", "SourceFile", "safe_relative"]


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
             source: str | None = None) -> None:
        """Record a report-level diagnostic (no line: it is about a file, not a line)."""
        self.diagnostics.append(
            Diagnostic(message, 0, 0, "", severity, source or self.origin)
        )


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
