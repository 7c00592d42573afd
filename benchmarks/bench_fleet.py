"""Indexing a fleet of reports against loading them with ``netfacts.load`` in a loop.

Builds (once, cached under ``--cache``) about ``--reports`` sosreports: varied three-node
clusters made from the captured ones in ``fixtures/k8s`` (``tests/_fleet.py``: own
hostnames, addresses, MACs and capture dates; every fifth cluster with the injected
faults; collector bundles and case folders of tarballs; sos 4.x and 3.x layouts; xz and
gzip).  Then times, side by side in one run as whole processes, interleaved round by round:

* ``netfacts.load`` of every report in a loop, in one process (the reference: parsing);
* ``netfacts index FLEET --out DIR --force`` with ``-j 1``, ``-j 2``, ``--dask local -j 2``
  (a ``LocalCluster`` started and stopped by the run) and ``--dask tcp://...`` (a cluster of
  2 workers already running, as a shared cluster would be: its start-up is not counted).

Two ceilings come first: what the machine gives two CPU-bound processes (a pure Python
loop, alone and two at once), and what it gives this very work (each half of the fleet
indexed by its own ``netfacts index -j 1``, one after the other and both at once: nothing
shared but the machine).  Wall and CPU times of the whole processes are printed with their
ratios, and the load average before and after (the development machine is shared: wall
times are only comparable within one run).  The running cluster is started before its
run in each round and stopped after it, neither counted: idle, its heartbeats keep about a
fifth of a core busy, which would be taken from the other runs.  Then the same
variants run in this process, round by round, to split the CPU time: the coordinating
process, the worker processes (imports included) and the tasks alone (each task's own CPU
time: the work per report).

Targets (issue #14): ``-j 1`` at most 1.3x the reference; ``-j 2`` at least 1.7x faster
than ``-j 1`` and at most 1.3x the reference divided by 2; ``--dask local`` within 20 % of
``-j 2``.  Memory: the peak RSS of a worker (reported by the tasks) when indexing a quarter
of the fleet and the whole fleet, which stays the same when the work is one report at a time.

    python benchmarks/bench_fleet.py [--reports 200] [--repeat 3] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import Run, _run_with_usage, compile_package, report_runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

LOOP = (
    "import sys, netfacts\n"
    "for path in sys.argv[1:]:\n"
    "    netfacts.load(path)\n"
)


SPIN = "s = 0\nfor i in range(10_000_000):\n    s += i * i % 7\n"
"""Pure CPU work in one Python process (no I/O, no memory to speak of)."""


def two_at_once(commands: list[list[str]], repeat: int) -> tuple[float, float]:
    """Median wall times of two commands run one after the other, and at once."""
    import subprocess
    import time

    apart: list[float] = []
    pair: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        for argv in commands:
            subprocess.run(argv, check=True)
        apart.append(time.perf_counter() - start)
        start = time.perf_counter()
        procs = [subprocess.Popen(argv) for argv in commands]
        for proc in procs:
            proc.wait()
        pair.append(time.perf_counter() - start)
    return statistics.median(apart), statistics.median(pair)


def machine_scaling(repeat: int) -> float:
    """The speed-up this machine gives two CPU-bound processes over one: the ceiling for
    ``-j 2`` (two vCPUs that share a physical core, or a busy host, give less than 2)."""
    apart, pair = two_at_once([[sys.executable, "-c", SPIN]] * 2, repeat)
    print(f"this machine, a CPU-bound loop: alone {apart / 2:.2f} s, two at once "
          f"{pair:.2f} s: 2 processes do {apart / pair:.2f}x the work of 1")
    return apart / pair


def workload_scaling(halves: tuple[list[str], list[str]], work: Path, repeat: int) -> float:
    """The speed-up two processes give on this very work, with nothing shared: each half
    of the fleet indexed by its own ``netfacts index -j 1`` (its own imports, its own
    dataset), first one after the other, then both at once.  The ceiling for ``-j 2`` on
    this machine and this fleet (memory and caches are shared, unlike in a pure loop)."""
    apart, pair = two_at_once(
        [[sys.executable, "-m", "netfacts", "index", *half, "--force", "-q",
          "--out", str(work / f"half{index}"), "-j", "1"] for index, half in enumerate(halves)],
        repeat)
    print(f"this fleet, two halves indexed by two processes: one after the other "
          f"{apart:.2f} s, at once {pair:.2f} s: {apart / pair:.2f}x")
    return apart / pair


def _import_all(names: list[str]) -> None:
    import importlib

    for name in names:
        importlib.import_module(name)


def _running_cluster() -> Any:
    """A running cluster of 2 workers, as ``--dask ADDRESS`` finds it: started, and its
    workers have imported the parsers (as after an earlier run)."""
    from dask.distributed import Client, LocalCluster

    from netfacts.fleet._workers import preload

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    with Client(cluster) as client:
        client.run(_import_all, preload())
    return cluster


def rounds(commands: dict[str, list[str]], running: list[str], repeat: int) -> list[Run]:
    """Median wall and CPU time and peak memory of each command, whole processes run round
    by round after one warm-up round, then of ``running + [ADDRESS]`` against a cluster of
    2 workers started before it and stopped after it in every round: its start-up is not
    counted (a shared cluster is already running), and it is not running during the other
    commands (idle, its heartbeats keep about a fifth of a core busy)."""
    names = [*commands, "running"]
    results: dict[str, list[tuple[float, int, float]]] = {name: [] for name in names}
    for index in range(repeat + 1):
        for name, argv in commands.items():
            results[name].append(_run_with_usage(argv))
        cluster = _running_cluster()
        try:
            results["running"].append(_run_with_usage([*running, cluster.scheduler_address]))
        finally:
            cluster.close()
        if index == 0:  # the warm-up round (file cache, byte-compiled modules)
            results = {name: [] for name in names}
    return [Run(statistics.median(r[0] for r in results[name]),
                statistics.median(r[2] for r in results[name]),
                max(r[1] for r in results[name])) for name in names]


def build(reports: int, cache: Path) -> Path:
    from _fleet import build_cluster, fleet_specs

    fleet = cache / f"fleet-{reports}"
    done = fleet / ".complete"
    if done.exists():
        return fleet
    shutil.rmtree(fleet, ignore_errors=True)
    for spec in fleet_specs(reports):
        build_cluster(spec, fleet)
    done.write_text("ok\n")
    return fleet


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


VARIANTS = ("load loop", "index -j 1", "index -j 2", "index --dask local -j 2",
            "index --dask tcp:// (running)")


def cpu_rounds(fleet: Path, paths: list[str], reports: int, work: Path, *, repeat: int,
               address: str) -> dict[str, tuple[float, float, float]]:
    """CPU seconds (user + system) of each variant, run in this process round by round:
    this process (the coordinator), the worker processes (from their start: imports
    included), and the tasks alone (each task's own CPU time, summed).  On a shared machine
    the wall times depend on what else runs; CPU times much less."""
    import netfacts
    from netfacts.fleet import index

    cpu: dict[str, list[tuple[float, float, float]]] = {name: [] for name in VARIANTS}
    for _ in range(repeat):
        for name in VARIANTS:
            before = _cpu()
            if name == "load loop":
                for path in paths:
                    netfacts.load(path)
                spent = _cpu() - before
                cpu[name].append((spent, 0.0, spent))
                continue
            jobs = 1 if "-j 1" in name else 2
            dask = "local" if "local" in name else address if "tcp" in name else None
            result = index([fleet], work / "cpu", jobs=jobs, force=True, progress=False,
                           dask=dask)
            here = _cpu() - before
            workers = result.cpu_seconds if jobs > 1 and "tcp" not in name else 0.0
            cpu[name].append((here, workers, result.task_cpu_seconds))
    print(f"\nCPU seconds (median of {repeat})   {'coordinator':>11} {'workers':>8} "
          f"{'total':>7} {'tasks':>7} {'ms/report':>9}")
    totals: dict[str, tuple[float, float, float]] = {}
    for name, runs in cpu.items():
        here = statistics.median(r[0] for r in runs)
        workers = statistics.median(r[1] for r in runs)
        tasks = statistics.median(r[2] for r in runs)
        totals[name] = (here + workers, tasks, here)
        shown = f"{workers:>8.2f}" if "tcp" not in name else f"{'(remote)':>8}"
        print(f"{name:<32} {here:>11.2f} {shown} {here + workers:>7.2f} {tasks:>7.2f} "
              f"{1000 * tasks / reports:>9.1f}")
    load = totals["load loop"][0]
    print(f"CPU in tasks, -j 1 / load loop:      {totals['index -j 1'][1] / load:5.2f}  "
          "(indexing work per report against parsing alone; target <= 1.3)")
    print(f"CPU in tasks, -j 2 / -j 1:           "
          f"{totals['index -j 2'][1] / totals['index -j 1'][1]:5.2f}  (1.0: no work added "
          "per report by running in 2 workers)")
    print(f"CPU in tasks, dask / -j 2:           "
          f"{totals['index --dask local -j 2'][1] / totals['index -j 2'][1]:5.2f}")
    print(f"CPU total, -j 2 / -j 1:              "
          f"{totals['index -j 2'][0] / totals['index -j 1'][0]:5.2f}  (worker start-up, "
          "sending rows back)")
    print(f"CPU total, dask local / -j 2:        "
          f"{totals['index --dask local -j 2'][0] / totals['index -j 2'][0]:5.2f}")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "netfacts-bench-fleet")
    args = parser.parse_args()
    compile_package()
    from netfacts.fleet import discover, index

    fleet = build(args.reports, args.cache)
    units = discover([fleet])
    reports = sum(3 if Path(u.path).name.startswith("sos-collector") else 1 for u in units)
    work = Path(tempfile.mkdtemp(prefix="netfacts-bench-fleet-out-"))
    cluster = None
    try:
        python = sys.executable
        base = [python, "-m", "netfacts", "index", str(fleet), "--force", "-q"]
        commands = {
            "netfacts.load loop, 1 process (reference)":
                [python, "-c", LOOP, *(u.path for u in units)],
            "netfacts index -j 1": [*base, "--out", str(work / "j1"), "-j", "1"],
            "netfacts index -j 2": [*base, "--out", str(work / "j2"), "-j", "2"],
            "netfacts index --dask local -j 2":
                [*base, "--out", str(work / "dask"), "-j", "2", "--dask", "local"],
        }
        print(f"fleet: {len(units)} sources, {reports} sosreports, "
              f"{sum(f.stat().st_size for f in fleet.rglob('*') if f.is_file()) / 1e6:.1f} MB"
              f"; {os.cpu_count()} CPUs; before: {_load()}")
        ceiling = machine_scaling(args.repeat)
        entries = sorted(str(entry) for entry in fleet.iterdir() if entry.name[0] != ".")
        workload = workload_scaling((entries[0::2], entries[1::2]), work, args.repeat)
        runs = rounds(commands, [*base, "--out", str(work / "tcp"), "--dask"], args.repeat)
        rows = list(zip([*commands, "netfacts index --dask tcp:// (2 running)"], runs))
        report_runs(rows, "netfacts.load loop, 1 process (reference)")
        print("(cpu s: the process and the children it waited for; the forkserver's workers "
              "and a running cluster's are not among them: see the CPU table below)")
        load, one, two, dask, running = (run.wall for run in runs)
        print(f"after: {_load()}")
        print(f"wall -j 1 / reference:           {one / load:5.2f}  (target <= 1.3)")
        print(f"wall -j 1 / -j 2 (speed-up):     {one / two:5.2f}  (target >= 1.7; this "
              f"machine's ceiling for 2 processes: {ceiling:.2f}; for this work "
              f"{workload:.2f}: -j 2 reaches {one / two / workload:.0%} of it)")
        print(f"wall -j 2 / (reference / 2):     {two / (load / 2):5.2f}  (target <= 1.3)")
        print(f"wall --dask local / -j 2:        {dask / two:5.2f}  (target 0.8 - 1.2)")
        print(f"wall --dask tcp:// / -j 2:       {running / two:5.2f}  (target 0.8 - 1.2)")

        cluster = _running_cluster()
        cpu_rounds(fleet, [u.path for u in units], reports, work, repeat=args.repeat,
                   address=cluster.scheduler_address)
        cluster.close()
        cluster = None

        quarter = [u.path for u in units[: max(1, len(units) // 4)]]
        small = index(quarter, work / "quarter", jobs=2, progress=False)
        whole = index([fleet], work / "whole", jobs=2, progress=False)
        print(f"\npeak RSS of a worker: {small.max_rss_kib / 1024:.1f} MiB for "
              f"{small.indexed} sources, {whole.max_rss_kib / 1024:.1f} MiB for "
              f"{whole.indexed} sources")
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
