"""``netfacts index``: find reports, skip those already indexed, index the rest in parallel.

The work is one task per report (:func:`index_report`): load it with
:func:`netfacts.load`, turn its snapshots into the tables' rows and write them as one
Parquet file per table, named by the report's content hash (so a report indexed again
replaces its own files and nothing else).  Tasks run in this process (``jobs=1``), in a
:class:`concurrent.futures.ProcessPoolExecutor` (``jobs=N``) or on a ``dask.distributed``
cluster (``dask="tcp://..."`` or ``"local"``).  The coordinating process hashes the
reports, writes each report's ``sources`` row once its task is done and runs the checks
of clusters whose nodes come from several reports (sosreports side by side in one
directory).  A task never raises: a report that cannot be read becomes a ``sources`` row
with status ``failed`` and a ``diagnostics`` row.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import resource
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs

from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.fleet._tables import (
    BY_NAME,
    SCHEMA,
    TABLES,
    DiagnosticRow,
    FindingRow,
    SourceInfo,
    plain_columns,
)

__all__ = ["IndexResult", "Unit", "discover", "index"]

META = "_netfacts_fleet.json"
"""The dataset's description file: schema version and tables."""

_ARCHIVE_MAGIC = (b"\xfd7zXZ\x00", b"\x1f\x8b", b"BZh")


# ---------------------------------------------------------------- finding reports


@attrs.frozen
class Unit:
    """A report found under SOURCES: one task."""

    path: str
    kind: str
    """``archive``, ``directory`` (an extracted sosreport), ``json`` or ``folder``."""
    group: str | None = None
    """The directory, when this sosreport sits beside others of the same cluster."""


def _is_sos_dir(path: Path) -> bool:
    return (path / "sos_commands").is_dir()


def _is_archive(path: Path) -> bool:
    from netfacts.sources.sosreport import is_archive_name

    if is_archive_name(path.name):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head.startswith(_ARCHIVE_MAGIC)


def discover(sources: Iterable[str | os.PathLike[str]]) -> list[Unit]:
    """The reports under ``sources``: sosreport archives and collector bundles, extracted
    sosreports, snapshot JSON files; a directory given directly that holds none of them is
    one folder of captures.  Sosreports side by side in one directory form a cluster."""
    units: list[Unit] = []
    for source in sources:
        path = Path(source).absolute()
        if not path.exists():
            raise ParseError("no such file or directory", source=str(path))
        if path.is_file():
            kind = "json" if path.suffix == ".json" else "archive" if _is_archive(path) \
                else "folder"
            units.append(Unit(str(path), kind))
            continue
        found = list(_walk(path))
        units.extend(found if found else [Unit(str(path), "folder")])
    unique = list(dict.fromkeys(units))
    groups: dict[str, int] = {}
    for unit in unique:
        if unit.group is not None:
            groups[unit.group] = groups.get(unit.group, 0) + 1
    return [unit if unit.group is None or groups[unit.group] > 1
            else attrs.evolve(unit, group=None) for unit in unique]


def _walk(root: Path) -> Iterator[Unit]:
    if _is_sos_dir(root):
        yield Unit(str(root), "directory")
        return
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            children = sorted(directory.iterdir())
        except OSError:
            continue
        subdirs = []
        for child in children:
            if child.is_symlink():
                continue
            group = str(directory) if child.name.startswith("sosreport") else None
            if child.is_dir():
                if _is_sos_dir(child):
                    yield Unit(str(child), "directory", group)
                else:
                    subdirs.append(child)
            elif child.is_file():
                if child.suffix == ".json":
                    yield Unit(str(child), "json")
                elif _is_archive(child):
                    yield Unit(str(child), "archive", group)
        pending.extend(reversed(subdirs))


def _hash_file(path: Path, digest: Any) -> None:
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)


def content_id(unit: Unit) -> str:
    """The content hash of what netfacts reads from a report (BLAKE2b, 128 bits)."""
    digest = hashlib.blake2b(digest_size=16)
    path = Path(unit.path)
    if path.is_file():
        _hash_file(path, digest)
        return digest.hexdigest()
    for directory, dirnames, filenames in os.walk(path):
        dirnames.sort()
        for name in sorted(filenames):
            file = Path(directory) / name
            relative = file.relative_to(path).as_posix()
            digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
            if file.is_symlink():
                digest.update(b"->" + os.readlink(file).encode("utf-8", "surrogateescape"))
            elif file.is_file():
                _hash_file(file, digest)
            digest.update(b"\0")
    return digest.hexdigest()


