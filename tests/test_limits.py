"""Hard limits: hostile input costs little, and every breach marks the result incomplete.

The hostile inputs of ``netfacts.testing.hostile`` are read by the CLI in a child process
(through a small intermediate process, so that the peak RSS measured is the child's own,
not inherited from pytest) with the default limits: each must end with exit status 3
(incomplete, what could be read is used), no traceback, the limit named, and a peak RSS
of at most 300 MiB.  The other tests use small limits (``netfacts.limits.override``).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import netfacts
from netfacts.limits import override
from netfacts.models.snapshot import Snapshot
from netfacts.snapshot import load_reports
from netfacts.sources.base import clip_long_lines, resolve_inside
from netfacts.testing.hostile import HOSTILE, remove_tree
from netfacts.testing.sosreport import build_sosreport, pack

BUDGET_MIB = 300

_MEASURE = r"""
import os, sys
pid = os.fork()
if pid == 0:
    err = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    out = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.execv(sys.executable, [sys.executable, "-m", "netfacts", *sys.argv[3:]])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""

EXPECTED = {  # what the diagnostics must name, per hostile input
    "long-name header claiming 10 GiB": "header_bytes",
    "pax header claiming 10 GiB": "header_bytes",
    "12 x 31 MiB of wanted members": "kept_bytes",
    "4 NUL route files in namespaces": "line_bytes",
    "250 MiB one-line file": "member_bytes",
    "4 MiB of garbage route lines": "diagnostics_per_file",
    "archives nested 1000 deep": "limit nesting",
    "directories 1000 deep": "directory_depth",
    "member names 1000 directories deep": "directory_depth",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("hostile")
    made = {name: build(root) for name, build in HOSTILE.items()}
    yield made
    remove_tree(root)  # the deep directories are too deep for shutil.rmtree


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_cheap_and_incomplete(hostile: dict[str, Path], name: str,
                                               tmp_path: Path) -> None:
    out, err = tmp_path / "out.json", tmp_path / "err.txt"
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(err), str(out), "snapshot",
                             str(hostile[name])], capture_output=True, text=True,
                            check=True, timeout=300)
    status, maxrss = (int(word) for word in result.stdout.split())
    stderr = err.read_text()
    assert "Traceback" not in stderr
    assert status == 3, stderr
    assert maxrss / 1024 <= BUDGET_MIB, f"peak RSS {maxrss / 1024:.0f} MiB"
    data = json.loads(out.read_text())
    assert data["complete"] is False
    nodes = data["nodes"].values() if "nodes" in data else [data]
    diagnostics = [d for node in nodes for d in node["diagnostics"]]
    if "nodes" in data:
        diagnostics += data["diagnostics"]  # the cluster's own
    assert any(EXPECTED[name] in d["message"] and d.get("incomplete")
               for d in diagnostics), stderr
    assert len(out.read_bytes()) < 2 << 20, "the snapshot JSON stays small"


# ---------------------------------------------------------------- limits one by one


