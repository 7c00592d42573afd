"""Where each piece of network state lives in a sosreport (sos 3.x and 4.x) and in folders.

Pure data: a logical name → the candidate paths, best first, relative to the
report's root.  A candidate is used when present; later candidates are
fallbacks for older sos versions or for reports where a command was skipped.
See ``docs/sources.md`` for the version notes behind each entry.
"""

from __future__ import annotations

import fnmatch
import functools
import re

__all__ = ["CANDIDATES", "NAMESPACE_FILE", "is_wanted", "may_hold_wanted"]

_NET = "sos_commands/networking/"

CANDIDATES: dict[str, tuple[str, ...]] = {
    "hostname": (
        "sos_commands/host/hostname",
        "sos_commands/general/hostname",  # sos <= 3.5
        "hostname",  # root symlink
        "etc/hostname",
        "proc/sys/kernel/hostname",
    ),
    "netns": (_NET + "ip_netns",),
    "hosts": ("etc/hosts",),
    "manifest": ("sos_reports/manifest.json",),
    "version": ("version.txt",),
}
"""Files that are not command families' listings (those are the registry's
:class:`~netfacts._registry.Source` candidates)."""

NAMESPACE_FILE = re.compile(
    r"^sos_commands/networking/(?:namespaces/(?P<dir>[^/]+)/)?"
    r"ip_netns_exec_(?P<rest>.+)$"
)
"""Per-namespace command output: flat (sos 3.3-4.2) or under ``namespaces/<ns>/`` (4.3+)."""

_WANTED_PREFIXES = ("sos_commands/networking/", "sos_strings/networking/", "sos_strings/kernel/")


@functools.cache
def _wanted() -> tuple[frozenset[str], tuple[str, ...]]:
    """Exact paths and glob patterns a snapshot may read: the files above and every
    family source's candidates (:mod:`netfacts._registry`)."""
    from netfacts import _registry

    paths = {path for paths in CANDIDATES.values() for path in paths}
    paths.update(candidate for source in _registry.sources() for candidate in source.candidates)
    exact = frozenset(path for path in paths if "*" not in path and "?" not in path)
    globs = tuple(sorted(path for path in paths if path not in exact))
    return exact, globs


def is_wanted(path: str) -> bool:
    """True for the files a snapshot may read (everything else in a report is skipped)."""
    if path.startswith(_WANTED_PREFIXES):
        return True
    exact, globs = _wanted()
    return path in exact or any(fnmatch.fnmatchcase(path, glob) for glob in globs)


@functools.cache
def _wanted_dirs() -> tuple[frozenset[str], tuple[str, ...]]:
    """Directories of the exact wanted paths, and the fixed directory part of each glob."""
    exact, globs = _wanted()
    dirs = frozenset(path[:index] for path in exact for index, char in enumerate(path)
                     if char == "/")
    fixed = []
    for glob in globs:
        wild = min((glob.index(c) for c in "*?[" if c in glob), default=len(glob))
        fixed.append(glob[: glob.rfind("/", 0, wild) + 1])
    return dirs, tuple(fixed)


def may_hold_wanted(directory: str) -> bool:
    """True for a directory (relative to the report's root) that can hold a wanted file,
    so a directory walk enters only these."""
    dirs, fixed = _wanted_dirs()
    below = directory + "/"
    return directory in dirs or below.startswith(_WANTED_PREFIXES) or any(
        prefix.startswith(below) for prefix in _WANTED_PREFIXES) or any(
        prefix.startswith(below) or below.startswith(prefix) for prefix in fixed if prefix)