# ---------------------------------------------------------------- one task


@attrs.frozen
class Task:
    """What a worker needs to index one report (small and picklable)."""

    path: str
    kind: str
    report_id: str
    cluster_id: str
    cluster: str | None
    out: str
    grouped: bool
    """Return the snapshots: the cluster's checks run when all its reports are done."""


@attrs.frozen
class TaskResult:
    """What a task sends back: its rows as Arrow tables, and a summary."""

    report_id: str
    status: str
    nodes: int
    error: str | None
    seconds: float
    max_rss_kib: int
    tables: dict[str, Any] = attrs.field(factory=dict, eq=False)
    worker: tuple[int, float] = (0, 0.0)
    """The worker's process id and the CPU seconds it has used so far."""
    """Table name → ``pyarrow.Table`` (``sources`` excepted: the coordinator writes it)."""
    infos: tuple[Any, ...] = ()
    """The :class:`NodeInfo` records (with snapshots), only for grouped reports."""


def index_report(task: Task) -> TaskResult:
    """Index one report: load it and build its rows; never raises."""
    started = time.perf_counter()
    try:
        return _index_report(task, started)
    except Exception as exc:  # one report's failure is a row, not the end of the run
        return failed_result(task, f"{type(exc).__name__}: {exc}", started,
                             traceback.format_exc(limit=-3))


def failed_result(task: Task, message: str, started: float | None = None,
                  detail: str = "") -> TaskResult:
    """The result of a report that could not be indexed: one ``diagnostics`` row."""
    diagnostic = Diagnostic(f"not indexed: {message}", 0, 0, detail.strip(),
                            Severity.ERROR, task.path, incomplete=True)
    tables = {"diagnostics": _arrow_rows("diagnostics", [
        DiagnosticRow(report_id=task.report_id, node_id=None, diagnostic=diagnostic)])}
    seconds = time.perf_counter() - started if started is not None else 0.0
    return TaskResult(task.report_id, "failed", 0, message, seconds, _max_rss(), tables,
                      _worker())


