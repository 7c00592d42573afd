"""Speed of ``netfacts.diff`` on two large snapshots (issue #6: well under a second).

Builds two snapshots of a very large node from generated command output (``ip -d
addr`` with 10,000 interfaces, ``netstat -anp`` with 100,000 sockets, a routing table
and sysctls), the second with a few real changes, and times ``diff(a, b)`` and
``diff(a, b, normalise=True)`` after loading (loading is measured by the parser
benchmarks).

    python benchmarks/bench_diff.py [--interfaces 10000] [--sockets 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import attrs
from _harness import compile_package
from bench_ip_addr import generate as generate_links
from bench_ip_route import generate as generate_routes
from bench_netstat import generate as generate_sockets

import netfacts
from netfacts.diff import diff
from netfacts.models.snapshot import Snapshot


def _snapshot(interfaces: int, sockets: int) -> Snapshot:
    links = netfacts.parse(generate_links(interfaces), "ip-addr").links  # type: ignore[attr-defined]
    routes = netfacts.parse(generate_routes(interfaces), "ip-route").routes  # type: ignore[attr-defined]
    table = netfacts.parse(generate_sockets(sockets), "netstat")
    sysctl = netfacts.parse("net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 1\n", "sysctl")
    return Snapshot(
        hostname="big-node",
        interfaces=tuple(links),
        routes=tuple(routes),
        sockets=tuple(table.sockets),  # type: ignore[attr-defined]
        sysctls=tuple((e.key, e.value) for e in sysctl.entries),  # type: ignore[attr-defined]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interfaces", type=int, default=10_000)
    parser.add_argument("--sockets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_package()
    started = time.perf_counter()
    before = _snapshot(args.interfaces, args.sockets)
    links = list(before.interfaces)
    links[1] = attrs.evolve(links[1], mtu=9000)  # the uplink (pod veths are volatile)
    after = attrs.evolve(
        before,
        interfaces=tuple(links),
        routes=before.routes[:100] + before.routes[101:],
        sysctls=(("net.ipv4.ip_forward", 0), *before.sysctls[1:]),
    )
    print(f"built two snapshots ({len(before.interfaces)} interfaces, {len(before.routes)} "
          f"routes, {len(before.sockets)} sockets) in {time.perf_counter() - started:.1f} s")
    for label, options in (("diff", {}), ("diff --normalise", {"normalise": True}),
                           ("diff --volatile", {"include_volatile": True})):
        times = []
        changes = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            changes = diff(before, after, **options)
            times.append(time.perf_counter() - start)
        print(f"{label:18} median {statistics.median(times):.3f} s  "
              f"({len(changes)} changes; target: well under 1 s)")


if __name__ == "__main__":
    main()
