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
from typing import TYPE_CHECKING, Any

import attrs

from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.fleet._tables import (
    BY_NAME,
    SCHEMA,
    TABLES,
    DiagnosticRow,
    SourceInfo,
    plain_columns,
)
from netfacts.fleet._workers import forkserver, preload
from netfacts.limits import Limits, current, mib, override

if TYPE_CHECKING:
    from netfacts.models.snapshot import Cluster, Snapshot

__all__ = ["IndexResult", "Unit", "discover", "index"]

META = "_netfacts_fleet.json"
"""The dataset's description file: schema version and tables."""

_ARCHIVE_MAGIC = (b"\xfd7zXZ\x00", b"\x1f\x8b", b"BZh")


# ---------------------------------------------------------------- finding reports


@attrs.frozen
class Unit:
    """A report found under SOURCES."""

    path: str
    kind: str
    """``archive``, ``directory`` (an extracted sosreport), ``json`` or ``folder``."""
    group: str | None = None
    """The directory, when this report sits beside others of the same cluster (sosreports
    side by side, with at most one collector bundle): read together as one cluster."""


@attrs.frozen
class Note:
    """Something met while looking for reports that is not one: a link not followed, a
    directory too deep or too large to search, an entry that cannot be read."""

    path: str
    message: str
    incomplete: bool = True
    """Reports may have been missed because of it."""


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
    one folder of captures.  Sosreports side by side in one directory (and the one collector
    bundle beside them, if any) form a cluster."""
    return _discover(sources)[0]


def _discover(sources: Iterable[str | os.PathLike[str]]) -> tuple[list[Unit], list[Note]]:
    """The reports under ``sources``, and what was met that is not one (see :class:`Note`)."""
    units: list[Unit] = []
    notes: list[Note] = []
    for source in sources:
        path = Path(source).absolute()
        if not os.path.lexists(path):
            raise ParseError("no such file or directory", source=str(path))
        if path.is_file():
            kind = "json" if path.suffix == ".json" else "archive" if _is_archive(path) \
                else "folder"
            units.append(Unit(str(path), kind))
            continue
        if not path.is_dir():
            notes.append(Note(str(path), "not a regular file or a directory (a dangling "
                              "link, a device, a FIFO?): not read"))
            continue
        found = list(_walk(path, notes))
        units.extend(found if found else [Unit(str(path), "folder")])
    unique = list(dict.fromkeys(units))
    groups: dict[str, int] = {}
    for unit in unique:
        if unit.group is not None:
            groups[unit.group] = groups.get(unit.group, 0) + 1
    return [unit if unit.group is None or groups[unit.group] > 1
            else attrs.evolve(unit, group=None) for unit in unique], notes


def _inside(link: Path, root: Path) -> bool:
    """A symbolic link that leads to an existing entry inside ``root`` (found there by
    the walk itself); False for one that leads out, dangles or loops."""
    try:
        target = Path(os.path.realpath(link, strict=True))
    except (OSError, RuntimeError):  # dangling, or a loop
        return False
    return target.is_relative_to(os.path.realpath(root))


def _listing(directory: Path) -> tuple[list[os.DirEntry[str]], str | None]:
    """A directory's entries sorted by name, or why it cannot be listed."""
    try:
        with os.scandir(directory) as listing:
            return sorted(listing, key=lambda entry: entry.name), None
    except OSError as exc:
        return [], f"cannot list it: {exc.strerror or exc}"


