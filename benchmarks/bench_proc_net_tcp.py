"""Speed of netfacts on a 200,000-socket ``/proc/net/tcp``, side by side with ``jc --proc-net-tcp``.

Two generated inputs, each a kernel-exact ``/proc/net/tcp`` (header and lines padded to 149
characters, full lines for live sockets, short lines for TIME_WAIT / FIN_WAIT2 timewait and
SYN_RECV request sockets):

* ``unique``: no value repeats — every socket has its own local and foreign address, ports,
  inode, pointer, queues and timer, so nothing can be served from a cache;
* ``node``: shaped like a busy Kubernetes node — a few dozen listeners on the node address,
  127.0.0.1 and 0.0.0.0, connections from a few thousand pod and node addresses to the API
  server, etcd and kubelet ports, a third of the table in TIME_WAIT, queues mostly empty.

For each input the script times, as whole processes started the same way and interleaved
round by round (``_harness.measure_runs``: median wall and CPU time, peak memory):

* the reference: a plain Python script that only splits the file into tokens;
* ``jc --proc-net-tcp`` (jc 1.26.1, the optional ``bench`` dependency), reading stdin;
* netfacts: ``netfacts parse --as proc-net-tcp FILE`` once the family is registered, and
  ``python -c`` doing exactly what the CLI's fast path does (``direct_json_parts``).

Target (issue #12): netfacts at most 0.2 times jc's time.  Usage::

    python benchmarks/bench_proc_net_tcp.py [--sockets 200000] [--repeat 5]
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

from _harness import BASELINE_SPLIT, compile_package, measure_runs, report_runs

HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
          "timeout inode")
RUNNER = (
    "import gc, sys\n"
    "gc.disable()\n"
    "import netfacts.cli\n"
    "from netfacts.jsonio.proc_net_tcp import direct_json_parts\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    text = f.read().decode('utf-8', errors='replace')\n"
    "sys.stdout.writelines(direct_json_parts(text, source=sys.argv[1])[0])\n"
    "sys.stdout.write('\\n')\n"
)


def _hex4(address: int) -> str:
    """An IPv4 address as a little-endian kernel prints it."""
    return f"{int.from_bytes(address.to_bytes(4, 'big'), 'little'):08X}"


def _line(slot: int, ends: tuple[int, int, int, int], state: int, rng: random.Random, *,
          unique: bool) -> str:
    local, lport, remote, rport = ends
    if (state in (5, 6) and rng.random() < 0.9) or state == 3:  # timewait / request socket
        code, when = (1, rng.randrange(100, 300)) if state == 3 else (3, rng.randrange(6000))
        text = (f"{slot:4d}: {_hex4(local)}:{lport:04X} {_hex4(remote)}:{rport:04X} "
                f"{state:02X} 00000000:00000000 {code:02X}:{when:08X} 00000000     0        0 "
                f"0 3 {rng.getrandbits(64):016x}")
    else:
        if unique:
            tx, rx = rng.randrange(1 << 20), rng.randrange(1 << 16)
            timer, when = rng.choice(((0, 0), (1, rng.randrange(1, 500)),
                                      (2, rng.randrange(1, 720000))))
            uid, inode = rng.randrange(70000), 10_000_000 + slot * 7 + rng.randrange(7)
            tail = (f"{rng.randrange(20, 300)} {rng.randrange(0, 40)} {rng.randrange(0, 64)} "
                    f"{rng.randrange(1, 100)} {rng.choice((-1, rng.randrange(2, 2000)))}")
        else:
            tx, rx = (0, 0) if rng.random() < 0.97 else (rng.randrange(1, 4096), 0)
            timer, when = (0, 0) if rng.random() < 0.9 else (2, rng.randrange(1, 720000))
            uid, inode = 0, 40_000 + slot
            tail = "100 0 0 10 0" if state == 10 else f"20 4 {rng.choice((0, 1, 30))} 10 -1"
        text = (f"{slot:4d}: {_hex4(local)}:{lport:04X} {_hex4(remote)}:{rport:04X} "
                f"{state:02X} {tx:08X}:{rx:08X} {timer:02X}:{when:08X} 00000000 {uid:5d}"
                f"        0 {inode} 1 {rng.getrandbits(64):016x} {tail}")
    return text.ljust(149)


def generate(sockets: int, kind: str, seed: int = 12) -> str:
    """A ``/proc/net/tcp`` of ``sockets`` lines, ``kind`` ``unique`` or ``node``."""
    rng = random.Random(seed)
    lines = [HEADER.ljust(149)]
    if kind == "unique":
        addresses = rng.sample(range(1 << 24, 0xE0000000), 2 * sockets)
        for slot in range(sockets):
            state = rng.choice((1, 1, 1, 1, 6, 6, 5, 8, 10, 3, 2, 4, 9, 11))
            remote, rport = (0, 0) if state == 10 else (addresses[2 * slot + 1],
                                                       rng.randrange(1, 65536))
            lines.append(_line(slot, (addresses[2 * slot], rng.randrange(1, 65536), remote,
                                      rport), state, rng, unique=True))
        return "\n".join(lines) + "\n"
    node = 0x0A00000A  # 10.0.0.10
    listeners = [(node, p) for p in (6443, 2379, 2380, 10250, 10256, 9100, 22)]
    listeners += [(0x7F000001, p) for p in (10248, 10249, 10257, 10259, 2381, 9099)]
    listeners += [(0, p) for p in (30080, 30443, 31000, 111)]
    peers = [0x0AF40000 + rng.randrange(1, 1 << 16) for _ in range(3000)]
    peers += [0x0A000000 + n for n in range(11, 60)]
    for slot in range(sockets):
        if slot < len(listeners):
            local, lport = listeners[slot]
            lines.append(_line(slot, (local, lport, 0, 0), 10, rng, unique=False))
            continue
        state = rng.choice((1, 1, 1, 6, 6, 8, 5))
        server = rng.random() < 0.6
        service = rng.choice((6443, 2379, 10250, 443))
        peer, ephemeral = rng.choice(peers), rng.randrange(32768, 61000)
        if server:
            line = _line(slot, (node, service, peer, ephemeral), state, rng, unique=False)
        else:
            line = _line(slot, (node, ephemeral, peer, service), state, rng, unique=False)
        lines.append(line)
    return "\n".join(lines) + "\n"


def check(jc: str, path: Path, ours: list[dict[str, object]]) -> str:
    """Compare jc's records with netfacts' on the fields both have."""
    result = subprocess.run([jc, "--proc-net-tcp"], stdin=path.open("rb"), capture_output=True,
                            check=True)
    theirs = json.loads(result.stdout)
    wrong = 0
    for mine, other in zip(ours, theirs):
        if (other.get("local_address"), other.get("local_port"), other.get("inode")) != (
                mine["local_address"], mine["local_port"], mine["inode"]):
            wrong += 1
    return f"jc: {len(theirs)} records, {wrong} differ from netfacts in address, port or inode"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--input", choices=("unique", "node", "both"), default="both")
    args = parser.parse_args()
    compile_package()
    jc = shutil.which("jc") or str(Path(sys.executable).with_name("jc"))
    from netfacts import _registry

    registered = "proc-net-tcp" in _registry.KINDS
    kinds = ("unique", "node") if args.input == "both" else (args.input,)
    with tempfile.TemporaryDirectory(prefix="nf-bench-") as tmp:
        baseline = Path(tmp) / "split.py"
        baseline.write_text(BASELINE_SPLIT)
        for kind in kinds:
            path = Path(tmp) / f"tcp-{kind}"
            text = generate(args.sockets, kind)
            path.write_text(text)
            print(f"\ninput {kind}: {args.sockets} sockets, {text.count(chr(10))} lines, "
                  f"{path.stat().st_size / 1e6:.1f} MB")
            commands = {
                "python split.py (reference)": [sys.executable, str(baseline), str(path)],
                "jc --proc-net-tcp (1.26.1)": ["sh", "-c",
                                               f'exec "{jc}" --proc-net-tcp < "{path}"'],
                "netfacts direct_json (python -c)": [sys.executable, "-c", RUNNER, str(path)],
            }
            if registered:
                commands["netfacts parse --as proc-net-tcp (CLI)"] = [
                    sys.executable, "-m", "netfacts", "parse", "--as", "proc-net-tcp", str(path)]
            results = measure_runs(list(commands.values()), args.repeat)
            ratios = report_runs(list(zip(commands, results)), "jc --proc-net-tcp (1.26.1)")
            for label, run in list(zip(commands, results))[2:]:
                wall, cpu = ratios[label]
                print(f"{label}: {wall:.2f} x jc wall, {cpu:.2f} x jc CPU (target <= 0.20), "
                      f"{args.sockets / run.wall:,.0f} sockets/s end to end")
            from netfacts.jsonio.proc_net_tcp import direct_json

            print(check(jc, path, json.loads(direct_json(text)[0])))


if __name__ == "__main__":
    main()
