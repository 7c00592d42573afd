"""Indexing a fleet of reports against loading them with ``netfacts.load`` in a loop.

Builds (once, cached under ``--cache``) about ``--reports`` sosreports: varied three-node
clusters made from the captured ones in ``fixtures/k8s`` (``tests/_fleet.py``: own
hostnames, addresses, MACs and capture dates; every fifth cluster with the injected
faults; collector bundles and case folders of tarballs; sos 4.x and 3.x layouts; xz and
gzip).  Then times, side by side in one run as whole processes, interleaved round by round:

* ``netfacts.load`` of every report in a loop, in one process (the reference: parsing);
* ``netfacts index FLEET --out DIR --force`` with ``-j 1``, ``-j 2`` and
  ``--dask local -j 2``.

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

from _harness import compile_package, measure_all, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

LOOP = (
    "import sys, netfacts\n"
    "for path in sys.argv[1:]:\n"
    "    netfacts.load(path)\n"
)


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


def cpu_rounds(fleet: Path, paths: list[str], work: Path, repeat: int) -> None:
    """CPU seconds (user + system) of each variant, this process and its workers, run in
    this process round by round: on a shared machine the wall times above depend on what
    else runs, the CPU time much less."""
    import netfacts
    from netfacts.fleet import index

    variants = ("load loop", "index -j 1", "index -j 2", "index --dask local -j 2")
    cpu: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name in variants:
            before = _cpu()
            if name == "load loop":
                for path in paths:
                    netfacts.load(path)
                cpu[name].append((_cpu() - before, 0.0))
                continue
            jobs = 1 if "-j 1" in name else 2
            result = index([fleet], work / "cpu", jobs=jobs, force=True, progress=False,
                           dask="local" if "dask" in name else None)
            here = _cpu() - before
            workers = result.cpu_seconds if jobs > 1 else 0.0
            cpu[name].append((here, workers))
    print(f"{'CPU seconds (median)':<28} {'this process':>13} {'workers':>9} {'total':>8}")
    totals = {}
    for name, runs in cpu.items():
        here = statistics.median(r[0] for r in runs)
        workers = statistics.median(r[1] for r in runs)
        totals[name] = here + workers
        print(f"{name:<28} {here:>13.2f} {workers:>9.2f} {here + workers:>8.2f}")
    print(f"CPU -j 1 / load loop:        {totals['index -j 1'] / totals['load loop']:5.2f}")
    print(f"CPU -j 2 / -j 1:             {totals['index -j 2'] / totals['index -j 1']:5.2f}")
    print(f"CPU dask / -j 2:             "
          f"{totals['index --dask local -j 2'] / totals['index -j 2']:5.2f}")


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
    try:
        python = sys.executable
        commands = {
            "netfacts.load loop, 1 process (reference)":
                [python, "-c", LOOP, *(u.path for u in units)],
            "netfacts index -j 1":
                [python, "-m", "netfacts", "index", str(fleet), "--out", str(work / "j1"),
                 "--force", "-q", "-j", "1"],
            "netfacts index -j 2":
                [python, "-m", "netfacts", "index", str(fleet), "--out", str(work / "j2"),
                 "--force", "-q", "-j", "2"],
            "netfacts index --dask local -j 2":
                [python, "-m", "netfacts", "index", str(fleet), "--out", str(work / "dask"),
                 "--force", "-q", "-j", "2", "--dask", "local"],
        }
        print(f"fleet: {len(units)} sources, {reports} sosreports, "
              f"{sum(f.stat().st_size for f in fleet.rglob('*') if f.is_file()) / 1e6:.1f} MB"
              f"; load average before: {os.getloadavg()[0]:.2f}")
        results = measure_all(list(commands.values()), args.repeat)
        rows = [(name, seconds, rss) for name, (seconds, rss) in zip(commands, results)]
        report(rows, "netfacts.load loop, 1 process (reference)")
        load, one, two, dask = (seconds for _, seconds, _ in rows)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        print(f"-j 1 / reference:            {one / load:5.2f}  (target <= 1.3)")
        print(f"-j 1 / -j 2 (speed-up):      {one / two:5.2f}  (target >= 1.7)")
        print(f"-j 2 / (reference / 2):      {two / (load / 2):5.2f}  (target <= 1.3)")
        print(f"--dask local / -j 2:         {dask / two:5.2f}  (target 0.8 - 1.2)")

        cpu_rounds(fleet, [u.path for u in units], work, args.repeat)

        quarter = [u.path for u in units[: max(1, len(units) // 4)]]
        small = index(quarter, work / "quarter", jobs=2, progress=False)
        whole = index([fleet], work / "whole", jobs=2, progress=False)
        print(f"peak RSS of a worker: {small.max_rss_kib / 1024:.1f} MiB for "
              f"{small.indexed} sources, {whole.max_rss_kib / 1024:.1f} MiB for "
              f"{whole.indexed} sources")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