def _walk(root: Path, notes: list[Note]) -> Iterator[Unit]:
    """The reports under ``root``, searched breadth by breadth without recursion, within
    the limits (:mod:`netfacts.limits`: ``directory_depth`` levels, ``members`` entries in
    all); links are not followed (one that leads out of ``root`` is noted)."""
    if _is_sos_dir(root):
        yield Unit(str(root), "directory")
        return
    limits = current()
    pending: list[tuple[Path, int]] = [(root, 0)]
    entries = 0
    while pending:
        directory, depth = pending.pop()
        children, problem = _listing(directory)
        if problem:
            notes.append(Note(str(directory), problem))
            continue
        found: list[tuple[str, Path]] = []
        subdirs: list[Path] = []
        for entry in children:
            entries += 1
            if entries > limits.members:
                notes.append(Note(str(root), f"more than {limits.members} entries under it "
                                  "(limit members): the rest was not searched"))
                return
            child = Path(entry.path)
            try:
                if entry.is_symlink():
                    if not _inside(child, root):
                        notes.append(Note(str(child), f"not followed: {child.name} is a link "
                                          f"that leads out of {root} (or dangles, or loops)"))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if _is_sos_dir(child):
                        found.append(("directory", child))
                    elif depth >= limits.directory_depth:
                        notes.append(Note(str(child), f"not searched: more than "
                                          f"{limits.directory_depth} directory levels below "
                                          f"{root} (limit directory_depth)"))
                    else:
                        subdirs.append(child)
                elif entry.is_file(follow_symlinks=False):
                    if child.suffix == ".json":
                        found.append(("json", child))
                    elif _is_archive(child):
                        found.append(("archive", child))
            except OSError as exc:
                notes.append(Note(str(child), f"cannot read it: {exc.strerror or exc}"))
        yield from _side_by_side(directory, found)
        pending.extend((subdir, depth + 1) for subdir in reversed(subdirs))


def _side_by_side(directory: Path, found: list[tuple[str, Path]]) -> Iterator[Unit]:
    """The reports of one directory: sosreports side by side are one cluster, and so is a
    single collector bundle beside them (a case folder holding each report extracted, as
    its tarball and inside the bundle); several bundles are clusters of their own."""
    reports = [path for kind, path in found if kind != "json"
               and path.name.startswith("sosreport")]
    bundles = [path for kind, path in found if kind == "archive"
               and not path.name.startswith("sosreport")]
    together = set(reports) | (set(bundles) if reports and len(bundles) == 1 else set())
    for kind, path in found:
        yield Unit(str(path), kind, str(directory) if path in together else None)


def _hash_file(path: Path, digest: Any) -> int:
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size


def content_id(unit: Unit, problems: list[str] | None = None) -> str:
    """The content hash of what netfacts reads from a report (BLAKE2b, 128 bits): a file's
    bytes, or a directory's file names, link targets and bytes.  A directory is walked
    without recursion and within the limits (``directory_depth``, ``members``,
    ``archive_bytes``); what was left out or could not be read is said in ``problems``
    (the hash then covers the rest).  Raises :class:`OSError` when a file given as the
    report cannot be read."""
    digest = hashlib.blake2b(digest_size=16)
    path = Path(unit.path)
    if not path.is_dir():
        _hash_file(path, digest)
        return digest.hexdigest()
    limits = current()
    said = problems if problems is not None else []
    pending: list[tuple[Path, int]] = [(path, 0)]
    entries = hashed = 0
    while pending:
        directory, depth = pending.pop()
        children, problem = _listing(directory)
        if problem:
            said.append(f"{directory}: {problem}")
            continue
        subdirs = []
        for entry in children:
            entries += 1
            if entries > limits.members:
                said.append(f"{path}: more than {limits.members} entries (limit members); "
                            "the content hash covers the first ones")
                return digest.hexdigest()
            file = Path(entry.path)
            relative = file.relative_to(path).as_posix()
            digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
            try:
                if entry.is_symlink():
                    digest.update(b"->" + os.readlink(file).encode("utf-8", "surrogateescape"))
                elif entry.is_dir(follow_symlinks=False):
                    if depth >= limits.directory_depth:
                        said.append(f"{file}: more than {limits.directory_depth} directory "
                                    "levels (limit directory_depth); not in the content hash")
                    else:
                        subdirs.append(file)
                elif entry.is_file(follow_symlinks=False):
                    if hashed > limits.archive_bytes:
                        said.append(f"{path}: more than {mib(limits.archive_bytes)} of files "
                                    "(limit archive_bytes); the content hash covers the "
                                    "first ones")
                        return digest.hexdigest()
                    hashed += _hash_file(file, digest)
            except OSError as exc:
                said.append(f"{file}: cannot read it: {exc.strerror or exc}")
                digest.update(b"!unreadable")
            digest.update(b"\0")
        pending.extend((subdir, depth + 1) for subdir in reversed(subdirs))
    return digest.hexdigest()