def _archive(path: Path, members: list[tuple[str, bytes]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tar:  # type: ignore[call-overload]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


TOP = "sosreport-limits-2026-11-26-abcdefg"
SYSCTL = ("sos_commands/kernel/sysctl_-a", b"net.ipv4.ip_forward = 1\n")


def test_members_limit(tmp_path: Path) -> None:
    members = [(f"{TOP}/{SYSCTL[0]}", SYSCTL[1])]
    members += [(f"{TOP}/var/log/file{i}", b"x") for i in range(50)]
    archive = _archive(tmp_path / "many.tar.gz", members)
    with override(members=20):
        snap = netfacts.load(archive)
    assert isinstance(snap, Snapshot) and not snap.complete
    assert any("limit members" in d.message for d in snap.incomplete)


def test_archive_bytes_limit(tmp_path: Path) -> None:
    members = [(f"{TOP}/{SYSCTL[0]}", SYSCTL[1]), (f"{TOP}/var/big", bytes(200_000))]
    archive = _archive(tmp_path / "big.tar.gz", members)
    with override(archive_bytes=100_000):
        snap = netfacts.load(archive)
    assert isinstance(snap, Snapshot) and not snap.complete
    assert any("archive_bytes" in d.message for d in snap.incomplete)
    assert snap.sysctl["net.ipv4.ip_forward"] == 1


def test_header_chain_limit(tmp_path: Path) -> None:
    info = tarfile.TarInfo("././@LongLink")
    info.type = tarfile.GNUTYPE_LONGNAME
    name = b"x" * 20 + b"\x00"
    info.size = len(name)
    block = info.tobuf(tarfile.GNU_FORMAT) + name + bytes(512 - len(name))
    good = _archive(tmp_path / "good.tar", [(f"{TOP}/{SYSCTL[0]}", SYSCTL[1])],
                    "w").read_bytes()
    path = tmp_path / "chain.tar"
    path.write_bytes(good[: 1024] + block * 40 + bytes(1024))
    with override(header_chain=8):
        snap = netfacts.load(path)
    assert isinstance(snap, Snapshot) and not snap.complete
    assert any("header_chain" in d.message for d in snap.incomplete)


def test_sparse_entries_limit(tmp_path: Path) -> None:
    sparse = tmp_path / "tree" / TOP / "sos_commands/networking/sparse"
    sparse.parent.mkdir(parents=True)
    with sparse.open("wb") as handle:
        for index in range(40):
            handle.seek(index * 8192)
            handle.write(b"data\n")
        handle.truncate(41 * 8192)
    (tmp_path / "tree" / TOP / SYSCTL[0]).parent.mkdir(parents=True)
    (tmp_path / "tree" / TOP / SYSCTL[0]).write_bytes(SYSCTL[1])
    archive = tmp_path / "sparse.tar"
    subprocess.run(["tar", "--format=gnu", "--sparse", "-cf", str(archive), "-C",
                    str(tmp_path / "tree"), TOP], check=True)
    with override(sparse_entries=10):
        reports = load_reports(archive)
    assert reports and any("sparse_entries" in d.message and d.incomplete
                           for d in reports[0].diagnostics)


def test_link_hops_limit_and_loops(tmp_path: Path) -> None:
    links = {f"l{i}": f"l{i + 1}" for i in range(10)}
    links["l10"] = "target"
    assert resolve_inside("l0", links.get, hops=20) == "target"
    assert resolve_inside("l0", links.get, hops=5) is None
    assert resolve_inside("a", {"a": "b", "b": "a"}.get, hops=40) is None
    assert resolve_inside("a/b", {"a": "../x"}.get, hops=40) is None
    assert resolve_inside("a/b", {"a": "c/d"}.get, hops=40) == "c/d/b"


def test_diagnostics_per_file_limit() -> None:
    text = "".join(f"garbage line {i}\n" for i in range(500))
    with override(diagnostics_per_file=100):
        output = netfacts.parse(text, "ip-route")
    assert len(output.diagnostics) == 101
    summary = output.diagnostics[-1]
    assert summary.incomplete and "400 more diagnostic(s) (400 error(s))" in summary.message
    assert summary.severity.value == "error"


def test_directory_walk_limits(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, {"sysctl -a": SYSCTL[1].decode()}, hostname="h")
    deep = report / "sos_commands/networking"
    for _ in range(6):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "file").write_text("x\n")
    with override(directory_depth=4):
        snap = netfacts.load(report)
    assert isinstance(snap, Snapshot) and not snap.complete
    assert any("directory_depth" in d.message for d in snap.incomplete)
    tarball = pack(report, tmp_path / f"{report.name}.tar.gz")
    with override(directory_depth=4):
        copy = netfacts.load(tarball)
    assert isinstance(copy, Snapshot) and copy.digest == snap.digest


@given(st.lists(st.sampled_from([b"a", b"bb", b"\n", b"cccccccc", b"\x00" * 5]), max_size=60),
       st.integers(min_value=1, max_value=12))
def test_clip_long_lines_empties_exactly_the_long_lines(pieces: list[bytes], limit: int
                                                       ) -> None:
    data = b"".join(pieces)
    clipped, numbers = clip_long_lines(data, limit)
    lines = data.split(b"\n")
    expected = [b"" if len(line) > limit else line for line in lines]
    assert clipped.split(b"\n") == expected
    assert numbers == [i + 1 for i, line in enumerate(lines) if len(line) > limit]


def test_a_file_over_member_bytes_is_skipped_everywhere(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, {"sysctl -a": SYSCTL[1].decode(),
                                        "ss -peaonmi": "x" * 5000 + "\n"}, hostname="h")
    for source in (report, pack(report, tmp_path / f"{report.name}.tar.xz")):
        with override(member_bytes=1000):
            snap = netfacts.load(source)
        assert isinstance(snap, Snapshot) and not snap.complete
        assert any("ss_-peaonmi" in d.message and "member_bytes" in d.message
                   for d in snap.incomplete), source

