"""Speed of ``netfacts parse --as ip-route`` against ``jc --ip-route`` on 50,000 routes.

Generates ``ip route`` output of a large node (pod CIDR routes over a flannel
overlay, kernel routes, static and blackhole routes, a few multipath routes) and
times, side by side in one run as whole processes, ``netfacts parse --as ip-route
FILE`` and ``jc --ip-route < FILE``, then the library calls (``jc.parse`` against
``netfacts.parse``, with and without building every ``Route``).  A second input
(:func:`generate_distinct`) repeats no value at all.  jc keeps far less: it drops table,
pref, metrics, weights and multipath nexthops.  Target (issue 11): the CLI at most 0.5x
jc's time.

    python benchmarks/bench_ip_route.py [--routes 50000] [--repeat 7] [--input node|distinct|both]
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

from _harness import compile_package, measure_library, measure_runs, report_runs


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


def generate_distinct(count: int, seed: int = 2) -> str:
    """``ip route`` with ``count`` routes that share no value: every destination, gateway,
    device, source address and metric occurs once; protocols are numbers that differ."""
    rng = random.Random(seed)
    lines = []
    for n in range(count):
        a, b, c = n >> 16 & 255, n >> 8 & 255, n & 255
        kind = n % 10
        if kind < 5:
            lines.append(f"10.{a}.{b}.{c} via 172.{16 + a % 16}.{b}.{c} dev p{n:x} "
                         f"proto {n % 250 + 5} metric {n} onlink ")
        elif kind < 8:
            lines.append(f"100.{a}.{b}.{c & 0xfc}/30 dev v{n:x}{rng.randrange(16**4):04x} "
                         f"proto kernel scope link src 100.{a}.{b}.{(c & 0xfc) + 1} metric {n} ")
        elif kind < 9:
            lines.append(f"fd{a:02x}:{b:x}:{c:x}::/64 via fe80::{n:x} dev t{n:x} proto static "
                         f"metric {n} pref medium ")
        else:
            lines.append(f"11.{a}.{b}.0/24 proto bird metric {n} ")
            lines.append(f"\tnexthop via 12.{a}.{b}.{c} dev m{n:x} weight {1 + n % 200} ")
            lines.append(f"\tnexthop via 13.{a}.{b}.{c} dev n{n:x} weight {2 + n % 200} ")
    return "\n".join(lines) + "\n"


INPUTS = {"node": generate, "distinct": generate_distinct}

LIBRARY = {
    "jc.parse('ip_route') (reference)": (
        "import jc", "out = jc.parse('ip_route', text, quiet=True)"),
    "netfacts.parse (rows, lazy models)": (
        "import netfacts", "out = netfacts.parse(text, 'ip-route')"),
    "netfacts.parse + every Route built": (
        "import netfacts", "out = netfacts.parse(text, 'ip-route'); routes = list(out.routes)"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--input", choices=[*INPUTS, "both"], default="both")
    args = parser.parse_args()
    jc = shutil.which("jc") or str(Path(sys.executable).with_name("jc"))
    # both tools run as their installed console scripts
    script = Path(sys.executable).with_name("netfacts")
    netfacts = [str(script)] if script.exists() else [sys.executable, "-m", "netfacts"]
    compile_package()
    names = list(INPUTS) if args.input == "both" else [args.input]
    with tempfile.TemporaryDirectory(prefix="bench-ip-route-") as tmp:
        for name in names:
            path = Path(tmp) / f"ip_route-{name}.txt"
            path.write_text(INPUTS[name](args.routes))
            print(f"\n== input {name}: {args.routes} routes, {path.stat().st_size / 1e6:.1f} MB")
            commands = {
                "jc --ip-route (reference)": ([jc, "--ip-route"], str(path)),
                "netfacts parse --as ip-route": (
                    [*netfacts, "parse", "--as", "ip-route", str(path)], None),
            }
            runs = measure_runs([c for c, _ in commands.values()], args.repeat,
                                stdin=[s for _, s in commands.values()])
            ratios = report_runs(list(zip(commands, runs)), "jc --ip-route (reference)")
            wall, cpu = ratios["netfacts parse --as ip-route"]
            print(f"netfacts / jc: wall {wall:.2f}, cpu {cpu:.2f} (target <= 0.5)")
            print("library calls (timed in-process; peak = the whole process):")
            report_runs(list(measure_library(LIBRARY, path, max(3, args.repeat // 2)).items()),
                        "jc.parse('ip_route') (reference)")
            ours = json.loads(subprocess.run(
                [*netfacts, "parse", "--as", "ip-route", str(path)],
                capture_output=True, check=True).stdout)
            with path.open() as stdin:
                theirs = json.loads(subprocess.run([jc, "--ip-route"], stdin=stdin,
                                                   capture_output=True, check=True).stdout)
            multipath = sum(1 for r in ours if "nexthops" in r)
            print(f"records: netfacts {len(ours)} routes ({multipath} multipath, nexthops "
                  f"kept); jc {len(theirs)} records (nexthop lines become records of their own)")


if __name__ == "__main__":
    main()
