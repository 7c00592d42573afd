"""Speed and memory of netfacts on a large ``netstat -anp``, side by side with ``jc --netstat``.

Generates a ``netstat -anp`` capture (net-tools 2.10 layout) with 200,000 socket rows — 85%
Internet (TCP listeners and connections in every state, IPv4 and IPv6, UDP rows with an empty
State, RAW rows whose State is ``7``), 15% UNIX — with programs such as ``nginx: master``,
``sshd: /usr/sb``, ``containerd sh``, ``-`` and 19-character cut names, and times, in one run
and as whole processes:

* netfacts CLI: ``netfacts parse --as netstat FILE``, which takes the direct text → JSON
  path (:mod:`netfacts.jsonio.netstat_direct`); until the family is registered in
  ``_registry.py`` the script runs ``netfacts.cli.main`` with the proposed ``Family`` entry
  added in memory;
* netfacts list API: ``parse_netstat`` building the typed models, ``netstat_to_json``,
  ``json.dumps`` (what the CLI does for forms without a direct path, and what a library
  user pays);
* ``jc --netstat`` (1.26.1) on the same file;
* the streaming API (:func:`netfacts.parsers.netstat.iter_netstat`) writing one JSON object per
  line, to show its flat peak memory.

Target (issue #4): netfacts at least 5x faster than jc.  Usage::

    python benchmarks/bench_netstat.py [--rows 200000] [--repeat 3] [--jc PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from _harness import compile_package, measure_all, report

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


NETFACTS_PARSE = """\
import gc, json, sys
gc.disable()
from netfacts.parsers.netstat import parse_netstat
from netfacts.jsonio.netstat import netstat_to_json
with open(sys.argv[1], 'rb') as handle:
    text = handle.read().decode('utf-8', errors='replace')
out = parse_netstat(text, source=sys.argv[1])
sys.stdout.write(json.dumps(netstat_to_json(out), ensure_ascii=False, separators=(',', ':'),
                            check_circular=False))
sys.stdout.write('\\n')
"""

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


NETFACTS_CLI = """\
import sys
from netfacts import _registry as registry
if "netstat" not in registry.KINDS:  # the entry proposed for _registry.py (issue #4)
    family = registry.Family(
        key="netstat", title="netstat", parser="netfacts.parsers.netstat:parse_netstat",
        renderer="netfacts.renderers.netstat:render_netstat",
        to_json="netfacts.jsonio.netstat:netstat_to_json", kinds=("netstat",),
        direct_json="netfacts.jsonio.netstat_direct:direct_json")
    registry.FAMILIES += (family,)
    registry._BY_KEY["netstat"] = family
    registry.KINDS["netstat"] = (family, {})
from netfacts.cli import main
sys.exit(main(["parse", "--as", "netstat", sys.argv[1]]))
"""


def _netfacts_command() -> list[str]:
    from netfacts import _registry

    if "netstat" in _registry.KINDS:
        return [sys.executable, "-m", "netfacts", "parse", "--as", "netstat"]
    return [sys.executable, "-c", NETFACTS_CLI]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jc", default=shutil.which("jc") or os.path.join(
        os.path.dirname(sys.executable), "jc"))
    parser.add_argument("--no-jc", action="store_true", help="skip jc (its runs take seconds)")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "netstat-anp.txt"
        path.write_text(generate(args.rows))
        lines = path.read_text().count("\n")
        print(f"input: netstat -anp, {args.rows} socket rows, {lines} lines, "
              f"{path.stat().st_size / 1e6:.1f} MB")
        netfacts = _netfacts_command()
        commands = {"netfacts parse (CLI)": [*netfacts, str(path)],
                    "netfacts parse_netstat + JSON": [sys.executable, "-c", NETFACTS_PARSE,
                                                      str(path)]}
        if netfacts[1] == "-c":
            print("(netstat is not registered in _registry.py yet: the CLI runs with the "
                  "proposed Family entry added in memory)")
        commands["netfacts iter_netstat (streaming)"] = [
            sys.executable, "-c", NETFACTS_STREAM, str(path)]
        if not args.no_jc:
            commands["jc --netstat"] = [args.jc, "--netstat"]
        # jc reads stdin: run it through sh with a redirect
        argvs = [
            ["sh", "-c", 'exec "$0" --netstat < "$1"', argv[0], str(path)]
            if name.startswith("jc") else argv
            for name, argv in commands.items()
        ]
        results = measure_all(argvs, args.repeat)
        rows = [(name, t, rss) for name, (t, rss) in zip(commands, results)]
        reference = "jc --netstat" if not args.no_jc else rows[0][0]
        report(rows, reference)
        ours = rows[0][1]
        if not args.no_jc:
            jc = rows[-1][1]
            print(f"jc / netfacts = {jc / ours:.1f}x (target >= 5x)")
        print(f"throughput: {args.rows / ours:,.0f} rows/s end to end")


if __name__ == "__main__":
    main()
