"""Fleet indexing of messy case folders: copies of a report are one node, and the search for
reports stays within the limits whatever the folder holds (links that loop or lead out,
trees deeper or larger than the limits); what it meets becomes rows, never the end of a run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")

import pyarrow.parquet as pq

import netfacts
from _k8s import NODES, build_node
from netfacts.checks import run_checks
from netfacts.fleet import index, query
from netfacts.fleet._index import Unit, _discover, content_id
from netfacts.limits import override
from netfacts.models.snapshot import Cluster
from netfacts.testing.sosreport import pack, pack_bundle

WHERE = {"nodes": ("cluster_id", "cluster"), "findings": ("cluster_id",)}
"""Columns that say which cluster a row was read in (a folder's name, or a bundle's)."""


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A support case folder: the faulty cluster's bundle, its control plane's report
    extracted and as its tarball, and node01's tarball (both copies of bundle members)."""
    root = tmp_path_factory.mktemp("fleet-copies")
    work, folder = root / "work", root / "case-4711"
    folder.mkdir()
    archives = []
    for node in NODES:
        tree = build_node("faulty", node, work / node)
        archives.append(pack(tree, work / f"{tree.name}.tar.xz"))
        if node == "controlplane":
            shutil.copytree(tree, folder / tree.name, symlinks=True)
        if node in ("controlplane", "node01"):
            shutil.copy2(archives[-1], folder / archives[-1].name)
    pack_bundle(archives, folder / "sos-collector-faulty-2026-11-26-abcde.tar.xz")
    return folder


def _bundle(case: Path) -> Path:
    return next(case.glob("sos-collector-*"))


def _rows(dataset: Path, name: str) -> list[tuple[Any, ...]]:
    table = pq.read_table(dataset / name)
    table = table.drop_columns([c for c in WHERE.get(name, ()) if c in table.column_names])
    return sorted(tuple(map(repr, row.values())) for row in table.to_pylist())


def test_a_case_folder_with_copies_is_indexed_as_its_bundle(case: Path, tmp_path: Path
                                                            ) -> None:
    folder = index([case], tmp_path / "folder", progress=False)
    bundle = index([_bundle(case)], tmp_path / "bundle", progress=False)
    assert (folder.found, folder.indexed, folder.nodes, folder.failed) == (4, 4, 3, 0)
    assert bundle.nodes == 3
    for table in ("nodes", "interfaces", "addresses", "routes", "neighbours", "sockets",
                  "sysctls", "findings"):
        assert _rows(tmp_path / "folder", table) == _rows(tmp_path / "bundle", table), table
    # the checks found the bundle's faults, and nothing about the copies
    loaded = netfacts.load(_bundle(case))
    assert isinstance(loaded, Cluster)
    want = sorted((f.node, f.check) for f in run_checks([loaded]))
    _, found = query(tmp_path / "folder", "SELECT node, check_name FROM findings ORDER BY ALL")
    assert found == want and not any(c == "duplicate_hostname" for _, c in found)
    # one sources row per file, all in one cluster; the copies say they were merged
    _, sources = query(tmp_path / "folder", "SELECT status, nodes, count(DISTINCT cluster_id) "
                       "OVER () FROM sources ORDER BY path")
    assert sorted(r[1] for r in sources) == [0, 0, 0, 3] and {r[2] for r in sources} == {1}
    _, merged = query(tmp_path / "folder", "SELECT message FROM diagnostics "
                      "WHERE message LIKE '%copies of one report%merged%'")
    assert len(merged) == 2  # controlplane (three copies) and node01 (two)
    assert any("3 copies" in m for (m,) in merged)


