"""Hostile inputs: peak memory and time of ``netfacts snapshot`` against the decompressor.

Builds every input of ``netfacts.testing.hostile`` (tar headers that claim 10 GiB,
hundreds of mebibytes of wanted files, a 250 MiB line, archives and directories nested a
thousand deep) and runs, side by side as whole processes, ``netfacts snapshot INPUT -o
/dev/null`` and the decompressor alone (``xz -dc``, ``gzip -dc`` or ``cat``).  Prints
exit status, wall time, CPU time (user + system, steadier on a shared machine) and peak
RSS of each.

Budget (issue #9): peak RSS <= 300 MiB for every input; time within 2x the decompressor
where decompression is what the input costs (the small inputs are dominated by Python's
start-up, about 0.15 s of CPU, which the ratio cannot fairly include).

    python benchmarks/bench_hostile.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _harness import compile_package

from netfacts.testing.hostile import HOSTILE, remove_tree


def _run(argv: list[str]) -> tuple[int, float, float, float]:
    """(exit status, wall s, CPU s, peak RSS MiB) of one run, stdout and stderr discarded."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    return (os.waitstatus_to_exitcode(status), time.perf_counter() - start,
            usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _decompressor(path: Path) -> list[str] | None:
    if not path.is_file():
        return None
    head = path.read_bytes()[:6]
    if head.startswith(b"\xfd7zXZ"):
        return ["xz", "-dc", str(path)]
    if head.startswith(b"\x1f\x8b"):
        return ["gzip", "-dc", str(path)]
    return ["cat", str(path)]


def _median(argv: list[str], repeat: int) -> tuple[int, float, float, float]:
    runs = [_run(argv) for _ in range(repeat)]
    return (runs[0][0], statistics.median(r[1] for r in runs),
            statistics.median(r[2] for r in runs), max(r[3] for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compile_package()
    root = Path(tempfile.mkdtemp(prefix="netfacts-bench-hostile-"))
    try:
        made = {name: build(root) for name, build in HOSTILE.items()}
        print(f"{'input':<36} {'exit':>4} {'wall s':>7} {'cpu s':>6} {'peak MiB':>9}"
              f"  {'decompressor':<10} {'cpu s':>6} {'cpu ratio':>9}")
        worst_rss = 0.0
        for name, path in made.items():
            status, wall, cpu, rss = _median(
                [sys.executable, "-m", "netfacts", "snapshot", str(path), "-o", os.devnull],
                args.repeat)
            worst_rss = max(worst_rss, rss)
            reference = _decompressor(path)
            tail = ""
            if reference is not None:
                _, _, ref_cpu, _ = _median(reference, args.repeat)
                tail = f"  {reference[0]:<10} {ref_cpu:>6.2f} {cpu / max(ref_cpu, 0.005):>9.1f}"
            print(f"{name:<36} {status:>4} {wall:>7.2f} {cpu:>6.2f} {rss:>9.1f}{tail}")
        print(f"worst peak RSS: {worst_rss:.0f} MiB (budget <= 300)")
    finally:
        remove_tree(root)


if __name__ == "__main__":
    main()
