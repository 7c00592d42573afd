#!/usr/bin/env python3
"""Capture sosreport-style fixtures of two small Kubernetes-like clusters built from
Linux network namespaces.

    sudo python3 scripts/capture_k8s.py [--out fixtures/k8s] [--settle 60] [--keep]
    sudo python3 scripts/capture_k8s.py --cleanup        # remove leftovers (prefix nfk-)

Two clusters are built side by side, each with its own switch namespace:

    healthy: nfk-h-sw  + nfk-h-controlplane, nfk-h-node01, nfk-h-node02  (+ pod namespaces)
    faulty:  nfk-f-sw  + nfk-f-controlplane, nfk-f-node01, nfk-f-node02  (+ pod namespaces)

Every node namespace gets eth0 (veth to the switch bridge br0; 192.168.121.1 is the default
gateway and lives on br0), a cni0 bridge with pod namespaces behind veths, a flannel.1 VXLAN
device with flannel's routes, neighbour and fdb entries, and stand-in daemons (Python
processes whose /proc/PID/cmdline and /proc/PID/comm are those of kube-apiserver, etcd,
kubelet, ...) holding real TCP/UDP sockets.  The faulty cluster carries the faults listed in
FAULTS below.  Then, in every node namespace, the commands of COMMANDS run and their output is
written to

    OUT/<cluster>/<node>/<sos file name>      stdout (stderr, if any, to <name>.stderr)
    OUT/<cluster>/<node>/files/...            copies of /etc/hosts, /etc/hostname,
                                              /proc/net/arp, /proc/sys/net/ipv4/ip_forward
    OUT/<cluster>/<node>/MANIFEST.tsv         file, command, exit_status
    OUT/<cluster>/EXPECTED.json               ground truth (definition + live ip -j / ss -H)
    OUT/README.md                             how the files were made

The stand-ins are put into realistic cgroup v2 paths below <cgroup2 mount>/nfk-capture.slice
(when the host has a writable cgroup2 hierarchy), so that `ss -e` shows them.
Everything created is removed at the end (also on error, Ctrl-C, SIGTERM) unless --keep.
Leftovers of an earlier run (namespaces named nfk-*, /run/nfk-capture) are removed first.
Exit status: 0 ok, 1 failure (setup failed or ground truth disagrees with the definition),
2 usage, 77 cannot run here (not root / no network namespaces), 130 interrupted.
Standard library only; Python 3.10+.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as _dt
import hashlib
import ipaddress
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import _capture_k8s_firewall as firewall  # kube-proxy's iptables rules in every node
import _capture_k8s_sockets as sockets  # /proc/net, lsof, ps of every node (sockets/)

HERE = Path(__file__).resolve().parent
HELPER = HERE / "_capture_k8s_daemons.py"
PYTHON = os.path.realpath(sys.executable)
PREFIX = "nfk"
RUNDIR = Path(f"/run/{PREFIX}-capture")
ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C",
    "LC_ALL": "C",
    "HOME": "/root",
    "TERM": "dumb",
}
CLONE_NEWNET = 0x40000000

CLUSTERS = {"healthy": "h", "faulty": "f"}
NODE_NAMES = ("controlplane", "node01", "node02")
SUBNET = "192.168.121"
GATEWAY = f"{SUBNET}.1"
APISERVER = f"{SUBNET}.10"
KEEPALIVE = 15  # Go's default TCP keepalive period (s)
CONTAINERD_STREAM_PORT = {"controlplane": 41089, "node01": 36225, "node02": 44371}
PODS = {
    "controlplane": [("kube-system", "coredns-5dd5756b68-7xkqp", 2),
                     ("kube-system", "coredns-5dd5756b68-m9xzw", 3)],
    "node01": [("default", "echo-7b9c6d5f4-2kq8x", 2)],
    "node02": [("default", "echo-7b9c6d5f4-v7wzn", 2),
               ("kube-system", "metrics-server-6d94bc8694-5lkbq", 3)],
}

# the commands run in every node namespace, in this order (the JSON twins right after their
# text command, the neighbour commands first, right after the neighbours were refreshed)
COMMANDS = [
    "ip -s -s neigh show",
    "ip -j -s -s neigh show",
    "ip -4 neigh show",
    "arp -n",
    "cat /proc/net/arp",
    "hostname",
    "ip -d address",
    "ip -j -d address",
    "ip -o addr",
    "ip -s -d link",
    "ip route show table all",
    "ip -j route show table all",
    "ip -6 route show table all",
    "ip -4 rule list",
    "ip -6 rule list",
    "netstat -W -neopa",
    "netstat -nr",
    "netstat -i",
    "ss -peaonmi",
    "ss -tlnp",
    "sysctl -a",
    "cat /proc/sys/net/ipv4/ip_forward",
    "ps auxwww",
]
COMMANDS += firewall.FIREWALL_COMMANDS
COPIED = {  # command -> path under files/
    "cat /proc/net/arp": "files/proc/net/arp",
    "cat /proc/sys/net/ipv4/ip_forward": "files/proc/sys/net/ipv4/ip_forward",
}


class SetupError(RuntimeError):
    pass


class Interrupted(Exception):
    pass


def log(msg: str) -> None:
    print(f"[capture_k8s] {msg}", file=sys.stderr, flush=True)


def mangle(cmd: str) -> str:
    """sosreport's command -> file name rule."""
    name = re.sub(r"^/(usr/)?s?bin/", "", cmd)
    name = re.sub(r"[^\w\-./]+", "_", name)
    return name.replace("/", ".").strip(" ._-")[:255]


def _h(*parts: str) -> bytes:
    return hashlib.sha256("/".join(parts).encode()).digest()


def libvirt_mac(*parts: str) -> str:
    """52:54:00:xx:xx:xx like a vagrant-libvirt VM, deterministic."""
    b = _h("libvirt", *parts)
    return "52:54:00:" + ":".join(f"{x:02x}" for x in b[:3])


def random_mac(*parts: str) -> str:
    """A locally administered unicast MAC like the kernel/CNI would pick, deterministic."""
    b = bytearray(_h("random", *parts)[:6])
    b[0] = (b[0] & 0xFC) | 0x02
    return ":".join(f"{x:02x}" for x in b)


def veth_name(pod: str) -> str:
    return "veth" + hashlib.sha1(pod.encode()).hexdigest()[:8]


# ============================================================================ definition
def listen(addr: str, port: int, *, v6only: bool | None = None, keepalive: int = KEEPALIVE
           ) -> dict:
    fam = 6 if ":" in addr else 4
    op: dict[str, Any] = {"op": "listen", "family": fam, "addr": addr, "port": port,
                          "keepalive": keepalive}
    if fam == 6:
        op["v6only"] = int(bool(v6only))
    return op


def connect(addr: str, port: int, count: int = 1, send: str = "hello\n") -> dict:
    return {"op": "connect", "family": 6 if ":" in addr else 4, "addr": addr, "port": port,
            "count": count, "keepalive": KEEPALIVE, "send": send}


def udp(addr: str, port: int) -> dict:
    return {"op": "udp", "family": 6 if ":" in addr else 4, "addr": addr, "port": port,
            "v6only": 1}


SYSTEMD_UNITS = {"kubelet": "kubelet.service", "containerd": "containerd.service",
                 "sshd": "ssh.service", "chronyd": "chrony.service", "nginx": "nginx.service"}
POD_QOS = {"etcd": "burstable", "kube-apiserver": "burstable",
           "kube-controller-manager": "burstable", "kube-scheduler": "burstable",
           "kube-proxy": "besteffort", "flanneld": "burstable"}


def cgroup_of(node: str, role: str) -> str | None:
    """The cgroup (v2 path, systemd driver) the real process would be in."""
    if role in SYSTEMD_UNITS:
        return f"/system.slice/{SYSTEMD_UNITS[role]}"
    if role in POD_QOS:
        q = POD_QOS[role]
        uid = hashlib.md5(f"{node}/{role}/pod".encode()).hexdigest()
        uid = f"{uid[:8]}_{uid[8:12]}_{uid[12:16]}_{uid[16:20]}_{uid[20:]}"
        cid = hashlib.sha256(f"{node}/{role}/container".encode()).hexdigest()
        return (f"/kubepods.slice/kubepods-{q}.slice/kubepods-{q}-pod{uid}.slice"
                f"/cri-containerd-{cid}.scope")
    return None


def proc(role: str, argv: list[str], comm: str, *ops: dict, workers: list | None = None
         ) -> dict:
    return {"role": role, "argv": argv, "comm": comm, "ops": list(ops),
            "workers": workers or []}


