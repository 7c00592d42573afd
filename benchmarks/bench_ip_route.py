"""Speed of ``netfacts parse --as ip-route`` against ``jc --ip-route`` on 50,000 routes.

Generates ``ip route`` output of a large node (pod CIDR routes over a flannel
overlay, kernel routes, static and blackhole routes, a few multipath routes) and
times, side by side in one run as whole processes, ``netfacts parse --as ip-route
FILE`` and ``jc --ip-route < FILE``.  jc keeps far less: it drops table, pref,
metrics, weights and multipath nexthops.  Target (issue #3): at least as fast as jc.

    python benchmarks/bench_ip_route.py [--routes 50000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import compile_package, measure_all, report


def generate(count: int, seed: int = 1) -> str:
    """``ip route`` text with ``count`` route lines (deterministic)."""
    rng = random.Random(seed)
    lines = [
        "default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.11 metric 100 ",
        "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.11 metric 100 ",
        "10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 ",
    ]
    produced = 3
    while produced < count:
        choice = rng.random()
        a, b = rng.randrange(256), rng.randrange(256)
        if choice < 0.7:
            lines.append(f"10.{a}.{b}.0/24 via 10.{a}.{b}.0 dev flannel.1 onlink ")
        elif choice < 0.85:
            lines.append(f"172.{16 + a % 16}.{b}.0/24 via 10.0.0.{1 + b % 250} dev eth0 proto "
                         f"static metric {rng.randrange(1, 500)} ")
        elif choice < 0.95:
            lines.append(f"192.168.{a}.{b} dev veth{rng.randrange(16**8):08x} scope link ")
        elif choice < 0.98:
            lines.append(f"blackhole 100.{a}.{b}.0/24 proto bird ")
        else:
            lines.append(f"10.{a}.{b}.0/24 proto bird metric 20 ")
            lines.append("\tnexthop via 10.0.0.2 dev eth0 weight 1 ")
            lines.append("\tnexthop via 10.0.0.3 dev eth0 weight 1 ")
        produced += 1
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    jc = shutil.which("jc") or str(Path(sys.executable).with_name("jc"))
    # both tools run as their installed console scripts
    script = Path(sys.executable).with_name("netfacts")
    netfacts = [str(script)] if script.exists() else [sys.executable, "-m", "netfacts"]
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ip_route.txt"
        path.write_text(generate(args.routes))
        print(f"input: {args.routes} routes, {path.stat().st_size / 1e6:.1f} MB")
        commands = {
            "jc --ip-route (reference)": ([jc, "--ip-route"], str(path)),
            "netfacts parse --as ip-route": (
                [*netfacts, "parse", "--as", "ip-route", str(path)], None),
        }
        results = measure_all([c for c, _ in commands.values()], args.repeat,
                              stdin=[s for _, s in commands.values()])
        rows = [(name, t, rss) for name, (t, rss) in zip(commands, results)]
        report(rows, "jc --ip-route (reference)")
        print(f"netfacts / jc = {rows[1][1] / rows[0][1]:.2f} (target <= 1)")
        ours = json.loads(subprocess.run(
            [*netfacts, "parse", "--as", "ip-route", str(path)],
            capture_output=True, check=True).stdout)
        with path.open() as stdin:
            theirs = json.loads(subprocess.run([jc, "--ip-route"], stdin=stdin,
                                               capture_output=True, check=True).stdout)
        multipath = sum(1 for r in ours if "nexthops" in r)
        print(f"records: netfacts {len(ours)} routes ({multipath} multipath, nexthops kept); "
              f"jc {len(theirs)} records (nexthop lines become records of their own)")


if __name__ == "__main__":
    main()
