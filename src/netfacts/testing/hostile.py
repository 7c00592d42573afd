"""Hostile inputs, small on disk, for the limit tests and ``benchmarks/bench_hostile.py``.

Each builder writes one input under ``root`` and returns its path.  They are what an
attacker (or a badly broken machine) could hand over: tar headers that claim gigabytes,
megabytes of wanted files that compress to kilobytes, a line of 250 MiB, archives and
directories nested a thousand deep.  With netfacts' default limits every one must be
read with a peak RSS of at most 300 MiB and no traceback; see ``docs/sources.md``.
"""

from __future__ import annotations

import gzip
import lzma
import random
import tarfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["HOSTILE", "build_all", "remove_tree"]

_TOP = "sosreport-hostile-2026-11-26-abcdefg"
_NET = "sos_commands/networking"
_MiB = 1 << 20
_GOOD = [
    ("sos_commands/host/hostname", b"hostile\n"),
    ("sos_commands/kernel/sysctl_-a", b"net.ipv4.ip_forward = 1\nnet.core.somaxconn = 4096\n"),
]
"""What every hostile report also holds, so that what can be read gives a snapshot."""


def _member(name: str, size: int, kind: bytes = tarfile.REGTYPE) -> bytes:
    """One header block (GNU format: sizes over 8 GiB in base-256, as GNU tar writes)."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.type = kind
    return info.tobuf(tarfile.GNU_FORMAT)


def _pad(data: bytes) -> bytes:
    return data + bytes(-len(data) % 512)


def _tar(members: list[tuple[str, bytes]]) -> bytes:
    """A plain tar of regular files, without record padding (a minimal writer)."""
    out = [_member(name, len(data)) + _pad(data) for name, data in members]
    return b"".join(out) + bytes(1024)


def _good(top: str = _TOP) -> bytes:
    """The valid members of a report, as plain tar data (no end blocks)."""
    return _tar([(f"{top}/{name}", data) for name, data in _GOOD])[:-1024]


def long_name_header(root: Path) -> Path:
    """A report, then a GNU long-name header that claims 10 GiB and 1.6 MB of name bytes."""
    data = _good() + _member("././@LongLink", 10 << 30, tarfile.GNUTYPE_LONGNAME) \
        + b"a" * 1_600_000
    path = root / "long-name.tar"
    path.write_bytes(data)
    return path


def pax_header(root: Path) -> Path:
    """A report, then a pax extended header that claims 10 GiB and 1.6 MB of records."""
    record = b"%d path=" % 10 + b"b" * 90 + b"\n"
    data = _good() + _member("././@PaxHeader", 10 << 30, tarfile.XHDTYPE) + record * 16_000
    path = root / "pax-header.tar"
    path.write_bytes(data)
    return path


Body = tuple[bytes, int]
"""A member's data as (chunk, times): the chunk repeated, so that a body of hundreds of
mebibytes is compressed once per chunk, not per byte."""


def _compressed_sosreport(root: Path, name: str, files: list[tuple[str, Body]],
                          kind: str = "gz") -> Path:
    """A sosreport tarball written as concatenated compressed streams (valid gzip and xz,
    as ``pigz`` and ``xz -T`` write them): each repeated chunk is compressed once."""
    compress: Callable[[bytes], bytes] = (
        (lambda data: gzip.compress(data, 1)) if kind == "gz"
        else (lambda data: lzma.compress(data, preset=1)))
    members = [(f"{_TOP}/{relative}", (data, 1)) for relative, data in _GOOD]
    members += [(f"{_TOP}/{relative}", body) for relative, body in files]
    path = root / name
    with path.open("wb") as out:
        for member, (chunk, times) in members:
            size = len(chunk) * times
            out.write(compress(_member(member, size)))
            packed = compress(chunk)
            for _ in range(times):
                out.write(packed)
            out.write(compress(bytes(-size % 512)))
        out.write(compress(bytes(1024)))
    return path


def wanted_members(root: Path) -> Path:
    """Twelve wanted files of 31 MiB of garbage lines each: 372 MiB to keep in memory."""
    line = b"garbage that is no route at all, " * 3 + b"\n"
    chunk = line * (_MiB // len(line))
    files = [(f"{_NET}/namespaces/ns{index}/ip_netns_exec_ns{index}_ip_route_show_table_all",
              (chunk, 31)) for index in range(12)]
    return _compressed_sosreport(root, "wanted-members.tar.gz", files)


def nul_route_files(root: Path) -> Path:
    """Four namespace route files of 31 MiB of NUL bytes (one line each)."""
    files = [(f"{_NET}/namespaces/ns{index}/ip_netns_exec_ns{index}_ip_route_show_table_all",
              (bytes(_MiB), 31)) for index in range(4)]
    return _compressed_sosreport(root, "nul-routes.tar.gz", files)


def one_line_file(root: Path) -> Path:
    """A 250 MiB one-line route file in an xz archive of a few dozen KB."""
    chunk = b"default via 10.0.0.1 dev eth0 " * (_MiB // 30)
    return _compressed_sosreport(root, "one-line.tar.xz",
                                 [(f"{_NET}/ip_route_show_table_all", (chunk, 250))], "xz")


def garbage_routes(root: Path) -> Path:
    """4 MiB of garbage route lines that never repeat (a line per 40 bytes or so)."""
    rng = random.Random(9)
    words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz0123456789./:") for _ in range(8))
             for _ in range(5000)]
    lines = []
    size = 0
    index = 0
    while size < 4 * _MiB:
        line = b" ".join(rng.choice(words) for _ in range(4)) + b" %d\n" % index
        lines.append(line)
        size += len(line)
        index += 1
    return _compressed_sosreport(root, "garbage-routes.tar.gz",
                                 [(f"{_NET}/ip_route_show_table_all", (b"".join(lines), 1))])


def nested_archives(root: Path, depth: int = 1000) -> Path:
    """Archives nested ``depth`` deep, a sosreport at the bottom and one at the top."""
    inner = _tar([(f"{_TOP}-bottom/{_NET}/ip_route_show_table_all",
                   b"default via 10.0.0.1 dev eth0\n")])
    for level in range(depth):
        inner = _tar([(f"level{level}/inner{level}.tar", inner)])
    path = root / "nested.tar"
    path.write_bytes(_good() + inner)
    return path


def deep_directories(root: Path, depth: int = 1000) -> Path:
    """A sosreport directory whose networking directory goes ``depth`` levels down."""
    report = root / "deep" / _TOP
    for name, data in _GOOD:
        (report / name).parent.mkdir(parents=True, exist_ok=True)
        (report / name).write_bytes(data)
    net = report / _NET
    net.mkdir(parents=True)
    (net / "ip_route_show_table_all").write_text("default via 10.0.0.1 dev eth0\n")
    current = net
    for _ in range(depth):  # one component at a time: the whole path is over PATH_MAX
        current.joinpath("d").mkdir()
        current = current / "d"
        if len(str(current)) > 3000:
            break
    return report


def deep_directory_archive(root: Path, depth: int = 1000) -> Path:
    """The same depth as member names inside an archive."""
    deep = "/".join(["d"] * depth)
    return _compressed_sosreport(root, "deep-members.tar.gz", [
        (f"{_NET}/ip_route_show_table_all", (b"default via 10.0.0.1 dev eth0\n", 1)),
        (f"{_NET}/{deep}/ip_route", (b"default via 10.0.0.2 dev eth0\n", 1)),
    ])


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "long-name header claiming 10 GiB": long_name_header,
    "pax header claiming 10 GiB": pax_header,
    "12 x 31 MiB of wanted members": wanted_members,
    "4 NUL route files in namespaces": nul_route_files,
    "250 MiB one-line file": one_line_file,
    "4 MiB of garbage route lines": garbage_routes,
    "archives nested 1000 deep": nested_archives,
    "directories 1000 deep": deep_directories,
    "member names 1000 directories deep": deep_directory_archive,
}
"""Every hostile input, by description."""


def build_all(root: Path) -> dict[str, Path]:
    """Write every hostile input under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    return {name: build(root) for name, build in HOSTILE.items()}




def remove_tree(path: Path) -> None:
    """Remove a directory tree of any depth (``shutil.rmtree`` recurses, and fails at
    depths like those built here)."""
    import os

    stack = [str(path)]
    while stack:
        current = stack[-1]
        try:
            entries = list(os.scandir(current))
        except FileNotFoundError:
            stack.pop()
            continue
        children = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        if children:
            stack.extend(children)
            continue
        os.rmdir(current)
        stack.pop()
