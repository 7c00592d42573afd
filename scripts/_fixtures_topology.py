"""The topology capture_fixtures.py builds: namespaces, links, addresses, routes, rules,
neighbours, stand-in daemon specifications, and what was built (``topology.json``).

:class:`Topology` creates everything and records it; ``capture_fixtures.Run`` adds the
daemons, the capture itself and the teardown.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import time
import uuid
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
    run,
)

HERE = Path(__file__).resolve().parent
HELPER = HERE / "_capture_daemons.py"
ROLES = ("host", "peer", "far", "pod1", "pod2", "pod3")

# ---------------------------------------------------------------------------- topology constants
HOST_MAC = "02:00:00:00:50:0a"
PEER_MAC = "02:00:00:00:50:01"
HOST_V4 = "192.168.50.10"
HOST_LL = "fe80::ff:fe00:500a"  # EUI-64 of HOST_MAC
PEER_LL = "fe80::ff:fe00:5001"  # EUI-64 of PEER_MAC
LONG_V6 = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"
WEIRD = "w.e-i#r!d@x"  # the weirdest name: . - # ! @
NO_ENTRY = "192.168.50.123"  # never gets a neighbour entry
ROUTE_GET_V4 = "10.30.1.1"  # hits rule 'to 10.30.0.0/16 lookup 101'
ROUTE_GET_V6 = "2001:db8:1000::1"
INCOMPLETE_DST = "10.77.0.78"
HOSTS_NAMES = [
    ("127.0.0.1", "localhost"),
    ("::1", "localhost ip6-localhost ip6-loopback"),
    ("192.168.50.1", "gateway.example.net gateway"),
    (HOST_V4, "{host}"),
    ("192.168.50.254", "a-very-long-hostname-for-truncation.example.com"),
    ("192.168.50.99", "static-neighbour.lan"),
    ("10.20.0.50", "br0-permanent.lan"),
    ("10.244.0.2", "pod1.default.pod.cluster.local"),
    ("2001:db8:50::1", "peer6.example.net"),
]
PEERS = ["192.168.50.1", "192.168.50.254", "2001:db8:50::1", f"{PEER_LL}%eth0"]


log = logger("capture")


def listen(fam: int, addr: str, port: int, **kw: Any) -> Json:
    return {"op": "listen", "family": fam, "addr": addr, "port": port, **kw}


def connect(fam: int, addr: str, port: int, **kw: Any) -> Json:
    return {"op": "connect", "family": fam, "addr": addr, "port": port, **kw}


def udp(fam: int, addr: str | None = None, port: int = 0, **kw: Any) -> Json:
    return {"op": "udp", "family": fam, "port": port, **({"addr": addr} if addr else {}), **kw}


def unix(kind: str, path: str, **kw: Any) -> Json:
    return {"op": "unix", "type": kind, "path": path, **kw}


def kubepod(qos: str, name: str) -> str:
    """A kubelet-style (systemd cgroup driver) container cgroup, deterministic per name."""
    h = hashlib.sha256(name.encode()).hexdigest()
    pod = str(uuid.UUID(hashlib.md5(name.encode()).hexdigest())).replace("-", "_")
    return (f"/kubepods.slice/kubepods-{qos}.slice/kubepods-{qos}-pod{pod}.slice"
            f"/cri-containerd-{h}.scope")


def daemon(name: str, role: str, argv0: str, comm: str, cgroup: str | None, *spec: Json,
           **kw: Any) -> Json:
    """One stand-in process: NAME in namespace ROLE, exec'd as ARGV0 with /proc/PID/comm COMM,
    in CGROUP (None: not moved), opening the sockets SPEC in order."""
    return {"name": name, "ns": role, "argv0": argv0, "comm": comm, "cgroup": cgroup,
            "spec": list(spec), **kw}


def daemon_specs(sockdir: str, prefix: str) -> list[Json]:
    ab = f"@{prefix}/abstract-sshd"
    apiserver = (4, HOST_V4, 6443)
    return [
        daemon("etcd", "host", "etcd", "etcd", kubepod("burstable", "etcd"),
            listen(4, "127.0.0.1", 2379),
            listen(4, HOST_V4, 2379),
            listen(4, HOST_V4, 2380),
            connect(4, HOST_V4, 2380, count=2, label="peer traffic"),
        ),
        daemon("kube-apiserver", "host", "kube-apiserver", "kube-apiserver",
               kubepod("burstable", "kube-apiserver"),
            listen(6, "::", 6443, v6only=0),
            connect(4, "127.0.0.1", 2379, count=5),
            connect(4, HOST_V4, 2379, count=1),
        ),
        daemon("pod1-app", "pod1", "/usr/local/bin/app", "app", None,
            listen(4, "0.0.0.0", 8080),
            connect(*apiserver, count=2),
        ),
        daemon("pod2-coredns", "pod2", "/coredns", "coredns", None,
            udp(4, "0.0.0.0", 53),
            listen(4, "0.0.0.0", 53),
            listen(6, "::", 8080, v6only=0),
            listen(4, "0.0.0.0", 8181),
            connect(*apiserver, count=1),
        ),
        daemon("kubelet", "host", "/usr/bin/kubelet", "kubelet", "/system.slice/kubelet.service",
            listen(6, "::", 10250, v6only=0),
            listen(4, "127.0.0.1", 10248),
            connect(*apiserver, count=1),
            connect(4, "10.244.0.2", 8080, label="probe"),
            connect(4, "10.244.0.3", 8181, label="probe"),
        ),
        daemon("kube-scheduler", "host", "kube-scheduler", "kube-scheduler",
               kubepod("burstable", "kube-scheduler"),
            listen(4, "127.0.0.1", 10259),
            connect(*apiserver, count=1),
        ),
        daemon("kube-controller-manager", "host", "kube-controller-manager",
               "kube-controller-manager", kubepod("burstable", "kube-controller-manager"),
            listen(4, "127.0.0.1", 10257),
            connect(*apiserver, count=1),
        ),
        daemon("kube-proxy", "host", "/usr/local/bin/kube-proxy", "kube-proxy",
               kubepod("besteffort", "kube-proxy"),
            listen(6, "::", 30080, v6only=0, label="NodePort"),
            listen(4, "127.0.0.1", 10249),
            listen(6, "::", 10256, v6only=0),
        ),
        daemon("sshd", "host", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", "sshd",
               "/system.slice/ssh.service",
            listen(4, "0.0.0.0", 22),
            listen(6, "::", 22, v6only=1),
            unix("stream", ab),
        ),
        daemon("nginx", "host", "nginx: master process /usr/sbin/nginx -g daemon off;", "nginx",
               "/system.slice/nginx.service",
            listen(6, "::", 80, v6only=0),
            listen(4, HOST_V4, 8080, close_on_eof=False,
                   label="accepted connections stay CLOSE-WAIT"),
            listen(6, HOST_LL, 8081, scope="eth0", label="link-local"),
            listen(6, LONG_V6, 443, label="long IPv6 address"),
            unix("stream", f"{sockdir}/my app.sock"),
        ),
        daemon("postgres", "host", "/usr/lib/postgresql/15/bin/postgres", "postgres",
               "/system.slice/system-postgresql.slice/postgresql@15-main.service",
            listen(4, "127.0.0.1", 5432, accept=False, backlog=16,
                   label="never accepts: Recv-Q on LISTEN"),
            listen(6, "::1", 5432, accept=False, backlog=16),
            unix("stream", f"{sockdir}/.s.PGSQL.5432"),
            unix("seqpacket", f"{sockdir}/pg-seqpacket.sock"),
            unix("dgram", f"{sockdir}/pg-stats.sock"),
            {"op": "socketpair", "type": "stream"},
            {"op": "socketpair", "type": "dgram"},
        ),
        daemon("systemd-resolved", "host", "/lib/systemd/systemd-resolved", "systemd-resolved",
               "/system.slice/systemd-resolved.service",
            udp(4, "127.0.0.53", 53),
            listen(4, "127.0.0.53", 53),
            udp(4, "0.0.0.0", 68, device="eth0", label="SO_BINDTODEVICE"),
            udp(6, "::", 546, v6only=1),
            udp(4, connect=["192.168.50.1", 123], label="connected UDP"),
            {"op": "raw", "family": 4},
            {"op": "raw", "family": 6},
        user=65534),
        daemon("udp-worker", "host", "worker 7 [udp] --port 7", 'we"ird (7)',
               "/system.slice/worker.service",
            udp(4, "0.0.0.0", 7, label="a bare 7 token and a spaced argv[0] (jc aborts)"),
            udp(6, "::", 7, v6only=1),
            listen(4, "127.0.0.1", 7777),
        ),
        daemon("client", "host", "./bin/client --connect", "cli,x (y)",
               "/user.slice/user-1000.slice/session-3.scope",
            connect(6, "::ffff:127.0.0.1", 80, count=2, label="v4-mapped"),
            connect(6, f"::ffff:{HOST_V4}", 6443, label="v4-mapped"),
            connect(6, HOST_LL, 8081, scope="eth0", label="link-local"),
            connect(6, LONG_V6, 443, count=2, label="long IPv6"),
            connect(4, HOST_V4, 22, keepalive=True, keepidle=600, label="keepalive timer"),
            connect(4, HOST_V4, 8080, count=2, shutdown_wr=True, label="half-closed"),
            connect(4, "127.0.0.1", 5432, count=3, send="SELECT 1;", label="never accepted"),
            connect(6, "::1", 5432, label="never accepted"),
            connect(4, "10.250.0.1", 443, nonblock=True, label="blackholed by the peer"),
            connect(4, "127.0.0.1", 22, close=True, label="active close"),
            {"op": "unix_connect", "type": "stream", "path": f"{sockdir}/my app.sock", "count": 2},
            {"op": "unix_connect", "type": "stream", "path": ab},
        ),
    ]


# ---------------------------------------------------------------------------- the run
class Topology:
    def __init__(self, out: Path, prefix: str, families: list[str]) -> None:
        self.out = out
        self.prefix = prefix
        self.families = families
        self.ns = {r: f"{prefix}-{r}" for r in ROLES}
        self.host = self.ns["host"]
        self.rundir = Path(f"/run/{prefix}-capture")
        self.sockdir = self.rundir / "sock"
        self.netns = Namespaces(log)
        self.created_etc: list[Path] = []
        self.created_etc_netns = False
        self.cg_base: Path | None = None  # <cgroup2 mount>/<prefix>-capture.slice
        self.cg_created: list[Path] = []
        self.procs: list[subprocess.Popen[bytes]] = []
        self.daemons: list[Json] = []
        self.manifest: list[tuple[str, str, str, str, str]] = []
        self.t_failed_poke = 0.0
        self._ifaces: dict[tuple[str, str], Json] = {}
        self.topo: Json = {
            "prefix": prefix,
            "namespaces": dict(self.ns),
            "capture_namespace": self.host,
            "interfaces": [],
            "other_namespace_interfaces": [],
            "kernel_generated_addresses": [],
            "routes": [],
            "nexthops": [],
            "rules": [],
            "neighbours": [],
            "sysctls": [],
            "daemons": [],
            "listeners": [],
            "established": [],
            "other_tcp": [],
            "raw_sockets": [],
            "unix_sockets": [],
            "files": {},
            "not_built": [],
            "warnings": [],
        }

    # ------------------------------------------------------------------ low level
    def nsx(self, ns: str, argv: list[str], *, check: bool = True
            ) -> subprocess.CompletedProcess[bytes]:
        return run(in_netns(ns, argv), check=check)

    def not_built(self, what: str, reason: str, **kw: Any) -> None:
        self.topo["not_built"].append({"what": what, "reason": reason, **kw})
        log(f"not built: {what}: {reason}")

    def ip(self, ns: str, *args: str, optional: str | None = None, wrap: list[str] | None = None
           ) -> bool:
        """`ip -n NS ARGS`; a single string is split like a shell would.  With optional=WHAT a
        failure is recorded in topology.json ("not_built") instead of raised."""
        argv = shlex.split(args[0]) if len(args) == 1 else list(args)
        p = run([*(wrap or []), "ip", "-n", ns, *argv], check=False)
        if p.returncode == 0:
            return True
        err = p.stderr.decode(errors="replace").strip()
        if optional is None:
            raise SetupError(f"ip -n {ns} {shlex.join(argv)}: {err}")
        self.not_built(optional, err, command=f"ip {shlex.join(argv)}", namespace=ns)
        return False

    def sysctl(self, ns: str, *pairs: tuple[str, Any], optional: bool = False) -> None:
        """Write /proc/sys directly: keys use dots, or slashes when a name has a dot (eth0.100)."""
        for key, value in pairs:
            path = Path("/proc/sys") / (key if "/" in key else key.replace(".", "/"))
            shown = ".".join(path.parts[3:])
            argv = ["sh", "-c", 'printf "%s\\n" "$1" > "$2"', "sh", str(value), str(path)]
            p = self.nsx(ns, argv, check=False)
            if p.returncode != 0:
                err = p.stderr.decode(errors="replace").strip()
                if not optional:
                    raise SetupError(f"sysctl {ns} {shown}={value}: {err}")
                self.not_built(f"sysctl {shown}", err, namespace=ns)
                continue
            self.topo["sysctls"].append(
                {"namespace": ns, "key": shown, "path": str(path), "value": str(value)}
            )

    def fast_dad(self, ns: str, dev: str) -> None:
        """250 ms per DAD probe.  neigh/default is not per-netns, so per device, before up."""
        self.sysctl(ns, (f"net/ipv6/neigh/{dev}/retrans_time_ms", 250))

    def poke(self, targets: list[str]) -> None:
        self.nsx(self.host, [PYTHON, str(HELPER), "poke", *targets])

    # ------------------------------------------------------------------ recording helpers
    def iface(self, ns: str, name: str, kind: str, mac: str | None, *, mtu: int = 1500,
              master: str | None = None, link: str | None = None, up: bool = True, **extra: Any
              ) -> Json:
        rec = {"namespace": ns, "name": name, "kind": kind, "mac": mac, "mtu": mtu,
               "master": master, "link": link, "admin_up": up, "addresses": [], **extra}
        self._ifaces[(ns, name)] = rec
        key = "interfaces" if ns == self.host else "other_namespace_interfaces"
        self.topo[key].append(rec)
        return rec

    def addr(self, ns: str, dev: str, spec: str, **facts: Any) -> None:
        """`ip addr add SPEC dev DEV`; SPEC starts with ADDR/PLEN or ADDR peer PEER/PLEN."""
        fam = 6 if ":" in spec.split(maxsplit=1)[0] else 4
        self.ip(ns, f"-{fam}", "addr", "add", *spec.split(), "dev", dev)
        self.record_addr(ns, dev, spec, fam, **facts)

    def record_addr(self, ns: str, dev: str, spec: str, fam: int, **facts: Any) -> None:
        toks = spec.split()
        rec: Json = {"family": "inet6" if fam == 6 else "inet"}
        if "peer" in toks:
            peer, _, plen = toks[toks.index("peer") + 1].partition("/")
            rec.update(address=toks[0], prefixlen=int(plen), peer=peer)
        else:
            a, _, plen = toks[0].partition("/")
            rec.update(address=a, prefixlen=int(plen or (128 if fam == 6 else 32)))
        for kw in ("label", "scope", "metric", "valid_lft", "preferred_lft", "brd"):
            if kw in toks:
                rec[kw] = toks[toks.index(kw) + 1]
        flags = ("nodad", "home", "mngtmpaddr", "noprefixroute")
        rec["flags"] = [t for t in toks if t in flags]
        rec.update(facts)
        self._ifaces[(ns, dev)]["addresses"].append(rec)

    def route(self, line: str, *, family: int = 4, optional: str | None = None) -> None:
        if not self.ip(self.host, f"-{family} route add {line}", optional=optional):
            return
        toks = shlex.split(line)
        table = toks[toks.index("table") + 1] if "table" in toks else "main"
        special = toks[0] in ("blackhole", "unreachable", "prohibit", "throw")
        self.topo["routes"].append({
            "namespace": self.host, "family": "inet6" if family == 6 else "inet",
            "type": toks[0] if special else "unicast", "dst": toks[1] if special else toks[0],
            "table": table, "command": f"ip -{family} route add {line}",
        })

    def neigh(self, line: str, state: str, *, family: int = 4, optional: str | None = None,
              **facts: Any) -> None:
        if not self.ip(self.host, f"-{family} neigh add {line}", optional=optional):
            return
        toks = shlex.split(line)
        self.topo["neighbours"].append({
            "namespace": self.host, "dst": toks[1] if toks[0] == "proxy" else toks[0],
            "dev": toks[toks.index("dev") + 1],
            "lladdr": toks[toks.index("lladdr") + 1] if "lladdr" in toks else None,
            "state": state, "proxy": toks[0] == "proxy", "flags": [], "how": f"ip neigh add {line}",
            **facts,
        })

    # ------------------------------------------------------------------ preflight
    def preflight(self) -> None:
        if os.geteuid() != 0:
            raise Skip("needs root (network namespaces)")
        if shutil.which("ip", path=ENV["PATH"]) is None:
            raise Skip("iproute2 `ip` not found")
        probe = f"{self.prefix}-probe{os.getpid()}"
        p = run(["ip", "netns", "add", probe], check=False)
        if p.returncode != 0:
            err = p.stderr.decode(errors="replace").strip()
            raise Skip(f"`ip netns add` failed: {err}")
        run(["ip", "netns", "del", probe], check=False)
        existing = set(run(["ip", "netns", "list"]).stdout.decode().split())
        clash = sorted(set(self.ns.values()) & existing)
        if clash:
            raise SetupError(
                f"namespaces already exist: {' '.join(clash)} "
                "(left over from --keep? remove them with: ip netns del NAME)"
            )
        if Path(f"/etc/netns/{self.host}").exists():
            raise SetupError(f"/etc/netns/{self.host} already exists")

    # ------------------------------------------------------------------ cgroups
    def setup_cgroups(self) -> None:
        """A private cgroup2 subtree so `ss -e` shows systemd-like cgroup:/system.slice/x.service.

        Created under the host's cgroup2 mount as <prefix>-capture.slice and bind-mounted over
        /sys/fs/cgroup inside each capture's own mount namespace (see exec_capture)."""
        mnt = None
        for line in Path("/proc/self/mounts").read_text().splitlines():
            f = line.split()
            if len(f) > 2 and f[2] == "cgroup2":
                mnt = Path(f[1])
                break
        if mnt is None:
            self.not_built("cgroup paths in ss -e", "no cgroup2 mount")
            return
        base = mnt / f"{self.prefix}-capture.slice"
        try:
            base.mkdir()
        except OSError as exc:
            self.not_built("cgroup paths in ss -e", str(exc))
            return
        self.cg_created.append(base)
        self.cg_base = base

    def cgroup_wrap(self, cgroup: str | None) -> list[str]:
        """argv prefix that moves the process into CGROUP before it execs: sockets remember the
        cgroup they were created in, and `ss -e` prints it."""
        if self.cg_base is None or not cgroup:
            return []
        d = self.cg_base
        try:
            for part in [p for p in cgroup.split("/") if p]:
                d = d / part
                if not d.exists():
                    d.mkdir()
                    self.cg_created.append(d)
        except OSError as exc:
            self.topo["warnings"].append(f"cgroup {cgroup}: {exc}")
            return []
        return ["bash", "-c", 'echo $$ > "$0" && exec "$@"', str(d / "cgroup.procs")]

    # ------------------------------------------------------------------ build
    def build(self) -> None:
        t0 = time.monotonic()
        if self.rundir.exists():
            shutil.rmtree(self.rundir)
        (self.rundir / "reports").mkdir(parents=True)
        self.sockdir.mkdir()
        for role in ROLES:
            self.netns.add(self.ns[role])
        self.etc_files()
        self.build_peer_far()
        self.build_host_links()
        self.build_host_addresses()
        self.build_pods()
        self.build_routes()
        self.build_neighbours()
        log(f"topology built in {time.monotonic() - t0:.1f}s")

    def etc_files(self) -> None:
        etc_netns = Path("/etc/netns")
        if not etc_netns.exists():
            etc_netns.mkdir()
            self.created_etc_netns = True
        d = etc_netns / self.host
        d.mkdir()
        self.created_etc.append(d)
        hosts = "".join(f"{a}\t{n.format(host=self.host)}\n" for a, n in HOSTS_NAMES)
        resolv = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"
        (d / "hosts").write_text(hosts)
        (d / "resolv.conf").write_text(resolv)
        self.topo["files"] = {str(d / "hosts"): hosts, str(d / "resolv.conf"): resolv}

    def veth(self, a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
        """A veth pair between two namespaces; A and B are (namespace, name, mac)."""
        run(["ip", "link", "add", a[1], "address", a[2], "netns", a[0], "type", "veth",
                 "peer", "name", b[1], "address", b[2], "netns", b[0]])

    def build_peer_far(self) -> None:
        peer, far, host = self.ns["peer"], self.ns["far"], self.host
        for ns in (peer, far, host):
            # no random delay before DAD starts
            self.sysctl(ns, ("net.ipv6.conf.default.router_solicitation_delay", 0),
                        ("net.ipv6.conf.all.router_solicitation_delay", 0))
            self.ip(ns, "link set lo up")
        self.sysctl(peer, ("net.ipv6.conf.all.forwarding", 1), ("net.ipv4.ip_forward", 1))
        self.sysctl(host, ("net.ipv4.ip_forward", 1))
        self.veth((host, "eth0", HOST_MAC), (peer, "eth0", PEER_MAC))
        self.veth((host, WEIRD, "02:00:00:00:88:01"), (far, "eth1", "02:00:00:00:88:02"))
        self.veth((peer, "eth1", "02:00:00:00:70:01"), (far, "eth0", "02:00:00:00:70:02"))
        self.iface(peer, "eth0", "veth", PEER_MAC, link=f"{host}:eth0")
        self.iface(peer, "eth1", "veth", "02:00:00:00:70:01", link=f"{far}:eth0")
        self.iface(far, "eth0", "veth", "02:00:00:00:70:02", link=f"{peer}:eth1")
        self.iface(far, "eth1", "veth", "02:00:00:00:88:02", link=f"{host}:{WEIRD}")
        self.fast_dad(peer, "eth0")
        for ns, dev in ((peer, "eth0"), (peer, "eth1"), (far, "eth0"), (far, "eth1")):
            self.ip(ns, f"link set {dev} up")
        self.addr(peer, "eth0", "192.168.50.1/24")
        self.addr(peer, "eth0", "192.168.50.254/24")
        self.addr(peer, "eth0", "2001:db8:50::1/64 nodad")
        self.addr(peer, "eth0", "2001:db8:50::dad/64 nodad", note="makes the host's copy fail DAD")
        self.addr(peer, "eth1", "192.168.70.1/24")
        self.addr(far, "eth0", "192.168.70.2/24")
        self.addr(far, "eth1", "10.88.0.2/24")
        self.ip(far, "route add default via 192.168.70.1")
        self.ip(peer, "route add blackhole 10.250.0.0/16")  # SYNs vanish -> SYN-SENT
        self.ip(peer, f"route add 10.0.0.0/8 via {HOST_V4}")

    def build_host_links(self) -> None:
        h, peer = self.host, self.ns["peer"]
        self.iface(h, "lo", "loopback", "00:00:00:00:00:00", mtu=65536)
        # eth0: veth to the peer, altnames, alias
        alias = f"uplink to peer ({peer})"
        self.iface(h, "eth0", "veth", HOST_MAC, link=f"{peer}:eth0",
                   altnames=["ethernet-uplink-0", "enp0s31f6"], alias=alias)
        self.ip(h, "link property add dev eth0 altname ethernet-uplink-0 altname enp0s31f6",
                optional="altnames on eth0")
        self.ip(h, "link", "set", "eth0", "alias", alias)
        self.sysctl(h, ("net.ipv6.conf.eth0.use_tempaddr", 2),
                    ("net.ipv4.neigh.eth0.base_reachable_time_ms", 120000))
        self.fast_dad(h, "eth0")
        self.ip(h, "link set eth0 up")
        # vport1@vport0 (DORMANT, htb), vport0 in br0 (PROMISC, stable-privacy link-local)
        self.ip(h, "link add vport1 address 02:00:00:00:21:01 type veth "
                   "peer name vport0 address 02:00:00:00:21:00")
        self.iface(h, "vport1", "veth", "02:00:00:00:21:01", link="vport0", link_mode="DORMANT",
                   qdisc="htb")
        self.ip(h, "link add br0 address 02:00:00:00:20:01 type bridge forward_delay 0")
        self.iface(h, "br0", "bridge", "02:00:00:00:20:01", promisc=True,
                   addrgenmode="stable_secret")
        self.iface(h, "vport0", "veth", "02:00:00:00:21:00", master="br0", link="vport1")
        self.ip(h, "link set vport0 master br0")
        self.fast_dad(h, "br0")
        self.sysctl(h, ("net.ipv6.conf.br0.stable_secret", "2001:db8:1234:5678:9abc:def0:1:2"),
                    optional=True)
        self.ip(h, "link set dev br0 addrgenmode stable_secret", optional="br0 stable_secret")
        # PROBE catcher on br0: PROBE after 1 s, then 3 unicast probes 20 s apart
        self.sysctl(h, ("net.ipv4.neigh.br0.delay_first_probe_time", 1),
                    ("net.ipv4.neigh.br0.retrans_time_ms", 20000))
        self.ip(h, "link set vport1 mode dormant", optional="vport1 link mode dormant")
        self.nsx(h, ["tc", "qdisc", "add", "dev", "vport1", "root", "handle", "1:", "htb"],
                 check=False)
        for dev in ("vport1", "vport0", "br0"):
            self.ip(h, f"link set {dev} up")
        self.ip(h, "link set br0 promisc on")
        # macvlans on eth0: a dotted name (bridge mode) and one with '@' (private, DOWN)
        self.ip(h, "link add eth0.100 link eth0 address 02:00:00:00:77:01 type macvlan mode bridge")
        self.iface(h, "eth0.100", "macvlan", "02:00:00:00:77:01", link="eth0",
                   macvlan_mode="bridge")
        # eth0.100: optimistic DAD lasting ~2 min, DELAY lasting 60 s, INCOMPLETE lasting 30 s
        self.sysctl(h, ("net/ipv6/conf/eth0.100/optimistic_dad", 1),
                    ("net/ipv6/conf/eth0.100/dad_transmits", 120),
                    ("net/ipv6/neigh/eth0.100/retrans_time_ms", 1000),
                    ("net/ipv4/neigh/eth0.100/delay_first_probe_time", 60),
                    ("net/ipv4/neigh/eth0.100/mcast_solicit", 30))
        self.ip(h, "link set eth0.100 up")
        self.ip(h, "link add mv@x link eth0 address 02:00:00:00:78:01 type macvlan mode private")
        self.iface(h, "mv@x", "macvlan", "02:00:00:00:78:01", link="eth0", up=False,
                   macvlan_mode="private")
        # odd names: we!rd#if-1 <-> abcdefghijklmno (15 chars, tbf)
        self.ip(h, "link", "add", "we!rd#if-1", "address", "02:00:00:00:99:01", "type", "veth",
                "peer", "name", "abcdefghijklmno", "address", "02:00:00:00:99:02")
        self.iface(h, "we!rd#if-1", "veth", "02:00:00:00:99:01", link="abcdefghijklmno")
        self.iface(h, "abcdefghijklmno", "veth", "02:00:00:00:99:02", link="we!rd#if-1",
                   qdisc="tbf")
        self.nsx(h, ["tc", "qdisc", "add", "dev", "abcdefghijklmno", "root", "tbf", "rate", "1mbit",
                     "burst", "32kbit", "latency", "400ms"], check=False)
        self.ip(h, "link", "set", "we!rd#if-1", "up")
        self.ip(h, "link set abcdefghijklmno up")
        self.iface(h, WEIRD, "veth", "02:00:00:00:88:01", link=f"{self.ns['far']}:eth1")
        self.ip(h, "link", "set", WEIRD, "up")
        # vxlans.  They are brought up from the slice's root cgroup: the kernel UDP socket made
        # then keeps that cgroup, so `ss -e` prints cgroup:/ for it, as on a real host.
        root_cg = self.cgroup_wrap("/")
        self.ip(h, "link add vxlan42 address 02:00:00:00:42:42 type vxlan id 42 dstport 4789 "
                   f"local {HOST_V4} dev eth0")
        rec = self.iface(h, "vxlan42", "vxlan", "02:00:00:00:42:42", mtu=1450, link="eth0",
                         vxlan={"id": 42, "dstport": 4789, "local": HOST_V4, "dev": "eth0"})
        self.ip(h, "link set vxlan42 up", wrap=root_cg)
        rec["protodown"] = self.ip(h, "link set vxlan42 protodown on", optional="protodown")
        self.ip(h, "link add vx-md address 02:00:00:00:47:90 type vxlan external dstport 4790")
        self.iface(h, "vx-md", "vxlan", "02:00:00:00:47:90",
                   vxlan={"external": True, "dstport": 4790})
        self.ip(h, "link set vx-md up", wrap=root_cg)
        # tap0 without a reader (NO-CARRIER), tun0 with peer addresses
        self.ip(h, "tuntap add dev tap0 mode tap")
        self.ip(h, "link set tap0 address 02:00:00:00:31:01 mtu 1400 group 5 txqueuelen 500 up")
        self.iface(h, "tap0", "tun", "02:00:00:00:31:01", mtu=1400, group=5, qlen=500,
                   tun_type="tap", carrier=False)
        self.ip(h, "tuntap add dev tun0 mode tun")
        self.ip(h, "link set tun0 up")
        self.iface(h, "tun0", "tun", None, tun_type="tun", carrier=False, qlen=500)
        # ifb0 (DOWN, ALLMULTI) and macvlan mvl0 on it (M-DOWN)
        self.ip(h, "link add ifb0 address 02:00:00:00:1f:b0 type ifb")
        self.ip(h, "link set ifb0 allmulticast on")
        self.iface(h, "ifb0", "ifb", "02:00:00:00:1f:b0", up=False, allmulti=True, qlen=32)
        self.ip(h, "link add mvl0 link ifb0 address 02:00:00:00:1f:b1 type macvlan mode vepa")
        self.ip(h, "link set mvl0 up")
        self.iface(h, "mvl0", "macvlan", "02:00:00:00:1f:b1", link="ifb0", macvlan_mode="vepa")
        # Kubernetes-like: cni0 bridge (pod veths: build_pods) and flannel.1
        self.ip(h, "link add cni0 address 02:00:0a:f4:00:01 type bridge forward_delay 0")
        self.iface(h, "cni0", "bridge", "02:00:0a:f4:00:01")
        self.fast_dad(h, "cni0")
        self.ip(h, "link set cni0 up")
        self.ip(h, "link add flannel.1 address 0a:00:0a:f4:00:00 mtu 1450 type vxlan id 1 "
                   f"dstport 8472 local {HOST_V4} dev eth0 nolearning")
        self.iface(h, "flannel.1", "vxlan", "0a:00:0a:f4:00:00", mtu=1450, link="eth0",
                   vxlan={"id": 1, "dstport": 8472, "local": HOST_V4, "dev": "eth0",
                          "learning": False})
        self.ip(h, "link set flannel.1 up", wrap=root_cg)

    def build_host_addresses(self) -> None:
        h, a = self.host, self.addr
        a(h, "lo", "10.255.255.1/32")
        self.record_addr(h, "lo", "127.0.0.1/8", 4, kernel=True)
        a(h, "eth0", f"{HOST_V4}/24 brd +", primary=True)
        a(h, "eth0", "192.168.50.11/24 brd + label eth0:web", secondary=True)
        a(h, "eth0", "192.168.60.5/24 noprefixroute")
        a(h, "eth0", "192.168.61.5/24 metric 50")
        a(h, "eth0", "192.168.62.5/24 valid_lft 3600 preferred_lft 1800", dynamic=True)
        a(h, "eth0", "192.168.63.5/24 valid_lft 3600 preferred_lft 0", dynamic=True,
          deprecated=True)
        a(h, "eth0", "192.168.64.5/24 scope link")
        a(h, "eth0", "192.168.65.5/24 scope 77")
        a(h, "eth0", "2001:db8:50::10/64")
        a(h, "eth0", "2001:db8:50::11/64 nodad")
        a(h, "eth0", "2001:db8:50::de/64 nodad valid_lft 3600 preferred_lft 0", dynamic=True,
          deprecated=True)
        a(h, "eth0", "2001:db8:50::100/64 mngtmpaddr valid_lft 7200 preferred_lft 3600",
          dynamic=True, note="use_tempaddr=2: the kernel adds a 'temporary dynamic' sibling")
        a(h, "eth0", "2001:db8:50::a/64 nodad noprefixroute")
        a(h, "eth0", "2001:db8:50::b/64 nodad home")
        a(h, "eth0", "2001:db8:50::dad/64", expect_flags=["dadfailed", "tentative"])
        a(h, "eth0", f"{LONG_V6}/64 nodad")
        a(h, "br0", "10.20.0.1/24 brd +")
        a(h, "br0", "2001:db8:20::1/64")
        a(h, "eth0.100", "10.77.0.1/24")
        # iproute2 6.1 has no `optimistic` keyword: raw rtnetlink with IFA_F_OPTIMISTIC
        p = self.nsx(h, [PYTHON, str(HELPER), "nladdr", "eth0.100", "2001:db8:77::c/64",
                         "optimistic"], check=False)
        if p.returncode == 0:
            self.record_addr(h, "eth0.100", "2001:db8:77::c/64", 6,
                             expect_flags=["optimistic", "tentative"],
                             how="rtnetlink IFA_F_OPTIMISTIC; DAD runs ~120 s")
        else:
            self.not_built("optimistic address", p.stderr.decode(errors="replace").strip())
        a(h, WEIRD, "10.88.0.1/24")
        a(h, "tap0", "172.31.0.1/24")
        a(h, "tap0", "2001:db8:172::1/64", expect_flags=["tentative"], note="no carrier: no DAD")
        a(h, "tun0", "10.99.0.1 peer 10.99.0.2/32")
        a(h, "tun0", "2001:db8:99::1 peer 2001:db8:99::2/128")
        a(h, "cni0", "10.244.0.1/24 brd +")
        a(h, "flannel.1", "10.244.0.0/32")

    def build_pods(self) -> None:
        h = self.host
        names = {"pod1": "veth9a1c2f3e", "pod2": "vethb4d2e81a", "pod3": "veth5f0c77d2"}
        for i, (role, v) in enumerate(names.items(), start=2):
            ns = self.ns[role]
            hmac, pmac = f"02:00:0a:f4:01:{i:02x}", f"02:00:0a:f4:00:{i:02x}"
            self.veth((h, v, hmac), (ns, "eth0", pmac))
            self.iface(h, v, "veth", hmac, master="cni0", link=f"{ns}:eth0")
            self.iface(ns, "eth0", "veth", pmac, link=f"{h}:{v}")
            self.ip(h, f"link set {v} master cni0 up")
            self.ip(ns, "link set eth0 up")
            self.addr(ns, "eth0", f"10.244.0.{i}/24")
            self.ip(ns, "route add default via 10.244.0.1")

    def build_routes(self) -> None:
        r = self.route
        r(f"default via 192.168.50.1 dev eth0 proto dhcp src {HOST_V4} metric 100")
        r("default via 192.168.50.254 dev eth0 metric 200")
        r("10.30.0.0/16 via 10.20.0.2 dev br0 proto static metric 10")
        r("10.31.0.0/16 via 172.16.0.1 dev br0 onlink")
        r("blackhole 10.40.0.0/16")
        r("unreachable 10.41.0.0/16")
        r("prohibit 10.42.0.0/16")
        r("throw 10.43.0.0/16")
        r("10.50.0.0/16 nexthop via 192.168.50.1 dev eth0 weight 1 "
          "nexthop via 10.20.0.2 dev br0 weight 3")
        r("10.51.0.0/16 via 192.168.50.1 dev eth0 mtu lock 1400 rtt 20ms advmss 1360 initcwnd 10")
        r("10.52.0.0/16 via 192.168.50.1 dev eth0 proto 42")
        r("10.52.1.0/24 via 192.168.50.1 dev eth0 proto 77")
        r("10.53.0.0/16 via 192.168.50.1 dev eth0 proto bird")
        r("10.55.0.0/16 dev tap0 scope link")
        r("10.56.0.0/16 via 172.31.0.254 dev tap0")
        r("10.57.0.1 via 192.168.50.1 dev eth0")
        r("10.58.0.0/16 via 192.168.50.1 dev eth0 src 192.168.50.11 realm 5", optional="realm")
        r("10.59.0.0/16 tos 0x10 dev eth0 scope link")
        r("10.60.0.0/16 encap ip id 100 dst 192.168.70.2 ttl 10 dev vx-md", optional="encap ip")
        r("10.61.0.0/16 via inet6 fe80::1 dev eth0", optional="IPv4 route via IPv6 gateway")
        r("10.62.0.0/16 encap seg6 mode encap segs 2001:db8:50::1 dev eth0", optional="seg6")
        r("10.90.0.0/16 via 192.168.50.1 dev eth0 table 100")
        r("default via 192.168.50.254 dev eth0 table 100")
        r("10.30.0.0/16 via 192.168.50.254 dev eth0 table 101")
        r("unreachable default table 101 metric 4278198272")
        r("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink")  # flannel-style pod routes
        r("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink")
        for line in ("id 10 via 192.168.50.1 dev eth0", "id 11 via 10.20.0.2 dev br0",
                     "id 12 via 2001:db8:50::1 dev eth0", "id 13 blackhole",
                     "id 20 group 10/11,2"):
            if self.ip(self.host, f"nexthop add {line}", optional=f"nexthop {line}"):
                self.topo["nexthops"].append(
                    {"namespace": self.host, "command": f"ip nexthop add {line}"}
                )
        r("10.80.0.0/16 nhid 20", optional="route via nexthop group")
        r("10.81.0.0/16 nhid 10", optional="route via nexthop id")
        r("10.82.0.0/16 nhid 13", optional="route via blackhole nexthop")
        for line, opt in (
            (f"default via {PEER_LL} dev eth0 proto ra metric 1024 expires 1800 pref high", None),
            ("2001:db8:1000::/48 via 2001:db8:50::1 dev eth0 proto static metric 20", None),
            ("2001:db8:1001::/48 nexthop via 2001:db8:50::1 dev eth0 weight 1 "
             "nexthop via 2001:db8:20::2 dev br0 weight 2", None),
            ("blackhole 2001:db8:dead::/48", None),
            ("unreachable 2001:db8:beef::/48", None),
            ("prohibit 2001:db8:bad::/48", None),
            ("2001:db8:1002::/48 via 2001:db8:50::1 dev eth0 mtu lock 1280 pref low", None),
            ("2001:db8:1003::/48 from 2001:db8:50::/64 via 2001:db8:50::1 dev eth0",
             "source-specific IPv6 route"),
            ("2001:db8:1004::/48 nhid 12", "IPv6 route via nexthop id"),
            ("2001:db8:1005::/48 via 2001:db8:50::1 dev eth0 expires 600", None),
            ("2001:db8:1006::/48 via 2001:db8:50::1 dev eth0 table 100", None),
            ("2001:db8:1007::/48 encap seg6 mode inline segs 2001:db8:50::1 dev eth0",
             "IPv6 seg6 inline route"),
            ("2001:db8:1008::/48 dev tap0", None),
        ):
            r(line, family=6, optional=opt)
        for fam, line in (
            (4, "from 10.20.0.0/24 lookup 100 prio 1000"),
            (4, "to 10.30.0.0/16 lookup 101 prio 1001"),
            (4, "fwmark 0x10 lookup 100 prio 1002"),
            (4, "iif br0 lookup main prio 1003"),
            (6, "from 2001:db8:50::/64 lookup 100 prio 1000"),
        ):
            self.ip(self.host, f"-{fam} rule add {line}")
            family = "inet6" if fam == 6 else "inet"
            self.topo["rules"].append({"namespace": self.host, "family": family,
                                       "command": f"ip -{fam} rule add {line}"})

    def build_neighbours(self) -> None:
        n, h = self.neigh, self.host
        n("192.168.50.99 lladdr 02:00:00:00:00:99 dev eth0 nud permanent", "PERMANENT")
        n("192.168.50.98 lladdr 02:00:00:00:00:98 dev eth0 nud noarp", "NOARP")
        n("192.168.50.97 lladdr 02:00:00:00:00:97 dev eth0 nud stale", "STALE")
        n("192.168.50.93 lladdr 02:00:00:00:00:93 dev eth0 nud reachable proto static",
          "REACHABLE", optional="neighbour proto", proto="static")
        n("192.168.50.94 lladdr 02:00:00:00:00:94 dev eth0 extern_learn", "PERMANENT",
          optional="extern_learn neighbour", flags=["extern_learn"])
        n("10.20.0.50 lladdr 02:00:00:00:20:50 dev br0 nud permanent", "PERMANENT")
        for i, vtep in ((1, "192.168.50.21"), (2, "192.168.50.22")):  # flannel-style
            mac = f"0a:00:0a:f4:0{i}:00"
            n(f"10.244.{i}.0 lladdr {mac} dev flannel.1 nud permanent", "PERMANENT")
            self.nsx(h, ["bridge", "fdb", "append", mac, "dev", "flannel.1", "dst", vtep, "self",
                         "permanent"], check=False)
        n("proxy 192.168.50.200 dev eth0", "PROXY")
        n("proxy 2001:db8:50::200 dev eth0", "PROXY", family=6)
        n("2001:db8:50::99 lladdr 02:00:00:00:00:99 dev eth0 router nud permanent", "PERMANENT",
          family=6, flags=["router"])
        n("fe80::99 lladdr 02:00:00:00:00:99 dev eth0 nud stale", "STALE", family=6)
        # DELAY (eth0.100 waits 60 s before probing) and PROBE (br0: after 1 s, for 60 s)
        n("10.77.0.91 lladdr 02:00:00:00:77:91 dev eth0.100 nud stale", "DELAY",
          how_state="stale entry + one packet; delay_first_probe_time=60")
        n("10.20.0.92 lladdr 02:00:00:00:20:92 dev br0 nud stale", "PROBE",
          how_state="stale entry + one packet; delay_first_probe_time=1, retrans 20 s")
        learned: list[tuple[str, str, str | None, str, list[str], str]] = [
            ("192.168.50.1", "eth0", PEER_MAC, "REACHABLE", [], "UDP to the peer"),
            ("192.168.50.254", "eth0", PEER_MAC, "REACHABLE", [], "UDP to the peer"),
            ("2001:db8:50::1", "eth0", PEER_MAC, "REACHABLE", ["router"], "peer forwards: NA R"),
            (PEER_LL, "eth0", PEER_MAC, "REACHABLE", ["router"], "peer forwards: NA R flag"),
            ("192.168.50.77", "eth0", None, "FAILED", [], "UDP to an absent address"),
            ("192.168.50.95", "eth0", None, "FAILED", [], "UDP to an absent address"),
            ("2001:db8:50::77", "eth0", None, "FAILED", [], "UDP to an absent address"),
            (INCOMPLETE_DST, "eth0.100", None, "INCOMPLETE", [],
             "poked every 0.5 s by a background helper; mcast_solicit=30"),
        ]
        for i in (2, 3, 4):
            learned.append((f"10.244.0.{i}", "cni0", f"02:00:0a:f4:00:{i:02x}", "REACHABLE", [],
                            "traffic to the pod"))
        for dst, dev, lladdr, state, flags, how in learned:
            self.topo["neighbours"].append({"namespace": h, "dst": dst, "dev": dev,
                                            "lladdr": lladdr, "state": state, "flags": flags,
                                            "proxy": False, "how": how})
        self.poke([*PEERS, "192.168.50.77", "192.168.50.95", "2001:db8:50::77", "10.77.0.91",
                   "10.20.0.92", "10.244.0.2", "10.244.0.3", "10.244.0.4"])
        self.t_failed_poke = time.monotonic()
