"""Speed and memory of netfacts on a large ``ss`` listing, side by side with ``jc --ss``.

Generates iproute2 6.1 ``ss -tuanp`` captures (Netid and State columns, content-sized
columns, ``users:((...))`` with names such as ``nginx: master``, several processes on
shared listeners, IPv4, ``[IPv6]`` and ``[::ffff:a.b.c.d]`` addresses, ``%iface``) with
100,000 rows, on two inputs (issue 11): a node-like one (:func:`generate_node`: 40 local
addresses, 20,000 peers, 400 processes) and one in which no value repeats
(:func:`generate_distinct`).  On each, side by side in one run (CPU time, median):

* whole processes: ``jc --ss < FILE``, ``netfacts parse --as ss FILE`` (the CLI: the
  parser's rows written as JSON, no ``Socket`` built) and the streaming API
  (:func:`netfacts.parsers.ss.iter_ss`);
* library calls, timed inside fresh processes: ``jc.parse("ss", text)`` against
  ``netfacts.parse(text, "ss")`` (rows, models built on first use) and the same with every
  ``Socket`` built.

``ss -tanp`` (no Netid column) cannot be read by jc 1.26.1 at all (``KeyError: 'netid'``,
PEER-jc.md); the script shows that once.  :func:`generate` is the older generator (a
2,000-process pool, short address lists).  Usage::

    python benchmarks/bench_ss.py [--rows 100000] [--repeat 3] [--input node|distinct|both]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import compare_library, compile_package, measure_runs, report_runs

_COMMS = ["nginx: master", "nginx", "sshd", "containerd", "kube-apiserver", "etcd", "envoy",
          "java", "cli,x (y", "systemd-resolve", "python3.11", "haproxy"]
_STATES = ["ESTAB"] * 12 + ["TIME-WAIT"] * 3 + ["LISTEN", "CLOSE-WAIT", "FIN-WAIT-2",
                                                 "SYN-SENT", "SYN-RECV", "LAST-ACK"]


def _users(rng: random.Random, pids: list[tuple[str, int]]) -> str:
    count = rng.choice([1, 1, 1, 2])
    items = []
    for _ in range(count):
        comm, pid = rng.choice(pids)
        items.append(f'("{comm}",pid={pid},fd={rng.randrange(3, 300)})')
    return "users:(" + ",".join(items) + ")"


def generate(rows: int, seed: int = 2, netid: bool = True) -> str:
    """A deterministic ``ss -tuanp`` (``netid=False``: ``ss -tanp``) with ``rows`` rows."""
    rng = random.Random(seed)
    pids = [(rng.choice(_COMMS), rng.randrange(1, 4_000_000)) for _ in range(2000)]
    hosts4 = ["10.0.0.5", "10.244.0.1", "127.0.0.1", "192.168.1.10"]
    peers4 = [f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
              for _ in range(2000)]
    peers6 = [f"2001:db8:{rng.randrange(16):x}::{rng.randrange(1, 65536):x}" for _ in range(500)]
    ports = [22, 80, 443, 6443, 2379, 2380, 10250, 8080]
    table = []
    for _ in range(rows):
        kind = rng.random()
        users = _users(rng, pids) if rng.random() < 0.85 else ""
        if kind < 0.85 or not netid:
            netid_word = "tcp"
            state = rng.choice(_STATES)
            six = rng.random() < 0.3
            if six:
                host = rng.choice(["[::1]", "[2001:db8::5]", "[::ffff:10.0.0.5]"])
                peer = f"[{rng.choice(peers6)}]"
            else:
                host = rng.choice(hosts4)
                peer = rng.choice(peers4)
            if state == "LISTEN":
                local, remote = f"{'*' if six else '0.0.0.0'}:{rng.choice(ports)}", \
                    ("*:*" if six else "0.0.0.0:*")
            elif rng.random() < 0.5:
                local = f"{host}:{rng.choice(ports)}"
                remote = f"{peer}:{rng.randrange(32768, 61000)}"
            else:
                local = f"{host}:{rng.randrange(32768, 61000)}"
                remote = f"{peer}:{rng.choice(ports)}"
            if state == "TIME-WAIT":
                users = ""
            recv, send = rng.choice([0, 0, 0, 1, 1000]), rng.choice([0, 0, 0, 16, 4096])
        else:
            netid_word = "udp"
            state = rng.choice(["UNCONN"] * 9 + ["ESTAB"])
            local = rng.choice([f"0.0.0.0:{rng.randrange(10, 65536)}",
                                f"0.0.0.0%eth0:{rng.choice([67, 68])}",
                                f"*:{rng.randrange(10, 65536)}"])
            remote = "0.0.0.0:*" if state == "UNCONN" else f"{rng.choice(peers4)}:53"
            recv, send = 0, rng.choice([0, 0, 832])
        table.append((netid_word, state, str(recv), str(send), local, remote, users))
    return _format(table, netid)


def _format(table: list[tuple[str, ...]], netid: bool = True) -> str:
    """ss's content-sized columns around the rows of ``table``."""
    widths = [max(len(r[i]) for r in table) for i in range(6)]
    widths[0] = max(widths[0], 5)
    widths[1] = max(widths[1], 5)
    header = (f"{'Netid':<{widths[0]}} " if netid else "") + (
        f"{'State':<{widths[1]}} {'Recv-Q':<6} {'Send-Q':<6} "
        f"{'Local Address:Port':>{widths[4]}} {'Peer Address:Port':>{widths[5]}} Process")
    out = [header]
    for row in table:
        line = (f"{row[0]:<{widths[0]}} " if netid else "") + (
            f"{row[1]:<{widths[1]}} {row[2]:<6} {row[3]:<6} {row[4]:>{widths[4]}} "
            f"{row[5]:>{widths[5]}} {row[6]}")
        out.append(line.rstrip())
    return "\n".join(out) + "\n"