# ---------------------------------------------------------------- one task


@attrs.frozen
class Task:
    """What a worker needs to index one report, or the reports of one cluster read
    together (small and picklable)."""

    paths: tuple[str, ...]
    report_ids: tuple[str, ...]
    cluster_id: str
    cluster: str | None
    limits: Limits = attrs.field(factory=current)
    """The limits in force where the run was started (workers read under them too)."""


@attrs.frozen
class Outcome:
    """How one report of a task went."""

    report_id: str
    status: str
    """``ok``, ``incomplete`` or ``failed``."""
    nodes: int
    error: str | None = None


@attrs.frozen
class TaskResult:
    """What a task sends back: its rows as Arrow tables, and a summary."""

    outcomes: tuple[Outcome, ...]
    seconds: float
    max_rss_kib: int
    tables: dict[str, Any] = attrs.field(factory=dict, eq=False)
    """Table name → ``pyarrow.Table`` (``sources`` excepted: the coordinator writes it)."""
    worker: tuple[int, float] = (0, 0.0)
    """The worker's process id and the CPU seconds it has used so far."""
    cpu: float = 0.0
    """CPU seconds (user + system) of the task itself: of the thread that ran it (a Dask
    worker's other threads talk to the scheduler meanwhile)."""


def index_report(task: Task) -> TaskResult:
    """Index one report (or one cluster's): load it and build its rows; never raises."""
    started, cpu = time.perf_counter(), time.thread_time()
    try:
        with override(**task.limits._asdict()):
            result = _index_report(task, started)
    except Exception as exc:  # one report's failure is a row, not the end of the run
        result = failed_result(task, f"{type(exc).__name__}: {exc}", started,
                               traceback.format_exc(limit=-3))
    return attrs.evolve(result, cpu=time.thread_time() - cpu)


def _not_indexed(report_id: str, path: str, message: str, detail: str = "") -> DiagnosticRow:
    return DiagnosticRow(report_id=report_id, node_id=None, diagnostic=Diagnostic(
        f"not indexed: {message}", 0, 0, detail.strip(), Severity.ERROR, path,
        incomplete=True))


def failed_result(task: Task, message: str, started: float | None = None,
                  detail: str = "") -> TaskResult:
    """The result of a task whose reports could not be indexed: a ``diagnostics`` row each."""
    tables = {"diagnostics": _arrow_rows("diagnostics", [
        _not_indexed(report_id, path, message, detail)
        for path, report_id in zip(task.paths, task.report_ids)])}
    seconds = time.perf_counter() - started if started is not None else 0.0
    outcomes = tuple(Outcome(report_id, "failed", 0, message) for report_id in task.report_ids)
    return TaskResult(outcomes, seconds, _max_rss(), tables, _worker())


