"""Speed of netfacts on kube-proxy's rules of a large cluster: ``nft list ruleset`` of the
nftables mode and ``ipvsadm -Ln`` of the IPVS mode, with the Services read from them.

Generates the rules kube-proxy programs for N Services (default 10,000; every Service
different: its own name, ClusterIP, 1-5 endpoints, a NodePort on every fifth, ClientIP
affinity on every seventh) — the nftables table with scripts/capture_nft.py's generator,
rendered in nft's listing layout, and the IPVS listing with
scripts/make_ipvsadm_fixtures.py's — then times, as whole processes started the same way:

* the reference: a plain Python script that only splits the file into tokens;
* ``json.loads`` of the same ruleset as ``nft -j`` JSON (what reading nft's own JSON costs;
  nft itself is not run: the rules are not loaded into a kernel);
* netfacts: ``netfacts parse --as nft`` (typed models, nft -j shaped JSON printed);
* netfacts: parse and read the Services (``services_from_nft``), printing their count;
* the same two for ``ipvsadm -Ln``.

No peer tool reads either format (jc has no nft or ipvsadm parser).  Usage::

    python benchmarks/bench_nft.py [--services 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import BASELINE_SPLIT, compile_package, measure_all, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

_SERVICES_NFT = (
    "import gc, sys\n"
    "gc.disable()\n"
    "from netfacts.parsers.nft import parse_nft\n"
    "from netfacts.facts.services_nft import services_from_nft\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "print(len(services_from_nft(parse_nft(text))))\n"
)
_SERVICES_IPVS = (
    "import gc, sys\n"
    "gc.disable()\n"
    "from netfacts.parsers.ipvsadm import parse_ipvsadm\n"
    "from netfacts.facts.services_ipvs import services_from_ipvs\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "print(len(services_from_ipvs(parse_ipvsadm(text))))\n"
)
_JSON_LOADS = (
    "import json, sys\n"
    "print(len(json.load(open(sys.argv[1], encoding='utf-8'))['nftables']))\n"
)


def services(count: int) -> list[dict[str, Any]]:
    """``count`` different Services in capture_nft.py's ``SERVICES`` form."""
    out: list[dict[str, Any]] = []
    base = int(ipaddress.IPv4Address("10.96.0.0"))
    pods = int(ipaddress.IPv4Address("10.244.0.0"))
    for index in range(count):
        endpoints = [[str(ipaddress.IPv4Address(pods + index * 5 + k)), 8000 + k]
                     for k in range(1 + index % 5)]
        service: dict[str, Any] = {
            "namespace": f"ns{index % 97}", "name": f"svc{index}", "port_name": "http",
            "protocol": "udp" if index % 11 == 0 else "tcp",
            "cluster_ip": str(ipaddress.IPv4Address(base + 1 + index)),
            "port": 80 + index % 7, "endpoints": endpoints}
        if index % 5 == 0:
            service["nodeport"] = 30000 + index % 2768
        if index % 7 == 0:
            service["affinity_timeout"] = 10800
        out.append(service)
    return out


def write_inputs(directory: Path, count: int) -> dict[str, Path]:
    import capture_nft
    import make_ipvsadm_fixtures

    from netfacts.jsonio.nft import nft_to_json
    from netfacts.parsers.nft import parse_nft
    from netfacts.renderers.nft import render_nft

    capture_nft.SERVICES = services(count)
    listing = render_nft(parse_nft(capture_nft.kube_proxy_table(4)))
    paths = {"nft": directory / "nft_list_ruleset", "json": directory / "nft_-j.json",
             "ipvs": directory / "ipvsadm_-Ln"}
    paths["nft"].write_text(listing)
    paths["json"].write_text(json.dumps(nft_to_json(parse_nft(listing))))
    make_ipvsadm_fixtures.SERVICES = directory / "services.json"
    (directory / "services.json").write_text(json.dumps(capture_nft.services_truth()))
    paths["ipvs"].write_text(make_ipvsadm_fixtures.listing(
        make_ipvsadm_fixtures.kube_services(), "list"))
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_package()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="h13b-bench-") as tmp:
        paths = write_inputs(Path(tmp), args.services)
        for key in ("nft", "ipvs"):
            text = paths[key].read_text()
            print(f"{paths[key].name}: {len(text.splitlines()):,} lines, "
                  f"{len(text) / 1e6:.1f} MB, {args.services:,} Services")
        commands = [
            [python, "-c", BASELINE_SPLIT, str(paths["nft"])],
            [python, "-c", _JSON_LOADS, str(paths["json"])],
            [python, "-m", "netfacts", "parse", "--as", "nft", str(paths["nft"])],
            [python, "-c", _SERVICES_NFT, str(paths["nft"])],
            [python, "-c", BASELINE_SPLIT, str(paths["ipvs"])],
            [python, "-m", "netfacts", "parse", "--as", "ipvsadm", str(paths["ipvs"])],
            [python, "-c", _SERVICES_IPVS, str(paths["ipvs"])],
        ]
        results = measure_all(commands, args.repeat)
    names = ["split tokens (nft listing)", "json.loads (nft -j)", "netfacts parse --as nft",
             "netfacts nft + services", "split tokens (ipvsadm -Ln)",
             "netfacts parse --as ipvsadm", "netfacts ipvsadm + services"]
    rows = [(name, seconds, rss) for name, (seconds, rss) in zip(names, results, strict=True)]
    print("\nnft list ruleset")
    report(rows[:4], "split tokens (nft listing)")
    print("\nipvsadm -Ln")
    report(rows[4:], "split tokens (ipvsadm -Ln)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
