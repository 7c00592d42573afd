"""The clusters capture_k8s.py builds: their definition (nodes, daemons, pods, faults) and
:class:`ClusterBuilder`, which creates the namespaces, links, stand-in daemons and traffic of
one cluster and removes them again (``capture_k8s.Runner`` adds the capture and the truth).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import _capture_k8s_firewall as firewall  # kube-proxy's iptables rules in every node
from _capture import (
    ENV,
    PYTHON,
    Json,
    Namespaces,
    SetupError,
    cgroup2_base,
    existing_netns,
    in_netns,
    logger,
    read_json,
    remove_cgroups,
    run,
    stop,
    wait_ready,
)

HERE = Path(__file__).resolve().parent
HELPER = HERE / "_capture_k8s_daemons.py"
PREFIX = "nfk"
RUNDIR = Path(f"/run/{PREFIX}-capture")
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


log = logger("capture_k8s")


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
           ) -> Json:
    fam = 6 if ":" in addr else 4
    op: Json = {"op": "listen", "family": fam, "addr": addr, "port": port,
                          "keepalive": keepalive}
    if fam == 6:
        op["v6only"] = int(bool(v6only))
    return op


def connect(addr: str, port: int, count: int = 1, send: str = "hello\n") -> Json:
    return {"op": "connect", "family": 6 if ":" in addr else 4, "addr": addr, "port": port,
            "count": count, "keepalive": KEEPALIVE, "send": send}


def udp(addr: str, port: int) -> Json:
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


def proc(role: str, argv: list[str], comm: str, *ops: Json, workers: list[Any] | None = None
         ) -> Json:
    return {"role": role, "argv": argv, "comm": comm, "ops": list(ops),
            "workers": workers or []}


def node_daemons(name: str, ip: str) -> list[Json]:
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


def define_cluster(cluster: str) -> Json:
    code = CLUSTERS[cluster]
    nodes: dict[str, Json] = {}
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


def inject_faults(c: Json) -> None:
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


# ============================================================================ building
class ClusterBuilder:
    def __init__(self, out: Path, settle: float) -> None:
        self.out = out
        self.settle = settle
        self.clusters = {c: define_cluster(c) for c in CLUSTERS}
        self.netns = Namespaces(log)
        self.procs: list[subprocess.Popen[bytes]] = []
        self.extra_pids: dict[int, str] = {}  # forked workers: pid -> argv[0]
        self.daemons: dict[tuple[str, str], list[Json]] = {}  # (cluster, node) -> launched
        self.errors: list[str] = []
        self._libc = ctypes.CDLL(None, use_errno=True)
        self.cg_base = cgroup2_base(f"{PREFIX}-capture.slice")  # or None
        self.cg_created: list[Path] = []
        self.current = ""

    # ------------------------------------------------------------------ helpers
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
        run(["ip", "-n", ns, *shlex.split(line)])

    def nsx(self, ns: str, argv: list[str], *, check: bool = True, timeout: float = 30
            ) -> subprocess.CompletedProcess[bytes]:
        return run(in_netns(ns, argv), check=check, timeout=timeout)

    def sysctl(self, ns: str, key: str, value: Any) -> None:
        self.nsx(ns, ["sysctl", "-q", "-w", f"{key}={value}"])

    # ------------------------------------------------------------------ cleanup
    def cleanup_leftovers(self) -> None:
        old = existing_netns(f"{PREFIX}-")
        if old:
            log(f"removing leftovers of an earlier run: {' '.join(old)}")
        leftovers = Namespaces(log)
        leftovers.adopt(old)
        leftovers.remove_all()
        shutil.rmtree(RUNDIR, ignore_errors=True)
        if self.cg_base is not None and self.cg_base.is_dir():
            remove_cgroups([Path(r) for r, _, _ in os.walk(self.cg_base)], log)

    def cgroup_dir(self, c: Json, node: Json | None) -> Path | None:
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
        stop(self.procs)  # a daemon stops and reaps its own workers first
        for pid, argv0 in self.extra_pids.items():  # workers of a SIGKILLed daemon
            try:  # only if the pid is still that worker (never a recycled pid)
                if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0] == argv0.encode():
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass
        # anything still living in our namespaces was started by this run
        self.netns.remove_all()
        shutil.rmtree(RUNDIR, ignore_errors=True)
        remove_cgroups(self.cg_created, log)
        self.cg_created.clear()

    # ------------------------------------------------------------------ build
    def build(self, c: Json) -> None:
        sw = c["switch_netns"]
        self.netns.add(sw, lo_up=True)
        self.ip(sw, f"link add br0 address {libvirt_mac('gateway', c['cluster'])[:-2]}01 "
                    f"type bridge stp_state 0 forward_delay 0"
                + (" ageing_time 0" if c["switch_hub"] else ""))
        self.ip(sw, "link set br0 up")
        self.ip(sw, f"addr add {GATEWAY}/24 dev br0")
        for node in c["nodes"].values():
            ns = node["netns"]
            self.netns.add(ns, lo_up=True)
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
                self.netns.add(pns, lo_up=True)
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
            root = self.cgroup_dir(c, node)
            if root is not None:
                cg = self.make_cgroup(root,
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
                run(["bridge", "-n", ns, "fdb", "replace", ofl["mac"], "dev", dev, "dst",
                         other["ip"], "self", "permanent"])
        for node in c["nodes"].values():
            firewall.program(node["netns"], node)
        log(f"{c['cluster']}: built {sw} and {len(c['nodes'])} nodes")

    def wait_dad(self, ns: str, dev: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = run(["ip", "-n", ns, "-j", "-6", "addr", "show", "dev", dev]).stdout
            infos = [a for x in json.loads(out or b"[]") for a in x.get("addr_info", [])]
            if infos and not any(a.get("tentative") for a in infos):
                return
            time.sleep(0.1)
        raise SetupError(f"{ns}: IPv6 DAD on {dev} did not finish")

    # ------------------------------------------------------------------ daemons
    def enter_netns(self, ns: str, cgroup: Path | None) -> Callable[[], None]:
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

    def launch(self, cluster: str, ns: str, d: Json, tag: str, cg_root: Path | None = None
               ) -> Json:
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
        launched: list[Json] = []
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
        for d, rep in wait_ready(launched, label="tag", timeout=30, tail=600,
                                 log_of=lambda d: RUNDIR / f"{d['tag']}.log"):
            d["pid"] = rep["pid"]
            d["worker_pids"] = [w["pid"] for w in rep.get("workers", [])]
            self.extra_pids.update({w["pid"]: w["argv"][0] for w in rep.get("workers", [])})
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

    def expected_accepts(self, d: Json) -> int:
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
    def all_connects(c: Json) -> Iterator[tuple[str, Json]]:
        """(source node name or 'switch', connect op) for every client connection."""
        for node in c["nodes"].values():
            for d in node["daemons"]:
                for op in d["ops"]:
                    if op["op"] == "connect":
                        yield node["name"], op
        for node in c["nodes"].values():
            yield "switch", {**connect(node["ip"], 22, 1)}

    @staticmethod
    def reaches(src: str, addr: str, node: Json, lop: Json) -> bool:
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

    def refresh(self, c: Json, node: Json) -> None:
        """Right before a node's capture: gateway and the control plane (from a worker) or
        node01 (from the control plane) become REACHABLE; older entries stay STALE."""
        other = "node01" if node["name"] == "controlplane" else "controlplane"
        self.ping(node["netns"], [GATEWAY, c["nodes"][other]["ip"]])