def _index_report(task: Task, started: float) -> TaskResult:
    from netfacts.fleet._rows import finding_rows, node_infos, unit_tables
    from netfacts.models.snapshot import Cluster
    from netfacts.snapshot import combine, load

    loaded: list[Snapshot | Cluster] = []
    read: list[tuple[str, str]] = []
    failures: dict[str, str] = {}
    for path, report_id in zip(task.paths, task.report_ids):
        # The archive reader draws its own progress on a terminal: not from a worker.
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                loaded.append(load(path))
                read.append((path, report_id))
            except ParseError as exc:
                failures[report_id] = exc.message
    if not loaded:
        return failed_result(task, next(iter(failures.values())), started)
    # the reports of a cluster read together: copies of a report (a tree, its tarball,
    # its member of the bundle beside them) become one node, as netfacts.load does
    whole = loaded[0] if len(loaded) == 1 else combine(loaded, origin=task.cluster)
    snapshots = whole.snapshots if isinstance(whole, Cluster) else (whole,)
    infos = node_infos(snapshots, report_id=read[0][1], cluster_id=task.cluster_id,
                       cluster=task.cluster, base=read[0][0], members=read)
    own = whole.diagnostics if isinstance(whole, Cluster) else ()
    tables = unit_tables(infos, finding_rows(infos, task.cluster_id), own, read[0][1],
                         members=read)
    if failures:
        rows = [_not_indexed(report_id, path, failures[report_id])
                for path, report_id in zip(task.paths, task.report_ids)
                if report_id in failures]
        tables["diagnostics"] = _concat([tables["diagnostics"],
                                         _arrow_rows("diagnostics", rows)])
    complete = {report_id: True for _, report_id in read}
    for part, (_, report_id) in zip(loaded, read):
        complete[report_id] = part.complete
    outcomes = tuple(
        Outcome(report_id, "failed", 0, failures[report_id]) if report_id in failures
        else Outcome(report_id, "ok" if complete[report_id] else "incomplete",
                     sum(1 for info in infos if info.report_id == report_id))
        for report_id in task.report_ids)
    return TaskResult(outcomes, time.perf_counter() - started, _max_rss(), tables, _worker())


def _concat(tables: Sequence[Any]) -> Any:
    import pyarrow as pa

    return pa.concat_tables(tables)


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

    def add(self, tables: dict[str, Any], sources: Sequence[SourceInfo]) -> None:
        """Add the rows of a task (one report, or the reports of one cluster)."""
        for name, table in tables.items():
            if table.num_rows:
                self.tables.setdefault(name, []).append(table)
                self.rows += table.num_rows
        self.sources.extend(sources)
        if len(self.sources) >= self.limit_reports or self.rows >= self.limit_rows:
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
    task_cpu_seconds: float = 0.0
    """CPU time of the tasks alone (loading the reports and building their rows), summed:
    the work per report, whatever runs it."""


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


def _run_processes(jobs: int) -> Submit:
    def run(tasks: Sequence[Task]) -> Iterator[tuple[Task, TaskResult | BaseException]]:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=jobs, mp_context=forkserver()) as pool:
            futures = {pool.submit(index_report, task): task for task in tasks}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except Exception as exc:  # a worker that died
                    yield futures[future], exc

    return run


_LOCAL_DASK = {
    "distributed.worker.multiprocessing-method": "forkserver",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.profile.enabled": False,
}
"""The configuration of the cluster ``--dask local`` starts."""


