"""Speed and memory of netfacts on a large ``netstat -anp``, side by side with ``jc --netstat``.

Generates a ``netstat -anp`` capture (net-tools 2.10 layout) with 200,000 socket rows — 85%
Internet (TCP listeners and connections in every state, IPv4 and IPv6, UDP rows with an empty
State, RAW rows whose State is ``7``), 15% UNIX — with programs such as ``nginx: master``,
``sshd: /usr/sb``, ``containerd sh``, ``-`` and 19-character cut names, and times, in one run
and as whole processes:

Two inputs (issue 11): a node-like one (:func:`generate_node`: 40 local addresses, 20,000
peers, 400 processes) and one in which no value repeats (:func:`generate_distinct`), so
that nothing can be fast only through caches keyed by repeated text.  On each, side by side:

* whole processes: ``jc --netstat < FILE``, ``netfacts parse --as netstat FILE`` (the CLI)
  and the streaming API (:func:`netfacts.parsers.netstat.iter_netstat`, flat memory);
* library calls, timed inside fresh processes: ``jc.parse("netstat", text)`` against
  ``netfacts.parse(text, "netstat")`` (validated rows, models built on first use) and the
  same with every ``Socket`` built.

Targets (issue 11): CLI <= 0.2x jc's time on both inputs, library <= 0.3x jc's library,
peak memory <= jc's.  :func:`generate` is the older generator (a 3,000-process pool).
Usage::

    python benchmarks/bench_netstat.py [--rows 200000] [--repeat 3] [--input node|distinct|both]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from _harness import compare_library, compile_package, measure_runs, report_runs

_PROGRAMS = [  # jc aborts on a bare "7" token in a UDP row with a spaced name: kept out here
    "sshd: /usr/sb", "nginx: master", "nginx: worker", "postgres", "containerd sh",
    "kube-apiserver", "etcd", "kubelet", "systemd-resolve", "python3 worker.py", "java",
    "haproxy", "node /srv/app", "redis-server *", "chronyd", "dnsmasq", "envoy",
]
_STATES = ["ESTABLISHED"] * 12 + ["TIME_WAIT"] * 3 + ["LISTEN", "CLOSE_WAIT", "FIN_WAIT2",
                                                       "SYN_SENT", "SYN_RECV", "LAST_ACK"]


def _processes(rng: random.Random, count: int = 3000) -> list[str]:
    """A node's processes: ``PID/argv0`` cut to netstat's 19 characters."""
    return [f"{rng.randrange(1, 4_000_000)}/{rng.choice(_PROGRAMS)}"[:19] for _ in range(count)]


_POOL: list[str] = []


def _program(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return "-"
    return rng.choice(_POOL)


_HOST4 = ["10.0.0.5", "10.244.0.1", "127.0.0.1", "192.168.1.10"]
_HOST6 = ["2001:db8::5", "::1", "fe80::5054:ff:fe12:3456"]
_SERVER_PORTS = [22, 80, 443, 6443, 2379, 2380, 10250, 8080]
_PEERS4: list[str] = []
_PEERS6: list[str] = []


def _inet(rng: random.Random) -> str:
    kind = rng.random()
    program = _program(rng)
    if kind < 0.70:
        six = rng.random() < 0.3
        proto = "tcp6" if six else "tcp"
        state = rng.choice(_STATES)
        host = rng.choice(_HOST6 if six else _HOST4)
        peer = rng.choice(_PEERS6 if six else _PEERS4)
        if state == "LISTEN":
            local = f"{'::' if six else '0.0.0.0'}:{rng.choice(_SERVER_PORTS)}"
            foreign = ":::*" if six else "0.0.0.0:*"
        elif rng.random() < 0.5:  # inbound: server port here, ephemeral port there
            local = f"{host}:{rng.choice(_SERVER_PORTS)}"
            foreign = f"{peer}:{rng.randrange(32768, 61000)}"
        else:  # outbound
            local = f"{host}:{rng.randrange(32768, 61000)}"
            foreign = f"{peer}:{rng.choice(_SERVER_PORTS)}"
        if state == "TIME_WAIT":
            program = "-"
        recv, send = rng.choice([0, 0, 0, 1, 1000]), rng.choice([0, 0, 0, 7, 36])
    elif kind < 0.95:
        six = rng.random() < 0.25
        proto = "udp6" if six else "udp"
        if rng.random() < 0.1:
            state = "ESTABLISHED"
            local = f"{rng.choice(_HOST6 if six else _HOST4)}:{rng.randrange(32768, 61000)}"
            foreign = f"{rng.choice(_PEERS6 if six else _PEERS4)}:{rng.choice([53, 123, 514])}"
        else:
            state = ""
            local = f"{':::' if six else '0.0.0.0:'}{rng.randrange(10, 65536)}"
            foreign = ":::*" if six else "0.0.0.0:*"
        recv, send = 0, rng.choice([0, 0, 832, 4160])
    else:
        six = rng.random() < 0.5
        proto = "raw6" if six else "raw"
        state = "7"
        local = ":::58" if six else "0.0.0.0:1"
        foreign = ":::*" if six else "0.0.0.0:*"
        recv, send = rng.choice([0, 1664, 69056]), 0
    return (f"{proto:<5} {recv:>6} {send:>6} {_cut(local):<23} {_cut(foreign):<23} {state:<11} "
            f"{program:<20}")


def _cut(field: str) -> str:
    """netstat without -W: an ``ADDR:PORT`` longer than 23 characters loses the end of ADDR."""
    if len(field) <= 23:
        return field
    address, _, port = field.rpartition(":")
    return f"{address[: 22 - len(port)]}:{port}"


def _unix(rng: random.Random) -> str:
    listening = rng.random() < 0.2
    kind = rng.choice(["STREAM"] * 6 + ["DGRAM", "SEQPACKET"])
    flags = "[ ACC ]" if listening else "[ ]"
    state = "LISTENING" if listening else ("CONNECTED" if kind != "DGRAM" else "")
    path = rng.choice(["", "", "/run/containerd/containerd.sock", "/var/run/docker.sock",
                       "@/org/freedesktop/systemd1/notify", "/run/systemd/journal/stdout"])
    inode = rng.randrange(10_000, 99_999_999)
    refcnt = 2 if listening else 3
    return (f"unix  {refcnt:<6} {flags:<11} {kind:<10} {state:<13} {inode:<8} "
            f"{_program(rng):<20} {path}")


def generate(rows: int, seed: int = 1) -> str:
    """A deterministic ``netstat -anp`` with ``rows`` socket rows (85% inet, 15% UNIX)."""
    rng = random.Random(seed)
    _POOL[:] = _processes(rng)
    _PEERS4[:] = [f"10.{rng.randrange(4)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                  for _ in range(2000)]
    _PEERS6[:] = [f"2001:db8:{rng.randrange(16):x}::{rng.randrange(1, 65536):x}"
                  for _ in range(500)]
    return _listing(rng, rows)


def generate_node(rows: int, seed: int = 2) -> str:
    """A node-like ``netstat -anp`` (issue 11): 40 local addresses, 20,000 peers and 400
    processes shared by ``rows`` socket rows (85% Internet, 15% UNIX)."""
    rng = random.Random(seed)
    _POOL[:] = [f"{rng.randrange(1, 4_000_000)}/{rng.choice(_PROGRAMS)}"[:19] for _ in range(400)]
    _HOST4[:] = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                 for _ in range(30)]
    _HOST6[:] = [f"2001:db8:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}"
                 for _ in range(10)]
    _PEERS4[:] = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                  for _ in range(16000)]
    _PEERS6[:] = [f"2001:db8:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}"
                  for _ in range(4000)]
    try:
        return _listing(rng, rows)
    finally:
        _HOST4[:] = _DEFAULT_HOST4
        _HOST6[:] = _DEFAULT_HOST6


_DEFAULT_HOST4 = list(_HOST4)
_DEFAULT_HOST6 = list(_HOST6)


def _listing(rng: random.Random, rows: int) -> str:
    inet = int(rows * 0.85)
    out = [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
        "PID/Program name    ",
    ]
    out += [_inet(rng) for _ in range(inet)]
    out += [
        "Active UNIX domain sockets (servers and established)",
        "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path",
    ]
    out += [_unix(rng) for _ in range(rows - inet)]
    return "\n".join(out) + "\n"


def generate_distinct(rows: int, seed: int = 3) -> str:
    """``netstat -anp`` whose rows share no value: every local and foreign address, port
    pair, queue size, PID, program name, inode and socket path occurs once."""
    rng = random.Random(seed)
    inet = int(rows * 0.85)
    out = [
        "Active Internet connections (servers and established)",
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
        "PID/Program name    ",
    ]
    states = [s for s in _STATES if s != "LISTEN"]
    for n in range(inet):
        a, b, c = n >> 16 & 255, n >> 8 & 255, n & 255
        pid = 100_000 + n
        program = f"{pid}/w{n:x}"[:19]
        kind = n % 20
        if kind < 13:
            local, foreign = f"10.{a}.{b}.{c}:{1024 + n % 64000}", f"172.{a}.{b}.{c}:{n % 65536}"
            proto, state = "tcp", states[n % len(states)]
        elif kind < 16:
            local = f"2001:db8:{n >> 16:x}:{n & 65535:x}::{c:x}:{1 + n % 65535}"
            foreign = f"fd00:{n >> 16:x}:{n & 65535:x}::{b:x}:{2 + n % 65533}"
            proto, state = "tcp6", states[n % len(states)]
        elif kind < 19:
            local, foreign = f"192.{a}.{b}.{c}:{n % 65536}", f"100.{a}.{b}.{c}:{(n * 7) % 65536}"
            proto, state = "udp", ""
        else:
            local, foreign = f"11.{a}.{b}.{c}:{n % 256}", "0.0.0.0:*"
            proto, state = "raw", str(n % 7 + 1)
        out.append(f"{proto:<5} {n % 100_000:>6} {(n * 3) % 100_000:>6} {_cut(local):<23} "
                   f"{_cut(foreign):<23} {state:<11} {program:<20}")
    out += [
        "Active UNIX domain sockets (servers and established)",
        "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path",
    ]
    for n in range(rows - inet):
        pid = 900_000 + n
        listening = n % 5 == 0
        kind = ("STREAM", "DGRAM", "SEQPACKET")[n % 3]
        flags = "[ ACC ]" if listening else "[ ]"
        state = "LISTENING" if listening else ("CONNECTED" if kind != "DGRAM" else "")
        out.append(f"unix  {2 + n % 50:<6} {flags:<11} {kind:<10} {state:<13} "
                   f"{10_000_000 + n:<8} {f'{pid}/u{n:x}'[:19]:<20} /run/s{n:x}/{rng.random():.9f}")
    return "\n".join(out) + "\n"


INPUTS = {"node": generate_node, "distinct": generate_distinct}

NETFACTS_LIBRARY = ("import netfacts",
                    "out = netfacts.parse(text, 'netstat', source=path)")
NETFACTS_MODELS = ("import netfacts",
                   "out = netfacts.parse(text, 'netstat', source=path); "
                   "models = list(out.sockets)")
JC_LIBRARY = ("import jc", "out = jc.parse('netstat', text, quiet=True)")

NETFACTS_STREAM = """\
import json, sys
from pathlib import Path
from netfacts.parsers.netstat import iter_netstat
from netfacts.jsonio.netstat import socket_to_netstat_json
write = sys.stdout.write
for record in iter_netstat(Path(sys.argv[1])):
    write(json.dumps(socket_to_netstat_json(record, from_ss=False), separators=(',', ':')))
    write('\\n')
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--input", choices=[*INPUTS, "both"], default="both")
    parser.add_argument("--jc", default=shutil.which("jc") or os.path.join(
        os.path.dirname(sys.executable), "jc"))
    args = parser.parse_args()
    compile_package()
    names = list(INPUTS) if args.input == "both" else [args.input]
    with tempfile.TemporaryDirectory(prefix="bench-netstat-") as tmp:
        for name in names:
            path = Path(tmp) / f"netstat-anp-{name}.txt"
            path.write_text(INPUTS[name](args.rows))
            lines = path.read_text().count("\n")
            print(f"\n== input {name}: netstat -anp, {args.rows} socket rows, {lines} lines, "
                  f"{path.stat().st_size / 1e6:.1f} MB")
            commands = {
                "jc --netstat (reference)": ["sh", "-c", 'exec "$0" --netstat < "$1"', args.jc,
                                             str(path)],
                "netfacts parse --as netstat (CLI)": [
                    sys.executable, "-m", "netfacts", "parse", "--as", "netstat", str(path)],
                "netfacts iter_netstat (streaming)": [
                    sys.executable, "-c", NETFACTS_STREAM, str(path)],
            }
            runs = measure_runs(list(commands.values()), args.repeat)
            ratios = report_runs(list(zip(commands, runs)), "jc --netstat (reference)")
            cli = ratios["netfacts parse --as netstat (CLI)"]
            print(f"CLI / jc: wall {cli[0]:.2f}, cpu {cli[1]:.2f} (target <= 0.2)")
            compare_library({"jc.parse('netstat') (reference)": JC_LIBRARY,
                             "netfacts.parse (rows, lazy models)": NETFACTS_LIBRARY,
                             "netfacts.parse + every Socket built": NETFACTS_MODELS},
                            path, args.repeat, reference="jc.parse('netstat') (reference)",
                            cli_runs=runs, target=" (target <= 0.3)")


if __name__ == "__main__":
    main()
