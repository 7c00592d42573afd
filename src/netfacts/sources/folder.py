"""A plain folder of captures named after their commands (``ip_addr.txt``, ``netstat.out``...).

Every regular file up to two levels deep is read; which command produced it is
decided later by :mod:`netfacts.detection` from its name and content.
"""

from __future__ import annotations

from pathlib import Path

from netfacts.sources.base import Report, SourceFile

__all__ = ["MAX_FILE", "read_folder"]

MAX_FILE = 64 * 1024 * 1024


def read_folder(root: Path) -> Report:
    """Read the capture files of ``root`` (hidden files and oversized files skipped)."""
    report = Report(name=root.name, origin=str(root), layout="folder")
    root_real = root.resolve()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.count("/") > 1 or any(part.startswith(".") for part in relative.split("/")):
            continue
        try:
            if not path.is_file() or root_real not in path.resolve().parents:
                continue
            size = path.stat().st_size
            if size > MAX_FILE:
                report.note(f"skipped {relative}: {size} bytes is too large", source=str(path))
                continue
            report.files[relative] = SourceFile(relative, path.read_bytes(), str(path))
        except OSError as exc:
            report.note(f"cannot read {relative}: {exc.strerror or exc}", source=str(path))
    return report
