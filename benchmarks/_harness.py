"""Shared benchmark helpers: run whole commands side by side, report time and peak memory."""

from __future__ import annotations

import compileall
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

BASELINE_SPLIT = (
    "import sys\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    tokens = [line.split() for line in f]\n"
    "print(sum(map(len, tokens)))\n"
)
"""The reference: a plain Python script that only splits the file into whitespace tokens
(line by line, keeping the tokens, as a hand-written parser would start)."""


def compile_package(name: str = "netfacts") -> None:
    """Byte-compile the package under test, as ``pip install`` does.

    An editable install, or an environment with ``PYTHONDONTWRITEBYTECODE=1``,
    would otherwise make every run recompile every module from source, which
    is not what a user of an installed package pays.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"cannot find the package {name!r}")
    compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)


SUM_SPLIT = "import sys; sum(len(l.split()) for l in sys.stdin)"
"""The softer floor of issue 11: the whole process ``python3 -c SUM_SPLIT < FILE`` splits
every line and keeps nothing."""


class Run(NamedTuple):
    """One command's result: median wall time, median CPU time (user + system, of the
    process and its children), peak resident set in KiB."""

    wall: float
    cpu: float
    peak: int


def measure(argv: Sequence[str], repeat: int) -> tuple[float, int]:
    """Median wall time over ``repeat`` runs (after one warm-up) and the peak RSS seen."""
    return measure_all([argv], repeat)[0]


def measure_all(
    commands: Sequence[Sequence[str]], repeat: int, stdin: Sequence[str | None] | None = None
) -> list[tuple[float, int]]:
    """Like :func:`measure` for several commands, interleaved round by round.

    Interleaving keeps a slow spell of a shared machine from landing on one
    command only, which matters because the result is a ratio.
    """
    return [(run.wall, run.peak) for run in measure_runs(commands, repeat, stdin)]


def measure_runs(
    commands: Sequence[Sequence[str]], repeat: int, stdin: Sequence[str | None] | None = None
) -> list[Run]:
    """:func:`measure_all` with CPU time too (the fairer figure on a shared, loaded machine:
    waiting for a core is not counted)."""
    inputs = list(stdin) if stdin is not None else [None] * len(commands)
    for argv, path in zip(commands, inputs):
        _run_with_rss(argv, path)
    times: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    peaks = [0 for _ in commands]
    for _ in range(repeat):
        for index, argv in enumerate(commands):
            elapsed, rss, cpu = _run_with_usage(argv, inputs[index])
            times[index].append(elapsed)
            cpus[index].append(cpu)
            peaks[index] = max(peaks[index], rss)
    return [Run(statistics.median(t), statistics.median(c), p)
            for t, c, p in zip(times, cpus, peaks)]


def _run_with_rss(argv: Sequence[str], stdin: str | None = None) -> tuple[float, int]:
    elapsed, rss, _ = _run_with_usage(argv, stdin)
    return elapsed, rss


def _run_with_usage(argv: Sequence[str], stdin: str | None = None) -> tuple[float, int, float]:
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: exec the command with stdout discarded
        if stdin is not None:
            os.dup2(os.open(stdin, os.O_RDONLY), 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvp(argv[0], list(argv))
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"command failed ({code}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def report_runs(rows: Sequence[tuple[str, Run]], reference: str) -> dict[str, tuple[float, float]]:
    """Print wall and CPU times, both ratios to ``reference`` and peak memory; return
    ``{name: (wall ratio, cpu ratio)}``."""
    base = dict(rows)[reference]
    print(f"{'command':<46} {'wall s':>7} {'ratio':>6} {'cpu s':>7} {'ratio':>6} {'peak MiB':>9}")
    ratios = {}
    for name, run in rows:
        ratios[name] = (run.wall / base.wall, run.cpu / base.cpu)
        print(f"{name:<46} {run.wall:>7.3f} {ratios[name][0]:>6.2f} {run.cpu:>7.3f} "
              f"{ratios[name][1]:>6.2f} {run.peak / 1024:>9.1f}")
    return ratios


LIBRARY_RUNNER = """\
import gc, json, resource, sys, time
setup, call = sys.argv[1], sys.argv[2]
with open(sys.argv[3], encoding="utf-8", errors="replace") as handle:
    text = handle.read()
scope = {"text": text, "path": sys.argv[3]}
exec(setup, scope)
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
exec(call, scope)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "cpu": cpu, "peak": after, "growth": after - before}))
"""
"""Child process of :func:`measure_library`: reads the file, runs ``setup`` (imports), then
times ``call`` alone; prints its wall and CPU time and the process's peak RSS."""


def measure_library(calls: Mapping[str, tuple[str, str]], path: str | Path,
                    repeat: int) -> dict[str, Run]:
    """Library calls timed in fresh processes, interleaved round by round (median of
    ``repeat``).  ``calls`` maps a name to ``(setup, call)`` Python source run with ``text``
    (the file's content) and ``path`` defined; only ``call`` is timed, the peak is the
    whole process's (interpreter, imports, the text and the result)."""
    results: dict[str, list[dict[str, float]]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, (setup, call) in calls.items():
            done = subprocess.run([sys.executable, "-c", LIBRARY_RUNNER, setup, call, str(path)],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed: {done.stderr[-2000:]}")
            results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {name: Run(statistics.median(r["wall"] for r in runs),
                      statistics.median(r["cpu"] for r in runs),
                      int(max(r["peak"] for r in runs)))
            for name, runs in results.items()}


def compare_library(calls: Mapping[str, tuple[str, str]], path: str | Path, repeat: int, *,
                    reference: str, cli_runs: Sequence[Run], target: str = "") -> None:
    """Time ``calls`` with :func:`measure_library`, print their ratios to ``reference``
    (with ``target`` after each netfacts row) and whether every netfacts peak, the CLI's
    (``cli_runs``: the reference command's run, then netfacts's) included, is at most the
    reference's."""
    library = measure_library(calls, path, repeat)
    print("library calls (timed in-process; peak = the whole process):")
    ratios = report_runs(list(library.items()), reference)
    for label, (_, cpu) in ratios.items():
        if label.startswith("netfacts"):
            print(f"{label} / jc: cpu {cpu:.2f}{target}")
    peak_ok = cli_runs[1].peak <= cli_runs[0].peak and all(
        run.peak <= library[reference].peak
        for name, run in library.items() if name.startswith("netfacts"))
    print(f"peak memory <= jc's: {'yes' if peak_ok else 'NO'}")


def report(rows: Sequence[tuple[str, float, int]], reference: str) -> None:
    """Print a table of times, ratios to ``reference`` and peak memory."""
    base = {name: t for name, t, _ in rows}[reference]
    print(f"{'command':<44} {'median s':>9} {'ratio':>7} {'peak MiB':>9}")
    for name, seconds, rss in rows:
        print(f"{name:<44} {seconds:>9.3f} {seconds / base:>7.2f} {rss / 1024:>9.1f}")