def node_daemons(name: str, ip: str) -> list[dict]:
    common = [
        proc("kubelet",
             ["/usr/bin/kubelet",
              "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
              "--kubeconfig=/etc/kubernetes/kubelet.conf",
              "--config=/var/lib/kubelet/config.yaml",
              "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
              f"--node-ip={ip}",
              "--pod-infra-container-image=registry.k8s.io/pause:3.9"],
             "kubelet",
             listen("::", 10250, v6only=False), listen("127.0.0.1", 10248),
             connect(APISERVER, 6443)),
        proc("kube-proxy",
             ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
              f"--hostname-override={name}"],
             "kube-proxy",
             listen("::", 10256, v6only=False), listen("127.0.0.1", 10249),
             listen("::", 30080, v6only=False, keepalive=0),
             connect(APISERVER, 6443)),
        proc("flanneld",
             ["/opt/bin/flanneld", "--ip-masq", "--kube-subnet-mgr", "--iface=eth0"],
             "flanneld",
             connect(APISERVER, 6443)),
        proc("containerd", ["/usr/bin/containerd", "--config", "/etc/containerd/config.toml"],
             "containerd",
             listen("127.0.0.1", CONTAINERD_STREAM_PORT[name], keepalive=0)),
        proc("sshd", ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"], "sshd",
             listen("0.0.0.0", 22, keepalive=0), listen("::", 22, v6only=True, keepalive=0)),
        proc("chronyd", ["/usr/sbin/chronyd", "-F", "1"], "chronyd",
             udp("127.0.0.1", 323), udp("::1", 323)),
    ]
    if name != "controlplane":
        return common
    cp = [
        proc("etcd",
             ["etcd", f"--advertise-client-urls=https://{ip}:2379",
              "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--client-cert-auth=true",
              "--data-dir=/var/lib/etcd", "--experimental-initial-corrupt-check=true",
              "--experimental-watch-progress-notify-interval=5s",
              f"--initial-advertise-peer-urls=https://{ip}:2380",
              f"--initial-cluster=controlplane=https://{ip}:2380",
              "--key-file=/etc/kubernetes/pki/etcd/server.key",
              f"--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379",
              "--listen-metrics-urls=http://127.0.0.1:2381",
              f"--listen-peer-urls=https://{ip}:2380", "--name=controlplane",
              "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
              "--peer-client-cert-auth=true", "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
              "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
              "--snapshot-count=10000", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"],
             "etcd",
             listen("127.0.0.1", 2379), listen(ip, 2379), listen(ip, 2380),
             listen("127.0.0.1", 2381),
             connect("127.0.0.1", 2379, 1),           # grpc-gateway loopback client
             connect(ip, 2380, 2)),                    # stand-in for raft peer streams
        proc("kube-apiserver",
             ["kube-apiserver", f"--advertise-address={ip}", "--allow-privileged=true",
              "--authorization-mode=Node,RBAC", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
              "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
              "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
              "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
              "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
              "--etcd-servers=https://127.0.0.1:2379", "--secure-port=6443",
              "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
              "--service-cluster-ip-range=10.96.0.0/12",
              "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
              "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"],
             "kube-apiserver",
             listen("::", 6443, v6only=False),
             connect("127.0.0.1", 2379, 6),            # etcd client connections
             connect("::1", 6443, 1)),                 # loopback client
        proc("kube-controller-manager",
             ["kube-controller-manager", "--allocate-node-cidrs=true",
              "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
              "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
              "--bind-address=127.0.0.1", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
              "--cluster-cidr=10.244.0.0/16", "--cluster-name=kubernetes",
              "--kubeconfig=/etc/kubernetes/controller-manager.conf", "--leader-elect=true",
              "--service-cluster-ip-range=10.96.0.0/12",
              "--use-service-account-credentials=true"],
             "kube-controller",
             listen("127.0.0.1", 10257), connect(APISERVER, 6443, 2)),
        proc("kube-scheduler",
             ["kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
              "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
              "--bind-address=127.0.0.1", "--kubeconfig=/etc/kubernetes/scheduler.conf",
              "--leader-elect=true"],
             "kube-scheduler",
             listen("127.0.0.1", 10259), connect(APISERVER, 6443, 1)),
    ]
    return cp + common


def define_cluster(cluster: str) -> dict:
    code = CLUSTERS[cluster]
    nodes: dict[str, dict] = {}
    for i, name in enumerate(NODE_NAMES):
        ip = f"{SUBNET}.{10 + i}"
        pods = []
        for kns, pod, octet in PODS[name]:
            pods.append({
                "k8s_namespace": kns, "name": pod,
                "netns": f"{PREFIX}-{code}-{name}-p{octet}",
                "ip": f"10.244.{i}.{octet}", "prefixlen": 24, "mac": random_mac("pod", pod),
                "host_veth": veth_name(pod), "host_veth_mac": random_mac("veth", pod),
                "mtu": 1450,
            })
        nodes[name] = {
            "name": name, "hostname": name, "index": i,
            "netns": f"{PREFIX}-{code}-{name}",
            "ip": ip, "prefixlen": 24, "iface": "eth0", "mac": libvirt_mac(name), "mtu": 1500,
            "switch_port": f"vnet{i}", "switch_port_mac": "fe" + libvirt_mac(name)[2:],
            "gateway": GATEWAY,
            "pod_cidr": f"10.244.{i}.0/24",
            "cni0": {"ip": f"10.244.{i}.1", "prefixlen": 24, "mac": random_mac("cni0", name),
                     "mtu": 1450},
            "flannel": {"dev": "flannel.1", "vni": 1, "dstport": 8472, "ip": f"10.244.{i}.0",
                        "prefixlen": 32, "mac": random_mac("flannel.1", name), "mtu": 1450},
            "ip_forward": 1,
            "pods": pods,
            "pod_routes_to": [m for m in NODE_NAMES if m != name],
            "daemons": node_daemons(name, ip),
        }
        for d in nodes[name]["daemons"]:
            d["cgroup"] = cgroup_of(name, d["role"])
    c = {"cluster": cluster, "code": code, "switch_netns": f"{PREFIX}-{code}-sw",
         "switch_hub": False, "nodes": nodes, "faults": [], "side_effects": []}
    if cluster == "faulty":
        inject_faults(c)
    firewall.define(c)
    return c


def inject_faults(c: dict) -> None:
    n = c["nodes"]
    cp, n1, n2 = n["controlplane"], n["node01"], n["node02"]
    faults = c["faults"]

    # 1. node01: IPv4 forwarding off
    n1["ip_forward"] = 0
    faults.append({"check": "ip_forward", "node": "node01",
                   "detail": "net.ipv4.ip_forward = 0 (1 on the other nodes; a Kubernetes node "
                             "must forward pod traffic)",
                   "injected": "sysctl -w net.ipv4.ip_forward=0 in nfk-f-node01",
                   "evidence": ["sysctl_-a", "files/proc/sys/net/ipv4/ip_forward"]})

    # 2. node02: kubelet absent, nginx holds 10250
    n2["daemons"] = [d for d in n2["daemons"] if d["role"] != "kubelet"]
    n2["daemons"].insert(0, proc(
        "nginx", ["nginx: master process /usr/sbin/nginx -g daemon on; master_process on;"],
        "nginx", listen("0.0.0.0", 10250, keepalive=0), listen("::", 10250, v6only=True,
                                                                keepalive=0),
        workers=[{"argv": ["nginx: worker process"], "comm": "nginx"}]))
    n2["daemons"][0]["cgroup"] = cgroup_of("node02", "nginx")
    faults.append({"check": "kubelet_port", "node": "node02",
                   "detail": "TCP port 10250 (kubelet API) is held by nginx (0.0.0.0:10250 and "
                             "[::]:10250, master + 1 worker process); no kubelet process runs "
                             "and port 10248 (kubelet healthz) is not listening",
                   "injected": "kubelet stand-in not started on nfk-f-node02; nginx stand-in "
                               "listens on 10250 instead",
                   "evidence": ["ss_-tlnp", "ss_-peaonmi", "netstat_-W_-neopa", "ps_auxwww"]})

    # 3. node02: same eth0 MAC as node01
    n2["mac"] = n1["mac"]
    c["switch_hub"] = True
    faults.append({"check": "duplicate_mac", "node": "node02",
                   "detail": f"eth0 MAC {n1['mac']} of node02 equals node01's eth0 MAC "
                             "(both on the same L2 segment)",
                   "nodes": ["node01", "node02"], "mac": n1["mac"],
                   "injected": "veth eth0 of nfk-f-node02 created with node01's address",
                   "evidence": ["ip_-d_address", "ip_-s_-d_link",
                                "controlplane: ip_-s_-s_neigh_show / arp_-n"]})

    # 4. node01: flannel.1 MTU 1500 while the others use 1450
    n1["flannel"]["mtu"] = 1500
    faults.append({"check": "mtu_mismatch", "node": "node01",
                   "detail": "flannel.1 MTU 1500 on node01, 1450 on controlplane and node02 "
                             "(VXLAN overhead is 50 bytes: with eth0 MTU 1500 it must be 1450)",
                   "interface": "flannel.1",
                   "injected": "on nfk-f-node01: ip link set eth0 mtu 1550; ip link set flannel.1 "
                               "mtu 1500; ip link set eth0 mtu 1500 (the kernel checks the "
                               "VXLAN MTU against eth0's only when it is set)",
                   "evidence": ["ip_-d_address", "ip_-s_-d_link", "netstat_-i"]})

    # 5. node01: no route to node02's pod CIDR
    n1["pod_routes_to"] = [m for m in n1["pod_routes_to"] if m != "node02"]
    faults.append({"check": "pod_routes", "node": "node01",
                   "detail": "no route to node02's pod CIDR 10.244.2.0/24 (the routes to "
                             "10.244.0.0/24 via flannel.1 and the flannel.1 neighbour/fdb "
                             "entries for node02 are present)",
                   "missing_route": "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink",
                   "injected": "route not added on nfk-f-node01",
                   "evidence": ["ip_route_show_table_all", "netstat_-nr"]})

    # 6. controlplane: etcd peer port 2380 not listening
    for d in cp["daemons"]:
        if d["role"] == "etcd":
            d["ops"] = [op for op in d["ops"] if op.get("port") != 2380]
    faults.append({"check": "etcd_peer_port", "node": "controlplane",
                   "detail": "etcd listens on 2379 (127.0.0.1 and 192.168.121.10) and 2381 but "
                             "not on its peer port 192.168.121.10:2380 (its command line still "
                             "says --listen-peer-urls=https://192.168.121.10:2380); consequently "
                             "there are no connections on 2380",
                   "injected": "etcd stand-in started without the 2380 listener and without "
                               "the two peer connections",
                   "evidence": ["ss_-tlnp", "ss_-peaonmi", "netstat_-W_-neopa"]})

    c["side_effects"] = [
        {"node": "node02", "detail": "no kubelet -> apiserver connection from node02 "
                                     "(controlplane has one ESTABLISHED connection on 6443 less)"},
        {"node": "node02", "detail": "the IPv6 link-local address of eth0 (EUI-64 of the "
                                     "duplicate MAC) is the same as node01's; node01 had it "
                                     "first, so on node02 it is 'dadfailed tentative'",
         "check": "eth0_link_local_dadfailed"},
        {"node": "controlplane", "detail": "neighbour entries for 192.168.121.11 and "
                                           "192.168.121.12 carry the same lladdr"},
        {"node": "switch", "detail": "to keep both duplicate-MAC nodes reachable, the faulty "
                                     "cluster's switch bridge runs with ageing_time 0 (no MAC "
                                     "learning, it floods like a hub), so node01 and node02 "
                                     "each also receive the unicast frames meant for the "
                                     "other (node02, with ip_forward=1, may route a copy back "
                                     "onto the segment; node01 drops them); RX/TX counters in "
                                     "ip -s -d link / netstat -i reflect that"},
    ]


def hosts_file() -> str:
    lines = ["127.0.0.1\tlocalhost",
             "::1\tlocalhost ip6-localhost ip6-loopback",
             "ff02::1\tip6-allnodes",
             "ff02::2\tip6-allrouters",
             ""]
    lines += [f"{SUBNET}.{10 + i}\t{n}" for i, n in enumerate(NODE_NAMES)]
    return "\n".join(lines) + "\n"


# ============================================================================ runner
class Runner:
    def __init__(self, out: Path, settle: float) -> None:
        self.out = out
        self.settle = settle
        self.clusters = {c: define_cluster(c) for c in CLUSTERS}
        self.created_ns: list[str] = []
        self.procs: list[subprocess.Popen] = []
        self.extra_pids: dict[int, str] = {}  # forked workers: pid -> argv[0]
        self.daemons: dict[tuple[str, str], list[dict]] = {}  # (cluster, node) -> launched
        self.errors: list[str] = []
        self._libc = ctypes.CDLL(None, use_errno=True)
        self.cg_base = cgroup2_base()  # <cgroup2 mount>/nfk-capture.slice, or None
        self.cg_created: list[Path] = []
        self.current = ""

    # ------------------------------------------------------------------ helpers
    def sh(self, argv: list[str], *, check: bool = True, timeout: float = 30
           ) -> subprocess.CompletedProcess:
        p = subprocess.run(argv, capture_output=True, env=ENV, timeout=timeout, check=False)
        if check and p.returncode != 0:
            raise SetupError(f"{shlex.join(argv)} -> {p.returncode}: "
                             f"{p.stderr.decode(errors='replace').strip()}")
        return p

    def sh_in_cgroup(self, argv: list[str], cgroup: Path | None) -> None:
        procs = str(cgroup / "cgroup.procs") if cgroup else None

        def _pre() -> None:
            if procs:
                with open(procs, "w", encoding="ascii") as fh:
                    fh.write(str(os.getpid()))
        p = subprocess.run(argv, capture_output=True, env=ENV, timeout=30, check=False,
                           preexec_fn=_pre)
        if p.returncode:
            raise SetupError(f"{shlex.join(argv)}: {p.stderr.decode(errors='replace').strip()}")

    def ip(self, ns: str, line: str) -> None:
        self.sh(["ip", "-n", ns, *shlex.split(line)])

    def nsx(self, ns: str, argv: list[str], *, check: bool = True, timeout: float = 30
            ) -> subprocess.CompletedProcess:
        return self.sh(["ip", "netns", "exec", ns, *argv], check=check, timeout=timeout)

    def add_ns(self, ns: str) -> None:
        self.sh(["ip", "netns", "add", ns])
        self.created_ns.append(ns)
        self.ip(ns, "link set lo up")

    def sysctl(self, ns: str, key: str, value: Any) -> None:
        self.nsx(ns, ["sysctl", "-q", "-w", f"{key}={value}"])

    # ------------------------------------------------------------------ cleanup
    @staticmethod
    def leftovers() -> list[str]:
        p = subprocess.run(["ip", "netns", "list"], capture_output=True, env=ENV, check=False)
        return [ln.split()[0] for ln in p.stdout.decode().splitlines()
                if ln.split() and ln.split()[0].startswith(f"{PREFIX}-")]

    def kill_ns_pids(self, ns: str) -> None:
        r = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, env=ENV,
                           check=False)
        for pid in r.stdout.decode().split():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid), signal.SIGKILL)

    def cleanup_leftovers(self) -> None:
        old = self.leftovers()
        if old:
            log(f"removing leftovers of an earlier run: {' '.join(old)}")
        for ns in old:
            self.kill_ns_pids(ns)
        time.sleep(0.2 if old else 0)
        for ns in old:
            subprocess.run(["ip", "netns", "del", ns], env=ENV, check=False)
        shutil.rmtree(RUNDIR, ignore_errors=True)
        if self.cg_base is not None and self.cg_base.is_dir():
            remove_cgroups([Path(r) for r, _, _ in os.walk(self.cg_base)])

    def cgroup_dir(self, c: dict, node: dict | None) -> Path | None:
        """Root of a node's private cgroup tree: <base>/<cluster code>-<node>."""
        if self.cg_base is None or node is None:
            return None
        return self.cg_base / f"{c['code']}-{node['name']}"

    def make_cgroup(self, root: Path, path: str) -> Path | None:
        """mkdir -p <root>/<path> (root is below the base), remembering what was created."""
        assert self.cg_base is not None and root.parent == self.cg_base
        parts = [p for p in path.split("/") if p]
        d = self.cg_base.parent
        try:
            for part in [self.cg_base.name, root.name, *parts]:
                d = d / part
                if not d.exists():
                    d.mkdir()
                    self.cg_created.append(d)
        except OSError as exc:
            log(f"cgroup {path}: {exc}; continuing without it")
            return None
        return d

    def teardown(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(p.pid, signal.SIGTERM)
        for p in self.procs:  # a daemon stops and reaps its own workers first
            try:
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(p.pid, signal.SIGKILL)
                p.wait(timeout=3)
        for pid, argv0 in self.extra_pids.items():  # workers of a SIGKILLed daemon
            try:  # only if the pid is still that worker (never a recycled pid)
                if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0] == argv0.encode():
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass
        # anything still living in our namespaces was started by this run
        for ns in self.created_ns:
            self.kill_ns_pids(ns)
        for ns in reversed(self.created_ns):
            r = subprocess.run(["ip", "netns", "del", ns], capture_output=True, env=ENV,
                               check=False)
            if r.returncode:
                log(f"could not delete {ns}: {r.stderr.decode().strip()}")
        self.created_ns.clear()
        shutil.rmtree(RUNDIR, ignore_errors=True)
        remove_cgroups(self.cg_created)
        self.cg_created.clear()

    # ------------------------------------------------------------------ build
    def build(self, c: dict) -> None:
        sw = c["switch_netns"]
        self.add_ns(sw)
        self.ip(sw, f"link add br0 address {libvirt_mac('gateway', c['cluster'])[:-2]}01 "
                    f"type bridge stp_state 0 forward_delay 0"
                + (" ageing_time 0" if c["switch_hub"] else ""))
        self.ip(sw, "link set br0 up")
        self.ip(sw, f"addr add {GATEWAY}/24 dev br0")
        for node in c["nodes"].values():
            ns = node["netns"]
            self.add_ns(ns)
            self.sysctl(ns, "net.ipv4.ip_forward", node["ip_forward"])
            self.ip(ns, f"link add eth0 address {node['mac']} mtu {node['mtu']} type veth "
                        f"peer name {node['switch_port']} address {node['switch_port_mac']} "
                        f"netns {sw}")
            self.ip(sw, f"link set {node['switch_port']} master br0 up")
            self.ip(ns, "link set eth0 up")
            self.ip(ns, f"addr add {node['ip']}/{node['prefixlen']} brd + dev eth0 metric 100 "
                        "valid_lft 3500 preferred_lft 3500")
            self.ip(ns, f"route add default via {node['gateway']} dev eth0 proto dhcp "
                        f"src {node['ip']} metric 100")
            cni = node["cni0"]
            self.ip(ns, f"link add cni0 address {cni['mac']} mtu {cni['mtu']} type bridge")
            self.ip(ns, f"addr add {cni['ip']}/{cni['prefixlen']} brd + dev cni0")
            self.ip(ns, "link set cni0 up")
            for pod in node["pods"]:
                pns = pod["netns"]
                self.add_ns(pns)
                self.ip(ns, f"link add {pod['host_veth']} address {pod['host_veth_mac']} "
                            f"mtu {pod['mtu']} type veth peer name eth0 address {pod['mac']} "
                            f"netns {pns}")
                self.ip(ns, f"link set {pod['host_veth']} master cni0 up")
                self.ip(pns, "link set eth0 up")
                self.ip(pns, f"addr add {pod['ip']}/{pod['prefixlen']} brd + dev eth0")
                self.ip(pns, f"route add default via {cni['ip']} dev eth0")
                self.ip(pns, f"route add 10.244.0.0/16 via {cni['ip']} dev eth0")
            fl = node["flannel"]
            self.ip(ns, f"link add {fl['dev']} address {fl['mac']} type vxlan "
                        f"id {fl['vni']} local {node['ip']} dev eth0 dstport {fl['dstport']} "
                        "nolearning")
            # the kernel refuses a VXLAN MTU above the lower device's minus 50, but does not
            # re-check it when the lower device shrinks: raise eth0 for a moment
            too_big = fl["mtu"] > node["mtu"] - 50
            if too_big:
                self.ip(ns, f"link set eth0 mtu {fl['mtu'] + 50}")
            self.ip(ns, f"link set {fl['dev']} mtu {fl['mtu']}")
            if too_big:
                self.ip(ns, f"link set eth0 mtu {node['mtu']}")
            self.ip(ns, f"addr add {fl['ip']}/{fl['prefixlen']} dev {fl['dev']}")
            # bringing it up opens the kernel's UDP socket on 8472; flanneld does that in
            # reality, so do it from flanneld's cgroup (ss -e prints the socket's cgroup)
            cg = None
            if self.cg_base is not None:
                cg = self.make_cgroup(self.cgroup_dir(c, node),
                                      cgroup_of(node["name"], "flanneld") or "")
            self.sh_in_cgroup(["ip", "-n", ns, "link", "set", fl["dev"], "up"], cg)
            if any(o["mac"] == node["mac"] and o["index"] > node["index"]
                   for o in c["nodes"].values()):
                # a later node shares this MAC (and so the EUI-64 link-local address): let
                # this one finish IPv6 DAD first, so that the later one is the 'dadfailed'
                self.wait_dad(ns, "eth0")
        # flannel's routes, neighbour and fdb entries towards the other nodes
        for node in c["nodes"].values():
            ns, dev = node["netns"], node["flannel"]["dev"]
            for other in c["nodes"].values():
                if other is node:
                    continue
                ofl = other["flannel"]
                if other["name"] in node["pod_routes_to"]:
                    self.ip(ns, f"route add {other['pod_cidr']} via {ofl['ip']} dev {dev} "
                                "onlink")
                self.ip(ns, f"neigh replace {ofl['ip']} lladdr {ofl['mac']} dev {dev} "
                            "nud permanent")
                self.sh(["bridge", "-n", ns, "fdb", "replace", ofl["mac"], "dev", dev, "dst",
                         other["ip"], "self", "permanent"])
        for node in c["nodes"].values():
            firewall.program(node["netns"], node)
        log(f"{c['cluster']}: built {sw} and {len(c['nodes'])} nodes")

    def wait_dad(self, ns: str, dev: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.sh(["ip", "-n", ns, "-j", "-6", "addr", "show", "dev", dev]).stdout
            infos = [a for x in json.loads(out or b"[]") for a in x.get("addr_info", [])]
            if infos and not any(a.get("tentative") for a in infos):
                return
            time.sleep(0.1)
        raise SetupError(f"{ns}: IPv6 DAD on {dev} did not finish")

    # ------------------------------------------------------------------ daemons
    def enter_netns(self, ns: str, cgroup: Path | None):
        path = f"/run/netns/{ns}"
        libc = self._libc
        procs = str(cgroup / "cgroup.procs") if cgroup else None

        def _pre() -> None:
            if procs:  # sockets remember the cgroup they are created in (ss -e shows it)
                with open(procs, "w", encoding="ascii") as fh:
                    fh.write(str(os.getpid()))
            fd = os.open(path, os.O_RDONLY)
            try:
                if libc.setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), "setns")
            finally:
                os.close(fd)
        return _pre

    def launch(self, cluster: str, ns: str, d: dict, tag: str, cg_root: Path | None = None
               ) -> dict:
        """Start one stand-in.  The original argv is ['x', 'd', PAD] with PAD sized so that
        the daemon's new argv fits its argv area exactly (see _capture_k8s_daemons.py)."""
        spec = RUNDIR / f"{tag}.spec.json"
        report = RUNDIR / f"{tag}.report.json"
        spec.write_text(json.dumps(d))
        want = len(b"\0".join(a.encode() for a in d["argv"])) + 1
        pad = want - len("x\0d\0") - 1
        if pad < 1:
            raise SetupError(f"{tag}: command line too short to rewrite in place")
        env = {**ENV, "NFK_SPEC": str(spec), "NFK_REPORT": str(report),
               "PYTHONHOME": sys.base_prefix, "PYTHONDONTWRITEBYTECODE": "1"}
        cg = None
        if cg_root is not None and d.get("cgroup"):
            cg = self.make_cgroup(cg_root, d["cgroup"])
        errlog = open(RUNDIR / f"{tag}.log", "wb")  # noqa: SIM115
        try:
            p = subprocess.Popen(["x", "d", "P" * pad], executable=PYTHON, cwd=RUNDIR, env=env,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=errlog,
                                 preexec_fn=self.enter_netns(ns, cg),  # noqa: PLW1509 (no threads)
                                 start_new_session=True)
        finally:
            errlog.close()
        self.procs.append(p)
        return {**d, "tag": tag, "netns": ns, "popen": p, "report_path": report,
                "cluster": cluster}

    def start_daemons(self) -> None:
        RUNDIR.mkdir(parents=True, exist_ok=True)
        shutil.copy(HELPER, RUNDIR / "d")
        launched: list[dict] = []
        for c in self.clusters.values():
            for node in c["nodes"].values():
                lst = []
                for d in node["daemons"]:
                    lst.append(self.launch(c["cluster"], node["netns"], d,
                                           f"{c['code']}-{node['name']}-{d['role']}",
                                           self.cgroup_dir(c, node)))
                self.daemons[(c["cluster"], node["name"])] = lst
                launched += lst
            # 'vagrant ssh' sessions from the hypervisor (the gateway) to every node
            ssh = proc("ssh", ["ssh", "-o", "ServerAliveInterval=30", "vagrant@cluster"], "ssh",
                       *[{**connect(n["ip"], 22, 1, send="SSH-2.0-OpenSSH_9.2p1\r\n"),
                          "keepalive": 0}
                         for n in c["nodes"].values()])
            launched.append(self.launch(c["cluster"], c["switch_netns"], ssh,
                                        f"{c['code']}-sw-ssh"))
        deadline = time.monotonic() + 30
        pending = list(launched)
        while pending:
            for d in list(pending):
                rep = read_json(d["report_path"])
                if rep and rep.get("error"):
                    raise SetupError(f"daemon {d['tag']}: {rep['error']}")
                if rep and rep.get("ready"):
                    d["pid"] = rep["pid"]
                    d["worker_pids"] = [w["pid"] for w in rep.get("workers", [])]
                    self.extra_pids.update({w["pid"]: w["argv"][0]
                                            for w in rep.get("workers", [])})
                    pending.remove(d)
                elif d["popen"].poll() is not None:
                    tail = (RUNDIR / f"{d['tag']}.log").read_text(errors="replace")[-600:]
                    raise SetupError(f"daemon {d['tag']} exited {d['popen'].returncode}: {tail}")
            if time.monotonic() > deadline:
                raise SetupError(f"daemons not ready: {[d['tag'] for d in pending]}")
            time.sleep(0.05)
        # let every listener accept its clients
        for d in launched:
            want = self.expected_accepts(d)
            t_end = time.monotonic() + 10
            while time.monotonic() < t_end:
                rep = read_json(d["report_path"]) or {}
                got = sum(s.get("accepted", 0) for s in rep.get("sockets", []))
                if got >= want:
                    break
                time.sleep(0.05)
            else:
                raise SetupError(f"{d['tag']}: accepted {got} of {want} connections")
        log(f"{len(launched)} stand-in daemons up (+{len(self.extra_pids)} workers)")

    def expected_accepts(self, d: dict) -> int:
        """Connections that d's listeners should have accepted, from the definition."""
        c = self.clusters[d["cluster"]]
        node = next((n for n in c["nodes"].values() if n["netns"] == d["netns"]), None)
        if node is None:
            return 0
        n = 0
        for lop in d["ops"]:
            if lop["op"] != "listen":
                continue
            for src, cop in self.all_connects(c):
                if cop["port"] == lop["port"] and self.reaches(src, cop["addr"], node, lop):
                    n += cop["count"]
        return n

    @staticmethod
    def all_connects(c: dict):
        """(source node name or 'switch', connect op) for every client connection."""
        for node in c["nodes"].values():
            for d in node["daemons"]:
                for op in d["ops"]:
                    if op["op"] == "connect":
                        yield node["name"], op
        for node in c["nodes"].values():
            yield "switch", {**connect(node["ip"], 22, 1)}

    @staticmethod
    def reaches(src: str, addr: str, node: dict, lop: dict) -> bool:
        """Does a connection from node `src` to `addr` land on listener `lop` of `node`?"""
        loopback = addr in ("127.0.0.1", "::1")
        if loopback and src != node["name"]:
            return False
        if not loopback and addr != node["ip"]:
            return False
        la = lop["addr"]
        if la == addr:
            return True
        if la == "0.0.0.0":
            return ":" not in addr
        if la == "::":
            return ":" in addr or not lop.get("v6only")
        return False

    # ------------------------------------------------------------------ neighbours
    def ping(self, ns: str, targets: list[str], count: int = 1) -> str:
        p = self.nsx(ns, [PYTHON, str(HELPER), "ping", "--count", str(count), "--timeout", "1",
                          *targets], check=False, timeout=60)
        return p.stdout.decode(errors="replace")

    def initial_traffic(self) -> None:
        for c in self.clusters.values():
            for node in c["nodes"].values():
                others = [o["ip"] for o in c["nodes"].values() if o is not node]
                pods = [p["ip"] for p in node["pods"]]
                out = self.ping(node["netns"], [GATEWAY, *others, *pods])
                log(f"{node['netns']}: {out.strip().replace(chr(10), '; ')}")
                for pod in node["pods"]:
                    self.ping(pod["netns"], [node["cni0"]["ip"]])
            self.ping(c["switch_netns"], [n["ip"] for n in c["nodes"].values()])

    def refresh(self, c: dict, node: dict) -> None:
        """Right before a node's capture: gateway and the control plane (from a worker) or
        node01 (from the control plane) become REACHABLE; older entries stay STALE."""
        other = "node01" if node["name"] == "controlplane" else "controlplane"
        self.ping(node["netns"], [GATEWAY, c["nodes"][other]["ip"]])

    # ------------------------------------------------------------------ capture
    def run_in(self, node: dict, cmd: str) -> tuple[bytes, bytes, int]:
        # a private UTS namespace per command, so `hostname` / kernel.hostname are the node's
        # and, when there is a cgroup2 hierarchy, the node's cgroup tree mounted as the
        # cgroup2 root inside the command's private mount namespace (ss -e prints cgroups)
        script = 'hostname "$0" && exec "$@"'
        if self.cg_base is not None and self.cg_created:
            root = self.cg_base / f"{CLUSTERS[self.current]}-{node['name']}"
            script = ("mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null && mount --bind "
                      f"/sys/fs/cgroup/{self.cg_base.name}/{root.name} /sys/fs/cgroup "
                      "2>/dev/null; " + script)
        wrap = ["unshare", "--uts", "sh", "-c", script, node["hostname"]]
        p = subprocess.run(["ip", "netns", "exec", node["netns"], *wrap, *shlex.split(cmd)],
                           capture_output=True, env=ENV, timeout=60, check=False)
        return p.stdout, p.stderr, p.returncode

    def capture_node(self, c: dict, node: dict) -> dict:
        d = self.out / c["cluster"] / node["name"]
        d.mkdir(parents=True)
        manifest: list[tuple[str, str, str]] = []
        pids = self.node_pids(c, node)
        raw: dict[str, bytes] = {}
        for cmd in COMMANDS:
            out, err, rc = self.run_in(node, cmd)
            if cmd == "ps auxwww":
                out = filter_ps(out, pids)
            raw[cmd] = out
            rel = COPIED.get(cmd) or mangle(cmd)
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_bytes(out)
            manifest.append((rel, cmd, str(rc)))
            if err:
                (d / f"{rel}.stderr").write_bytes(err)
                manifest.append((f"{rel}.stderr", f"{cmd} (stderr)", str(rc)))
        for rel, text in (("files/etc/hosts", hosts_file()),
                          ("files/etc/hostname", node["hostname"] + "\n")):
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_text(text)
            manifest.append((rel, f"(synthetic: written by capture_k8s.py for {node['name']})",
                             "-"))
        with open(d / "MANIFEST.tsv", "w", encoding="utf-8") as fh:
            fh.write("file\tcommand\texit_status\n")
            for row in manifest:
                fh.write("\t".join(row) + "\n")
        obs = self.observe(c, node, raw)
        self.errors += firewall.verify(node, raw["iptables-save"].decode())
        self.errors += sockets.capture(lambda cmd: self.run_in(node, cmd), pids,
                                       d / "sockets", mangle)
        log(f"{c['cluster']}/{node['name']}: {len(COMMANDS)} commands captured")
        return obs

    def node_pids(self, c: dict, node: dict) -> set[int]:
        pids: set[int] = set()
        for d in self.daemons[(c["cluster"], node["name"])]:
            pids.add(d["pid"])
            pids.update(d["worker_pids"])
        return pids

    # ------------------------------------------------------------------ observation
    def observe(self, c: dict, node: dict, raw: dict[str, bytes]) -> dict:
        """Ground truth from live observation: the ip -j twins captured with the text, and
        ss -H / /proc read right now."""
        ns = node["netns"]
        addrs = json.loads(raw["ip -j -d address"] or b"[]")
        routes = json.loads(raw["ip -j route show table all"] or b"[]")
        neigh = json.loads(raw["ip -j -s -s neigh show"] or b"[]")
        ss_tl = self.nsx(ns, ["ss", "-H", "-tlnp"]).stdout.decode()
        ss_ul = self.nsx(ns, ["ss", "-H", "-ulnp"]).stdout.decode()
        ss_ta = self.nsx(ns, ["ss", "-H", "-tanp"]).stdout.decode()
        ifs = {a["ifname"]: a for a in addrs}

        def iface(name: str) -> dict | None:
            a = ifs.get(name)
            if a is None:
                return None
            return {
                "ifname": name, "mac": a.get("address"), "mtu": a.get("mtu"),
                "operstate": a.get("operstate"), "flags": a.get("flags", []),
                "kind": (a.get("linkinfo") or {}).get("info_kind"),
                "master": a.get("master"),
                "addresses": [
                    {"family": x["family"], "local": x["local"], "prefixlen": x["prefixlen"],
                     **({"flags": [f for f in ("dadfailed", "tentative") if x.get(f)]}
                        if x["family"] == "inet6" else {})}
                    for x in a.get("addr_info", [])],
            }

        listeners = []
        for ln in ss_tl.splitlines():
            f = ln.split()
            if len(f) < 5:
                continue
            local = f[3]
            addr, port = local.rsplit(":", 1)
            users = re.findall(r'\("([^"]*)",pid=(\d+),fd=(\d+)\)', ln)
            listeners.append({"local": local, "address": addr, "port": int(port),
                              "programs": sorted({u[0] for u in users}),
                              "pids": sorted({int(u[1]) for u in users})})
        udp = []
        for ln in ss_ul.splitlines():
            f = ln.split()
            if len(f) < 5:
                continue
            addr, port = f[3].rsplit(":", 1)
            users = re.findall(r'\("([^"]*)",pid=(\d+),fd=(\d+)\)', ln)
            udp.append({"local": f[3], "address": addr, "port": int(port),
                        "programs": sorted({u[0] for u in users})})
        est = {"total": 0, "local_port_2379": 0, "local_port_2380": 0,
               "remote_port_2379": 0, "remote_port_2380": 0,
               "local_port_6443": 0, "remote_port_6443": 0, "local_port_22": 0}
        for ln in ss_ta.splitlines():
            f = ln.split()
            if len(f) < 5 or f[0] != "ESTAB":
                continue
            lport, rport = int(f[3].rsplit(":", 1)[1]), int(f[4].rsplit(":", 1)[1])
            est["total"] += 1
            for k in ("local_port_2379", "local_port_2380", "local_port_6443",
                      "local_port_22"):
                if lport == int(k.rsplit("_", 1)[1]):
                    est[k] += 1
            for k in ("remote_port_2379", "remote_port_2380", "remote_port_6443"):
                if rport == int(k.rsplit("_", 1)[1]):
                    est[k] += 1
        default = [r for r in routes if r.get("dst") == "default" and "table" not in r]
        pod_net = ipaddress.ip_network("10.244.0.0/16")
        pod_routes = []
        for r in routes:
            if r.get("table") or r.get("type", "unicast") != "unicast":
                continue
            dst = r.get("dst", "")
            if dst == "default":
                continue
            with contextlib.suppress(ValueError, TypeError):
                if ipaddress.ip_network(dst if "/" in dst else f"{dst}/32").subnet_of(pod_net):
                    pod_routes.append({k: r[k] for k in ("dst", "gateway", "dev", "protocol",
                                                         "scope", "prefsrc", "flags")
                                       if k in r})
        processes = []
        for d in self.daemons[(c["cluster"], node["name"])]:
            for pid in [d["pid"], *d["worker_pids"]]:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                comm = Path(f"/proc/{pid}/comm").read_text().strip()
                processes.append({
                    "role": d["role"], "pid": pid, "comm": comm,
                    "argv": cmdline.rstrip(b"\0").decode().split("\0"),
                    "netstat_program": netstat_program(pid, cmdline),
                    "worker": pid != d["pid"],
                })
        return {
            "interfaces": {n: iface(n) for n in ifs},
            "default_routes": [{k: r[k] for k in ("dst", "gateway", "dev", "protocol",
                                                   "prefsrc", "metric") if k in r}
                               for r in default],
            "pod_routes": pod_routes,
            "neighbours": [{k: x[k] for k in ("dst", "dev", "lladdr", "state") if k in x}
                           for x in neigh],
            "listening_tcp": listeners,
            "listening_udp": udp,
            "established": est,
            "ip_forward": int(raw["cat /proc/sys/net/ipv4/ip_forward"].strip() or -1),
            "hostname": raw["hostname"].decode().strip(),
            "processes": processes,
        }

    # ------------------------------------------------------------------ ground truth
    def expected_established(self, c: dict, node: dict) -> dict:
        est = {"total": 0, "local_port_2379": 0, "local_port_2380": 0, "remote_port_2379": 0,
               "remote_port_2380": 0, "local_port_6443": 0, "remote_port_6443": 0,
               "local_port_22": 0}
        for src, op in self.all_connects(c):
            target = next((n for n in c["nodes"].values()
                           if any(lop["op"] == "listen" and lop["port"] == op["port"]
                                  and self.reaches(src, op["addr"], n, lop)
                                  for d in n["daemons"] for lop in d["ops"])), None)
            if target is None:
                continue
            k = op["count"]
            port = op["port"]
            if target is node:  # server side
                est["total"] += k
                if f"local_port_{port}" in est:
                    est[f"local_port_{port}"] += k
            if src == node["name"]:  # client side
                est["total"] += k
                if f"remote_port_{port}" in est:
                    est[f"remote_port_{port}"] += k
        return est

    @staticmethod
    def ss_local(lop: dict) -> str:
        a = lop["addr"]
        if a == "::":
            return f"[::]:{lop['port']}" if lop.get("v6only") else f"*:{lop['port']}"
        if ":" in a:
            return f"[{a}]:{lop['port']}"
        return f"{a}:{lop['port']}"

    def truth(self, c: dict, observed: dict[str, dict]) -> dict:
        nodes = {}
        mismatches: list[str] = []

        def check(node: str, what: str, want: Any, got: Any) -> None:
            if want != got:
                mismatches.append(f"{node}: {what}: definition {want!r} != observed {got!r}")

        for name, node in c["nodes"].items():
            obs = observed[name]
            eth = obs["interfaces"].get("eth0") or {}
            cni = obs["interfaces"].get("cni0") or {}
            fl = obs["interfaces"].get("flannel.1") or {}
            listen_def = []
            for d in node["daemons"]:
                for op in d["ops"]:
                    if op["op"] == "listen":
                        listen_def.append({"local": self.ss_local(op), "address": op["addr"],
                                           "port": op["port"], "program": d["comm"],
                                           "role": d["role"]})
            listen_def.sort(key=lambda x: (x["port"], x["local"]))
            udp_def = sorted(({"local": self.ss_local(op), "port": op["port"],
                               "program": d["comm"]}
                              for d in node["daemons"] for op in d["ops"] if op["op"] == "udp"),
                             key=lambda x: (x["port"], x["local"]))
            pod_routes_def = [{"dst": node["pod_cidr"], "dev": "cni0", "protocol": "kernel",
                               "scope": "link", "prefsrc": node["cni0"]["ip"]}]
            for m in node["pod_routes_to"]:
                o = c["nodes"][m]
                pod_routes_def.append({"dst": o["pod_cidr"], "gateway": o["flannel"]["ip"],
                                       "dev": "flannel.1", "flags": ["onlink"]})
            pod_routes_def.sort(key=lambda r: r["dst"])
            est_def = self.expected_established(c, node)

            # ---- compare definition with observation
            check(name, "hostname", node["hostname"], obs["hostname"])
            check(name, "eth0 mac", node["mac"], eth.get("mac"))
            check(name, "eth0 mtu", node["mtu"], eth.get("mtu"))
            check(name, "eth0 ipv4", [f"{node['ip']}/{node['prefixlen']}"],
                  [f"{a['local']}/{a['prefixlen']}" for a in eth.get("addresses", [])
                   if a["family"] == "inet"])
            check(name, "default gateway", [node["gateway"]],
                  [r.get("gateway") for r in obs["default_routes"]])
            check(name, "cni0 operstate", "UP", cni.get("operstate"))
            check(name, "cni0 mac", node["cni0"]["mac"], cni.get("mac"))
            check(name, "flannel.1 mtu", node["flannel"]["mtu"], fl.get("mtu"))
            check(name, "flannel.1 mac", node["flannel"]["mac"], fl.get("mac"))
            check(name, "ip_forward", node["ip_forward"], obs["ip_forward"])
            check(name, "tcp listeners",
                  sorted((x["local"], x["program"]) for x in listen_def),
                  sorted((x["local"], p) for x in obs["listening_tcp"] for p in x["programs"]))
            check(name, "udp listeners", sorted((x["local"], x["program"]) for x in udp_def),
                  sorted((x["local"], p) for x in obs["listening_udp"] for p in x["programs"]))
            check(name, "pod routes", [r["dst"] for r in pod_routes_def],
                  sorted(r["dst"] for r in obs["pod_routes"]))
            check(name, "established", est_def, obs["established"])
            dadfailed_def = any(se.get("check") == "eth0_link_local_dadfailed"
                                and se["node"] == name for se in c["side_effects"])
            check(name, "eth0 link-local dadfailed", dadfailed_def,
                  any("dadfailed" in a.get("flags", []) for a in eth.get("addresses", [])
                      if a["family"] == "inet6"))

            ports: dict[str, list[str]] = {}
            for x in listen_def:
                ports.setdefault(str(x["port"]), [])
                if x["program"] not in ports[str(x["port"])]:
                    ports[str(x["port"])].append(x["program"])
            nodes[name] = {
                "hostname": node["hostname"],
                "netns": node["netns"],
                "node_ip": node["ip"],
                "node_prefixlen": node["prefixlen"],
                "node_interface": node["iface"],
                "node_mac": node["mac"],
                "node_mtu": node["mtu"],
                "default_gateway": {"gateway": node["gateway"], "dev": "eth0",
                                    "protocol": "dhcp", "metric": 100},
                "cni0": {"state": "UP" if "UP" in cni.get("flags", []) else "DOWN",
                         "operstate": cni.get("operstate"),
                         "address": f"{node['cni0']['ip']}/{node['cni0']['prefixlen']}",
                         "mac": node["cni0"]["mac"], "mtu": node["cni0"]["mtu"],
                         "ports": sorted(p["host_veth"] for p in node["pods"])},
                "flannel": {"dev": "flannel.1", "vni": 1, "dstport": 8472,
                            "address": f"{node['flannel']['ip']}/32",
                            "mac": node["flannel"]["mac"], "mtu": node["flannel"]["mtu"]},
                "ip_forward": node["ip_forward"],
                "pod_cidr": node["pod_cidr"],
                "pod_routes": pod_routes_def,
                "pods": [{k: p[k] for k in ("k8s_namespace", "name", "netns", "ip", "mac",
                                            "host_veth")} for p in node["pods"]],
                "listening_tcp": listen_def,
                "listening_tcp_ports": dict(sorted(ports.items(), key=lambda kv: int(kv[0]))),
                "listening_udp": udp_def,
                "established": est_def,
                "processes": [{"role": p["role"], "pid": p["pid"], "comm": p["comm"],
                               "argv0": p["argv"][0], "netstat_program": p["netstat_program"],
                               "worker": p["worker"]} for p in obs["processes"]],
                "observed": obs,
                "firewall": firewall.truth(node),
            }
        return {"cluster": c["cluster"], "prefix": f"{PREFIX}-{c['code']}-",
                "switch": {"netns": c["switch_netns"], "bridge": "br0", "gateway": GATEWAY,
                           "hub_mode": c["switch_hub"]},
                "nodes": nodes,
                "faults": c["faults"],
                "side_effects": c["side_effects"],
                "mismatches": mismatches}

    # ------------------------------------------------------------------ main flow
    def run_sockets_only(self) -> int:
        """Only every node's sockets/ files (see _capture_k8s_sockets.py), into an existing
        capture: the clusters are built and their daemons started as for a full run."""
        self.cleanup_leftovers()
        firewall.ensure_iptables()
        for c in self.clusters.values():
            self.build(c)
        self.start_daemons()
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for c in self.clusters.values():
            self.current = c["cluster"]
            for node in c["nodes"].values():
                where = self.out / c["cluster"] / node["name"] / "sockets"
                shutil.rmtree(where, ignore_errors=True)
                self.errors += sockets.capture(lambda cmd, n=node: self.run_in(n, cmd),
                                               self.node_pids(c, node), where, mangle)
                log(f"{c['cluster']}/{node['name']}: sockets captured")
        readme = self.out / "README.md"
        head, _, tail = readme.read_text().partition(sockets.MARKER)
        later = tail.find("\n<!-- ")  # keep the other scripts' sections after this one
        text = head.rstrip() + "\n\n" + (tail[later + 1:] if later >= 0 else "")
        readme.write_text(text + sockets.readme_section(
            stamp, "`scripts/capture_k8s.py --sockets-only`"))
        for e in self.errors:
            log(f"MISMATCH {e}")
        return 1 if self.errors else 0

    def run(self) -> int:
        self.cleanup_leftovers()
        firewall.ensure_iptables()
        for c in self.clusters.values():
            self.build(c)
        self.start_daemons()
        self.initial_traffic()
        log(f"waiting {self.settle:.0f}s so that unused neighbour entries become STALE")
        time.sleep(self.settle)
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        versions = tool_versions()
        truths = {}
        for c in self.clusters.values():
            self.current = c["cluster"]
            cdir = self.out / c["cluster"]
            if cdir.exists():
                shutil.rmtree(cdir)
            # refresh the gateway and one peer on every node of the cluster; the ICMP reply
            # does not confirm a STALE entry, the unicast probe 5 s later does -> REACHABLE
            for node in c["nodes"].values():
                self.refresh(c, node)
            time.sleep(6.5)
            observed = {name: self.capture_node(c, node) for name, node in c["nodes"].items()}
            t = self.truth(c, observed)
            t["captured_at"] = stamp
            t["tools"] = versions
            (cdir / "EXPECTED.json").write_text(json.dumps(t, indent=1) + "\n")
            truths[c["cluster"]] = t
            self.errors += [f"{c['cluster']}: {m}" for m in t["mismatches"]]
        (self.out / "README.md").write_text(
            render_readme(self.clusters, truths, stamp, versions, self.settle) + "\n"
            + firewall.readme_section(versions.get("iptables -V", "iptables"), stamp)
            + sockets.readme_section(stamp, "`scripts/capture_k8s.py`"))
        print_summary(truths)
        if self.errors:
            for e in self.errors:
                log(f"MISMATCH {e}")
            return 1
        return 0


