"""Rejected lines must be cheap: seconds per MiB of garbage lines, per command family.

Generates 1 MiB (``--size-mb``) of garbage lines that never repeat (random words, a
running number) and times, side by side in one run as whole processes,
``netfacts parse --as KIND FILE`` for each family against the token-splitting floor
(``python split.py FILE``).  Every line is rejected; netfacts explains (with the
grammar: where and what was expected) the first ``diagnostics_per_file`` of them and
counts the rest.  A second table times the parse in this process with that limit lifted,
so that *every* line is explained, which is what the limit protects against.

Target (issue #9): at most 1 s per MiB of garbage, end to end.

    python benchmarks/bench_rejected.py [--size-mb 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from pathlib import Path

from _harness import BASELINE_SPLIT, compile_package, measure_all, report

KINDS = ("ip-addr", "ip-link", "ip-route", "ip-rule", "ip-neigh", "arp", "proc-net-arp",
         "netstat", "ss", "sysctl")


def garbage(size: int, seed: int = 11) -> str:
    """Lines of random words and punctuation, numbered: nothing repeats."""
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "./:-_[]"
    lines = []
    total = 0
    number = 0
    while total < size:
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(2, 12)))
                 for _ in range(rng.randrange(3, 10))]
        line = f"{' '.join(words)} {number}"
        lines.append(line)
        total += len(line) + 1
        number += 1
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compile_package()
    size = int(args.size_mb * (1 << 20))
    text = garbage(size)
    with tempfile.TemporaryDirectory(prefix="netfacts-bench-rejected-") as tmp:
        path = Path(tmp) / "garbage.txt"
        path.write_text(text)
        split = Path(tmp) / "split.py"
        split.write_text(BASELINE_SPLIT)
        print(f"input: {text.count(chr(10))} garbage lines, {size / (1 << 20):.1f} MiB")
        commands = {"python split.py (reference)": [sys.executable, str(split), str(path)]}
        for kind in KINDS:
            commands[f"netfacts parse --as {kind}"] = [
                sys.executable, "-m", "netfacts", "parse", "--as", kind, str(path)]
        results = measure_all(list(commands.values()), args.repeat)
        rows = [(name, t, rss) for name, (t, rss) in zip(commands, results)]
        report(rows, "python split.py (reference)")
        worst = max(t for name, t, _ in rows[1:])
        print(f"worst: {worst / (size / (1 << 20)):.2f} s per MiB end to end (target <= 1)")

    import netfacts
    from netfacts.limits import override

    print("\nevery line explained (diagnostics_per_file lifted), in this process:")
    print(f"{'kind':<14} {'s per MiB':>10} {'diagnostics':>12}")
    for kind in KINDS:
        with override(diagnostics_per_file=10**9):
            netfacts.parse(text[:2000], kind)  # imports and grammar built once, as a CLI run would
            start = time.perf_counter()
            output = netfacts.parse(text, kind)
            elapsed = time.perf_counter() - start
        print(f"{kind:<14} {elapsed / (size / (1 << 20)):>10.2f} {len(output.diagnostics):>12}")


if __name__ == "__main__":
    main()