def _index_report(task: Task, started: float) -> TaskResult:
    from netfacts.fleet._rows import finding_rows, node_infos, unit_tables
    from netfacts.models.snapshot import Cluster
    from netfacts.snapshot import load

    # The archive reader draws its own progress on a terminal: not from a worker.
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            loaded = load(task.path)
        except ParseError as exc:
            return failed_result(task, exc.message, started)
    snapshots = loaded.snapshots if isinstance(loaded, Cluster) else (loaded,)
    if not snapshots:
        return failed_result(task, "no node found in it", started)
    infos = node_infos(snapshots, report_id=task.report_id, cluster_id=task.cluster_id,
                       cluster=task.cluster, base=task.path)
    findings = None if task.grouped else finding_rows(infos, task.cluster_id)
    own = loaded.diagnostics if isinstance(loaded, Cluster) else ()
    tables = unit_tables(infos, findings, own, task.report_id)
    return TaskResult(
        task.report_id, "ok" if loaded.complete else "incomplete", len(infos), None,
        time.perf_counter() - started, _max_rss(), tables, _worker(),
        infos=tuple(infos) if task.grouped else (),
    )


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _worker() -> tuple[int, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return os.getpid(), usage.ru_utime + usage.ru_stime


def _arrow_rows(table: str, records: Sequence[Any]) -> Any:
    from netfacts.fleet._rows import arrow_table

    return arrow_table(BY_NAME[table], plain_columns(BY_NAME[table], records))


class _Batch:
    """Rows of several reports, written together: one Parquet file per table per batch.

    A batch's ``sources`` file is written last; a file of another table whose batch has no
    ``sources`` file (a run that stopped half-way) is removed by the next run.
    """

    def __init__(self, out: Path, reports: int = 64, rows: int = 500_000) -> None:
        self.out = out
        self.limit_reports = reports
        self.limit_rows = rows
        self.tables: dict[str, list[Any]] = {}
        self.sources: list[SourceInfo] = []
        self.rows = 0

    def add(self, tables: dict[str, Any], source: SourceInfo, *, last: bool = True) -> None:
        """Add a report's rows; ``last=False`` keeps the batch open for the next report
        (the reports of one cluster are committed together)."""
        for name, table in tables.items():
            if table.num_rows:
                self.tables.setdefault(name, []).append(table)
                self.rows += table.num_rows
        self.sources.append(source)
        if last and (len(self.sources) >= self.limit_reports or self.rows >= self.limit_rows):
            self.flush()

    def flush(self) -> None:
        if not self.sources:
            return
        import pyarrow as pa

        name = _group_id(source.report_id for source in self.sources)
        for table_name, parts in self.tables.items():
            _write(self.out / table_name / f"{name}.parquet", pa.concat_tables(parts))
        _write(self.out / "sources" / f"{name}.parquet", _arrow_rows("sources", self.sources))
        self.tables = {}
        self.sources = []
        self.rows = 0


def _write(target: Path, table: Any) -> None:
    """Write a Parquet file atomically (a temporary name, then renamed)."""
    import pyarrow.parquet as pq

    temporary = target.with_name(f".{target.stem}.{os.getpid()}.tmp")
    pq.write_table(table, temporary, compression="zstd")
    os.replace(temporary, target)


# ---------------------------------------------------------------- the dataset


@attrs.frozen
class IndexResult:
    """What :func:`index` did."""

    out: str
    found: int
    """Reports found under the sources."""
    indexed: int
    skipped: int
    """Already in the dataset (same content hash)."""
    failed: int
    incomplete: int
    nodes: int
    seconds: float
    max_rss_kib: int
    """Largest peak RSS reported by a task (the worker's, in KiB)."""
    cpu_seconds: float = 0.0
    """CPU time (user + system) of the processes that ran the tasks (this one with
    ``jobs=1``), as they reported it after their last task."""


def _prepare(out: Path, force: bool) -> None:
    meta = out / META
    if force:
        for table in TABLES:
            shutil.rmtree(out / table.name, ignore_errors=True)
        meta.unlink(missing_ok=True)
    if meta.exists():
        try:
            schema = json.loads(meta.read_text()).get("schema")
        except (OSError, ValueError, AttributeError):
            schema = None
        if schema != SCHEMA:
            raise ParseError(f"{out} holds a dataset of schema {schema!r}, not {SCHEMA!r}: "
                             "rebuild it with --force", source=str(out))
    elif out.exists() and any(out.iterdir()):
        raise ParseError("the output directory is not empty and is not a netfacts dataset",
                         source=str(out))
    out.mkdir(parents=True, exist_ok=True)
    from netfacts.fleet._rows import arrow_table

    for table in TABLES:
        (out / table.name).mkdir(exist_ok=True)
        empty = out / table.name / "_empty.parquet"
        if not empty.exists():
            _write(empty, arrow_table(table, None))
    committed = {part.stem for part in (out / "sources").glob("*.parquet")}
    for table in TABLES:
        for part in (out / table.name).iterdir():
            if part.name.endswith(".tmp") or (
                    part.suffix == ".parquet" and not part.name.startswith("_")
                    and part.stem not in committed):
                part.unlink()  # left by a run that stopped before its batch was complete
    if not meta.exists():
        meta.write_text(json.dumps({
            "schema": SCHEMA,
            "tables": {t.name: [c.name for c in t.all_columns] for t in TABLES},
        }, indent=1) + "\n")


def _indexed(out: Path) -> dict[str, tuple[str, int, int]]:
    """path → (report_id, size, mtime in µs) of the reports already in the dataset."""
    import pyarrow.parquet as pq

    known: dict[str, tuple[str, int, int]] = {}
    for part in sorted((out / "sources").glob("*.parquet")):
        rows = pq.ParquetFile(part).read(columns=["report_id", "path", "size", "mtime"]
                                         ).to_pylist()
        for row in rows:
            mtime = row["mtime"]
            known[row["path"]] = (row["report_id"], row["size"],
                                  int(mtime.timestamp() * 1_000_000) if mtime else -1)
    return known


def _stat(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns // 1000


def _mtime(micros: int) -> datetime:
    return datetime.fromtimestamp(micros / 1_000_000, tz=timezone.utc)


# ---------------------------------------------------------------- running the tasks


Submit = Callable[[Sequence[Task]], Iterator[tuple[Task, TaskResult | BaseException]]]


def _run_here(tasks: Sequence[Task]) -> Iterator[tuple[Task, TaskResult | BaseException]]:
    for task in tasks:
        yield task, index_report(task)


_PRELOAD = ("netfacts.snapshot", "netfacts.checks", "netfacts.fleet._rows", "pyarrow.parquet")
"""Modules a worker needs for every report (imported once, in the fork server)."""


def _run_processes(jobs: int) -> Submit:
    def run(tasks: Sequence[Task]) -> Iterator[tuple[Task, TaskResult | BaseException]]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # forkserver: no fork of this (threaded, once pyarrow runs) process; the server
        # imports the parsers once and every worker starts from it ready to work.
        context = multiprocessing.get_context("forkserver")
        from netfacts._registry import FAMILIES

        parsers = [family.parser.partition(":")[0] for family in FAMILIES]
        context.set_forkserver_preload([*_PRELOAD, *parsers])
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {pool.submit(index_report, task): task for task in tasks}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except Exception as exc:  # a worker that died
                    yield futures[future], exc

    return run


def _run_dask(address: str, jobs: int) -> Submit:
    def run(tasks: Sequence[Task]) -> Iterator[tuple[Task, TaskResult | BaseException]]:
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None
        if address == "local":
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        try:
            with Client(cluster if cluster is not None else address) as client:
                futures = client.map(index_report, list(tasks), pure=False,
                                     key=[f"netfacts-index-{t.report_id}-{i}"
                                          for i, t in enumerate(tasks)])
                by_key = {future.key: task for future, task in zip(futures, tasks)}
                for future in as_completed(futures):
                    task = by_key[future.key]
                    try:
                        yield task, future.result()
                    except Exception as exc:  # a worker that died
                        yield task, exc
                    future.release()
        finally:
            if cluster is not None:
                cluster.close()

    return run


class _Progress:
    """``indexing 37/200 · 12.3 reports/s · ETA 0:13`` on a terminal; nothing otherwise."""

    def __init__(self, total: int, stream: Any, enabled: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.started = time.monotonic()
        self.enabled = stream.isatty() if enabled is None else enabled
        self.width = 0

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        filled = self.done * 24 // max(self.total, 1)
        line = (f"\rindexing [{'#' * filled}{'.' * (24 - filled)}] {self.done}/{self.total}"
                f"  {rate:.1f} reports/s  ETA {int(left) // 60}:{int(left) % 60:02d}")
        self.width = max(self.width, len(line))
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def _group_id(report_ids: Iterable[str]) -> str:
    digest = hashlib.blake2b(b"group\0", digest_size=16)
    for report_id in sorted(report_ids):
        digest.update(report_id.encode())
    return digest.hexdigest()


def index(
    sources: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    jobs: int = 1,
    dask: str | None = None,
    force: bool = False,
    progress: bool | None = None,
) -> IndexResult:
    """Index every report under ``sources`` into the Parquet dataset ``out``.

    ``jobs``: worker processes (1: this process); ``dask``: a ``dask.distributed``
    scheduler address, or ``"local"`` for a ``LocalCluster`` of ``jobs`` workers (at least
    2).  Reports already in ``out`` (same content hash) are skipped unless ``force``,
    which rebuilds the dataset.  ``progress``: draw a progress bar on stderr (default:
    when stderr is a terminal).
    """
    started = time.perf_counter()
    target = Path(out).absolute()
    units = discover(sources)
    _prepare(target, force)
    known = {} if force else _indexed(target)
    indexed_ids = {entry[0] for entry in known.values()}

    report_ids: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    for unit in units:
        stats[unit.path] = _stat(unit.path)
        previous = known.get(unit.path)
        if previous is not None and unit.kind in ("archive", "json") \
                and previous[1:] == stats[unit.path]:
            report_ids[unit.path] = previous[0]
        else:
            report_ids[unit.path] = content_id(unit)

    groups: dict[str, list[Unit]] = {}
    for unit in units:
        groups.setdefault(unit.group or f"unit:{unit.path}", []).append(unit)
    tasks: list[Task] = []
    units_of: dict[str, Unit] = {}
    pending_groups: dict[str, list[str]] = {}
    skipped = 0
    seen: set[str] = set()
    for key, members in groups.items():
        ids = [report_ids[m.path] for m in members]
        if all(i in indexed_ids for i in ids) or all(i in seen for i in ids):
            skipped += len(members)
            continue
        grouped = len(members) > 1
        cluster_id = _group_id(ids) if grouped else ids[0]
        cluster = Path(key).name if grouped else Path(members[0].path).name
        for member, report_id in zip(members, ids):
            if report_id in seen and not grouped:
                skipped += 1
                continue
            seen.add(report_id)
            units_of[report_id] = member
            tasks.append(Task(member.path, member.kind, report_id, cluster_id, cluster,
                              str(target), grouped))
        if grouped:
            pending_groups[cluster_id] = [t.report_id for t in tasks
                                          if t.cluster_id == cluster_id]

    if dask is not None:
        runner = _run_dask(dask, max(jobs, 2) if dask == "local" else jobs)
    elif jobs > 1 and len(tasks) > 1:
        runner = _run_processes(min(jobs, len(tasks)))
    else:
        runner = _run_here

    bar = _Progress(len(tasks), sys.stderr, progress)
    batch = _Batch(target)
    failed = incomplete = nodes = 0
    max_rss = 0
    waiting: dict[str, dict[str, tuple[TaskResult, SourceInfo]]] = {}
    cpu: dict[int, float] = {}
    try:
        for task, outcome in runner(tasks):
            result = outcome if isinstance(outcome, TaskResult) else failed_result(
                task, f"the worker indexing it died ({type(outcome).__name__}: {outcome})")
            max_rss = max(max_rss, result.max_rss_kib)
            cpu[result.worker[0]] = max(cpu.get(result.worker[0], 0.0), result.worker[1])
            nodes += result.nodes
            failed += result.status == "failed"
            incomplete += result.status == "incomplete"
            unit = units_of[task.report_id]
            size, mtime = stats[unit.path]
            row = SourceInfo(
                report_id=task.report_id, path=unit.path, kind=unit.kind, size=size,
                mtime=_mtime(mtime), cluster_id=task.cluster_id, cluster=task.cluster,
                status=result.status, nodes=result.nodes, error=result.error,
                indexed_at=datetime.now(timezone.utc), seconds=result.seconds)
            if task.grouped:
                waiting.setdefault(task.cluster_id, {})[task.report_id] = (result, row)
                _finish_group(batch, task.cluster_id, pending_groups, waiting)
            else:
                batch.add(result.tables, row)
            bar.step()
        batch.flush()
    finally:
        bar.close()
    return IndexResult(out=str(target), found=len(units), indexed=len(tasks), skipped=skipped,
                       failed=failed, incomplete=incomplete, nodes=nodes,
                       seconds=time.perf_counter() - started, max_rss_kib=max_rss,
                       cpu_seconds=sum(cpu.values()))


def _finish_group(batch: _Batch, cluster_id: str, pending: dict[str, list[str]],
                  waiting: dict[str, dict[str, tuple[TaskResult, SourceInfo]]]) -> None:
    """Once every report of a directory cluster is in, run its checks and add the reports
    to the batch (only then: a cluster cut short is indexed again next run)."""
    from netfacts.fleet._rows import finding_rows, node_names

    members = pending.get(cluster_id, [])
    arrived = waiting.get(cluster_id, {})
    if any(report_id not in arrived for report_id in members):
        return
    del waiting[cluster_id]
    infos = [info for report_id in members for info in arrived[report_id][0].infos]
    # names unique in the whole cluster (node01, node01#2), as the checks give them
    names = node_names([info.snapshot for info in infos])
    renamed = [attrs.evolve(info, node=name) for info, name in zip(infos, names)]
    findings: list[FindingRow] = finding_rows(renamed, cluster_id) if renamed else []
    for position, report_id in enumerate(members):
        result, row = arrived[report_id]
        tables = dict(result.tables)
        mine = [info for info in renamed if info.report_id == report_id]
        if mine:
            tables["nodes"] = _arrow_rows("nodes", mine)
        if position == 0 and findings:
            tables["findings"] = _arrow_rows("findings", findings)
        batch.add(tables, row, last=position == len(members) - 1)
