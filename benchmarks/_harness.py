"""Shared benchmark helpers: run whole commands side by side, report time and peak memory."""

from __future__ import annotations

import compileall
import importlib.util
import os
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

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
    inputs = list(stdin) if stdin is not None else [None] * len(commands)
    for argv, path in zip(commands, inputs):
        _run_with_rss(argv, path)
    times: list[list[float]] = [[] for _ in commands]
    peaks = [0 for _ in commands]
    for _ in range(repeat):
        for index, argv in enumerate(commands):
            elapsed, rss = _run_with_rss(argv, inputs[index])
            times[index].append(elapsed)
            peaks[index] = max(peaks[index], rss)
    return [(statistics.median(t), p) for t, p in zip(times, peaks)]


def _run_with_rss(argv: Sequence[str], stdin: str | None = None) -> tuple[float, int]:
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
    return elapsed, usage.ru_maxrss


def report(rows: Sequence[tuple[str, float, int]], reference: str) -> None:
    """Print a table of times, ratios to ``reference`` and peak memory."""
    base = {name: t for name, t, _ in rows}[reference]
    print(f"{'command':<44} {'median s':>9} {'ratio':>7} {'peak MiB':>9}")
    for name, seconds, rss in rows:
        print(f"{name:<44} {seconds:>9.3f} {seconds / base:>7.2f} {rss / 1024:>9.1f}")