# ============================================================================ helpers
def cgroup2_base() -> Path | None:
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return None
    for ln in mounts:
        f = ln.split()
        if len(f) > 2 and f[2] == "cgroup2" and os.access(f[1], os.W_OK):
            return Path(f[1]) / f"{PREFIX}-capture.slice"
    return None


def remove_cgroups(dirs: list[Path]) -> None:
    for d in sorted(set(dirs), key=lambda p: len(p.parts), reverse=True):
        for _ in range(60):  # the last task of a cgroup may still be exiting
            try:
                d.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.05)
        else:
            log(f"could not remove cgroup {d}")


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def filter_ps(out: bytes, pids: set[int]) -> bytes:
    lines = out.splitlines(keepends=True)
    keep = lines[:1]
    for ln in lines[1:]:
        f = ln.split()
        if len(f) > 1 and f[1].isdigit() and int(f[1]) in pids:
            keep.append(ln)
    return b"".join(keep)


def netstat_program(pid: int, cmdline: bytes) -> str:
    """What net-tools 2.10 prints in the PID/Program name column: argv[0] (basename if it
    starts with '/'), the whole 'PID/name' cut to 19 characters."""
    first = cmdline.split(b"\0", 1)[0].decode(errors="replace")
    if first.startswith("/"):
        first = first.rsplit("/", 1)[1]
    return f"{pid}/{first}"[:19]


