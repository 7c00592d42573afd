"""Loading a large sosreport tarball against decompressing it with ``xz -dc``.

Builds (once, cached under ``--cache``) a sosreport-shaped ``.tar.xz`` of the requested
size: the networking files of a real capture plus hundreds of log and ``/proc`` style
files of filler text that compresses like real logs.  Then times, side by side in one
run as whole processes:

* ``xz -dc FILE > /dev/null`` (the reference: decompression alone), and
* ``netfacts snapshot FILE -o /dev/null`` (stream, decompress once, parse, build, write).

Target (issue #5): netfacts at most 1.2x the reference.

    python benchmarks/bench_sosreport.py [--size-mb 300] [--repeat 3] [--cache DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from _harness import compile_package, measure_all, report

ROOT = Path(__file__).resolve().parent.parent
NETNS = ROOT / "fixtures" / "netns"

_WORDS = [
    "kernel:", "audit", "systemd[1]:", "Started", "Session", "kubelet", "containerd", "INFO",
    "WARN", "ERROR", "pod", "volume", "mount", "reconcile", "sync", "network", "flannel",
    "vxlan", "route", "cgroup", "OOM", "eth0", "veth", "cni0", "DHCPACK", "from", "10.0.0.1",
    "Accepted", "publickey", "for", "root", "port", "ssh2", "GET", "/healthz", "200",
]


def _filler(rng: random.Random, size: int) -> bytes:
    lines = []
    total = 0
    while total < size:
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(6, 18)))
        line = f"Nov 26 08:{rng.randrange(60):02d}:{rng.randrange(60):02d} node01 {words} " \
               f"id={rng.getrandbits(40):x}\n"
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def build(path: Path, size_mb: int) -> None:
    """Write a sosreport tarball with about ``size_mb`` MB of uncompressed content."""
    rng = random.Random(7)
    top = "sosreport-node01-2026-11-26-bench01"
    raw = path.with_suffix("")  # .tar
    with tarfile.open(raw, "w") as tar:
        files = {
            "sos_commands/networking/ip_-d_address": NETNS / "ip_addr/ip_-d_addr.txt",
            "sos_commands/networking/ip_route_show_table_all":
                NETNS / "ip_route/ip_route_show_table_all.txt",
            "sos_commands/networking/ip_-s_-s_neigh_show":
                NETNS / "ip_neigh/ip_-s_-s_neigh_show.txt",
            "sos_commands/networking/netstat_-W_-neopa": NETNS / "netstat/netstat_-W_-neopa.txt",
            "sos_commands/kernel/sysctl_-a": NETNS / "sysctl/sysctl_-a.txt",
        }
        for name, source in files.items():
            if source.exists():
                _add(tar, f"{top}/{name}", source.read_bytes())
        _add(tar, f"{top}/sos_commands/host/hostname", b"node01\n")
        remaining = size_mb * 1024 * 1024
        index = 0
        while remaining > 0:
            chunk = min(remaining, rng.randrange(200_000, 4_000_000))
            _add(tar, f"{top}/var/log/filler/log{index:05d}.log", _filler(rng, chunk))
            remaining -= chunk
            index += 1
        for index in range(2000):  # many small files, as /proc and /sys copies are
            _add(tar, f"{top}/proc/sys/fake/entry{index}", b"%d\n" % index)
    subprocess.run(["xz", "-T2", "-3", "-f", str(raw)], check=True)
    os.replace(str(raw) + ".xz", path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    if shutil.which("xz") is None:
        raise SystemExit("the reference needs the xz program")
    compile_package()
    archive = args.cache / f"netfacts-bench-sosreport-{args.size_mb}mb.tar.xz"
    if not archive.exists():
        print(f"building {archive} ...", flush=True)
        build(archive, args.size_mb)
    print(f"input: {archive.stat().st_size / 1e6:.0f} MB compressed, "
          f"{args.size_mb} MB of content")
    commands = {
        "xz -dc (reference)": ["xz", "-dc", str(archive)],
        "netfacts snapshot": [sys.executable, "-m", "netfacts", "snapshot", str(archive),
                              "-o", os.devnull],
    }
    results = measure_all(list(commands.values()), args.repeat)
    rows = [(name, t, rss) for name, (t, rss) in zip(commands, results)]
    report(rows, "xz -dc (reference)")
    print(f"netfacts / xz = {rows[1][1] / rows[0][1]:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