def _run_dask(address: str, jobs: int) -> Submit:
    def run(tasks: Sequence[Task]) -> Iterator[tuple[Task, TaskResult | BaseException]]:
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None
        if address == "local":
            import dask
            from distributed.utils import get_mp_context

            # the workers are forked from one server that imported distributed and the
            # parsers once, not started as fresh interpreters that import them each; their
            # event loops check for blocking once a second, not every 20 ms, and no
            # profiler samples the tasks' stacks 100 times a second (an idle cluster of two
            # kept a sixth of a core busy, a third of it with these)
            with dask.config.set(_LOCAL_DASK):
                get_mp_context().set_forkserver_preload(["distributed", *preload()])
                cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
        try:
            with Client(cluster if cluster is not None else address) as client:
                futures = client.map(index_report, list(tasks), pure=False,
                                     key=[f"netfacts-index-{t.cluster_id}-{i}"
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
    if dask is None and jobs > 1:
        forkserver()  # its imports overlap the search for reports and their hashing
    units, notes = _discover(sources)
    _prepare(target, force)
    known = {} if force else _indexed(target)
    indexed_ids = {entry[0] for entry in known.values()}
    batch = _Batch(target)
    present = {} if force else _nodes(target)

    report_ids: dict[str, str] = {}
    stats: dict[str, tuple[int, int]] = {}
    problems: dict[str, list[str]] = {}
    unreadable: list[Unit] = []
    for unit in units:
        try:
            stats[unit.path] = _stat(unit.path)
            previous = known.get(unit.path)
            if previous is not None and unit.kind in ("archive", "json") \
                    and previous[1:] == stats[unit.path]:
                report_ids[unit.path] = previous[0]
            else:
                report_ids[unit.path] = content_id(unit, problems.setdefault(unit.path, []))
        except OSError as exc:
            notes.append(Note(unit.path, f"cannot read it: {exc.strerror or exc}"))
            unreadable.append(unit)
    _add_notes(batch, notes, indexed_ids)

    groups: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.path in report_ids:
            groups.setdefault(unit.group or f"unit:{unit.path}", []).append(unit)
    tasks: list[Task] = []
    units_of: dict[str, Unit] = {}
    skipped = 0
    seen: set[str] = set()
    for key, members in groups.items():
        ids = [report_ids[m.path] for m in members]
        if all(i in indexed_ids for i in ids) or all(i in seen for i in ids):
            skipped += len(members)
            continue
        grouped = len(members) > 1
        if not grouped and ids[0] in seen:
            skipped += 1
            continue
        seen.update(ids)
        units_of.update(zip(ids, members))
        tasks.append(Task(tuple(m.path for m in members), tuple(ids),
                          _group_id(ids) if grouped else ids[0],
                          Path(key).name if grouped else Path(members[0].path).name))

    # the largest first, so that no worker is left with a large report while the others
    # have finished (an extracted report or a folder, whose size a directory does not
    # tell, counts as large); the dataset does not depend on the order
    tasks.sort(key=lambda task: -sum(
        stats[path][0] if units_of[report_id].kind in ("archive", "json") else 1 << 40
        for path, report_id in zip(task.paths, task.report_ids)))
    if dask is not None:
        runner = _run_dask(dask, max(jobs, 2) if dask == "local" else jobs)
    elif jobs > 1 and len(tasks) > 1:
        runner = _run_processes(min(jobs, len(tasks)))
    else:
        runner = _run_here

    bar = _Progress(len(tasks), sys.stderr, progress)
    failed = incomplete = nodes = 0
    max_rss = 0
    cpu: dict[int, float] = {}
    task_cpu = 0.0
    try:
        for task, outcome in runner(tasks):
            result = outcome if isinstance(outcome, TaskResult) else failed_result(
                task, f"the worker indexing it died ({type(outcome).__name__}: {outcome})")
            max_rss = max(max_rss, result.max_rss_kib)
            cpu[result.worker[0]] = max(cpu.get(result.worker[0], 0.0), result.worker[1])
            task_cpu += result.cpu
            tables = _drop_copies(result.tables, present)
            kept = tables["nodes"].column("report_id").to_pylist() if "nodes" in tables else []
            rows = []
            extra = []
            for path, one in zip(task.paths, result.outcomes):
                one = attrs.evolve(one, nodes=kept.count(one.report_id))
                nodes += one.nodes
                failed += one.status == "failed"
                incomplete += one.status == "incomplete"
                unit = units_of[one.report_id]
                size, mtime = stats[unit.path]
                extra += [_note_row(one.report_id, path, text, Severity.WARNING, False)
                          for text in problems.get(path, ())]
                rows.append(SourceInfo(
                    report_id=one.report_id, path=unit.path, kind=unit.kind, size=size,
                    mtime=_mtime(mtime), cluster_id=task.cluster_id, cluster=task.cluster,
                    status=one.status, nodes=one.nodes, error=one.error,
                    indexed_at=datetime.now(timezone.utc), seconds=result.seconds))
            if extra:
                tables["diagnostics"] = _concat([tables["diagnostics"],
                                                 _arrow_rows("diagnostics", extra)])
            batch.add(tables, rows)
            bar.step()
        batch.flush()
    finally:
        bar.close()
    return IndexResult(out=str(target), found=len(units), indexed=len(units_of),
                       skipped=skipped, failed=failed + len(unreadable), incomplete=incomplete,
                       nodes=nodes, seconds=time.perf_counter() - started,
                       max_rss_kib=max_rss, cpu_seconds=sum(cpu.values()),
                       task_cpu_seconds=task_cpu)


def _nodes(out: Path) -> dict[str, str]:
    """node id → origin of the nodes already in the dataset."""
    import pyarrow.parquet as pq

    present: dict[str, str] = {}
    for part in sorted((out / "nodes").glob("*.parquet")):
        table = pq.ParquetFile(part).read(columns=["node_id", "origin"])
        present.update(zip(table.column("node_id").to_pylist(),
                           table.column("origin").to_pylist()))
    return present


def _drop_copies(tables: dict[str, Any], present: dict[str, str]) -> dict[str, Any]:
    """A task's tables without the nodes already indexed (copies of one report in two
    clusters, or in the dataset already): one node is one node.  A ``diagnostics`` row
    says where each dropped copy was and where the node is."""
    nodes = tables.get("nodes")
    if nodes is None or not nodes.num_rows:
        return dict(tables)
    ids = nodes.column("node_id").to_pylist()
    origins = nodes.column("origin").to_pylist()
    reports = nodes.column("report_id").to_pylist()
    hostnames = nodes.column("hostname").to_pylist()
    copies = {node: (origin, report, host)
              for node, origin, report, host in zip(ids, origins, reports, hostnames)
              if node in present}
    for node, origin in zip(ids, origins):
        present.setdefault(node, origin or "")
    if not copies:
        return dict(tables)
    import pyarrow as pa
    import pyarrow.compute as pc  # a quarter of a second to import: only when needed

    drop = pa.array(list(copies), pa.string())
    kept = {}
    for name, table in tables.items():
        if name != "findings" and "node_id" in table.column_names:
            table = table.filter(pc.invert(pc.fill_null(
                pc.is_in(table.column("node_id"), value_set=drop), False)))
        kept[name] = table
    notes = [_note_row(report, origin or "", f"a copy of node {host or '?'} (same files, same "
                       f"bytes) already indexed from {present[node]}: not indexed again",
                       Severity.INFO, False) for node, (origin, report, host) in copies.items()]
    kept["diagnostics"] = _concat([kept["diagnostics"], _arrow_rows("diagnostics", notes)])
    return kept


def _note_row(report_id: str, path: str, message: str, severity: Severity,
              incomplete: bool) -> DiagnosticRow:
    return DiagnosticRow(report_id=report_id, node_id=None, diagnostic=Diagnostic(
        message, 0, 0, "", severity, path, incomplete=incomplete))


def _add_notes(batch: _Batch, notes: Sequence[Note], indexed: set[str]) -> None:
    """What the search met that is not a report: a ``sources`` row (``kind = 'entry'``,
    ``status = 'skipped'``) and a ``diagnostics`` row each, once per dataset."""
    rows = []
    diagnostics = []
    now = datetime.now(timezone.utc)
    for note in dict.fromkeys(notes):
        report_id = hashlib.blake2b(f"note\0{note.path}\0{note.message}".encode(
            "utf-8", "surrogateescape"), digest_size=16).hexdigest()
        if report_id in indexed:
            continue
        indexed.add(report_id)
        diagnostics.append(_note_row(report_id, note.path, note.message,
                                     Severity.WARNING, note.incomplete))
        rows.append(SourceInfo(report_id=report_id, path=note.path, kind="entry", size=0,
                               mtime=now, cluster_id=report_id, cluster=None,
                               status="skipped", nodes=0, error=note.message,
                               indexed_at=now, seconds=0.0))
    if rows:
        batch.add({"diagnostics": _arrow_rows("diagnostics", diagnostics)}, rows)
