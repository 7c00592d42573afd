"""Speed of netfacts on a 10,000-Service kube-proxy rule set, side by side with jc.

Generates 10,000 Services with random names, ClusterIPs, ports, 1-5 random endpoints each
and NodePorts on a fifth of them (nothing repeats: every chain hash, comment and address
is different), writes the rules kube-proxy would program for them exactly as
``iptables-save`` of iptables 1.8.9 prints them (``netfacts.renderers.kube_proxy``;
``tests/test_iptables_save_values.py`` checks that spelling against real iptables), about
116,000 rules, and the ``iptables -t nat -nvL`` listing of the same rules
(``netfacts.renderers.iptables.listing_of``, byte-equal to real listings in
``tests/test_iptables_values.py``).  jc has no iptables-save parser, so it reads the
listing.  Then, in one run:

* **parse**, in process, interleaved, median of ``--repeat`` rounds: netfacts
  ``parse_iptables_save`` on the dump (rows validated by the grammar, rule objects built
  later) vs ``jc.parse("iptables")`` on the listing (dicts);
* **services**: ``services_from_iptables`` on the parsed dump;
* **whole commands** (``_harness.measure_all``): the plain split baseline, ``netfacts parse
  --as iptables-save`` (parse, build every rule, print the JSON) and ``jc --iptables``.

Targets (issue #13): the parse in at most 0.2x jc's time, ``services()`` within 1 s::

    python benchmarks/bench_iptables.py [--services 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import ipaddress
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _harness import BASELINE_SPLIT, compile_package, measure_all, report

from netfacts.facts.services import services_from_iptables
from netfacts.models.service import Endpoint, Service, ServiceProtocol
from netfacts.parsers.iptables_save import parse_iptables_save
from netfacts.renderers.iptables import listing_of, render_iptables
from netfacts.renderers.kube_proxy import kube_proxy_rules

_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _word(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(_LETTERS) for _ in range(rng.randint(low, high)))


def generate(count: int, seed: int = 1) -> list[Service]:
    """``count`` Services with nothing repeated (names, addresses, ports are random)."""
    rng = random.Random(seed)
    cluster = rng.sample(range(int(ipaddress.ip_address("10.96.0.0")) + 2,
                               int(ipaddress.ip_address("10.111.255.255"))), count)
    pods = iter(rng.sample(range(int(ipaddress.ip_address("10.244.0.2")),
                                 int(ipaddress.ip_address("10.247.255.254"))), count * 5))
    nodeports = iter(rng.sample(range(30000, 32768), 2767))
    services = []
    for index in range(count):
        endpoints = tuple(Endpoint(ip=ipaddress.IPv4Address(next(pods)),
                                   port=rng.randrange(1024, 65536))
                          for _ in range(rng.choice((1, 2, 3, 3, 4, 5))))
        nodeport = None
        if rng.random() < 0.2:
            nodeport = next(nodeports, None)
        name = f"{_word(rng, 3, 12)}/{_word(rng, 3, 20)}-{index}"
        if rng.random() < 0.7:
            name += f":{_word(rng, 2, 8)}"
        services.append(Service(
            name=name, protocol=ServiceProtocol.UDP if rng.random() < 0.1 else
            ServiceProtocol.TCP, cluster_ip=ipaddress.IPv4Address(cluster[index]),
            port=rng.randrange(1, 65536), nodeport=nodeport, endpoints=endpoints))
    return services


def _median_in_process(functions: list, repeat: int) -> list[float]:
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            gc.collect()
            start = time.perf_counter()
            function()
            times[index].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-commands", action="store_true",
                        help="skip the whole-command comparison (slow: jc takes a while)")
    args = parser.parse_args()
    try:
        import jc
    except ImportError:
        print("jc is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    compile_package()
    services = generate(args.services)
    dump = kube_proxy_rules(services, canonical=True)
    parsed = parse_iptables_save(dump)
    nat = parsed.table("nat")
    assert nat is not None and parsed.ok
    listing = render_iptables(listing_of(nat))
    rules = len(parsed.rules)
    print(f"{args.services} Services: iptables-save {rules} rules ({len(dump) / 1e6:.1f} MB), "
          f"nat listing {listing.count(chr(10))} lines ({len(listing) / 1e6:.1f} MB)")

    found = services_from_iptables(parsed)
    assert len(found) == args.services, len(found)
    jc_rows = jc.parse("iptables", listing, quiet=True)
    assert sum(len(chain["rules"]) for chain in jc_rows) == len(nat.rules)

    parse_time, jc_time = _median_in_process(
        [lambda: parse_iptables_save(dump), lambda: jc.parse("iptables", listing, quiet=True)],
        args.repeat)
    services_times = []
    services_cpu = []
    for _ in range(args.repeat):
        fresh = parse_iptables_save(dump)
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        services_from_iptables(fresh)
        services_times.append(time.perf_counter() - start)
        services_cpu.append(time.process_time() - cpu)
    services_time = statistics.median(services_times)
    print(f"{'in process':<44} {'median s':>9} {'ratio':>7}")
    print(f"{'jc.parse(iptables), nat listing':<44} {jc_time:>9.3f} {1:>7.2f}")
    print(f"{'netfacts parse_iptables_save':<44} {parse_time:>9.3f} "
          f"{parse_time / jc_time:>7.2f}")
    print(f"{'netfacts services_from_iptables':<44} {services_time:>9.3f}   "
          f"(CPU {statistics.median(services_cpu):.3f} s)")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs")
    print(f"target: parse <= 0.2x jc: {'met' if parse_time <= 0.2 * jc_time else 'MISSED'}; "
          f"services <= 1 s: {'met' if services_time <= 1.0 else 'MISSED'}")

    if args.no_commands:
        return 0
    netfacts = shutil.which("netfacts")
    jc_command = shutil.which("jc")
    if netfacts is None or jc_command is None:
        print("netfacts or jc is not on PATH: skipping the whole-command comparison")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-iptables-") as tmp:
        save_path = Path(tmp) / "iptables-save.txt"
        list_path = Path(tmp) / "iptables_-t_nat_-nvL.txt"
        split_path = Path(tmp) / "split.py"
        save_path.write_text(dump)
        list_path.write_text(listing)
        split_path.write_text(BASELINE_SPLIT)
        commands = [
            [sys.executable, str(split_path), str(save_path)],
            [netfacts, "parse", "--as", "iptables-save", str(save_path)],
            [jc_command, "--iptables"],
        ]
        measured = measure_all(commands, max(1, args.repeat // 2),
                               stdin=[None, None, str(list_path)])
    print()
    report([("split baseline (iptables-save)", *measured[0]),
            ("netfacts parse --as iptables-save (JSON)", *measured[1]),
            ("jc --iptables (nat listing)", *measured[2])], "jc --iptables (nat listing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