def tool_versions() -> dict[str, str]:
    v = {}
    for argv in (["ip", "-V"], ["ss", "-V"], ["netstat", "-V"], ["sysctl", "-V"],
                 ["ps", "--version"], ["uname", "-r"], ["iptables", "-V"], [PYTHON, "-V"]):
        key = "python3 -V" if argv[0] == PYTHON else " ".join(argv)
        try:
            p = subprocess.run(argv, capture_output=True, env=ENV, timeout=10, check=False)
            text = (p.stdout + p.stderr).decode(errors="replace").strip()
            v[key] = text.splitlines()[0] if text else ""
        except OSError as exc:
            v[key] = f"unavailable: {exc}"
    return v


def print_summary(truths: dict[str, dict]) -> None:
    for cname, t in truths.items():
        print(f"== {cname}")
        for name, n in t["nodes"].items():
            obs = n["observed"]
            eth = obs["interfaces"]["eth0"]
            print(f"  {name:13s} {n['node_ip']} eth0 {eth['mac']} mtu {eth['mtu']} "
                  f"flannel.1 mtu {obs['interfaces']['flannel.1']['mtu']} "
                  f"ip_forward={obs['ip_forward']} cni0={obs['interfaces']['cni0']['operstate']}")
            print(f"    pod routes: {', '.join(r['dst'] for r in obs['pod_routes'])}")
            print("    tcp listen: " + ", ".join(f"{x['local']}={'+'.join(x['programs'])}"
                                                for x in obs["listening_tcp"]))
            e = obs["established"]
            print(f"    established: total {e['total']}, local 2379 {e['local_port_2379']}, "
                  f"local 2380 {e['local_port_2380']}, remote 2379 {e['remote_port_2379']}, "
                  f"remote 2380 {e['remote_port_2380']}, local 6443 {e['local_port_6443']}")
            states: dict[str, int] = {}
            for x in obs["neighbours"]:
                for s in x.get("state", []):
                    states[s] = states.get(s, 0) + 1
            print(f"    neighbours: {states}")
        for f in t["faults"]:
            print(f"  FAULT {f['check']:15s} {f['node']:13s} {f['detail'][:90]}")
        print(f"  mismatches: {len(t['mismatches'])}")