def generate_node(rows: int, seed: int = 5) -> str:
    """A node-like ``ss -tuanp`` (issue 11): 40 local addresses, 20,000 peers and 400
    processes shared by ``rows`` sockets (85% TCP, 15% UDP)."""
    rng = random.Random(seed)
    pids = [(rng.choice(_COMMS), rng.randrange(1, 4_000_000)) for _ in range(400)]
    hosts4 = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
              for _ in range(30)]
    hosts6 = [f"[2001:db8:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}]"
              for _ in range(10)]
    peers4 = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
              for _ in range(16000)]
    peers6 = [f"[2001:db8:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}]"
              for _ in range(4000)]
    ports = [22, 80, 443, 6443, 2379, 2380, 10250, 8080]
    table = []
    for _ in range(rows):
        users = _users(rng, pids) if rng.random() < 0.85 else ""
        if rng.random() < 0.85:
            state = rng.choice(_STATES)
            six = rng.random() < 0.25
            host = rng.choice(hosts6 if six else hosts4)
            peer = rng.choice(peers6 if six else peers4)
            if state == "LISTEN":
                local, remote = f"{'*' if six else '0.0.0.0'}:{rng.choice(ports)}", \
                    ("*:*" if six else "0.0.0.0:*")
            elif rng.random() < 0.5:
                ephemeral = rng.randrange(32768, 61000)
                local, remote = f"{host}:{rng.choice(ports)}", f"{peer}:{ephemeral}"
            else:
                ephemeral = rng.randrange(32768, 61000)
                local, remote = f"{host}:{ephemeral}", f"{peer}:{rng.choice(ports)}"
            if state == "TIME-WAIT":
                users = ""
            table.append(("tcp", state, str(rng.choice([0, 0, 0, 1, 1000])),
                          str(rng.choice([0, 0, 0, 16, 4096])), local, remote, users))
        else:
            state = rng.choice(["UNCONN"] * 9 + ["ESTAB"])
            local = f"{rng.choice(hosts4)}:{rng.randrange(10, 65536)}"
            remote = "0.0.0.0:*" if state == "UNCONN" else f"{rng.choice(peers4)}:53"
            table.append(("udp", state, "0", str(rng.choice([0, 0, 832])), local, remote, users))
    return _format(table)