def test_reindexing_a_case_folder_adds_nothing(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    index([case], out, progress=False)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    result = index([case], out, jobs=2, progress=False)
    assert (result.indexed, result.skipped) == (0, 4)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == before


def test_a_copy_in_another_cluster_is_not_a_second_node(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "grow"
    index([_bundle(case)], out, progress=False)
    elsewhere = tmp_path / "other-case"
    elsewhere.mkdir()
    tarball = next(case.glob("sosreport-*.tar.xz"))
    shutil.copy2(tarball, elsewhere / tarball.name)
    result = index([elsewhere], out, progress=False)
    assert (result.indexed, result.nodes) == (1, 0)
    _, nodes = query(out, "SELECT count(*), count(DISTINCT node_id) FROM nodes")
    assert nodes == [(3, 3)]
    _, interfaces = query(out, "SELECT count(*) FROM (SELECT node_id, namespace, ifname, "
                          "count(*) AS n FROM interfaces GROUP BY ALL) WHERE n > 1")
    assert interfaces == [(0,)]
    _, notes = query(out, "SELECT d.message FROM diagnostics d JOIN sources s "
                     f"USING (report_id) WHERE s.path = '{elsewhere / tarball.name}'")
    assert [m for (m,) in notes if "already indexed from" in m]


def test_node_ids_follow_the_content_not_the_file(case: Path, tmp_path: Path) -> None:
    tree = next(p for p in case.iterdir() if p.is_dir())
    one = index([tree], tmp_path / "tree", progress=False)
    assert one.nodes == 1
    _, tree_id = query(tmp_path / "tree", "SELECT node_id, digest FROM nodes")
    index([_bundle(case)], tmp_path / "bundle", progress=False)
    _, bundle_ids = query(tmp_path / "bundle", "SELECT node_id, digest FROM nodes")
    assert tree_id[0] in bundle_ids and tree_id[0][1].startswith("sha256:")


# ---------------------------------------------------------------- limits


def _deep(top: Path, levels: int) -> Path:
    """``top/x/x/.../x``, made level by level (``mkdir(parents=True)`` recurses)."""
    path = top
    for _ in range(levels):
        path = path / "x"
        path.mkdir()
    return path


def _remove_deep(top: Path) -> None:
    """Remove a tree too deep for ``shutil.rmtree``: from the bottom up."""
    for directory, _, filenames in reversed(list(_levels(top))):
        for name in filenames:
            (directory / name).unlink()
        directory.rmdir()


def _levels(top: Path) -> list[tuple[Path, list[str], list[str]]]:
    found, pending = [], [top]
    while pending:
        directory = pending.pop()
        names = os.listdir(directory)
        dirs = [n for n in names if (directory / n).is_dir() and not (directory / n).is_symlink()]
        found.append((directory, dirs, [n for n in names if n not in dirs]))
        pending.extend(directory / n for n in dirs)
    return found


@pytest.fixture
def scratch(tmp_path: Path) -> Any:
    """A temporary directory whose deep trees are removed even when the test fails."""
    yield tmp_path
    for child in tmp_path.iterdir():
        if child.is_dir() and not child.is_symlink():
            _remove_deep(child)


def _entries(dataset: Path) -> list[tuple[str, str, str, str]]:
    _, rows = query(dataset, "SELECT s.kind, s.status, d.severity, d.message FROM sources s "
                    "JOIN diagnostics d USING (report_id) WHERE s.kind = 'entry' ORDER BY ALL")
    return rows


def test_links_that_loop_or_lead_out_are_rows(case: Path, tmp_path: Path) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    shutil.copy2(_bundle(case), folder / _bundle(case).name)
    (folder / "loop").symlink_to(folder)  # inside: its target is searched as itself
    (folder / "self").symlink_to("self")  # a loop of one link
    (folder / "outside").symlink_to(case)  # leads out of the folder
    units, notes = _discover([folder])
    assert [Path(u.path).name for u in units] == [_bundle(case).name]
    assert sorted(Path(n.path).name for n in notes) == ["outside", "self"]
    result = index([folder], tmp_path / "out", progress=False)
    assert (result.indexed, result.nodes) == (1, 3)
    rows = _entries(tmp_path / "out")
    assert len(rows) == 2 and all(r[:3] == ("entry", "skipped", "warning") for r in rows)
    assert all("not followed" in r[3] for r in rows)
    again = index([folder], tmp_path / "out", progress=False)
    assert again.indexed == 0 and len(_entries(tmp_path / "out")) == 2  # noted once


def test_deep_and_large_trees_are_searched_within_the_limits(case: Path, scratch: Path
                                                             ) -> None:
    tmp_path = scratch
    folder = tmp_path / "deep"
    folder.mkdir()
    deep = _deep(folder, 1200)  # far past any recursion limit
    shutil.copy2(_bundle(case), deep / _bundle(case).name)
    shallow = folder / "x" / "x"
    shutil.copy2(next(case.glob("sosreport-*.tar.xz")), shallow / "sosreport-copy.tar.xz")
    units, notes = _discover([folder])
    assert [Path(u.path).name for u in units] == ["sosreport-copy.tar.xz"]
    assert len(notes) == 1 and "limit directory_depth" in notes[0].message
    with override(directory_depth=1):
        units, notes = _discover([folder])
    assert [u.kind for u in units] == ["folder"]  # nothing found: a folder of captures
    assert "more than 1 directory levels" in notes[0].message
    for number in range(30):
        (folder / f"note-{number:02d}.txt").write_text("hello\n")
    with override(members=20):
        units, notes = _discover([folder])
    assert [u.kind for u in units] == ["folder"] and [n.message for n in notes] == [
        "more than 20 entries under it (limit members): the rest was not searched"]
    result = index([folder], tmp_path / "out", progress=False)
    assert (result.indexed, result.nodes) == (1, 1)
    assert any("limit directory_depth" in r[3] for r in _entries(tmp_path / "out"))


def test_hashing_a_hostile_tree_is_bounded(case: Path, scratch: Path) -> None:
    tmp_path = scratch
    tree = tmp_path / "sosreport-hostile"
    shutil.copytree(next(p for p in case.iterdir() if p.is_dir()), tree, symlinks=True)
    (tree / "sos_commands" / "loop").symlink_to("..")
    (tree / "etc_loop").symlink_to("etc_loop")
    (tree / "var").mkdir(exist_ok=True)
    deep = _deep(tree / "var", 1200)
    (deep / "bottom").write_text("deep\n")
    problems: list[str] = []
    first = content_id(Unit(str(tree), "directory"), problems)
    assert first == content_id(Unit(str(tree), "directory"))
    assert len(problems) == 1 and "limit directory_depth" in problems[0]
    with override(members=5):
        problems = []
        content_id(Unit(str(tree), "directory"), problems)
    assert problems == [f"{tree}: more than 5 entries (limit members); the content hash "
                        "covers the first ones"]
    with override(archive_bytes=1000):
        problems = []
        content_id(Unit(str(tree), "directory"), problems)
    assert "limit archive_bytes" in problems[0]
    out = tmp_path / "out"
    result = index([tree], out, jobs=1, progress=False)
    assert (result.indexed, result.failed, result.nodes) == (1, 0, 1)
    _, rows = query(out, "SELECT severity, incomplete, message FROM diagnostics "
                    "WHERE message LIKE '%content hash%' OR message LIKE '%directory levels%'")
    assert ("warning", False) in {r[:2] for r in rows}


def test_workers_read_under_the_limits_of_the_run(case: Path, tmp_path: Path) -> None:
    with override(member_bytes=1024):
        result = index([_bundle(case)], tmp_path / "out", jobs=2, progress=False)
        serial = index([_bundle(case)], tmp_path / "serial", jobs=1, progress=False)
    assert result.incomplete == serial.incomplete == 1
    # the tasks' own CPU time is part of their processes' (the benchmark reads both)
    assert 0 < serial.task_cpu_seconds <= serial.cpu_seconds
    assert 0 < result.task_cpu_seconds <= result.cpu_seconds
    _, rows = query(tmp_path / "out", "SELECT count(*) FROM diagnostics WHERE incomplete "
                    "AND message LIKE '%member_bytes%'")
    assert rows[0][0] > 0


def test_a_fifo_is_never_opened(case: Path, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    shutil.copy2(_bundle(case), folder / _bundle(case).name)
    os.mkfifo(folder / "sosreport-fifo.tar.xz")  # named like a report: opening it would hang
    result = index([folder, folder / "sosreport-fifo.tar.xz"], tmp_path / "out",
                   progress=False)
    assert (result.indexed, result.nodes, result.failed) == (1, 3, 0)
    assert [r[3] for r in _entries(tmp_path / "out")] == [
        "not a regular file or a directory (a dangling link, a device, a FIFO?): not read"]
