"""Speed and memory of ``netfacts parse --as ip-addr`` on a large node's ``ip addr``.

Generates an ``ip addr`` capture of 10,000 interfaces (~44,000 lines: a node with
thousands of pod veths plus bridges and tunnels), then times, in one run and as
whole processes:

* the reference: a plain Python script that only splits the file into tokens;
* ``netfacts parse --as ip-addr FILE`` (parse, build typed models, print JSON).

Target (issue #2): netfacts at most 8x the reference.  Usage::

    python benchmarks/bench_ip_addr.py [--interfaces 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from _harness import BASELINE_SPLIT, compile_package, measure_all, report


def generate(interfaces: int, seed: int = 1) -> str:
    """A realistic ``ip addr`` of a busy Kubernetes node (deterministic)."""
    rng = random.Random(seed)
    out: list[str] = []
    mac = lambda: ":".join(f"{rng.randrange(256):02x}" for _ in range(6))  # noqa: E731

    def lifetime() -> str:
        return "       valid_lft forever preferred_lft forever"

    out += [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default "
        "qlen 1000",
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
        "    inet 127.0.0.1/8 scope host lo",
        lifetime(),
        "    inet6 ::1/128 scope host ",
        lifetime(),
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default "
        "qlen 1000",
        f"    link/ether {mac()} brd ff:ff:ff:ff:ff:ff",
        "    altname enp0s3",
        "    inet 10.0.0.11/24 brd 10.0.0.255 scope global dynamic eth0",
        "       valid_lft 3211sec preferred_lft 3211sec",
        "    inet6 fe80::5054:ff:fe12:3456/64 scope link ",
        lifetime(),
    ]
    for index in range(3, interfaces + 1):
        kind = index % 20
        if kind == 0:
            name = f"br-{index:08x}"
            out.append(f"{index}: {name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc "
                       "noqueue state UP group default ")
            out.append(f"    link/ether {mac()} brd ff:ff:ff:ff:ff:ff")
            out.append(f"    inet 172.{16 + index % 16}.{index % 256}.1/24 brd "
                       f"172.{16 + index % 16}.{index % 256}.255 scope global {name}")
            out.append(lifetime())
        elif kind == 1:
            name = f"flannel.{index}"
            out.append(f"{index}: {name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc "
                       "noqueue state UNKNOWN group default ")
            out.append(f"    link/ether {mac()} brd ff:ff:ff:ff:ff:ff")
            out.append(f"    inet 10.244.{index % 256}.0/32 scope global {name}")
            out.append(lifetime())
            out.append(f"    inet6 fe80::{rng.randrange(65536):x}:{rng.randrange(65536):x}/64 "
                       "scope link ")
            out.append(lifetime())
        else:
            name = f"veth{rng.randrange(16**8):08x}"
            out.append(f"{index}: {name}@if{rng.randrange(2, 9)}: <BROADCAST,MULTICAST,UP,"
                       "LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default ")
            out.append(f"    link/ether {mac()} brd ff:ff:ff:ff:ff:ff link-netns "
                       f"cni-{rng.randrange(16**8):08x}-{index}")
            out.append(f"    inet6 fe80::{rng.randrange(65536):x}:{rng.randrange(65536):x}:"
                       f"{rng.randrange(65536):x}:{rng.randrange(65536):x}/64 scope link ")
            out.append(lifetime())
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interfaces", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ip_addr.txt"
        path.write_text(generate(args.interfaces))
        baseline = Path(tmp) / "split.py"
        baseline.write_text(BASELINE_SPLIT)
        lines = path.read_text().count("\n")
        print(f"input: {args.interfaces} interfaces, {lines} lines, "
              f"{path.stat().st_size / 1e6:.1f} MB")
        commands = {
            "python split.py (reference)": [sys.executable, str(baseline), str(path)],
            "netfacts parse --as ip-addr": [
                sys.executable, "-m", "netfacts", "parse", "--as", "ip-addr", str(path)
            ],
        }
        results = measure_all(list(commands.values()), args.repeat)
        rows = [(name, t, rss) for name, (t, rss) in zip(commands, results)]
        report(rows, "python split.py (reference)")
        ratio = rows[1][1] / rows[0][1]
        print(f"netfacts / reference = {ratio:.2f} (target <= 8)")
        print(f"throughput: {lines / rows[1][1]:,.0f} lines/s end to end")


if __name__ == "__main__":
    main()