def generate_distinct(rows: int) -> str:
    """``ss -tuanp`` whose rows share no value: every local and peer address, port pair,
    queue size, process name, PID and file descriptor occurs once."""
    states = [s for s in _STATES if s != "LISTEN"]
    table = []
    for n in range(rows):
        a, b, c = n >> 16 & 255, n >> 8 & 255, n & 255
        users = f'users:(("w{n:x}",pid={100_000 + n},fd={3 + n}))'
        kind = n % 20
        if kind < 13:
            local, remote = f"10.{a}.{b}.{c}:{1024 + n % 64000}", f"172.{a}.{b}.{c}:{n % 65536}"
            netid, state = "tcp", states[n % len(states)]
        elif kind < 17:
            local = f"[2001:db8:{n >> 16:x}:{n & 65535:x}::{c:x}]:{1 + n % 65535}"
            remote = f"[fd00:{n >> 16:x}:{n & 65535:x}::{b:x}]:{2 + n % 65533}"
            netid, state = "tcp", states[n % len(states)]
        else:
            local, remote = f"192.{a}.{b}.{c}:{n % 65536}", f"100.{a}.{b}.{c}:{(n * 7) % 65536}"
            netid, state = "udp", "ESTAB"
        table.append((netid, state, str(n % 100_000), str((n * 3) % 100_000), local, remote,
                      users))
    return _format(table)


INPUTS = {"node": generate_node, "distinct": generate_distinct}

NETFACTS_LIBRARY = ("import netfacts", "out = netfacts.parse(text, 'ss', source=path)")
NETFACTS_MODELS = ("import netfacts",
                   "out = netfacts.parse(text, 'ss', source=path); models = list(out.sockets)")
JC_LIBRARY = ("import jc", "out = jc.parse('ss', text, quiet=True)")

NETFACTS_STREAM = """\
import json, sys
from pathlib import Path
from netfacts.parsers.ss import iter_ss
from netfacts.jsonio.ss import ss_socket_to_json
write = sys.stdout.write
for socket in iter_ss(Path(sys.argv[1])):
    write(json.dumps(ss_socket_to_json(socket), separators=(',', ':')))
    write('\\n')
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--input", choices=[*INPUTS, "both"], default="both")
    parser.add_argument("--jc", default=shutil.which("jc") or os.path.join(
        os.path.dirname(sys.executable), "jc"))
    args = parser.parse_args()
    compile_package()
    names = list(INPUTS) if args.input == "both" else [args.input]
    with tempfile.TemporaryDirectory(prefix="bench-ss-") as tmp:
        no_netid = Path(tmp) / "ss-tanp.txt"
        no_netid.write_text(generate(200, netid=False))
        with no_netid.open() as handle:
            failed = subprocess.run([args.jc, "--ss"], stdin=handle, capture_output=True,
                                    text=True, check=False)
        print(f"jc --ss on `ss -tanp` (no Netid column): exit {failed.returncode}, "
              f"{(failed.stderr.strip().splitlines() or ['no error'])[0]}")
        for name in names:
            path = Path(tmp) / f"ss-tuanp-{name}.txt"
            path.write_text(INPUTS[name](args.rows))
            print(f"\n== input {name}: ss -tuanp, {args.rows} rows, "
                  f"{path.stat().st_size / 1e6:.1f} MB")
            commands = {
                "jc --ss (reference)": ["sh", "-c", 'exec "$0" --ss < "$1"', args.jc,
                                        str(path)],
                "netfacts parse --as ss (CLI)": [
                    sys.executable, "-m", "netfacts", "parse", "--as", "ss", str(path)],
                "netfacts iter_ss (streaming)": [sys.executable, "-c", NETFACTS_STREAM,
                                                 str(path)],
            }
            runs = measure_runs(list(commands.values()), args.repeat)
            ratios = report_runs(list(zip(commands, runs)), "jc --ss (reference)")
            cli = ratios["netfacts parse --as ss (CLI)"]
            print(f"CLI / jc: wall {cli[0]:.2f}, cpu {cli[1]:.2f}")
            compare_library({"jc.parse('ss') (reference)": JC_LIBRARY,
                             "netfacts.parse (rows, lazy models)": NETFACTS_LIBRARY,
                             "netfacts.parse + every Socket built": NETFACTS_MODELS},
                            path, args.repeat, reference="jc.parse('ss') (reference)",
                            cli_runs=runs, target="")


if __name__ == "__main__":
    main()