TOPO_HEADER = ("| node | namespaces (healthy / faulty) | eth0 | eth0 MAC | cni0 | flannel.1 "
               "| pods (netns `<node ns>-p<octet>`) |\n|---|---|---|---|---|---|---|")
EST_HEADER = ("| cluster | node | total | local 2379 | local 2380 | remote 2379 | remote 2380 "
              "| local 6443 | remote 6443 |\n|---|---|---|---|---|---|---|---|---|")


def render_readme(clusters: dict, truths: dict, stamp: str, versions: dict,
                  settle: float) -> str:
    h = clusters["healthy"]
    rows = []
    for name, n in h["nodes"].items():
        rows.append(f"| {name} | `{n['netns']}` / `{clusters['faulty']['nodes'][name]['netns']}`"
                    f" | {n['ip']}/24 | `{n['mac']}` | {n['cni0']['ip']}/24 `{n['cni0']['mac']}`"
                    f" | {n['flannel']['ip']}/32 `{n['flannel']['mac']}` | "
                    + ", ".join(f"{p['name']} {p['ip']}" for p in n["pods"]) + " |")
    procs = []
    for name in NODE_NAMES:
        tn = truths["healthy"]["nodes"][name]
        procs.append(f"| {name} | " + "<br>".join(
            f"`{x['local']}` {x['program']}" for x in tn["listening_tcp"]) + " |")
    faults = []
    for i, f in enumerate(truths["faulty"]["faults"], 1):
        faults.append(f"{i}. **{f['check']}** on **{f['node']}**: {f['detail']}. "
                      f"How: {f['injected']}.")
    side = [f"- {s['node']}: {s['detail']}" for s in truths["faulty"]["side_effects"]]
    est = []
    for cname in ("healthy", "faulty"):
        for name in NODE_NAMES:
            e = truths[cname]["nodes"][name]["established"]
            est.append(f"| {cname} | {name} | {e['total']} | {e['local_port_2379']} | "
                       f"{e['local_port_2380']} | {e['remote_port_2379']} | "
                       f"{e['remote_port_2380']} | {e['local_port_6443']} | "
                       f"{e['remote_port_6443']} |")
    cmds = "\n".join(f"| `{c}` | `{COPIED.get(c) or mangle(c)}` |" for c in COMMANDS)
    vers = "\n".join(f"| `{k}` | {v} |" for k, v in versions.items())
    nl = "\n"
    return f"""# k8s/: captures of two Kubernetes-like clusters built from network namespaces

Real command output from two throw-away three-node "clusters" (`healthy/` and `faulty/`), each
node a Linux network namespace with stand-in daemons holding real sockets.  Every file under
`<cluster>/<node>/` is the unmodified stdout of one command run inside that node's namespace,
except where noted below.  `<cluster>/EXPECTED.json` is the ground truth.

## How these files were produced

```
sudo python3 scripts/capture_k8s.py --out fixtures/k8s        # about {settle + 25:.0f} s
```

Captured {stamp} on the development machine with:

| tool | version |
|---|---|
{vers}

`scripts/capture_k8s.py` (standard library only; helper processes in
`scripts/_capture_k8s_daemons.py`) builds both clusters side by side, starts the stand-in
daemons, generates neighbour traffic (ICMP echo from a raw socket: the machine has no `ping`),
waits {settle:.0f} s so that unused neighbour entries become STALE, then captures node by node
(refreshing the gateway and one peer right before, so they are REACHABLE) and tears everything
down (namespaces `nfk-*`, processes, `/run/nfk-capture`), also on error or Ctrl-C.  It exits 77
when it is not root.  It removes leftovers of an earlier run (`nfk-*` namespaces) first.

## Layout

```
<cluster>/EXPECTED.json
<cluster>/<node>/MANIFEST.tsv        file, command, exit_status
<cluster>/<node>/<sos name>          stdout of the command (see table)
<cluster>/<node>/<sos name>.stderr   stderr, only when non-empty
<cluster>/<node>/files/etc/hosts, files/etc/hostname           (synthetic, see below)
<cluster>/<node>/files/proc/net/arp, files/proc/sys/net/ipv4/ip_forward   (cat inside the ns)
```

File names follow sosreport's rule: drop a leading `/usr/bin/`-style path, every run of
characters outside `[A-Za-z0-9_\\-./]` becomes `_`, `/` becomes `.`, strip ` ._-` at both ends.
No `.txt` suffix.  The `ip -j` files are the JSON twins taken right after their text command.

| command | file |
|---|---|
{cmds}

Notes on individual files:

- Every command ran as `ip netns exec <ns> unshare --uts sh -c '[mount cgroup2;] hostname
  <node> && exec "$@"' <node> <command>`: a private UTS namespace per command, so `hostname`
  prints the node's name and `sysctl -a` shows `kernel.hostname = <node>`.  All other
  non-`net.` keys of `sysctl -a` are the host's.  `sysctl -a` is complete (about 50 KB, not
  filtered).
- cgroups: every stand-in daemon was started in the cgroup (v2) the real one would have with
  kubeadm and the systemd cgroup driver (`/system.slice/kubelet.service`,
  `/system.slice/containerd.service`, `/system.slice/ssh.service`,
  `/system.slice/chrony.service`, `/system.slice/nginx.service`, and
  `kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope` below
  `/kubepods.slice/kubepods-burstable.slice/` for etcd, kube-apiserver,
  kube-controller-manager, kube-scheduler and flanneld, `besteffort` for kube-proxy), created
  below the host's cgroup2 hierarchy in `nfk-capture.slice/<c>-<node>` and removed afterwards.
  That subtree was mounted as `/sys/fs/cgroup` in each command's private mount namespace, so
  `ss -e` prints `cgroup:/system.slice/kubelet.service` etc.
  flannel.1 was brought up from flanneld's cgroup, so the kernel's VXLAN socket (UDP
  `0.0.0.0:8472`, no owning process, as on a real node) carries flanneld's cgroup.
- `ss_-peaonmi.stderr` holds `RTNETLINK answers: Invalid argument` (ss asking the kernel for a
  socket family it does not offer); stdout is complete.
- `ip route show table all` of iproute2 6.1 lists IPv4 and IPv6 routes.
- `ps auxwww` is filtered: the header plus the lines of the node's stand-in daemon processes
  (the processes are in no PID namespace, so `ps` sees the whole machine).  USER is root for
  all of them.  They are Python processes that rewrote their argv area in place (so
  `/proc/PID/cmdline`, `ps` COMMAND and netstat's program column are those of the real
  daemon) and set `/proc/PID/comm` with `prctl(PR_SET_NAME)` (what `ss -p` shows).  VSZ/RSS
  are the Python interpreter's.
- netstat's `PID/Program name` column is `PID/argv[0]` (basename if argv[0] starts with `/`)
  cut to 19 characters, e.g. `1234/kube-controll`; sshd and nginx have setproctitle-style
  command lines, so netstat shows `1234/sshd: /usr/sb` and `1234/nginx: master`.  `ss -p`
  shows comm (15 characters max): `kube-controller`.  EXPECTED.json has both per process.
- `files/etc/hosts` and `files/etc/hostname` are synthetic (written from the topology, not
  read from the namespace: network namespaces share the host's /etc).
- The two clusters are the same machines: node MACs, pod MACs and names are deterministic and
  identical in `healthy/` and `faulty/` (apart from the injected faults); PIDs, inode numbers,
  ephemeral ports, counters and timers differ.
- TCP client sockets and accepted sockets of the Go daemons have keepalive on (15 s, Go's
  default), so `ss -o`/`netstat -o` show keepalive timers.

## Topology (both clusters)

Switch namespace `nfk-h-sw` / `nfk-f-sw` with bridge `br0` = `192.168.121.1/24`, the default
gateway (the "hypervisor" of a vagrant-libvirt setup).  Each node's `eth0` is a veth to a port
`vnet<N>` of `br0`.  Node addresses are "DHCP" like: `inet 192.168.121.1x/24 metric 100 brd
192.168.121.255 scope global dynamic eth0` (valid_lft 3500 s) and `default via 192.168.121.1
dev eth0 proto dhcp src 192.168.121.1x metric 100`.

{TOPO_HEADER}
{nl.join(rows)}

- `cni0`: bridge, MTU 1450, one veth per pod (`veth<8 hex>` on the node, `eth0` in the pod,
  pod routes `default` and `10.244.0.0/16` via the cni0 address).
- `flannel.1`: `vxlan id 1 local <node ip> dev eth0 dstport 8472 nolearning`, MTU 1450,
  address `10.244.N.0/32`; for every other node M: `10.244.M.0/24 via 10.244.M.0 dev
  flannel.1 onlink`, `neigh 10.244.M.0 lladdr <M's flannel MAC> PERMANENT`, `bridge fdb
  <M's flannel MAC> dst <M's node IP> self permanent`.
- `net.ipv4.ip_forward = 1` in every node namespace (it is per namespace).
- Stand-in processes (TCP listeners of the healthy cluster; `*:P` is `::` with V6ONLY off,
  `[::]:P` is `::` with V6ONLY on):

| node | listeners |
|---|---|
{nl.join(procs)}

  plus on every node `chronyd` on UDP `127.0.0.1:323` and `[::1]:323`, and `flanneld` (client
  only).  Clients: kube-apiserver -> etcd `127.0.0.1:2379` x6 and -> `[::1]:6443` x1
  (loopback client); etcd -> `127.0.0.1:2379` x1 (grpc gateway) and -> `192.168.121.10:2380` x2
  (stand-in for raft peer streams, so that 2380 has traffic); kube-controller-manager -> apiserver
  x2, kube-scheduler x1; on every node kubelet, kube-proxy and flanneld -> `192.168.121.10:6443`
  x1 each; an `ssh` process in the switch namespace holds one session to every node's port 22
  (peer 192.168.121.1).

ESTABLISHED TCP connections per node (definition, verified with `ss -H -tanp`):

{EST_HEADER}
{nl.join(est)}

## Faults injected in `faulty/` (exactly these; everything else equals `healthy/`)

{nl.join(faults)}

Consequences that follow from them (not separate faults):

{nl.join(side)}

Not simulated: a duplicate hostname (hostnames are unique in both clusters; tests simulate it).

## EXPECTED.json

Written by the capture script from its own topology definition; every value was compared with
live observation (the `ip -j` twins captured with the text, `ss -H -tlnp`, `ss -H -ulnp`,
`ss -H -tanp`, `/proc/PID/cmdline|comm`) and the run fails when they disagree
(`"mismatches": []`).  netfacts was not used.  Per node: `hostname`, `node_ip`,
`node_interface`, `node_mac`, `default_gateway`, `cni0` (`state` = admin UP flag, `operstate`),
`flannel`, `ip_forward`, `pod_cidr`, `pod_routes` (table main, inside 10.244.0.0/16),
`pods`, `listening_tcp` (ss-style local address, port, program = comm),
`listening_tcp_ports` (port -> programs), `listening_udp`, `established` (counts as above),
`processes` (pid, comm, argv0, netstat_program), and `observed` (the raw observation:
interfaces with addresses and DAD flags, default routes, pod routes, neighbours with NUD
state, listeners with pids).  `faults` lists the injected faults as `{{"check", "node",
"detail", ...}}`; `side_effects` their consequences.  PIDs differ from run to run.
"""


