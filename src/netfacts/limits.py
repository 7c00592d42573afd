"""Hard limits on what any input may cost: one record, documented, overridable in tests.

Every size, depth and count that netfacts reads from its input is bounded by one of
these numbers, so that a hostile or broken source (a tar header that claims 10 GiB, an
archive nested a thousand deep, a megabyte-long line of NUL bytes) costs little time and
memory.  A breach never raises: it becomes a diagnostic that marks the result
*incomplete* (see ``docs/sources.md``, "Limits"), and reading goes on where it safely can.

>>> from netfacts.limits import current, override
>>> current().member_bytes // 2**20
32
>>> with override(member_bytes=1024):
...     current().member_bytes
1024
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["DEFAULT", "Limits", "current", "override"]

_MiB = 1 << 20


class Limits(NamedTuple):
    """The limits in force; every field is documented in ``docs/sources.md``.

    (A named tuple rather than an attrs class: the parsers' fast paths consult it
    without importing attrs.)
    """

    header_bytes: int = _MiB
    """Data of one tar extension header (GNU long name or link, pax extended header)."""
    header_chain: int = 16
    """Extension headers in a row before one member."""
    sparse_entries: int = 65_536
    """Entries of one member's sparse map."""
    member_bytes: int = 32 * _MiB
    """One wanted file (sos itself cuts command output at 25 MiB)."""
    kept_bytes: int = 64 * _MiB
    """Wanted files held in memory at once by one reader (a report's files are let go
    once its snapshot is built)."""
    archive_bytes: int = 64 << 30
    """Decompressed bytes streamed through for one archive, nested archives included."""
    members: int = 500_000
    """Members of one archive, entries of one directory tree."""
    nesting: int = 4
    """Archives inside archives, the outermost counted (a bundle of reports is 2)."""
    directory_depth: int = 32
    """Directory levels below a report's root that are walked."""
    link_hops: int = 40
    """Symbolic links followed to resolve one path (the kernel's own limit)."""
    line_bytes: int = _MiB
    """One line of a file; a longer line is left out (the lines around it are kept)."""
    diagnostics_per_file: int = 1_000
    """Diagnostics kept for one parsed file; the rest are counted in one summary."""


DEFAULT = Limits()
"""The limits netfacts uses unless told otherwise."""

_ACTIVE: contextvars.ContextVar[Limits] = contextvars.ContextVar("netfacts_limits",
                                                                 default=DEFAULT)


def current() -> Limits:
    """The limits in force (:data:`DEFAULT` outside :func:`override`)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def override(**changes: int) -> Iterator[Limits]:
    """Use other limits inside a ``with`` block (tests use small ones)."""
    token = _ACTIVE.set(_ACTIVE.get()._replace(**changes))
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)


def mib(count: int) -> str:
    """``33554432`` → ``"32 MiB"`` (for messages)."""
    if count >= _MiB and count % _MiB == 0:
        return f"{count // _MiB} MiB"
    if count >= 1024 and count % 1024 == 0:
        return f"{count // 1024} KiB"
    return f"{count} bytes"
