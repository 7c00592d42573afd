"""Fleet indexing: generated clusters into Parquet, queried with DuckDB.

The fleet: cluster c001 captured healthy on 2026-10-26 and with the faults of
``fixtures/k8s/faulty`` on 2026-11-26 (collector bundles), c002 healthy as a case folder
of three sosreport tarballs whose second worker repeats the first one's hostname, c003
healthy in the sos 3.x layout with gzip, and a corrupt "sosreport" (random bytes).
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")
pytest.importorskip("dask.distributed")

import pyarrow as pa
import pyarrow.parquet as pq

import netfacts
from _fleet import ClusterSpec, build_cluster, expected_faults
from conftest import ROOT
from netfacts.checks import run_checks
from netfacts.fleet import TABLES, index, query, to_arrow
from netfacts.fleet._index import _Progress
from netfacts.fleet._rows import arrow_schema
from netfacts.fleet._tables import schema_markdown
from netfacts.models.snapshot import Cluster

DOC = (ROOT / "docs" / "fleet.md").read_text()
QUERIES = dict(re.findall(r"<!-- query: (\w+) -->\n```sql\n(.*?)```", DOC, re.S))

SPECS = (
    ClusterSpec(1, "healthy", date="2026-10-26"),
    ClusterSpec(1, "faulty", date="2026-11-26"),
    ClusterSpec(2, "healthy", form="folder", duplicate_hostname=True),
    ClusterSpec(3, "healthy", layout="3.x", suffix=".tar.gz"),
)
FAULTY = SPECS[1]
VOLATILE = {"sources": ("indexed_at", "seconds")}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fleet") / "cases"
    for spec in SPECS:
        build_cluster(spec, root)
    corrupt = root / "sosreport-broken-2026-11-26-zzz.tar.xz"
    corrupt.write_bytes(random.Random(14).randbytes(4096))
    return root


@pytest.fixture(scope="module")
def dataset(fleet: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("datasets") / "j2"
    result = index([fleet], out, jobs=2, progress=False)
    assert (result.found, result.indexed, result.failed) == (7, 7, 1)
    return out


def _rows(dataset: Path, name: str) -> list[tuple[Any, ...]]:
    table = pq.read_table(dataset / name)  # pyarrow skips _empty.parquet (leading "_")
    drop = [c for c in VOLATILE.get(name, ()) if c in table.column_names]
    table = table.drop_columns(drop)
    return sorted(tuple(map(repr, row.values())) for row in table.to_pylist())


def _sql(dataset: Path, name: str) -> list[tuple[Any, ...]]:
    return query(dataset, QUERIES[name])[1]


def _cluster(spec: ClusterSpec) -> str:
    return f"sos-collector-{spec.name}-{spec.date}-{spec.source}.tar.xz"


# ---------------------------------------------------------------- the dataset


def test_every_table_is_a_folder_of_parquet_with_its_schema(dataset: Path) -> None:
    for table in TABLES:
        parts = sorted((dataset / table.name).glob("*.parquet"))
        assert parts, table.name
        for part in parts:
            schema = pq.read_schema(part)
            assert schema.equals(arrow_schema(table), check_metadata=True), part
    _, rows = query(dataset, "SELECT count(*) FROM read_parquet("
                        f"'{dataset}/sysctls/**/*.parquet')")
    assert rows[0][0] > 12 * 100  # every node's sysctl -a


def test_nodes_have_stable_ids_and_capture_times(dataset: Path, fleet: Path,
                                                tmp_path: Path) -> None:
    _, rows = query(dataset, "SELECT hostname, captured_at, node_id, complete FROM nodes "
                    "ORDER BY ALL")
    assert len(rows) == 12
    assert {str(r[1].date()) for r in rows if r[0] == "c001-w1"} == {"2026-10-26",
                                                                     "2026-11-26"}
    assert all(r[3] for r in rows)
    again = index([fleet], tmp_path / "again", progress=False)
    assert again.nodes == 12
    assert _rows(tmp_path / "again", "nodes") == _rows(dataset, "nodes")


def test_a_corrupt_report_is_a_row_not_the_end(dataset: Path) -> None:
    rows = _sql(dataset, "unreadable")
    assert len(rows) == 1
    path, status, severity, message = rows[0]
    assert path.endswith("sosreport-broken-2026-11-26-zzz.tar.xz")
    assert (status, severity) == ("failed", "error")
    assert message.startswith("not indexed: ")


def test_rows_carry_provenance(dataset: Path) -> None:
    _, rows = query(dataset, "SELECT file, line, value FROM sysctls s JOIN nodes n "
                    "USING (node_id) WHERE n.hostname = 'c003-w1' AND key = 'net.ipv4.ip_forward'")
    assert rows == [("sos_commands/kernel/sysctl_-a", rows[0][1], "1")]
    _, lines = query(dataset, "SELECT count(*) FROM sockets WHERE line IS NULL")
    assert lines == [(0,)]


# ---------------------------------------------------------------- the docs' queries


def _expected_rows(name: str) -> list[tuple[Any, ...]]:
    faults = {fault["check"]: fault for fault in expected_faults(FAULTY)}
    cluster = _cluster(FAULTY)
    if name == "required_ports":
        etcd, kubelet = faults["etcd_peer_port"], faults["kubelet_port"]
        held = re.search(r"held by (\w+)", kubelet["detail"])
        assert held is not None
        return [(cluster, etcd["node"], 2380, "etcd", None),
                (cluster, kubelet["node"], 10250, "kubelet", f"{held.group(1)}: master")]
    if name == "ip_forward":
        fault = faults["ip_forward"]
        value = re.search(r"ip_forward = (\d)", fault["detail"])
        assert value is not None
        return [(cluster, fault["node"], value.group(1))]
    if name == "duplicate_mac":
        fault = faults["duplicate_mac"]
        return [(cluster, fault["mac"], sorted(fault["nodes"]))]
    if name == "duplicate_hostname":
        spec = next(s for s in SPECS if s.duplicate_hostname)
        return [(f"case-{spec.name}-{spec.date}", spec.hostname("node02"), 2)]
    if name == "pod_routes":
        fault = faults["pod_routes"]
        return [(cluster, fault["node"], FAULTY.hostname("node02"),
                 fault["missing_route"].split()[0])]
    if name == "mtu_mismatch":
        fault = faults["mtu_mismatch"]
        mtus = re.search(r"MTU (\d+) on \S+, (\d+) on", fault["detail"])
        assert mtus is not None
        return [(cluster, fault["node"], fault["interface"], int(mtus.group(1)),
                 int(mtus.group(2)))]
    raise AssertionError(name)


@pytest.mark.parametrize("name", ["required_ports", "ip_forward", "duplicate_mac",
                                  "duplicate_hostname", "pod_routes", "mtu_mismatch"])
def test_doc_query_returns_exactly_the_injected_faults(dataset: Path, name: str) -> None:
    rows = _sql(dataset, name)
    if name == "ip_forward":
        rows = [row[:3] for row in rows]
    assert rows == _expected_rows(name)


def test_doc_query_port_10250(dataset: Path) -> None:
    fault = next(f for f in expected_faults(FAULTY) if f["check"] == "kubelet_port")
    rows = _sql(dataset, "port_10250")
    assert [(r[0], r[1], r[2]) for r in rows] == [(_cluster(FAULTY), fault["node"],
                                                   "nginx: master")]


def test_doc_query_routes_removed_between_captures(dataset: Path) -> None:
    fault = next(f for f in expected_faults(FAULTY) if f["check"] == "pod_routes")
    dst, _, gateway, _, dev, *_ = fault["missing_route"].split()
    rows = _sql(dataset, "routes_removed")
    assert [(r[0], str(r[1].date()), str(r[2].date()), *r[3:]) for r in rows] == [
        (fault["node"], "2026-10-26", "2026-11-26", dst, gateway, dev)]


def test_findings_are_the_checks_of_each_cluster(dataset: Path, fleet: Path) -> None:
    bundle = fleet / _cluster(FAULTY)
    loaded = netfacts.load(bundle)
    assert isinstance(loaded, Cluster)
    want = sorted((f.node, f.check, f.message) for f in run_checks([loaded]))
    _, rows = query(dataset, "SELECT f.node, f.check_name, f.message FROM findings f "
                    "JOIN sources s ON s.cluster_id = f.cluster_id "
                    f"WHERE s.path = '{bundle}' ORDER BY ALL")
    assert rows == want
    # the case folder's three tarballs are one cluster: checked together, and its nodes
    # are named as the checks name them
    case = [r for r in _sql(dataset, "findings") if r[0].startswith("case-")]
    assert [r[2] for r in case] == ["duplicate_hostname", "duplicate_hostname"]
    _, names = query(dataset, "SELECT node FROM nodes WHERE cluster LIKE 'case-%' ORDER BY 1")
    assert [n for (n,) in names] == sorted(["c002-cp", "c002-w1", "c002-w1#2"])
    assert sorted(r[1] for r in case) == ["c002-w1", "c002-w1#2"]


# ---------------------------------------------------------------- runs


def test_reindexing_adds_nothing(dataset: Path, fleet: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in dataset.rglob("*.parquet")}
    result = index([fleet], dataset, jobs=2, progress=False)
    assert (result.indexed, result.skipped) == (0, 7)
    assert {p: p.stat().st_mtime_ns for p in dataset.rglob("*.parquet")} == before


def test_new_reports_are_added_and_force_rebuilds(dataset: Path, fleet: Path,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "grow"
    first = index([fleet / _cluster(SPECS[0])], out, progress=False)
    assert (first.indexed, first.nodes) == (1, 3)
    second = index([fleet], out, progress=False)
    assert (second.indexed, second.skipped) == (6, 1)
    assert _rows(out, "interfaces") == _rows(dataset, "interfaces")
    forced = index([fleet], out, force=True, progress=False)
    assert (forced.indexed, forced.skipped) == (7, 0)


def test_one_process_two_processes_and_dask_give_identical_datasets(
        dataset: Path, fleet: Path, tmp_path: Path) -> None:
    serial = tmp_path / "serial"
    index([fleet], serial, jobs=1, progress=False)
    distributed = tmp_path / "dask"
    result = index([fleet], distributed, jobs=2, dask="local", progress=False)
    assert (result.indexed, result.failed) == (7, 1)
    for table in TABLES:
        expected = _rows(dataset, table.name)
        assert _rows(serial, table.name) == expected, table.name
        assert _rows(distributed, table.name) == expected, table.name


def test_to_arrow_gives_every_table_for_a_snapshot(fleet: Path) -> None:
    loaded = netfacts.load(fleet / _cluster(FAULTY))
    assert isinstance(loaded, Cluster)
    tables = to_arrow(loaded.snapshots[1])
    assert set(tables) == {table.name for table in TABLES}
    assert all(isinstance(t, pa.Table) for t in tables.values())
    assert tables["nodes"].num_rows == 1
    sysctls = dict(zip(tables["sysctls"].column("key").to_pylist(),
                       tables["sysctls"].column("value").to_pylist()))
    assert sysctls["net.ipv4.ip_forward"] == str(loaded.snapshots[1].sysctl[
        "net.ipv4.ip_forward"])
    assert tables["addresses"].schema.field("family").type == pa.string()
    assert tables["sockets"].schema.field("local_port").type == pa.int32()
    assert tables["nodes"].schema.field("captured_at").type == pa.timestamp("us", tz="UTC")


# ---------------------------------------------------------------- CLI and docs


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netfacts", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_cli_index_and_query(fleet: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    done = _cli("index", str(fleet / _cluster(SPECS[3])), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "1 report(s) indexed (3 nodes)" in done.stderr
    assert "\r" not in done.stderr  # no progress bar when stderr is not a terminal
    failed = _cli("index", str(fleet), "--out", str(out), "-j", "2", "-q")
    assert failed.returncode == 3 and failed.stderr == ""  # the corrupt report
    done = _cli("query", str(out), "SELECT node, value FROM sysctls JOIN nodes "
                "USING (node_id) WHERE key = 'net.ipv4.ip_forward' AND value = '0'",
                "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"node,value\n{FAULTY.hostname('node01')},0\n"
    bad = _cli("query", str(out), "SELECT nope FROM nodes")
    assert bad.returncode == 2 and "query failed" in bad.stderr
    assert _cli("query", str(tmp_path), "SELECT 1").returncode == 2


def test_progress_bar_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    bar = _Progress(3, quiet)
    bar.step()
    bar.close()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    bar = _Progress(4, shown, enabled=True)
    bar.step()
    bar.step()
    bar.close()
    assert "2/4" in shown.getvalue() and "reports/s" in shown.getvalue()
    assert "ETA" in shown.getvalue()


def test_docs_list_the_schema_as_declared() -> None:
    section = DOC.split("<!-- schema: begin -->")[1].split("<!-- schema: end -->")[0]
    assert section.strip() == schema_markdown().strip(), \
        "regenerate it: python -m netfacts.fleet._tables docs/fleet.md"


def test_an_existing_folder_that_is_not_a_dataset_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(netfacts.ParseError, match="not empty"):
        index([tmp_path / "notes.txt"], tmp_path, progress=False)
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_without_the_extra_the_commands_say_what_to_install(tmp_path: Path) -> None:
    for args in (["index", str(tmp_path), "--out", str(tmp_path / "out")],
                 ["query", str(tmp_path), "SELECT 1"]):
        code = ("import sys; sys.modules['pyarrow'] = sys.modules['duckdb'] = None; "
                f"from netfacts.cli import main; sys.exit(main({args!r}))")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 2
        assert "pip install 'netfacts[fleet]'" in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_incomplete_report_is_indexed_and_says_so(tmp_path: Path) -> None:
    from _k8s import build_node

    report = build_node("healthy", "node01", tmp_path / "case")
    route = report / "sos_commands" / "networking" / "ip_route_show_table_all"
    route.unlink()
    route.symlink_to("/etc/hostname")  # leaves the report: refused, so the routes are lost
    out = tmp_path / "out"
    result = index([tmp_path / "case"], out, progress=False)
    assert (result.indexed, result.incomplete, result.failed) == (1, 1, 0)
    _, rows = query(out, "SELECT s.status, n.complete, d.incomplete, d.message FROM sources s "
                    "JOIN nodes n USING (report_id) JOIN diagnostics d USING (node_id) "
                    "WHERE d.incomplete")
    assert rows and all(r[:3] == ("incomplete", False, True) for r in rows)
    assert any("ip_route_show_table_all" in r[3] for r in rows)
    done = _cli("index", str(tmp_path / "case"), "--out", str(tmp_path / "cli"), "-q")
    assert done.returncode == 3


def test_files_of_an_unfinished_batch_are_removed(dataset: Path, fleet: Path,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "stopped"
    index([fleet / _cluster(SPECS[3])], out, progress=False)
    part = next(p for p in (out / "nodes").glob("*.parquet") if not p.name.startswith("_"))
    stray = out / "nodes" / "0123456789abcdef0123456789abcdef.parquet"
    stray.write_bytes(part.read_bytes())  # as if a run stopped before writing its sources
    result = index([fleet / _cluster(SPECS[3])], out, progress=False)
    assert (result.indexed, result.skipped) == (0, 1)
    assert not stray.exists()
    _, rows = query(out, "SELECT count(*) FROM nodes")
    assert rows == [(3,)]
