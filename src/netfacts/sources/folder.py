"""A plain folder of captures named after their commands (``ip_addr.txt``, ``netstat.out``...).

Every regular file of the folder and of its direct subfolders is read (hidden ones are
skipped); which command produced it is decided later by :mod:`netfacts.detection` from
its name and content.  A link is followed only when it stays inside the folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from netfacts.limits import current
from netfacts.sources.base import Allowance, Report, resolve_inside

__all__ = ["read_folder", "read_single_file"]


def read_folder(root: Path) -> Report:
    """Read the capture files of ``root`` and of its direct subfolders."""
    limits = current()
    allowance = Allowance(limits)
    report = Report(name=root.name, origin=str(root), layout="folder")

    def link_of(relative: str) -> str | None:
        try:
            return os.readlink(root / relative)
        except OSError:
            return None

    pending = [""]
    entries = 0
    while pending:
        relative_dir = pending.pop(0)
        try:
            with os.scandir(root / relative_dir if relative_dir else root) as listing:
                children = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            report.note(f"cannot read the folder {relative_dir or '.'}: {exc.strerror or exc}",
                        incomplete=True)
            continue
        for entry in children:
            entries += 1
            if entries > limits.members:
                report.note(f"more than {limits.members} entries (limit members); the rest "
                            "was not read", incomplete=True)
                pending.clear()
                break
            if entry.name.startswith("."):
                continue
            relative = f"{relative_dir}/{entry.name}" if relative_dir else entry.name
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    resolved = resolve_inside(relative, link_of, limits.link_hops)
                    if resolved is None:
                        report.note(f"skipped {relative}: the link leads out of the folder "
                                    "(or loops)", source=entry.path, incomplete=True)
                        continue
                    path = root / resolved
                mode = os.stat(path).st_mode
                if stat.S_ISDIR(mode):
                    if not relative_dir:
                        pending.append(relative)
                    continue
                if not stat.S_ISREG(mode):
                    continue
                _read(report, relative, path, allowance)
            except OSError as exc:
                report.note(f"cannot read {relative}: {exc.strerror or exc}", source=entry.path,
                            incomplete=True)
    return report


def read_single_file(path: Path) -> Report:
    """A report holding just the capture file ``path`` (nothing beside it is opened)."""
    report = Report(name=path.name, origin=str(path), layout="folder")
    try:
        _read(report, path.name, path, Allowance())
    except OSError as exc:
        report.note(f"cannot read it: {exc.strerror or exc}", incomplete=True)
    return report


def _read(report: Report, relative: str, path: Path, allowance: Allowance) -> None:
    limits = allowance.limits
    with open(path, "rb") as handle:
        data = handle.read(limits.member_bytes + 1)
    refused = allowance.refuse(len(data))
    if refused is not None:
        report.note(f"skipped {relative}: {refused}", source=str(path), incomplete=True)
        return
    report.add(relative, data, str(path), limits=limits)
