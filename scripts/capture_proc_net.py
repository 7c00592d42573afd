#!/usr/bin/env python3
"""Capture /proc/net tables, lsof, ps and nstat in network namespaces, with their truth.

    sudo python3 scripts/capture_proc_net.py --out fixtures/netns_proc [--prefix nfp] [--keep]
    sudo python3 scripts/capture_proc_net.py --prefix nfp --cleanup

Builds two namespaces, <prefix>-host and <prefix>-peer (a veth pair, a bridge, routes of every
kind), starts stand-in daemons with the argv[0] and comm of the programs a Kubernetes control
plane runs (kube-apiserver, etcd, kubelet, ...) holding TCP, UDP, raw and UNIX sockets in every
state the kernel prints (LISTEN with a backlog, ESTABLISHED, CLOSE_WAIT, FIN_WAIT2, TIME_WAIT
and FIN_WAIT2 timewait lines, a SYN_RECV request line, SYN_SENT, connected UDP, raw ICMP),
and then writes, for each namespace, a tree shaped like a sosreport:

    OUT/<ns role>/proc/net/{tcp,tcp6,udp,udp6,raw,raw6,unix,dev,route,ipv6_route,if_inet6,
                            snmp,snmp6,netstat,sockstat,sockstat6}
    OUT/host/sos_commands/process/lsof_M_-n_-l_-c          lsof +M -n -l -c ''      (sos 4.1+)
    OUT/host/sos_commands/process/lsof_-b_M_-n_-l_-c       lsof -b +M -n -l -c ''   (sos 3.6-4.0)
    OUT/host/sos_commands/process/lsof_M_-n_-l             lsof +M -n -l            (lsof-threads)
    OUT/host/sos_commands/filesys/lsof_-b_M_-n_-l_-P       lsof -b +M -n -l -P      (filesys)
    OUT/host/sos_commands/process/ps_auxwww
    OUT/host/sos_commands/networking/{nstat_-zas,netstat_-W_-neopa,ss_-peaonmi}
    OUT/twins/...      the truth taken at the same moment: ss -H, nstat -zas -j, ip -j ...
    OUT/MANIFEST.tsv   file, namespace, command, exit status, note
    OUT/topology.json  the daemons (pid, argv[0], comm, uid) and their sockets

lsof and ps see every process of the machine; their files keep only the rows of the
capture's own processes: the `-c ''` forms select them with lsof's own `-a -p PIDS`, the
other forms (and ps) are filtered afterwards (noted in MANIFEST.tsv).  The `-b` forms have
stderr merged into the file, as sos does.  Counter files and their twins are read again until
two consecutive reads agree, so that text and JSON hold the same numbers.

Everything is removed at the end (also on error or Ctrl-C) unless --keep.  Exit status: 0 ok,
1 failure, 2 usage, 77 cannot run here (not root, no `ip netns`, no lsof/nstat).
Standard library only; Python 3.10+.  Uses scripts/_capture_daemons.py for the daemons.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as _dt
import json
import os
import re
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _capture import (
    ENV,
    PYTHON,
    Json,
    Namespaces,
    SetupError,
    Skip,
    in_netns,
    logger,
    mangle,
    read_json,
    run,
    run_steps,
    start,
    stop,
)

HERE = Path(__file__).resolve().parent
HELPER = HERE / "_capture_daemons.py"

HOST4, PEER4, SPOOF4, DEAD4 = "10.20.0.1", "10.20.0.2", "10.20.0.77", "10.20.0.99"
HOST6, PEER6 = "fd00:20::1", "fd00:20::2"
PROC_FILES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix", "dev", "route", "ipv6_route",
              "if_inet6", "snmp", "snmp6", "netstat", "sockstat", "sockstat6")
SOCKET_FILES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix")


log = logger("capture_proc_net")


# ------------------------------------------------------------------ daemon catalogue
def L(addr: str, port: int, fam: int = 4, **kw: Any) -> Json:
    return {"op": "listen", "family": fam, "addr": addr, "port": port, **kw}


def C(addr: str, port: int, fam: int = 4, **kw: Any) -> Json:
    return {"op": "connect", "family": fam, "addr": addr, "port": port, **kw}


def U(addr: str | None, port: int = 0, fam: int = 4, **kw: Any) -> Json:
    op = {"op": "udp", "family": fam, "port": port, **kw}
    if addr is not None:
        op["addr"] = addr
    return op


def daemons(sockdir: str) -> list[Json]:
    """Stand-ins: role, name, argv[0], comm, optional uid, socket operations (in start order)."""
    return [
        {"role": "host", "name": "etcd", "argv0": "/usr/local/bin/etcd", "comm": "etcd",
         "spec": [L("127.0.0.1", 2379), L(HOST4, 2379), L(HOST4, 2380)]},
        {"role": "host", "name": "kube-apiserver", "argv0": "/usr/local/bin/kube-apiserver",
         "comm": "kube-apiserver",
         "spec": [L("::", 6443, 6, v6only=0), C("127.0.0.1", 2379, count=2)]},
        {"role": "host", "name": "kubelet", "argv0": "/usr/bin/kubelet", "comm": "kubelet",
         "spec": [L("::", 10250, 6, v6only=0), L("127.0.0.1", 10248),
                  {"op": "unix", "type": "stream", "path": f"{sockdir}/kubelet.sock"},
                  C(HOST4, 6443, keepalive=True, keepidle=3600)]},
        {"role": "host", "name": "kube-scheduler", "argv0": "kube-scheduler",
         "comm": "kube-scheduler", "spec": [L("127.0.0.1", 10259)]},
        {"role": "host", "name": "kube-controller-manager",
         "argv0": "/usr/local/bin/kube-controller-manager", "comm": "kube-controller",
         "spec": [L("127.0.0.1", 10257)]},
        {"role": "host", "name": "containerd", "argv0": "/usr/bin/containerd",
         "comm": "containerd",
         "spec": [{"op": "unix", "type": "stream", "path": f"{sockdir}/run dir/containerd.sock"},
                  {"op": "unix", "type": "stream", "path": "@h12p-containerd-abstract"},
                  {"op": "unix", "type": "dgram", "path": "@h12p\u0000nul-inside"},
                  {"op": "unix", "type": "seqpacket", "path": f"{sockdir}/seqpacket.sock"},
                  {"op": "unix", "type": "dgram", "path": f"{sockdir}/journal.dgram"},
                  {"op": "unix_connect", "path": f"{sockdir}/kubelet.sock"},
                  {"op": "socketpair", "type": "stream"}]},
        {"role": "host", "name": "chronyd", "argv0": "/usr/sbin/chronyd", "comm": "chronyd",
         "spec": [U("127.0.0.1", 323), U("::1", 323, 6, v6only=1), U("0.0.0.0", 123)]},
        {"role": "host", "name": "coredns", "argv0": "/coredns", "comm": "coredns",
         "spec": [U(HOST4, 53), L(HOST4, 53), U(HOST6, 5353, 6, v6only=1),
                  U(HOST4, 9), U(HOST4, 0, connect=[PEER4, 53])]},
        {"role": "host", "name": "pinger", "argv0": "/usr/bin/pinger", "comm": "pinger",
         "spec": [{"op": "raw", "family": 4}, {"op": "raw", "family": 6}]},
        {"role": "host", "name": "node-exporter", "argv0": "/bin/node_exporter",
         "comm": "node_exporter", "user": 65534,
         "spec": [L("::", 9100, 6, v6only=1), L("0.0.0.0", 8080, close_on_eof=False),
                  L(HOST4, 5432, accept=False)]},
        {"role": "host", "name": "svcd", "argv0": "svcd", "comm": "svc worker 1",
         "spec": [L(HOST4, 9443), U("::", 5005, 6, v6only=0)]},
        {"role": "peer", "name": "peer-services", "argv0": "peer-services",
         "comm": "peer-services",
         "spec": [L(PEER4, 7000), L(PEER4, 7001, close_on_eof=False),
                  L(PEER4, 7002, close_on_eof=False), L(PEER6, 7003, 6),
                  U(PEER4, 53)]},
        {"role": "host", "name": "curl", "argv0": "curl", "comm": "curl",
         "spec": [C(PEER4, 7000, close=True), C(PEER4, 7001, close=True),
                  C(PEER4, 7002, shutdown_wr=True), C(PEER6, 7003, 6, keepalive=True),
                  C(DEAD4, 80, nonblock=True)]},
        {"role": "peer", "name": "peer-client", "argv0": "kubectl", "comm": "kubectl",
         "spec": [C(HOST4, 6443), C(HOST6, 10250, 6), C(HOST4, 10250),
                  C(HOST4, 8080, shutdown_wr=True), C(HOST4, 5432)]},
    ]


# ------------------------------------------------------------------ the SYN_RECV helper
def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def send_syn(source: str, target: str, port: int) -> None:
    """One TCP SYN from a source address nobody answers ARP for (run inside the peer ns).

    The host answers with a SYN-ACK that never leaves (no neighbour), so its request
    socket stays in SYN_RECV and /proc/net/tcp prints a short ``st 03`` line.
    """
    src, dst = socket.inet_aton(source), socket.inet_aton(target)
    sport = 40000 + os.getpid() % 20000
    tcp = struct.pack("!HHIIBBHHH", sport, port, 0x12345678, 0, 5 << 4, 0x02, 64240, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", _checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0x4242, 0, 64, socket.IPPROTO_TCP,
                     0, src, dst)
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW) as s:
        s.sendto(ip + tcp, (target, 0))


# ------------------------------------------------------------------ the run
class Run:
    def __init__(self, out: Path, prefix: str) -> None:
        self.out = out
        self.prefix = prefix
        self.ns = {"host": f"{prefix}-host", "peer": f"{prefix}-peer"}
        self.netns = Namespaces(log)
        self.procs: list[subprocess.Popen[bytes]] = []
        self.rundir = Path(f"/run/{prefix}-capture")
        self.manifest: list[tuple[str, str, str, str, str]] = []
        self.daemons: list[dict[str, Any]] = []

    # -------------------------------------------------------------- helpers
    def nsx(self, role: str, argv: list[str], *, check: bool = True, merge: bool = False
            ) -> subprocess.CompletedProcess[bytes]:
        return run(in_netns(self.ns[role], argv), check=check, merge=merge, timeout=60)

    def ip(self, role: str, line: str) -> None:
        run(["ip", "-n", self.ns[role], *shlex.split(line)])

    def preflight(self) -> None:
        if os.geteuid() != 0:
            raise Skip("needs root")
        for tool in ("ip", "ss", "netstat", "nstat", "lsof", "ps"):
            if shutil.which(tool, path=ENV["PATH"]) is None:
                raise Skip(f"{tool} is not installed (apt-get install iproute2 net-tools lsof "
                           "procps)")
        existing = run(["ip", "netns", "list"]).stdout.decode().split()
        for ns in self.ns.values():
            if ns in existing:
                raise SetupError(f"namespace {ns} exists (an earlier --keep run? use --cleanup)")

    # -------------------------------------------------------------- topology
    def build(self) -> None:
        for role in ("host", "peer"):
            self.netns.add(self.ns[role])
            self.ip(role, "link set lo up")
        h, p = self.ns["host"], self.ns["peer"]
        run(["ip", "link", "add", "eth0", "netns", h, "address", "02:00:00:00:20:01", "type",
                 "veth", "peer", "name", "eth0", "netns", p, "address", "02:00:00:00:20:02"])
        self.nsx("host", ["sysctl", "-q", "-w", "net.ipv4.tcp_synack_retries=8"])
        self.ip("host", f"addr add {HOST4}/24 dev eth0")
        self.ip("host", "addr add 10.20.0.11/24 dev eth0")
        self.ip("host", f"addr add {HOST6}/64 dev eth0 nodad")
        self.ip("host", "addr add fd00:20::de/64 dev eth0 nodad preferred_lft 0 valid_lft 3600")
        self.ip("host", "link set eth0 mtu 1450 up")
        self.ip("host", "link add br0 address 02:00:00:00:30:01 type bridge")
        self.ip("host", "link add vport0 address 02:00:00:00:30:02 type veth peer name vport1 "
                        "address 02:00:00:00:30:03")
        self.ip("host", "link set vport0 master br0")
        for dev in ("br0", "vport0", "vport1"):
            self.ip("host", f"link set {dev} up")
        self.ip("host", "addr add 10.30.0.1/24 dev br0")
        self.ip("host", "addr add fd00:30::1/64 dev br0 nodad")
        self.ip("peer", f"addr add {PEER4}/24 dev eth0")
        self.ip("peer", f"addr add {PEER6}/64 dev eth0 nodad")
        self.ip("peer", "link set eth0 mtu 1450 up")
        for line in (f"route add default via {PEER4} dev eth0",
                     f"route add 10.99.0.0/16 via {PEER4} dev eth0 metric 100",
                     f"route add 10.95.0.5 via {PEER4} dev eth0",
                     f"route add 10.94.0.0/16 via {PEER4} dev eth0 mtu 1400",
                     "route add blackhole 10.98.0.0/16", "route add unreachable 10.97.0.0/16",
                     "route add prohibit 10.96.0.0/16",
                     f"route add 10.93.0.0/16 via {PEER4} dev eth0 table 100",
                     f"-6 route add default via {PEER6} dev eth0",
                     f"-6 route add fd00:99::/64 via {PEER6} dev eth0 metric 100",
                     "-6 route add unreachable fd00:97::/64",
                     "-6 route add blackhole fd00:98::/64"):
            self.ip("host", line)
        self.ip("peer", f"route add default via {HOST4} dev eth0")
        # addresses that "exist" for the host but answer nothing: the SYN to DEAD4 and the
        # SYN-ACK to SPOOF4 leave with a MAC nobody has, so SYN_SENT and SYN_RECV last
        for dead, mac in ((DEAD4, "02:00:00:00:99:99"), (SPOOF4, "02:00:00:00:77:77")):
            self.ip("host", f"neigh add {dead} lladdr {mac} nud permanent dev eth0")
        time.sleep(1.0)  # link-local DAD of the peer side (addresses above are nodad)

    def start_daemons(self) -> None:
        self.rundir.mkdir(mode=0o755)
        sockdir = self.rundir / "sock"
        (sockdir / "run dir").mkdir(parents=True)
        os.chmod(sockdir, 0o777)
        env = {**ENV, "PYTHONHOME": sys.base_prefix}
        for d in daemons(str(sockdir)):
            spec = self.rundir / f"{d['name']}.spec.json"
            spec.write_text(json.dumps(d["spec"]))
            d["report"] = self.rundir / f"{d['name']}.json"
            argv = ["ip", "netns", "exec", self.ns[d["role"]], "bash", "-c", 'exec -a "$0" "$@"',
                    d["argv0"], PYTHON, str(HELPER), "daemon", "--spec", str(spec), "--report",
                    str(d["report"]), "--comm", d["comm"]]
            if "user" in d:
                argv += ["--user", str(d["user"])]
            log_file = self.rundir / f"{d['name']}.log"
            with open(log_file, "wb") as errlog:
                popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=errlog, env=env, start_new_session=True)
            self.procs.append(popen)
            deadline = time.monotonic() + 20
            while True:  # one at a time: clients need their servers
                rep = _read_json(d["report"])
                if rep and rep.get("error"):
                    raise SetupError(f"daemon {d['name']}: {rep['error']}")
                if rep and rep.get("ready"):
                    break
                if popen.poll() is not None:
                    raise SetupError(f"daemon {d['name']} exited: "
                                     f"{log_file.read_text(errors='replace')[-400:]}")
                if time.monotonic() > deadline:
                    raise SetupError(f"daemon {d['name']} not ready")
                time.sleep(0.05)
            d["pid"] = popen.pid
            self.daemons.append(d)
        # the SYN_RECV request socket, and a datagram left unread in coredns's port 9 socket
        self.nsx("peer", [PYTHON, str(Path(__file__).resolve()), "--send-syn",
                          f"{SPOOF4},{HOST4},6443"])
        self.nsx("peer", [PYTHON, str(HELPER), "poke", "--count", "2", HOST4])
        time.sleep(1.5)  # accept threads, FIN handshakes and the SYN-ACK settle

    # -------------------------------------------------------------- capture
    def write(self, rel: str, data: bytes, role: str, command: str, rc: int,  # noqa: PLR0917
              note: str = "") -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.manifest.append((rel, self.ns[role], command, str(rc), note))

    def run_in(self, role: str, argv: list[str], *, merge: bool = False) -> tuple[bytes, int]:
        started = time.monotonic()
        p = self.nsx(role, argv, check=False, merge=merge)
        if time.monotonic() - started > 2:
            log(f"slow: {shlex.join(argv)} took {time.monotonic() - started:.1f}s")
        if p.returncode not in (0, 1) or (p.stderr and not merge and argv[0] not in ("lsof", "ss")):
            log(f"{shlex.join(argv)}: exit {p.returncode} {p.stderr.decode(errors='replace')}")
        return p.stdout, p.returncode

    def pids(self) -> list[int]:
        return sorted(d["pid"] for d in self.daemons)

    def ss_truth(self) -> bytes:
        parts = [self.run_in("host", ["ss", "-H", *opts])[0] for opts in
                 (["-tuanpe"], ["-wanpe"], ["-xanpe"])]
        return b"".join(parts)

    @staticmethod
    def _identity(ss_text: bytes) -> list[str]:
        """ss -H lines without the columns that move (queues, timers)."""
        keep = []
        for line in ss_text.decode(errors="replace").splitlines():
            fields = line.split()
            keep.append(" ".join(f for f in fields[:2] + fields[4:] if not f.startswith(
                ("timer:", "skmem:"))))
        return sorted(keep)

    def capture_sockets(self) -> None:
        """The socket tables, lsof, ps, netstat and ss of the host, between two ss -H reads
        that must agree (else the whole batch is taken again)."""
        pids = ",".join(map(str, self.pids()))
        for attempt in range(4):
            before = self.ss_truth()
            batch: list[tuple[str, bytes, str, int, str]] = []
            for name in SOCKET_FILES:
                out, rc = self.run_in("host", ["cat", f"/proc/net/{name}"])
                batch.append((f"host/proc/net/{name}", out, f"cat /proc/net/{name}", rc, ""))
            # lsof +M waits ~10 s for a portmapper that is not there: run the forms together
            forms = [("lsof +M -n -l -c ''", "process", False),
                     ("lsof -b +M -n -l -c ''", "process", True),
                     ("lsof +M -n -l", "process", False),
                     ("lsof -b +M -n -l -P", "filesys", True)]
            runs = []
            for form, _, _ in forms:
                argv = shlex.split(form)
                runs.append([*argv, "-a", "-p", pids] if "-c" in argv else argv)
            with concurrent.futures.ThreadPoolExecutor(len(forms)) as pool:
                results = list(pool.map(lambda r: self.run_in("host", r[0], merge=r[1]),
                                        [(one, form[2]) for one, form in zip(runs, forms)]))
            for (form, folder, merged), one, (out, rc) in zip(forms, runs, results):
                argv = shlex.split(form)
                note = "stderr merged (as sos does)" if merged else ""
                if "-c" not in argv:
                    out = _keep_rows(out, set(self.pids()), pid_field=1)
                    note = (note + "; " if note else "") + "rows of other processes removed"
                batch.append((f"host/sos_commands/{folder}/{mangle(argv)}", out,
                              shlex.join(one) + (" 2>&1" if merged else ""), rc, note))
            out, rc = self.run_in("host", ["ps", "auxwww"])
            batch.append(("host/sos_commands/process/ps_auxwww",
                          _keep_rows(out, set(self.pids()), pid_field=1), "ps auxwww", rc,
                          "rows of other processes removed"))
            for argv in (["netstat", "-W", "-neopa"], ["ss", "-peaonmi"]):
                out, rc = self.run_in("host", argv)
                batch.append((f"host/sos_commands/networking/{mangle(argv)}", out,
                              shlex.join(argv), rc, ""))
            for name in SOCKET_FILES:  # the other side (timewait lines of FIN_WAIT2)
                out, rc = self.run_in("peer", ["cat", f"/proc/net/{name}"])
                batch.append((f"peer/proc/net/{name}", out, f"cat /proc/net/{name}", rc, ""))
            peer_ss = b"".join(self.run_in("peer", ["ss", "-H", *o])[0]
                               for o in (["-tuanpe"], ["-wanpe"], ["-xanpe"]))
            after = self.ss_truth()
            if self._identity(before) == self._identity(after):
                break
            log(f"sockets moved during the capture (attempt {attempt + 1}); again")
        else:
            raise SetupError("the sockets never held still")
        for rel, data, command, rc, note in batch:
            self.write(rel, data, "peer" if rel.startswith("peer/") else "host", command, rc,
                       note)
        truth = "ss -H -tuanpe ; ss -H -wanpe ; ss -H -xanpe"
        self.write("twins/host/ss_truth_before.txt", before, "host", truth, 0)
        self.write("twins/host/ss_truth_after.txt", after, "host", truth, 0)
        self.write("twins/peer/ss_truth.txt", peer_ss, "peer", truth, 0)

    def capture_stable(self, role: str, items: list[tuple[str, list[str]]]) -> None:
        """Commands whose numbers move: read them all, again, until two rounds agree."""
        last = None
        for _ in range(20):
            current = [self.run_in(role, argv) for _, argv in items]
            if last is not None and [c[0] for c in current] == [c[0] for c in last]:
                break
            last = current
            time.sleep(0.3)
        else:
            raise SetupError(f"counters never held still: {[i[0] for i in items]}")
        for (rel, argv), (data, rc) in zip(items, current):
            self.write(rel, data, role, shlex.join(argv), rc,
                       "read twice, both reads equal")

    def capture_counters(self) -> None:
        for role in ("host", "peer"):
            def proc(name: str, role: str = role) -> tuple[str, list[str]]:
                return f"{role}/proc/net/{name}", ["cat", f"/proc/net/{name}"]

            def twin(argv: list[str], role: str = role) -> tuple[str, list[str]]:
                return f"twins/{role}/{mangle(argv)}", argv

            self.capture_stable(role, [proc("dev"), twin(["ip", "-j", "-s", "link"]),
                                       twin(["ip", "-j", "-s", "-s", "link"])])
            self.capture_stable(role, [proc("if_inet6"), twin(["ip", "-j", "addr"])])
            self.capture_stable(role, [proc("route"), proc("ipv6_route"),
                                       twin(["ip", "-j", "-4", "route", "show", "table", "main"]),
                                       twin(["ip", "-j", "-6", "route", "show", "table",
                                             "all"]),
                                       twin(["netstat", "-rnee"]),
                                       twin(["netstat", "-6", "-rn"])])
            nstat = ["nstat", "-zas"]
            self.capture_stable(role, [proc("snmp"), proc("snmp6"), proc("netstat"),
                                       (f"{role}/sos_commands/networking/{mangle(nstat)}", nstat),
                                       twin(["nstat", "-zas", "-j"])])
            self.capture_stable(role, [proc("sockstat"), proc("sockstat6")])

    # -------------------------------------------------------------- outputs
    def write_outputs(self) -> None:
        versions = {}
        for argv in (["ip", "-V"], ["ss", "-V"], ["netstat", "-V"], ["lsof", "-v"],
                     ["nstat", "-V"], ["ps", "--version"], ["uname", "-r"], ["uname", "-m"]):
            p = subprocess.run(argv, capture_output=True, env=ENV, timeout=10, check=False)
            text = (p.stdout + p.stderr).decode(errors="replace").strip()
            versions[shlex.join(argv)] = text.splitlines()[1].strip() if argv[0] == "lsof" \
                and len(text.splitlines()) > 1 else text
        topo: Json = {
            "captured_at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "namespaces": self.ns, "tools": versions,
            "addresses": {"host": [HOST4, "10.20.0.11", HOST6, "fd00:20::de", "10.30.0.1",
                                   "fd00:30::1"], "peer": [PEER4, PEER6]},
            "syn_recv_from": SPOOF4, "syn_sent_to": DEAD4,
            "daemons": [],
        }
        for d in self.daemons:
            rep = _read_json(d["report"]) or {}
            topo["daemons"].append({
                "name": d["name"], "namespace": self.ns[d["role"]], "pid": d["pid"],
                "argv0": rep.get("argv0"), "comm": rep.get("comm"), "uid": rep.get("uid"),
                "sockets": rep.get("sockets", [])})
        (self.out / "topology.json").write_text(json.dumps(topo, indent=1) + "\n")
        with open(self.out / "MANIFEST.tsv", "w", encoding="utf-8") as fh:
            fh.write("file\tnamespace\tcommand\texit_status\tnote\n")
            for row in sorted(self.manifest):
                fh.write("\t".join(c.replace("\t", " ") for c in row) + "\n")

    # -------------------------------------------------------------- teardown
    def teardown(self) -> None:
        stop(self.procs)
        self.netns.remove_all()  # anything left in our namespaces was started by us
        shutil.rmtree(self.rundir, ignore_errors=True)

    def adopt_leftovers(self) -> None:
        self.netns.adopt(self.ns.values())


def _read_json(path: Path) -> Json | None:
    data = read_json(path)
    return data if isinstance(data, dict) else None


def _keep_rows(data: bytes, pids: set[int], pid_field: int) -> bytes:
    """Everything up to the header line, the header, then the rows whose PID is one of
    ``pids`` and the lines without a PID (lsof's merged stderr)."""
    kept = []
    header_seen = False
    for line in data.splitlines(keepends=True):
        fields = line.split()
        if not header_seen:
            kept.append(line)
            header_seen = fields[:2] in ([b"COMMAND", b"PID"], [b"USER", b"PID"])
            continue
        pid = _pid_of(fields, pid_field)
        if pid is None or pid in pids:
            kept.append(line)
    return b"".join(kept)


def _pid_of(fields: list[bytes], index: int) -> int | None:
    """The PID of an lsof/ps row: the first all-digit field at or after ``index`` (an lsof
    COMMAND may contain spaces)."""
    for field in fields[index:index + 4]:
        if field.isdigit():
            return int(field)
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--prefix", default="nfp", help="namespace prefix (default nfp)")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--cleanup", action="store_true")
    ap.add_argument("--send-syn", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.send_syn:
        source, target, port = args.send_syn.split(",")
        send_syn(source, target, int(port))
        return 0
    if not re.fullmatch(r"[a-z][a-z0-9]{0,7}", args.prefix):
        ap.error("--prefix: 1-8 lower-case letters or digits, starting with a letter")
    if args.out is None and not args.cleanup:
        ap.error("--out is required")
    capture = Run((args.out or Path(".")).resolve(), args.prefix)
    stopped = start(capture, "capture_proc_net", cleanup=args.cleanup)
    if stopped is not None:
        return stopped
    for sub in ("host", "peer", "twins"):
        shutil.rmtree(capture.out / sub, ignore_errors=True)
    capture.out.mkdir(parents=True, exist_ok=True)

    def keep() -> None:
        log(f"--keep: namespaces {' '.join(capture.netns.created)} left; remove with --cleanup")

    return run_steps("capture_proc_net", log, [
        capture.build, capture.start_daemons, capture.capture_sockets,
        capture.capture_counters, capture.write_outputs,
    ], teardown=capture.teardown, keep=keep if args.keep else None)


if __name__ == "__main__":
    sys.exit(main())