# ============================================================================ entry
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE.parent / "fixtures" / "k8s")
    ap.add_argument("--settle", type=float, default=60.0,
                    help="seconds to wait so unused neighbour entries become STALE")
    ap.add_argument("--keep", action="store_true", help="leave everything running")
    ap.add_argument("--cleanup", action="store_true", help="only remove leftovers, then exit")
    ap.add_argument("--firewall-only", action="store_true",
                    help="only (re)capture the iptables files into an existing capture")
    ap.add_argument("--sockets-only", action="store_true",
                    help="only (re)capture every node's sockets/ files into an existing capture")
    args = ap.parse_args(argv)
    if os.geteuid() != 0:
        print("capture_k8s.py: must run as root (network namespaces); skipping",
              file=sys.stderr)
        return 77
    for tool in ("ip", "ss", "netstat", "arp", "sysctl", "unshare", "bridge", "ps", "hostname",
                 "lsof"):
        if shutil.which(tool, path=ENV["PATH"]) is None:
            print(f"capture_k8s.py: {tool} not found; skipping", file=sys.stderr)
            return 77
    if args.firewall_only:
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        clusters = {name: define_cluster(name) for name in CLUSTERS}
        return firewall.capture_only(args.out.resolve(), clusters, mangle, stamp)
    runner = Runner(args.out.resolve(), args.settle)
    if args.cleanup:
        runner.cleanup_leftovers()
        return 0
    probe = f"{PREFIX}-probe-{os.getpid()}"
    if subprocess.run(["ip", "netns", "add", probe], capture_output=True, env=ENV,
                      check=False).returncode:
        print("capture_k8s.py: cannot create network namespaces here; skipping",
              file=sys.stderr)
        return 77
    subprocess.run(["ip", "netns", "del", probe], capture_output=True, env=ENV, check=False)

    def on_signal(signum, _frame):
        raise Interrupted(signal.Signals(signum).name)

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGHUP)}
    rc = 1
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        rc = runner.run_sockets_only() if args.sockets_only else runner.run()
    except (KeyboardInterrupt, Interrupted) as exc:
        log(f"interrupted ({exc or 'SIGINT'})")
        rc = 130
    except SetupError as exc:
        log(f"failed: {exc}")
        rc = 1
    finally:
        if args.keep and rc == 0:
            log("--keep: left running; remove with --cleanup")
        else:
            runner.teardown()
        for s, h in old.items():
            signal.signal(s, h)
    return rc


if __name__ == "__main__":
    sys.exit(main())
