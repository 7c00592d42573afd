"""Speed and memory of netfacts on a large ``ss`` listing, side by side with ``jc --ss``.

Generates an iproute2 6.1 ``ss -tuanp`` capture (Netid and State columns, content-sized
columns, ``users:((...))`` with names such as ``nginx: master``, several processes on
shared listeners, IPv4, ``[IPv6]`` and ``[::ffff:a.b.c.d]`` addresses, ``%iface``) with
100,000 rows, and times as whole processes:

* netfacts CLI: ``netfacts parse --as ss FILE``, which takes the direct text → JSON path
  (:mod:`netfacts.jsonio.ss_direct`); until the family is registered in ``_registry.py``
  the script runs ``netfacts.cli.main`` with the proposed ``Family`` entry added in memory;
* netfacts list API: ``parse_ss`` building the typed models, ``ss_to_json``, ``json.dumps``;
* ``jc --ss`` on the same file;
* the streaming API (:func:`netfacts.parsers.ss.iter_ss`).

``ss -tanp`` (what the brief names) has no Netid column, and jc 1.26.1 cannot read that at
all (``KeyError: 'netid'``, PEER-jc.md); the script shows that once, then compares on
``-tuanp``.  Usage::

    python benchmarks/bench_ss.py [--rows 100000] [--repeat 3]
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

from _harness import compile_package, measure_all, report

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


NETFACTS_PARSE = """\
import gc, json, sys
gc.disable()
from netfacts.parsers.ss import parse_ss
from netfacts.jsonio.ss import ss_to_json
with open(sys.argv[1], 'rb') as handle:
    text = handle.read().decode('utf-8', errors='replace')
out = parse_ss(text, source=sys.argv[1])
sys.stdout.write(json.dumps(ss_to_json(out), ensure_ascii=False, separators=(',', ':'),
                            check_circular=False))
sys.stdout.write('\\n')
"""

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


NETFACTS_CLI = """\
import sys
from netfacts import _registry as registry
if "ss" not in registry.KINDS:  # the entry proposed for _registry.py (issue #4)
    family = registry.Family(
        key="ss", title="ss", parser="netfacts.parsers.ss:parse_ss",
        renderer="netfacts.renderers.ss:render_ss", to_json="netfacts.jsonio.ss:ss_to_json",
        kinds=("ss",), direct_json="netfacts.jsonio.ss_direct:direct_json")
    registry.FAMILIES += (family,)
    registry._BY_KEY["ss"] = family
    registry.KINDS["ss"] = (family, {})
from netfacts.cli import main
sys.exit(main(["parse", "--as", "ss", sys.argv[1]]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jc", default=shutil.which("jc") or os.path.join(
        os.path.dirname(sys.executable), "jc"))
    args = parser.parse_args()
    compile_package()
    from netfacts import _registry

    with tempfile.TemporaryDirectory() as tmp:
        no_netid = Path(tmp) / "ss-tanp.txt"
        no_netid.write_text(generate(200, netid=False))
        failed = subprocess.run([args.jc, "--ss"], stdin=no_netid.open(), capture_output=True,
                                text=True, check=False)
        print(f"jc --ss on `ss -tanp` (no Netid column): exit {failed.returncode}, "
              f"{(failed.stderr.strip().splitlines() or ['no error'])[0]}")
        path = Path(tmp) / "ss-tuanp.txt"
        path.write_text(generate(args.rows))
        print(f"input: ss -tuanp, {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB")
        if "ss" in _registry.KINDS:
            ours = [sys.executable, "-m", "netfacts", "parse", "--as", "ss", str(path)]
        else:
            print("(ss is not registered in _registry.py yet: the CLI runs with the proposed "
                  "Family entry added in memory)")
            ours = [sys.executable, "-c", NETFACTS_CLI, str(path)]
        commands = {
            "netfacts parse (CLI)": ours,
            "netfacts parse_ss + JSON": [sys.executable, "-c", NETFACTS_PARSE, str(path)],
            "netfacts iter_ss (streaming)": [sys.executable, "-c", NETFACTS_STREAM, str(path)],
            "jc --ss": ["sh", "-c", 'exec "$0" --ss < "$1"', args.jc, str(path)],
        }
        results = measure_all(list(commands.values()), args.repeat)
        rows = [(name, t, rss) for name, (t, rss) in zip(commands, results)]
        report(rows, "jc --ss")
        print(f"jc / netfacts = {rows[-1][1] / rows[0][1]:.1f}x")


if __name__ == "__main__":
    main()
