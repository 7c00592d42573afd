"""Speed and memory of netfacts on a large node's ``ip addr``, against insights-core and a
token-splitting floor.

Generates two ``ip addr`` captures of 10,000 interfaces (~41,000 lines each):

* ``node`` — a busy Kubernetes node: thousands of pod veths plus bridges and tunnels
  (values recur as on a real node: ``mtu 1450``, ``master cni0``, ``scope link``);
* ``distinct`` — the same shapes with no repeated value: every name, MAC, address,
  namespace, MTU, queue length, group, lifetime and label occurs once.

Then, side by side in one run (CPU time, median of ``--repeat`` rounds, interleaved):

* whole processes: the floor ``python3 -c 'import sys; sum(len(l.split()) for l in
  sys.stdin)' < FILE`` and ``netfacts parse --as ip-addr FILE`` (parse, ``ip -j`` JSON
  written to ``/dev/null``) — target: at most 8x the floor;
* library calls in fresh processes (only the call is timed): insights-core's ``IpAddr``
  parser (installed by the ``bench`` extra), ``netfacts.parse`` (rows, models built on first
  use) and ``netfacts.parse`` with every ``Link`` built — target: ``netfacts.parse`` at most
  0.5x insights-core.

Usage::

    python benchmarks/bench_ip_addr.py [--interfaces 10000] [--repeat 7] [--input both]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

from _harness import SUM_SPLIT, compile_package, measure_library, measure_runs, report_runs


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


def generate_distinct(interfaces: int, seed: int = 2) -> str:
    """``ip addr`` with ``interfaces`` interfaces that share no value: names, MACs, IPv4 and
    IPv6 addresses, peers, namespaces, MTUs, queue lengths, groups, lifetimes and labels
    each occur once (deterministic)."""
    rng = random.Random(seed)
    out: list[str] = []
    for index in range(1, interfaces + 1):
        a, b, c = index >> 16 & 255, index >> 8 & 255, index & 255
        mac = f"{0x02 | (index >> 40 & 0xfc):02x}:" + ":".join(
            f"{byte:02x}" for byte in (index >> 32 & 255, index >> 24 & 255, a, b, c))
        brd = f"{0x06 | (index >> 40 & 0xfc):02x}:" + mac[3:]
        mtu, qlen = 1000 + index, 500 + index
        kind = index % 4
        if kind == 0:
            name = f"b{index:x}{rng.randrange(16**4):04x}"
            out.append(f"{index}: {name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu {mtu} qdisc "
                       f"q{index:x} state UP group g{index} qlen {qlen}")
            out.append(f"    link/ether {mac} brd {brd}")
            out.append(f"    inet 10.{a}.{b}.{c}/{8 + index % 24} brd 11.{a}.{b}.{c} scope "
                       f"global dynamic {name}")
            out.append(f"       valid_lft {index * 3}sec preferred_lft {index * 2}sec")
        elif kind == 1:
            name = f"t{index:x}"
            out.append(f"{index}: {name}: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu {mtu} qdisc "
                       f"q{index:x} state UNKNOWN group g{index} qlen {qlen}")
            out.append("    link/none ")
            out.append(f"    inet 100.{a}.{b}.{c} peer 101.{a}.{b}.{c}/32 scope global {name}")
            out.append(f"       valid_lft {index * 5}sec preferred_lft {index * 4}sec")
            out.append(f"    inet6 fd{a:02x}:{b:x}:{c:x}::{index:x}/{64 + index % 64} scope "
                       "global ")
            out.append(f"       valid_lft {index * 7}sec preferred_lft {index * 6}sec")
        else:
            name = f"v{index:x}{rng.randrange(16**6):06x}"
            out.append(f"{index}: {name}@if{index + 100000}: <BROADCAST,MULTICAST,UP,"
                       f"LOWER_UP> mtu {mtu} qdisc q{index:x} master m{index:x} state UP "
                       f"group g{index} qlen {qlen}")
            out.append(f"    link/ether {mac} brd {brd} link-netns n{index:x}"
                       f"{rng.randrange(16**8):08x}")
            out.append(f"    inet6 fe80::{index:x}:{rng.randrange(65536):x}:"
                       f"{rng.randrange(65536):x}/64 scope link ")
            out.append(f"       valid_lft {index * 9}sec preferred_lft {index * 8}sec")
    return "\n".join(out) + "\n"


INPUTS = {"node": generate, "distinct": generate_distinct}

LIBRARY = {
    "insights-core IpAddr (reference)": (
        "from insights.core.context import Context\n"
        "from insights.parsers.ip import IpAddr",
        "out = IpAddr(Context(content=text.splitlines(), path=path))"),
    "netfacts.parse (rows, lazy models)": (
        "import netfacts", "out = netfacts.parse(text, 'ip-addr')"),
    "netfacts.parse + every Link built": (
        "import netfacts", "out = netfacts.parse(text, 'ip-addr'); links = list(out.links)"),
}

FLOOR = "python3 -c SUM_SPLIT < FILE (reference)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interfaces", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--input", choices=[*INPUTS, "both"], default="both")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("netfacts")
    netfacts = [str(script)] if script.exists() else [sys.executable, "-m", "netfacts"]
    compile_package()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores)")
    names = list(INPUTS) if args.input == "both" else [args.input]
    with tempfile.TemporaryDirectory(prefix="bench-ip-addr-") as tmp:
        for name in names:
            path = Path(tmp) / f"ip_addr-{name}.txt"
            path.write_text(INPUTS[name](args.interfaces))
            lines = path.read_text().count("\n")
            print(f"\n== input {name}: {args.interfaces} interfaces, {lines} lines, "
                  f"{path.stat().st_size / 1e6:.1f} MB")
            commands = {
                FLOOR: ([sys.executable, "-c", SUM_SPLIT], str(path)),
                "netfacts parse --as ip-addr": (
                    [*netfacts, "parse", "--as", "ip-addr", str(path)], None),
            }
            runs = measure_runs([c for c, _ in commands.values()], args.repeat,
                                stdin=[s for _, s in commands.values()])
            ratios = report_runs(list(zip(commands, runs)), FLOOR)
            wall, cpu = ratios["netfacts parse --as ip-addr"]
            print(f"netfacts CLI / floor: cpu {cpu:.2f}, wall {wall:.2f} (target <= 8)")
            print("library calls (timed in-process; peak = the whole process):")
            library = measure_library(LIBRARY, path, args.repeat)
            ratios = report_runs(list(library.items()), "insights-core IpAddr (reference)")
            wall, cpu = ratios["netfacts.parse (rows, lazy models)"]
            print(f"netfacts.parse / insights-core: cpu {cpu:.2f}, wall {wall:.2f} "
                  "(target <= 0.5)")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
