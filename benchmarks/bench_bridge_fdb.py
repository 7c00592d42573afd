"""Speed of netfacts on a large ``bridge -s -s -d -t fdb show`` (sos's form).

Generates the forwarding database of a busy hypervisor bridge — 100,000 entries by
default: learned MACs on eight ports across 40 VLANs with ``used``/``updated`` times,
static and permanent entries, each port's multicast ``self`` entries, vxlan remote VTEPs
with ``dst`` — with **no two MAC addresses alike** (the non-repeating case: nothing a
cache keyed by text could reuse), and a second file where the same 2,000 MACs recur (the
realistic case of one MAC seen in many VLANs).  Then times, as whole processes started
the same way, interleaved round by round:

* the reference: a plain Python script that only splits the file into tokens;
* ``netfacts parse --as bridge-fdb FILE`` (typed models, then ``bridge -j`` JSON).

jc has no ``bridge`` parser to compare with.  Usage::

    python benchmarks/bench_bridge_fdb.py [--entries 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from _harness import BASELINE_SPLIT, compile_package, measure_all, report

PORTS = ["bond0", "vnet0", "vnet1", "vnet2", "tap3f2a9c1d-0e", "eth1", "eth2", "vx0"]


def _mac(rng: random.Random, unique: int | None) -> str:
    if unique is not None:  # locally administered, all distinct
        return "02:" + ":".join(f"{(unique >> shift) & 0xFF:02x}" for shift in (32, 24, 16,
                                                                               8, 0))
    return ":".join(f"{rng.randrange(256):02x}" for _ in range(6))


def generate(entries: int, *, distinct: bool, seed: int = 1) -> str:
    """``bridge -s -s -d -t fdb show`` text with ``entries`` lines."""
    rng = random.Random(seed)
    pool = [_mac(rng, None) for _ in range(2000)]
    lines = []
    for index in range(entries):
        port = rng.choice(PORTS)
        mac = _mac(rng, index) if distinct else rng.choice(pool)
        roll = rng.random()
        if roll < 0.03:
            lines.append(f"33:33:{index % 256:02x}:00:00:01 dev {port} self permanent")
        elif roll < 0.05:
            lines.append(f"{mac} dev vx0 dst 10.{rng.randrange(256)}.{rng.randrange(256)}."
                         f"{rng.randrange(1, 255)} used {rng.randrange(300)}/"
                         f"{rng.randrange(300)} self permanent")
        elif roll < 0.10:
            lines.append(f"{mac} dev {port} vlan {rng.randrange(1, 41)} used "
                         f"{rng.randrange(9999)}/{rng.randrange(9999)} master br0 static")
        else:
            lines.append(f"{mac} dev {port} vlan {rng.randrange(1, 41)} used "
                         f"{rng.randrange(300)}/{rng.randrange(300)} master br0 ")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory(prefix="bench-bridge-") as tmp:
        for label, distinct in (("distinct MACs", True), ("2,000 MACs recurring", False)):
            path = Path(tmp) / f"bridge_-s_-s_-d_-t_fdb_show_{int(distinct)}"
            path.write_text(generate(args.entries, distinct=distinct))
            commands = {
                "token split (reference)": [sys.executable, "-c", BASELINE_SPLIT, str(path)],
                "netfacts parse --as bridge-fdb": [sys.executable, "-m", "netfacts", "parse",
                                                   "--as", "bridge-fdb", str(path)],
            }
            results = measure_all(list(commands.values()), args.repeat)
            print(f"\n{args.entries} fdb entries, {label} "
                  f"({path.stat().st_size / 2**20:.1f} MiB)")
            report([(name, seconds, rss) for name, (seconds, rss)
                    in zip(commands, results)], "token split (reference)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
