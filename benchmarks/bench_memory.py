"""Memory of one process reading many different large captures in a row.

A fleet indexer, a sosreport batch or a long-lived service parses capture after capture in
one process: its memory must stay flat — whatever a parse keeps between calls (caches,
generated writers) is bounded, and no result outlives its caller.  This benchmark parses
``--captures`` different large captures in a row in one process, rotating through
``ip addr`` (10,000 interfaces), ``ip route`` (50,000 routes) and ``netstat -anp``
(100,000 rows), each generated with its own seed (names, addresses, MACs, peers and
programs differ from one capture to the next).  Each capture is read the ways a user reads
it: ``netfacts.parse`` with every record built, its ``ip -j`` JSON, and the CLI's direct
JSON text.  It prints the resident set (current and peak) after the first capture and
after 10, 25, 50 and 100, and the growth of the peak over the last three quarters of the
run.

Usage::

    python benchmarks/bench_memory.py [--captures 100] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import time

import bench_ip_addr
import bench_ip_route
import bench_netstat

import netfacts
from netfacts import _api

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * _PAGE / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


FAMILIES = (
    ("ip-addr", "links", lambda seed, scale: bench_ip_addr.generate(int(10_000 * scale), seed)),
    ("ip-route", "routes",
     lambda seed, scale: bench_ip_route.generate(int(50_000 * scale), seed)),
    ("netstat", "sockets",
     lambda seed, scale: bench_netstat.generate_node(int(100_000 * scale), seed)),
)


def read_once(kind: str, records: str, text: str) -> int:
    """Parse ``text`` as ``kind`` every way a user does; return how many records it has."""
    output = netfacts.parse(text, kind)
    count = len(list(getattr(output, records)))
    _api.to_json(output)
    _api.cli_json(text, kind, source="<bench>")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=100)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    marks = {1, 10, 25, 50, 100, args.captures}
    print(f"{'captures':>8} {'family':<9} {'records':>8} {'rss MiB':>8} {'peak MiB':>9} "
          f"{'cpu s':>6}")
    peaks: dict[int, float] = {}
    start = time.process_time()
    for number in range(1, args.captures + 1):
        kind, records, make = FAMILIES[(number - 1) % len(FAMILIES)]
        text = make(1000 + number, args.scale)
        count = read_once(kind, records, text)
        del text
        gc.collect()
        peaks[number] = _peak_mib()
        if number in marks:
            print(f"{number:>8} {kind:<9} {count:>8} {_rss_mib():>8.1f} {peaks[number]:>9.1f} "
                  f"{time.process_time() - start:>6.1f}")
    quarter = max(1, args.captures // 4)
    growth = peaks[args.captures] - peaks[quarter]
    print(f"peak growth from capture {quarter} to {args.captures}: {growth:+.1f} MiB "
          f"({growth / peaks[quarter] * 100:+.1f}%)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
