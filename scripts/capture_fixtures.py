#!/usr/bin/env python3
"""Capture real fixtures of Linux networking commands inside network namespaces.

    python3 scripts/capture_fixtures.py --out DIR [--prefix nf] [--only FAMILY,...] [--keep]

Builds a throw-away topology in the namespaces ``<prefix>-host``, ``-peer``,
``-far``, ``-pod1``..``-pod3`` (veth, bridge, macvlan, vxlan, tun/tap, ifb;
odd interface names, every address flag, every route/neighbour type, stand-in
daemons with odd argv[0]/comm values), runs every command of the selected
families inside ``<prefix>-host`` and writes

    DIR/<family>/<name>.txt           stdout of the command
    DIR/<family>/<name>.json          the same command with ``ip -j`` (iproute2 only)
    DIR/<family>/<name>.stderr.txt    stderr, only when non-empty
    DIR/MANIFEST.tsv                  family, file, namespace, command, exit_status
    DIR/TOPOLOGY.txt, DIR/topology.json   what was built (the ground truth)
    DIR/VERSIONS.txt                  tool and kernel versions

``<name>`` follows sosreport's rule: drop a leading /bin/, /sbin/, /usr/bin/,
/usr/sbin/; every run of characters other than letters, digits, ``_-./``
becomes ``_``; ``/`` becomes ``.``; strip `` ._-`` at both ends.

Everything is torn down at the end (also on error or Ctrl-C) unless --keep.
Exit status: 0 ok, 1 failure, 2 usage, 77 cannot run here (not root / no netns).
Standard library only; Python 3.10+.
"""

from __future__ import annotations

import argparse
import datetime as _dt
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

HERE = Path(__file__).resolve().parent
HELPER = HERE / "_capture_daemons.py"
PYTHON = os.path.realpath(sys.executable)
ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
       "LANG": "C", "LC_ALL": "C", "HOME": "/root", "TERM": "dumb"}

FAMILY_ORDER = ["ip_addr", "ip_route", "ip_rule", "ip_neigh", "arp", "sysctl", "netstat", "ss"]

# ------------------------------------------------------------------ constants of the topology
HOST_MAC = "02:00:00:00:50:0a"
PEER_MAC = "02:00:00:00:50:01"
HOST_V4 = "192.168.50.10"
HOST_LL = "fe80::ff:fe00:500a"       # EUI-64 of HOST_MAC
PEER_LL = "fe80::ff:fe00:5001"       # EUI-64 of PEER_MAC
LONG_V6 = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"
WEIRD = "w.e-i#r!d@x"                # the weirdest name: . - # ! @
NO_ENTRY = "192.168.50.123"          # an address that never gets a neighbour entry
ROUTE_GET_V4 = "10.30.1.1"           # hits rule 'to 10.30.0.0/16 lookup 101'
ROUTE_GET_V6 = "2001:db8:1000::1"
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


class SetupError(RuntimeError):
    pass


def mangle(argv: list[str]) -> str:
    """sosreport's command -> file name rule."""
    name = " ".join(argv)
    name = re.sub(r"^/(usr/)?s?bin/", "", name)
    name = re.sub(r"[^\w\-./]+", "_", name)
    name = name.replace("/", ".").strip(" ._-")
    return name[:255]


def log(msg: str) -> None:
    print(f"[capture] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ the command catalogue
class Cmd:
    def __init__(self, line: str, twin: bool | None = None, name: str | None = None,
                 timeout: float | None = None, grep: str | None = None) -> None:
        self.argv = shlex.split(line)
        # a JSON twin for every iproute2 `ip` command that does not ask for colour
        self.twin = (self.argv[0] == "ip" and not any(a.startswith("-c") for a in self.argv)) \
            if twin is None else twin
        self.name = name or mangle(self.argv)
        self.timeout = timeout        # stop after N seconds (netstat -c)
        self.grep = grep              # keep only stdout lines starting with this


def catalogue() -> dict[str, list[Cmd]]:
    return {
        "ip_addr": [Cmd(c) for c in [
            "ip addr", "ip a", "ip -4 addr", "ip -6 addr", "ip addr show dev eth0",
            "ip -o addr", "ip -o -4 addr", "ip -o link", "ip -br addr", "ip -br link",
            "ip -d addr", "ip -d link", "ip -s link", "ip -s -s link", "ip -s addr",
            "ip -s -d link", "ip link", "ip link show eth0",
            "ip -c=always addr", "ip -c=always link", "ip -c=always -br addr",
            "ip -d -s -s link", f"ip addr show dev {shlex.quote(WEIRD)}"]],
        "ip_route": [Cmd(c) for c in [
            "ip route", "ip -6 route", "ip route show table all", "ip -6 route show table all",
            "ip -d route", "ip route show default", "ip route show table 100",
            f"ip route get {ROUTE_GET_V4}", f"ip -6 route get {ROUTE_GET_V6}",
            "ip -o route", "ip route show dev eth0", "ip nexthop"]],
        "ip_rule": [Cmd(c) for c in ["ip rule", "ip -4 rule list", "ip -6 rule"]],
        "ip_neigh": [Cmd(c) for c in [
            "ip neigh", "ip -6 neigh", "ip neigh show nud all", "ip neigh show proxy",
            "ip -s neigh", "ip -s -s neigh show"]],
        "arp": [Cmd(c) for c in [
            "arp", "arp -n", "arp -e", "arp -v", "arp -nv", "arp -a", "arp -an",
            f"arp -n {NO_ENTRY}", f"arp -a {NO_ENTRY}"]]
        + [Cmd("cat /proc/net/arp", name="proc_net_arp")],
        "sysctl": [Cmd("sysctl -a", grep="net."), Cmd("sysctl net.ipv4.ip_forward"),
                   Cmd("cat /proc/sys/net/ipv4/ip_forward", name="proc_sys_net_ipv4_ip_forward")],
        "netstat": [Cmd(c) for c in [
            "netstat -nplt", "netstat -anp", "netstat -nputwa", "netstat -neopa",
            "netstat -W -neopa", "netstat -tlnp", "netstat -anpe", "netstat -anto",
            "netstat -x -a -n -p", "netstat -rn", "netstat -rne", "netstat -r", "netstat -6 -rn",
            "netstat -i", "netstat -ie", "netstat -s", "netstat -s -6", "netstat -ng"]]
        + [Cmd("netstat -c -nt", timeout=2.5)],
        "ss": [Cmd(c) for c in [
            "ss -tlnp", "ss -tuna", "ss -tunap", "ss -anp", "ss -peaonmi", "ss -H -tln",
            "ss -tn state established", "ss -xanp", "ss -tanpi", "ss -ntuap -O", "ss -s",
            "ss -tulpen", "ss -e -a", "ss -m -t -a"]],
    }


# ------------------------------------------------------------------ the capture run
class Run:
    def __init__(self, out: Path, prefix: str, families: list[str], keep: bool) -> None:
        self.out = out
        self.prefix = prefix
        self.families = families
        self.keep = keep
        self.ns = {r: f"{prefix}-{r}" for r in ("host", "peer", "far", "pod1", "pod2", "pod3")}
        self.host = self.ns["host"]
        self.rundir = Path(f"/run/{prefix}-capture")
        self.sockdir = self.rundir / "sock"
        self.created_ns: list[str] = []
        self.created_etc: list[Path] = []
        self.created_etc_netns = False
        self.procs: list[subprocess.Popen] = []
        self.daemons: list[dict] = []
        self.manifest: list[tuple[str, str, str, str, str]] = []
        self.topo: dict[str, Any] = {
            "prefix": prefix, "namespaces": dict(self.ns), "interfaces": [], "routes": [],
            "nexthops": [], "rules": [], "neighbours": [], "sysctls": [], "daemons": [],
            "listeners": [], "established": [], "other_tcp": [], "udp_connected": [],
            "raw_sockets": [], "unix_sockets": [], "kernel_generated_addresses": [],
            "files": {}, "not_built": [], "warnings": [],
        }
        self._ifaces: dict[tuple[str, str], dict] = {}
        self.t_failed_poke = 0.0

    # -------------------------------------------------------------- low level
    def sh(self, argv: list[str], check: bool = True, timeout: float = 30,
           input_: str | None = None) -> subprocess.CompletedProcess:
        p = subprocess.run(argv, capture_output=True, env=ENV, timeout=timeout,
                           input=input_.encode() if input_ is not None else None)
        if check and p.returncode != 0:
            raise SetupError(f"{shlex.join(argv)} -> {p.returncode}: "
                             f"{p.stderr.decode(errors='replace').strip()}")
        return p

    def nsx(self, ns: str, argv: list[str], **kw) -> subprocess.CompletedProcess:
        return self.sh(["ip", "netns", "exec", ns, *argv], **kw)

    def ip(self, ns: str, line: str, optional: str | None = None) -> bool:
        """Run `ip -n NS <line>`; with optional=WHAT a failure is recorded, not raised."""
        argv = ["ip", "-n", ns, *shlex.split(line)]
        p = self.sh(argv, check=False)
        if p.returncode != 0:
            err = p.stderr.decode(errors="replace").strip()
            if optional is None:
                raise SetupError(f"{shlex.join(argv)}: {err}")
            self.topo["not_built"].append({"what": optional, "command": f"ip {line}",
                                           "namespace": ns, "reason": err})
            log(f"not built: {optional}: {err}")
            return False
        return True

    def sysctl(self, ns: str, *pairs: tuple[str, Any], optional: bool = False) -> None:
        """Set sysctls (slash notation so interface names with dots work)."""
        for key, value in pairs:
            path = Path("/proc/sys") / key.replace(".", "/") if "/" not in key else Path("/proc/sys") / key
            argv = ["sh", "-c", 'printf "%s\\n" "$1" > "$2"', "sh", str(value), str(path)]
            p = self.nsx(ns, argv, check=False)
            shown = key.replace("/", ".") if "/" in key else key
            if p.returncode != 0:
                if not optional:
                    raise SetupError(f"sysctl {ns} {key}={value}: {p.stderr.decode().strip()}")
                self.topo["not_built"].append({"what": f"sysctl {shown}", "namespace": ns,
                                               "reason": p.stderr.decode().strip()})
                continue
            self.topo["sysctls"].append({"namespace": ns, "key": shown, "path": str(path),
                                         "value": str(value)})

    def fast_dad(self, ns: str, dev: str) -> None:
        """250 ms per DAD probe (neigh 'default' is not per-netns, so per device, before link up)."""
        self.sysctl(ns, (f"net/ipv6/neigh/{dev}/retrans_time_ms", 250))

    # -------------------------------------------------------------- recording helpers
    def iface(self, ns: str, name: str, kind: str, mac: str | None, mtu: int = 1500,
              master: str | None = None, link: str | None = None, up: bool = True,
              **extra: Any) -> dict:
        rec = {"namespace": ns, "name": name, "kind": kind, "mac": mac, "mtu": mtu,
               "master": master, "link": link, "admin_up": up, "addresses": [], **extra}
        self._ifaces[(ns, name)] = rec
        if ns == self.host:
            self.topo["interfaces"].append(rec)
        else:
            self.topo.setdefault("other_namespace_interfaces", []).append(rec)
        return rec

    def addr(self, ns: str, dev: str, spec: str, optional: str | None = None,
             family: int | None = None, **facts: Any) -> None:
        """`ip addr add <spec> dev <dev>`; spec starts with ADDR/PLEN [peer P/PLEN]."""
        fam = family or (6 if ":" in spec.split()[0] else 4)
        ok = self.ip(ns, f"-{fam} addr add {spec} dev {shlex.quote(dev)}", optional=optional)
        if not ok:
            return
        self._record_addr(ns, dev, spec, fam, **facts)

    def _record_addr(self, ns: str, dev: str, spec: str, fam: int, **facts: Any) -> None:
        toks = spec.split()
        local = toks[0]
        rec: dict[str, Any] = {"family": "inet6" if fam == 6 else "inet"}
        if "peer" in toks:
            peer = toks[toks.index("peer") + 1]
            rec["address"], rec["prefixlen"] = local, int(peer.split("/")[1])
            rec["peer"] = peer.split("/")[0]
        else:
            a, _, plen = local.partition("/")
            rec["address"], rec["prefixlen"] = a, int(plen or (128 if fam == 6 else 32))
        for kw in ("label", "scope", "metric", "valid_lft", "preferred_lft", "brd", "broadcast"):
            if kw in toks:
                rec[kw] = toks[toks.index(kw) + 1]
        rec["flags"] = [t for t in toks if t in ("nodad", "home", "mngtmpaddr", "noprefixroute")]
        rec.update(facts)
        self._ifaces[(ns, dev)]["addresses"].append(rec)

    def route(self, ns: str, line: str, optional: str | None = None, family: int = 4) -> None:
        if self.ip(ns, f"-{family} route add {line}", optional=optional):
            toks = shlex.split(line)
            table = toks[toks.index("table") + 1] if "table" in toks else "main"
            rtype = toks[0] if toks[0] in ("blackhole", "unreachable", "prohibit", "throw") else "unicast"
            dst = toks[1] if rtype != "unicast" else toks[0]
            self.topo["routes"].append({"namespace": ns, "family": "inet6" if family == 6 else "inet",
                                        "type": rtype, "dst": dst, "table": table,
                                        "command": f"ip -{family} route add {line}"})

    def neigh(self, ns: str, line: str, expect: str, optional: str | None = None, family: int = 4,
              **facts: Any) -> None:
        if self.ip(ns, f"-{family} neigh add {line}", optional=optional):
            toks = shlex.split(line)
            rec = {"namespace": ns, "dst": toks[1] if toks[0] == "proxy" else toks[0],
                   "dev": toks[toks.index("dev") + 1],
                   "lladdr": toks[toks.index("lladdr") + 1] if "lladdr" in toks else None,
                   "state": expect, "proxy": toks[0] == "proxy", "how": f"ip neigh add {line}"}
            rec.update(facts)
            self.topo["neighbours"].append(rec)

    # -------------------------------------------------------------- preflight
    def preflight(self) -> None:
        if os.geteuid() != 0:
            raise Skip("needs root (network namespaces)")
        if shutil.which("ip") is None:
            raise Skip("iproute2 `ip` not found")
        probe = f"{self.prefix}-probe{os.getpid()}"
        p = subprocess.run(["ip", "netns", "add", probe], capture_output=True, env=ENV)
        if p.returncode != 0:
            raise Skip(f"`ip netns add` failed: {p.stderr.decode(errors='replace').strip()}")
        subprocess.run(["ip", "netns", "del", probe], capture_output=True, env=ENV)
        existing = set(self.sh(["ip", "netns", "list"]).stdout.decode().split())
        clash = sorted(set(self.ns.values()) & existing)
        if clash:
            raise SetupError(f"namespaces already exist: {' '.join(clash)} "
                             f"(left over from --keep?  remove with: ip netns del NAME)")

    # -------------------------------------------------------------- build
    def build(self) -> None:
        t0 = time.monotonic()
        if self.rundir.exists():
            shutil.rmtree(self.rundir)
        (self.rundir / "reports").mkdir(parents=True)
        self.sockdir.mkdir()
        for role in ("host", "peer", "far", "pod1", "pod2", "pod3"):
            self.sh(["ip", "netns", "add", self.ns[role]])
            self.created_ns.append(self.ns[role])
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
        if d.exists():
            raise SetupError(f"{d} already exists")
        d.mkdir()
        self.created_etc.append(d)
        hosts = "".join(f"{a}\t{n.format(host=self.host)}\n" for a, n in HOSTS_NAMES)
        resolv = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"
        (d / "hosts").write_text(hosts)
        (d / "resolv.conf").write_text(resolv)
        self.topo["files"] = {f"/etc/netns/{self.host}/hosts": hosts,
                              f"/etc/netns/{self.host}/resolv.conf": resolv}

    def build_peer_far(self) -> None:
        peer, far, host = self.ns["peer"], self.ns["far"], self.host
        for ns in (peer, far, host):
            # fast, deterministic DAD: no random start delay, 250 ms per probe
            self.sysctl(ns, ("net.ipv6.conf.default.router_solicitation_delay", 0),
                        ("net.ipv6.conf.all.router_solicitation_delay", 0))
            self.ip(ns, "link set lo up")
        self.sysctl(peer, ("net.ipv6.conf.all.forwarding", 1), ("net.ipv4.ip_forward", 1))
        self.sysctl(host, ("net.ipv4.ip_forward", 1))
        # eth0 (host) <-> eth0 (peer)
        self.sh(["ip", "link", "add", "eth0", "address", HOST_MAC, "netns", host, "type", "veth",
                 "peer", "name", "eth0", "address", PEER_MAC, "netns", peer])
        # WEIRD (host) <-> eth1 (far)
        self.sh(["ip", "link", "add", WEIRD, "address", "02:00:00:00:88:01", "netns", host,
                 "type", "veth", "peer", "name", "eth1", "address", "02:00:00:00:88:02", "netns", far])
        # peer eth1 <-> far eth0
        self.sh(["ip", "link", "add", "eth1", "address", "02:00:00:00:70:01", "netns", peer,
                 "type", "veth", "peer", "name", "eth0", "address", "02:00:00:00:70:02", "netns", far])
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
        self.addr(peer, "eth0", "2001:db8:50::dad/64 nodad",
                  note="makes the host's 2001:db8:50::dad fail DAD")
        self.addr(peer, "eth1", "192.168.70.1/24")
        self.addr(far, "eth0", "192.168.70.2/24")
        self.addr(far, "eth1", "10.88.0.2/24")
        self.ip(far, "route add default via 192.168.70.1")
        self.ip(peer, "route add blackhole 10.250.0.0/16")   # SYNs vanish -> SYN-SENT
        self.ip(peer, "route add 10.0.0.0/8 via 192.168.50.10")

    def build_host_links(self) -> None:
        h = self.host
        q = shlex.quote
        # lo
        self.iface(h, "lo", "loopback", "00:00:00:00:00:00", mtu=65536)
        # eth0: veth to peer, altnames, alias
        self.iface(h, "eth0", "veth", HOST_MAC, link=f"{self.ns['peer']}:eth0",
                   altnames=["ethernet-uplink-0", "enp0s31f6"], alias=f"uplink to peer ({self.ns['peer']})")
        self.ip(h, "link property add dev eth0 altname ethernet-uplink-0 altname enp0s31f6",
                optional="altnames on eth0")
        self.sh(["ip", "-n", h, "link", "set", "eth0", "alias", f"uplink to peer ({self.ns['peer']})"])
        self.sysctl(h, ("net.ipv6.conf.eth0.use_tempaddr", 2),
                    ("net.ipv4.neigh.eth0.base_reachable_time_ms", 120000))
        self.fast_dad(h, "eth0")
        self.ip(h, "link set eth0 up")
        # vport1@vport0, vport0 in br0
        self.ip(h, "link add vport1 address 02:00:00:00:21:01 type veth peer name vport0 address 02:00:00:00:21:00")
        self.iface(h, "vport1", "veth", "02:00:00:00:21:01", link="vport0", link_mode="DORMANT", qdisc="htb")
        self.ip(h, "link add br0 address 02:00:00:00:20:01 type bridge forward_delay 0")
        self.iface(h, "br0", "bridge", "02:00:00:00:20:01", promisc=True, addrgenmode="stable_secret")
        self.iface(h, "vport0", "veth", "02:00:00:00:21:00", master="br0", link="vport1")
        self.ip(h, "link set vport0 master br0")
        self.fast_dad(h, "br0")
        self.sysctl(h, ("net.ipv6.conf.br0.stable_secret", "2001:db8:1234:5678:9abc:def0:1234:5678"),
                    optional=True)
        self.ip(h, "link set dev br0 addrgenmode stable_secret", optional="br0 addrgenmode stable_secret")
        # PROBE catcher on br0: 1 s until PROBE, then 3 unicast probes 20 s apart
        self.sysctl(h, ("net.ipv4.neigh.br0.delay_first_probe_time", 1),
                    ("net.ipv4.neigh.br0.retrans_time_ms", 20000))
        self.ip(h, "link set vport1 mode dormant", optional="vport1 link mode dormant")
        self.sh(["ip", "netns", "exec", h, "tc", "qdisc", "add", "dev", "vport1", "root", "handle", "1:",
                 "htb", "default", "10"], check=False)
        for dev in ("vport1", "vport0", "br0"):
            self.ip(h, f"link set {dev} up")
        self.ip(h, "link set br0 promisc on")
        # macvlans on eth0
        self.ip(h, "link add eth0.100 link eth0 address 02:00:00:00:77:01 type macvlan mode bridge")
        self.iface(h, "eth0.100", "macvlan", "02:00:00:00:77:01", link="eth0", macvlan_mode="bridge")
        # eth0.100: optimistic DAD that lasts minutes, DELAY lasts 60 s, INCOMPLETE 30 s
        self.sysctl(h, ("net/ipv6/conf/eth0.100/optimistic_dad", 1),
                    ("net/ipv6/conf/eth0.100/dad_transmits", 120),
                    ("net/ipv6/neigh/eth0.100/retrans_time_ms", 1000),
                    ("net/ipv4/neigh/eth0.100/delay_first_probe_time", 60),
                    ("net/ipv4/neigh/eth0.100/mcast_solicit", 30))
        self.ip(h, "link set eth0.100 up")
        self.sh(["ip", "-n", h, "link", "add", "mv@x", "link", "eth0", "address", "02:00:00:00:78:01",
                 "type", "macvlan", "mode", "private"])
        self.iface(h, "mv@x", "macvlan", "02:00:00:00:78:01", link="eth0", up=False, macvlan_mode="private")
        # odd names
        self.sh(["ip", "-n", h, "link", "add", "we!rd#if-1", "address", "02:00:00:00:99:01", "type", "veth",
                 "peer", "name", "abcdefghijklmno", "address", "02:00:00:00:99:02"])
        self.iface(h, "we!rd#if-1", "veth", "02:00:00:00:99:01", link="abcdefghijklmno")
        self.iface(h, "abcdefghijklmno", "veth", "02:00:00:00:99:02", link="we!rd#if-1", qdisc="tbf")
        self.sh(["ip", "netns", "exec", h, "tc", "qdisc", "add", "dev", "abcdefghijklmno", "root", "tbf",
                 "rate", "1mbit", "burst", "32kbit", "latency", "400ms"], check=False)
        self.sh(["ip", "-n", h, "link", "set", "we!rd#if-1", "up"])
        self.ip(h, "link set abcdefghijklmno up")
        self.iface(h, WEIRD, "veth", "02:00:00:00:88:01", link=f"{self.ns['far']}:eth1")
        self.sh(["ip", "-n", h, "link", "set", WEIRD, "up"])
        # vxlans
        self.ip(h, f"link add vxlan42 address 02:00:00:00:42:42 type vxlan id 42 dstport 4789 local {HOST_V4} dev eth0")
        rec = self.iface(h, "vxlan42", "vxlan", "02:00:00:00:42:42", mtu=1450, link="eth0",
                         vxlan={"id": 42, "dstport": 4789, "local": HOST_V4, "dev": "eth0"})
        self.ip(h, "link set vxlan42 up")
        rec["protodown"] = self.ip(h, "link set vxlan42 protodown on", optional="protodown on vxlan42")
        self.ip(h, "link add vx-md address 02:00:00:00:47:90 type vxlan external dstport 4790")
        self.iface(h, "vx-md", "vxlan", "02:00:00:00:47:90", vxlan={"external": True, "dstport": 4790})
        self.ip(h, "link set vx-md up")
        # tap0 without a reader, tun0 with peers
        self.ip(h, "tuntap add dev tap0 mode tap")
        self.ip(h, "link set tap0 address 02:00:00:00:31:01 mtu 1400 group 5 txqueuelen 500 up")
        self.iface(h, "tap0", "tun", "02:00:00:00:31:01", mtu=1400, group=5, qlen=500,
                   tun_type="tap", carrier=False)
        self.ip(h, "tuntap add dev tun0 mode tun")
        self.ip(h, "link set tun0 up")
        self.iface(h, "tun0", "tun", None, tun_type="tun", carrier=False, qlen=500)
        # ifb0 down + allmulti, mvl0 on it (M-DOWN)
        self.ip(h, "link add ifb0 address 02:00:00:00:1f:b0 type ifb")
        self.ip(h, "link set ifb0 allmulticast on")
        self.iface(h, "ifb0", "ifb", "02:00:00:00:1f:b0", up=False, allmulti=True, qlen=32)
        self.ip(h, "link add mvl0 link ifb0 address 02:00:00:00:1f:b1 type macvlan mode vepa")
        self.ip(h, "link set mvl0 up")
        self.iface(h, "mvl0", "macvlan", "02:00:00:00:1f:b1", link="ifb0", macvlan_mode="vepa")
        # Kubernetes-like: cni0 bridge + flannel.1
        self.ip(h, "link add cni0 address 02:00:0a:f4:00:01 type bridge forward_delay 0")
        self.iface(h, "cni0", "bridge", "02:00:0a:f4:00:01")
        self.fast_dad(h, "cni0")
        self.ip(h, "link set cni0 up")
        self.ip(h, f"link add flannel.1 address 0a:00:0a:f4:00:00 mtu 1450 type vxlan id 1 dstport 8472 "
                   f"local {HOST_V4} dev eth0 nolearning")
        self.iface(h, "flannel.1", "vxlan", "0a:00:0a:f4:00:00", mtu=1450, link="eth0",
                   vxlan={"id": 1, "dstport": 8472, "local": HOST_V4, "dev": "eth0", "learning": False})
        self.ip(h, "link set flannel.1 up")
        del q

    def build_host_addresses(self) -> None:
        h = self.host
        self.addr(h, "lo", "10.255.255.1/32")
        self._record_addr(h, "lo", "127.0.0.1/8", 4, kernel=True)
        e = "eth0"
        self.addr(h, e, f"{HOST_V4}/24 brd +", primary=True)
        self.addr(h, e, "192.168.50.11/24 brd + label eth0:web", secondary=True)
        self.addr(h, e, "192.168.60.5/24 noprefixroute")
        self.addr(h, e, "192.168.61.5/24 metric 50")
        self.addr(h, e, "192.168.62.5/24 valid_lft 3600 preferred_lft 1800", dynamic=True)
        self.addr(h, e, "192.168.63.5/24 valid_lft 3600 preferred_lft 0", dynamic=True, deprecated=True)
        self.addr(h, e, "192.168.64.5/24 scope link")
        self.addr(h, e, "192.168.65.5/24 scope 77")
        self.addr(h, e, "2001:db8:50::10/64")
        self.addr(h, e, "2001:db8:50::11/64 nodad")
        self.addr(h, e, "2001:db8:50::de/64 nodad valid_lft 3600 preferred_lft 0", dynamic=True, deprecated=True)
        self.addr(h, e, "2001:db8:50::100/64 mngtmpaddr valid_lft 7200 preferred_lft 3600", dynamic=True,
                  note="use_tempaddr=2: the kernel adds a random 'temporary dynamic' sibling")
        self.addr(h, e, "2001:db8:50::a/64 nodad noprefixroute")
        self.addr(h, e, "2001:db8:50::b/64 nodad home")
        self.addr(h, e, "2001:db8:50::dad/64", expect_flags=["dadfailed", "tentative"])
        self.addr(h, e, f"{LONG_V6}/64 nodad")
        self.addr(h, "br0", "10.20.0.1/24 brd +")
        self.addr(h, "br0", "2001:db8:20::1/64")
        self.addr(h, "eth0.100", "10.77.0.1/24")
        p = self.nsx(h, [PYTHON, str(HELPER), "nladdr", "eth0.100", "2001:db8:77::c/64", "optimistic"], check=False)
        if p.returncode == 0:
            self._record_addr(h, "eth0.100", "2001:db8:77::c/64", 6, expect_flags=["optimistic", "tentative"],
                              how="rtnetlink IFA_F_OPTIMISTIC (iproute2 6.1 has no keyword); DAD runs ~120 s")
        else:
            self.topo["not_built"].append({"what": "optimistic address", "reason": p.stderr.decode().strip()})
        self.addr(h, WEIRD, "10.88.0.1/24")
        self.addr(h, "tap0", "172.31.0.1/24")
        self.addr(h, "tap0", "2001:db8:172::1/64", expect_flags=["tentative"], note="no carrier: DAD never runs")
        self.addr(h, "tun0", "10.99.0.1 peer 10.99.0.2/32")
        self.addr(h, "tun0", "2001:db8:99::1 peer 2001:db8:99::2/128")
        self.addr(h, "cni0", "10.244.0.1/24 brd +")
        self.addr(h, "flannel.1", "10.244.0.0/32")

    def build_pods(self) -> None:
        h = self.host
        vnames = {"pod1": "veth9a1c2f3e", "pod2": "vethb4d2e81a", "pod3": "veth5f0c77d2"}
        for i, role in enumerate(("pod1", "pod2", "pod3"), start=2):
            ns, v = self.ns[role], vnames[role]
            hmac, pmac = f"02:00:0a:f4:01:{i:02x}", f"02:00:0a:f4:00:{i:02x}"
            self.sh(["ip", "link", "add", v, "address", hmac, "netns", h, "type", "veth", "peer", "name",
                     "eth0", "address", pmac, "netns", ns])
            self.iface(h, v, "veth", hmac, master="cni0", link=f"{ns}:eth0")
            self.iface(ns, "eth0", "veth", pmac, link=f"{h}:{v}")
            self.ip(h, f"link set {v} master cni0 up")
            self.ip(ns, "link set lo up")
            self.ip(ns, "link set eth0 up")
            self.addr(ns, "eth0", f"10.244.0.{i}/24")
            self.ip(ns, "route add default via 10.244.0.1")

    def build_routes(self) -> None:
        h = self.host
        r = self.route
        r(h, f"default via 192.168.50.1 dev eth0 proto dhcp src {HOST_V4} metric 100")
        r(h, "default via 192.168.50.254 dev eth0 metric 200")
        r(h, "10.30.0.0/16 via 10.20.0.2 dev br0 proto static metric 10")
        r(h, "10.31.0.0/16 via 172.16.0.1 dev br0 onlink")
        r(h, "blackhole 10.40.0.0/16")
        r(h, "unreachable 10.41.0.0/16")
        r(h, "prohibit 10.42.0.0/16")
        r(h, "throw 10.43.0.0/16")
        r(h, "10.50.0.0/16 nexthop via 192.168.50.1 dev eth0 weight 1 nexthop via 10.20.0.2 dev br0 weight 3")
        r(h, "10.51.0.0/16 via 192.168.50.1 dev eth0 mtu lock 1400 rtt 20ms advmss 1360 initcwnd 10")
        r(h, "10.52.0.0/16 via 192.168.50.1 dev eth0 proto 42")
        r(h, "10.52.1.0/24 via 192.168.50.1 dev eth0 proto 77")
        r(h, "10.53.0.0/16 via 192.168.50.1 dev eth0 proto bird")
        r(h, "10.55.0.0/16 dev tap0 scope link")
        r(h, "10.56.0.0/16 via 172.31.0.254 dev tap0")
        r(h, "10.57.0.1 via 192.168.50.1 dev eth0")
        r(h, "10.58.0.0/16 via 192.168.50.1 dev eth0 src 192.168.50.11 realm 5", optional="realm route")
        r(h, "10.59.0.0/16 tos 0x10 dev eth0 scope link")
        r(h, "10.60.0.0/16 encap ip id 100 dst 192.168.70.2 ttl 10 dev vx-md", optional="encap ip route")
        r(h, "10.61.0.0/16 via inet6 fe80::1 dev eth0", optional="IPv4 route via IPv6 gateway")
        r(h, "10.62.0.0/16 encap seg6 mode encap segs 2001:db8:50::1 dev eth0", optional="encap seg6 route")
        r(h, "10.90.0.0/16 via 192.168.50.1 dev eth0 table 100")
        r(h, "default via 192.168.50.254 dev eth0 table 100")
        r(h, "10.30.0.0/16 via 192.168.50.254 dev eth0 table 101")
        r(h, "unreachable default table 101 metric 4278198272")
        # flannel-style pod routes
        r(h, "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink")
        r(h, "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink")
        # nexthop objects
        for line in ("id 10 via 192.168.50.1 dev eth0", "id 11 via 10.20.0.2 dev br0",
                     "id 12 via 2001:db8:50::1 dev eth0", "id 13 blackhole", "id 20 group 10/11,2"):
            if self.ip(h, f"nexthop add {line}", optional=f"nexthop {line}"):
                self.topo["nexthops"].append({"namespace": h, "command": f"ip nexthop add {line}"})
        r(h, "10.80.0.0/16 nhid 20", optional="route via nexthop group")
        r(h, "10.81.0.0/16 nhid 10", optional="route via nexthop id")
        r(h, "10.82.0.0/16 nhid 13", optional="route via blackhole nexthop")
        # IPv6
        r6 = lambda line, optional=None: r(h, line, optional=optional, family=6)  # noqa: E731
        r6(f"default via {PEER_LL} dev eth0 proto ra metric 1024 expires 1800 pref high")
        r6("2001:db8:1000::/48 via 2001:db8:50::1 dev eth0 proto static metric 20")
        r6("2001:db8:1001::/48 nexthop via 2001:db8:50::1 dev eth0 weight 1 nexthop via 2001:db8:20::2 dev br0 weight 2")
        r6("blackhole 2001:db8:dead::/48")
        r6("unreachable 2001:db8:beef::/48")
        r6("prohibit 2001:db8:bad::/48")
        r6("2001:db8:1002::/48 via 2001:db8:50::1 dev eth0 mtu lock 1280 pref low")
        r6("2001:db8:1003::/48 from 2001:db8:50::/64 via 2001:db8:50::1 dev eth0", optional="source-specific IPv6 route")
        r6("2001:db8:1004::/48 nhid 12", optional="IPv6 route via nexthop id")
        r6("2001:db8:1005::/48 via 2001:db8:50::1 dev eth0 expires 600")
        r6("2001:db8:1006::/48 via 2001:db8:50::1 dev eth0 table 100")
        r6("2001:db8:1007::/48 encap seg6 mode inline segs 2001:db8:50::1 dev eth0", optional="IPv6 seg6 inline route")
        r6("2001:db8:1008::/48 dev tap0")
        # rules
        for fam, line in ((4, "from 10.20.0.0/24 lookup 100 prio 1000"), (4, "to 10.30.0.0/16 lookup 101 prio 1001"),
                          (4, "fwmark 0x10 lookup 100 prio 1002"), (4, "iif br0 lookup main prio 1003"),
                          (6, "from 2001:db8:50::/64 lookup 100 prio 1000")):
            self.ip(h, f"-{fam} rule add {line}")
            self.topo["rules"].append({"namespace": h, "family": "inet6" if fam == 6 else "inet",
                                       "command": f"ip -{fam} rule add {line}"})

    def build_neighbours(self) -> None:
        h = self.host
        n = self.neigh
        n(h, "192.168.50.99 lladdr 02:00:00:00:00:99 dev eth0 nud permanent", "PERMANENT")
        n(h, "192.168.50.98 lladdr 02:00:00:00:00:98 dev eth0 nud noarp", "NOARP")
        n(h, "192.168.50.97 lladdr 02:00:00:00:00:97 dev eth0 nud stale", "STALE")
        n(h, "192.168.50.93 lladdr 02:00:00:00:00:93 dev eth0 nud reachable proto static", "REACHABLE",
          optional="neighbour with proto", proto="static")
        n(h, "192.168.50.94 lladdr 02:00:00:00:00:94 dev eth0 extern_learn", "PERMANENT",
          optional="extern_learn neighbour", flags=["extern_learn"])
        n(h, "10.20.0.50 lladdr 02:00:00:00:20:50 dev br0 nud permanent", "PERMANENT")
        n(h, "10.244.1.0 lladdr 0a:00:0a:f4:01:00 dev flannel.1 nud permanent", "PERMANENT")
        n(h, "10.244.2.0 lladdr 0a:00:0a:f4:02:00 dev flannel.1 nud permanent", "PERMANENT")
        for mac, dst in (("0a:00:0a:f4:01:00", "192.168.50.21"), ("0a:00:0a:f4:02:00", "192.168.50.22")):
            self.sh(["ip", "netns", "exec", h, "bridge", "fdb", "append", mac, "dev", "flannel.1",
                     "dst", dst, "self", "permanent"], check=False)
        n(h, "proxy 192.168.50.200 dev eth0", "PROXY")
        n(h, "proxy 2001:db8:50::200 dev eth0", "PROXY", family=6)
        n(h, "2001:db8:50::99 lladdr 02:00:00:00:00:99 dev eth0 router nud permanent", "PERMANENT",
          family=6, flags=["router"])
        n(h, "fe80::99 lladdr 02:00:00:00:00:99 dev eth0 nud stale", "STALE", family=6)
        # DELAY (eth0.100: 60 s) and PROBE (br0: after 1 s, then 60 s of unicast probes)
        n(h, "10.77.0.91 lladdr 02:00:00:00:77:91 dev eth0.100 nud stale", "DELAY",
          how_state="stale entry + one packet; delay_first_probe_time=60")
        n(h, "10.20.0.92 lladdr 02:00:00:00:20:92 dev br0 nud stale", "PROBE",
          how_state="stale entry + one packet; delay_first_probe_time=1, retrans_time_ms=20000")
        # traffic-made entries
        learned = [
            ("192.168.50.1", "eth0", PEER_MAC, "REACHABLE", [], "UDP to the peer"),
            ("192.168.50.254", "eth0", PEER_MAC, "REACHABLE", [], "UDP to the peer"),
            ("2001:db8:50::1", "eth0", PEER_MAC, "REACHABLE", ["router"], "peer forwards: NA with R flag"),
            (PEER_LL, "eth0", PEER_MAC, "REACHABLE", ["router"], "peer forwards: NA with R flag"),
            ("192.168.50.77", "eth0", None, "FAILED", [], "UDP to an absent address, 3 s before capture"),
            ("192.168.50.95", "eth0", None, "FAILED", [], "UDP to an absent address, 3 s before capture"),
            ("2001:db8:50::77", "eth0", None, "FAILED", [], "UDP to an absent address"),
            ("10.77.0.78", "eth0.100", None, "INCOMPLETE", [],
             "poked every 0.5 s by a background helper during capture; mcast_solicit=30"),
        ]
        for dst, dev, mac, state, flags, how in learned:
            self.topo["neighbours"].append({"namespace": h, "dst": dst, "dev": dev, "lladdr": mac,
                                            "state": state, "flags": flags, "proxy": False, "how": how})
        self.poke(["192.168.50.1", "192.168.50.254", "2001:db8:50::1", f"{PEER_LL}%eth0",
                   "192.168.50.77", "192.168.50.95", "2001:db8:50::77", "10.77.0.91", "10.20.0.92",
                   "10.244.0.2", "10.244.0.3", "10.244.0.4"])
        self.t_failed_poke = time.monotonic()

    def poke(self, targets: list[str]) -> None:
        self.nsx(self.host, [PYTHON, str(HELPER), "poke", *targets])

    # -------------------------------------------------------------- daemons
    def daemon_specs(self) -> list[dict]:
        s = str(self.sockdir)
        ab = f"@{self.prefix}/abstract-sshd"
        return [
            {"name": "etcd", "ns": "host", "argv0": "etcd", "comm": "etcd", "spec": [
                {"op": "listen", "family": 4, "addr": "127.0.0.1", "port": 2379},
                {"op": "listen", "family": 4, "addr": HOST_V4, "port": 2379},
                {"op": "listen", "family": 4, "addr": HOST_V4, "port": 2380},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 2380, "count": 2, "label": "peer traffic"}]},
            {"name": "kube-apiserver", "ns": "host", "argv0": "kube-apiserver", "comm": "kube-apiserver", "spec": [
                {"op": "listen", "family": 6, "addr": "::", "port": 6443, "v6only": 0},
                {"op": "connect", "family": 4, "addr": "127.0.0.1", "port": 2379, "count": 5},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 2379, "count": 1}]},
            {"name": "pod1-app", "ns": "pod1", "argv0": "/usr/local/bin/app", "comm": "app", "spec": [
                {"op": "listen", "family": 4, "addr": "0.0.0.0", "port": 8080},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 6443, "count": 2}]},
            {"name": "pod2-coredns", "ns": "pod2", "argv0": "/coredns", "comm": "coredns", "spec": [
                {"op": "udp", "family": 4, "addr": "0.0.0.0", "port": 53},
                {"op": "listen", "family": 4, "addr": "0.0.0.0", "port": 53},
                {"op": "listen", "family": 6, "addr": "::", "port": 8080, "v6only": 0},
                {"op": "listen", "family": 4, "addr": "0.0.0.0", "port": 8181},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 6443, "count": 1}]},
            {"name": "kubelet", "ns": "host", "argv0": "/usr/bin/kubelet", "comm": "kubelet", "spec": [
                {"op": "listen", "family": 6, "addr": "::", "port": 10250, "v6only": 0},
                {"op": "listen", "family": 4, "addr": "127.0.0.1", "port": 10248},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 6443, "count": 1},
                {"op": "connect", "family": 4, "addr": "10.244.0.2", "port": 8080, "count": 1, "label": "probe"},
                {"op": "connect", "family": 4, "addr": "10.244.0.3", "port": 8181, "count": 1, "label": "probe"}]},
            {"name": "kube-scheduler", "ns": "host", "argv0": "kube-scheduler", "comm": "kube-scheduler", "spec": [
                {"op": "listen", "family": 4, "addr": "127.0.0.1", "port": 10259},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 6443, "count": 1}]},
            {"name": "kube-controller-manager", "ns": "host", "argv0": "kube-controller-manager",
             "comm": "kube-controller-manager", "spec": [
                {"op": "listen", "family": 4, "addr": "127.0.0.1", "port": 10257},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 6443, "count": 1}]},
            {"name": "kube-proxy", "ns": "host", "argv0": "/usr/local/bin/kube-proxy", "comm": "kube-proxy", "spec": [
                {"op": "listen", "family": 6, "addr": "::", "port": 30080, "v6only": 0, "label": "NodePort"},
                {"op": "listen", "family": 4, "addr": "127.0.0.1", "port": 10249},
                {"op": "listen", "family": 6, "addr": "::", "port": 10256, "v6only": 0}]},
            {"name": "sshd", "ns": "host", "argv0": "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
             "comm": "sshd", "spec": [
                {"op": "listen", "family": 4, "addr": "0.0.0.0", "port": 22},
                {"op": "listen", "family": 6, "addr": "::", "port": 22, "v6only": 1},
                {"op": "unix", "type": "stream", "path": ab}]},
            {"name": "nginx", "ns": "host", "argv0": "nginx: master process /usr/sbin/nginx -g daemon off;",
             "comm": "nginx", "spec": [
                {"op": "listen", "family": 6, "addr": "::", "port": 80, "v6only": 0},
                {"op": "listen", "family": 4, "addr": HOST_V4, "port": 8080, "close_on_eof": False,
                 "label": "accepted connections stay CLOSE-WAIT"},
                {"op": "listen", "family": 6, "addr": HOST_LL, "scope": "eth0", "port": 8081, "label": "link-local"},
                {"op": "listen", "family": 6, "addr": LONG_V6, "port": 443, "label": "long IPv6 address"},
                {"op": "unix", "type": "stream", "path": f"{s}/my app.sock"}]},
            {"name": "postgres", "ns": "host", "argv0": "/usr/lib/postgresql/15/bin/postgres", "comm": "postgres",
             "spec": [
                {"op": "listen", "family": 4, "addr": "127.0.0.1", "port": 5432, "accept": False, "backlog": 16,
                 "label": "never accepts: Recv-Q on LISTEN"},
                {"op": "listen", "family": 6, "addr": "::1", "port": 5432, "accept": False, "backlog": 16},
                {"op": "unix", "type": "stream", "path": f"{s}/.s.PGSQL.5432"},
                {"op": "unix", "type": "seqpacket", "path": f"{s}/pg-seqpacket.sock"},
                {"op": "unix", "type": "dgram", "path": f"{s}/pg-stats.sock"},
                {"op": "socketpair", "type": "stream"},
                {"op": "socketpair", "type": "dgram"}]},
            {"name": "systemd-resolved", "ns": "host", "argv0": "/lib/systemd/systemd-resolved",
             "comm": "systemd-resolved", "user": 65534, "spec": [
                {"op": "udp", "family": 4, "addr": "127.0.0.53", "port": 53},
                {"op": "listen", "family": 4, "addr": "127.0.0.53", "port": 53},
                {"op": "udp", "family": 4, "addr": "0.0.0.0", "port": 68, "device": "eth0",
                 "label": "SO_BINDTODEVICE"},
                {"op": "udp", "family": 6, "addr": "::", "port": 546, "v6only": 1},
                {"op": "udp", "family": 4, "connect": ["192.168.50.1", 123], "label": "connected UDP"},
                {"op": "raw", "family": 4},
                {"op": "raw", "family": 6}]},
            {"name": "client", "ns": "host", "argv0": "./bin/client --connect", "comm": "cli,x (y)", "spec": [
                {"op": "connect", "family": 6, "addr": "::ffff:127.0.0.1", "port": 80, "count": 2,
                 "label": "v4-mapped"},
                {"op": "connect", "family": 6, "addr": f"::ffff:{HOST_V4}", "port": 6443, "count": 1,
                 "label": "v4-mapped"},
                {"op": "connect", "family": 6, "addr": HOST_LL, "scope": "eth0", "port": 8081, "count": 1,
                 "label": "link-local"},
                {"op": "connect", "family": 6, "addr": LONG_V6, "port": 443, "count": 2, "label": "long IPv6"},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 22, "keepalive": True, "keepidle": 600,
                 "label": "keepalive timer"},
                {"op": "connect", "family": 4, "addr": HOST_V4, "port": 8080, "count": 2, "shutdown_wr": True,
                 "label": "half-closed"},
                {"op": "connect", "family": 4, "addr": "127.0.0.1", "port": 5432, "count": 3, "send": "SELECT 1;",
                 "label": "never accepted"},
                {"op": "connect", "family": 6, "addr": "::1", "port": 5432, "count": 1, "label": "never accepted"},
                {"op": "connect", "family": 4, "addr": "10.250.0.1", "port": 443, "nonblock": True,
                 "label": "blackholed by the peer"},
                {"op": "connect", "family": 4, "addr": "127.0.0.1", "port": 22, "close": True,
                 "label": "active close"},
                {"op": "unix_connect", "type": "stream", "path": f"{s}/my app.sock", "count": 2},
                {"op": "unix_connect", "type": "stream", "path": ab}]},
        ]

    def start_daemons(self) -> None:
        t0 = time.monotonic()
        specs = self.daemon_specs()
        for d in specs:
            ns = self.ns[d["ns"]]
            spec_file = self.rundir / "reports" / f"{d['name']}.spec.json"
            spec_file.write_text(json.dumps(d["spec"]))
            report = self.rundir / "reports" / f"{d['name']}.json"
            argv = ["ip", "netns", "exec", ns, "bash", "-c", 'exec -a "$0" "$@"', d["argv0"], PYTHON, str(HELPER),
                    "daemon", "--spec", str(spec_file), "--report", str(report), "--comm", d["comm"]]
            if "user" in d:
                argv += ["--user", str(d["user"])]
            with open(self.rundir / "reports" / f"{d['name']}.log", "wb") as errlog:
                # with a foreign argv[0] Python cannot find its own prefix: tell it
                proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errlog,
                                        env={**ENV, "PYTHONHOME": sys.base_prefix}, start_new_session=True)
            self.procs.append(proc)
            d["popen"] = proc
            d["report_path"] = report
        deadline = time.monotonic() + 20
        pending = list(specs)
        while pending:
            for d in list(pending):
                rep = self._read_report(d["report_path"])
                if rep and rep.get("error"):
                    raise SetupError(f"daemon {d['name']}: {rep['error']}")
                if rep and rep.get("ready"):
                    pending.remove(d)
                elif d["popen"].poll() is not None:
                    log_text = (self.rundir / "reports" / f"{d['name']}.log").read_text(errors="replace")
                    raise SetupError(f"daemon {d['name']} exited {d['popen'].returncode}: {log_text[-400:]}")
            if time.monotonic() > deadline:
                raise SetupError(f"daemons not ready: {[d['name'] for d in pending]}")
            time.sleep(0.05)
        # the background poker that keeps an INCOMPLETE entry alive (plain python argv[0])
        poker = subprocess.Popen(["ip", "netns", "exec", self.host, PYTHON, str(HELPER), "poke", "--count", "0",
                                  "--interval", "0.5", "10.77.0.78"], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                                 start_new_session=True)
        self.procs.append(poker)
        self.topo["daemons_poker"] = {"pid": poker.pid, "argv": [PYTHON, str(HELPER), "poke", "--count", "0",
                                                                 "--interval", "0.5", "10.77.0.78"],
                                      "comm": Path(PYTHON).name[:15], "namespace": self.host,
                                      "socket": "udp 0.0.0.0:<ephemeral> (unconnected, sendto 10.77.0.78:9)"}
        # let accept() threads catch up
        time.sleep(0.3)
        last = None
        for _ in range(20):
            cur = [json.dumps(self._read_report(d["report_path"]), sort_keys=True) for d in specs]
            if cur == last:
                break
            last = cur
            time.sleep(0.1)
        self.daemons = specs
        log(f"{len(specs)} daemons up in {time.monotonic() - t0:.1f}s")

    @staticmethod
    def _read_report(path: Path) -> dict | None:
        try:
            return json.loads(path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def record_daemons(self) -> None:
        """Turn the daemons' reports into topology.json facts (host namespace only at top level)."""
        t = self.topo
        by_local: dict[tuple, dict] = {}
        for d in self.daemons:
            rep = self._read_report(d["report_path"]) or {}
            ns = self.ns[d["ns"]]
            entry = {"name": d["name"], "namespace": ns, "pid": rep.get("pid"), "argv0": rep.get("argv0"),
                     "comm": rep.get("comm"), "uid": rep.get("uid"), "sockets": rep.get("sockets", [])}
            t["daemons"].append(entry)
            if ns != self.host:
                continue
            who = {"pid": entry["pid"], "program_argv0": entry["argv0"], "comm": entry["comm"]}
            for s in entry["sockets"]:
                proto = s.get("proto")
                if s["op"] == "listen":
                    t["listeners"].append({"proto": "tcp", "family": s.get("family", 4) == 6 and "inet6" or "inet",
                                           "address": _addr(s), "port": s["port"], "scope": s.get("scope"),
                                           "v6only": s.get("v6only"), **who, "label": s.get("label", "")})
                    by_local[("tcp", _addr(s), s["port"])] = who
                    for c in s.get("accepted", []):
                        if c["state"] == "CLOSED":   # the server side of the TIME-WAIT pair is gone
                            continue
                        rec = _conn("tcp", c, who)
                        (t["established"] if c["state"] == "ESTABLISHED" else t["other_tcp"]).append(rec)
                elif s["op"] == "connect":
                    for c in s.get("connections", []):
                        owner = who if c.get("owned", True) else {"pid": None, "program_argv0": None, "comm": None}
                        rec = _conn("tcp", c, owner)
                        rec["label"] = s.get("label", "")
                        (t["established"] if c["state"] == "ESTABLISHED" else t["other_tcp"]).append(rec)
                        if c["state"] == "ESTABLISHED" and c["peer"]["port"] == 5432:
                            # server side sits in the accept queue of a listener that never accepts: no owner
                            srv = {"proto": "tcp", "local": _strip(c["peer"]["address"]),
                                   "local_port": c["peer"]["port"], "peer": _strip(c["local"]["address"]),
                                   "peer_port": c["local"]["port"], "pid": None, "program_argv0": None,
                                   "comm": None, "state": "ESTABLISHED",
                                   "label": "server side, still in the accept queue (no owner)"}
                            if c.get("sent_bytes"):
                                srv["recv_q"] = c["sent_bytes"]
                            t["established"].append(srv)
                elif proto == "udp":
                    if s.get("state") == "ESTABLISHED":
                        t["udp_connected"].append({"proto": "udp", "local": _addr(s), "local_port": s["port"],
                                                   "peer": _strip(s["peer"]["address"]),
                                                   "peer_port": s["peer"]["port"], **who})
                        t["established"].append({"proto": "udp", "local": _addr(s), "local_port": s["port"],
                                                 "peer": _strip(s["peer"]["address"]), "peer_port": s["peer"]["port"],
                                                 "state": "ESTABLISHED", **who, "label": s.get("label", "")})
                    else:
                        t["listeners"].append({"proto": "udp", "family": s.get("family", 4) == 6 and "inet6" or "inet",
                                               "address": _addr(s), "port": s["port"], "scope": s.get("scope"),
                                               "device": s.get("device"), "v6only": s.get("v6only"), **who,
                                               "label": s.get("label", "")})
                elif proto == "raw":
                    t["raw_sockets"].append({"family": s.get("family", 4) == 6 and "inet6" or "inet",
                                             "protocol": s.get("protocol"), **who})
                elif proto == "unix":
                    u = {"op": s["op"], "type": s.get("type", "stream"), "path": s.get("path"),
                         "state": s.get("state"), **who}
                    if s["op"] == "unix_connect":
                        u["connections"] = s.get("connections", [])
                    if "accepted" in s:
                        u["accepted"] = len(s["accepted"])
                    t["unix_sockets"].append(u)
        # kernel-owned UDP sockets of the vxlan devices (no process)
        kern = {"pid": None, "program_argv0": None, "comm": None}
        for port, fams, dev in ((4789, ("inet",), "vxlan42"), (4790, ("inet", "inet6"), "vx-md"),
                                (8472, ("inet",), "flannel.1")):
            for f in fams:
                t["listeners"].append({"proto": "udp", "family": f, "address": "0.0.0.0" if f == "inet" else "::",
                                       "port": port, **kern, "label": f"kernel vxlan socket of {dev}"})

    # -------------------------------------------------------------- readback of kernel-made facts
    def readback(self) -> None:
        for ns in self.created_ns:
            links = json.loads(self.sh(["ip", "-n", ns, "-j", "-d", "link"]).stdout or b"[]")
            addrs = json.loads(self.sh(["ip", "-n", ns, "-j", "addr"]).stdout or b"[]")
            amap = {a["ifname"]: a for a in addrs}
            for ln in links:
                rec = self._ifaces.get((ns, ln["ifname"]))
                if rec is None and ln["ifname"] == "lo":
                    continue
                if rec is None:
                    self.topo["warnings"].append(f"unexpected interface {ns}:{ln['ifname']}")
                    continue
                rec["ifindex"] = ln["ifindex"]
                if rec["mac"] is None and ln.get("address"):
                    rec["mac"] = ln["address"]
                elif ln.get("address") and rec["mac"] != ln["address"]:
                    self.topo["warnings"].append(f"{ns}:{ln['ifname']} mac {ln['address']} != {rec['mac']}")
                if ln.get("mtu") != rec["mtu"]:
                    self.topo["warnings"].append(f"{ns}:{ln['ifname']} mtu {ln.get('mtu')} != {rec['mtu']}")
                    rec["mtu"] = ln.get("mtu")
                if ln.get("link_netnsid") is not None:
                    rec["link_netnsid"] = ln["link_netnsid"]
                configured = {a["address"] for a in rec["addresses"]}
                for a in amap.get(ln["ifname"], {}).get("addr_info", []):
                    if a["local"] not in configured:
                        kind = ("link-local" if a["local"].startswith("fe80:") else
                                "temporary" if a.get("temporary") else "other")
                        g = {"namespace": ns, "dev": ln["ifname"], "family": a["family"], "address": a["local"],
                             "prefixlen": a["prefixlen"], "kind": kind}
                        if ns == self.host:
                            self.topo["kernel_generated_addresses"].append(g)
            for rec in self._ifaces.values():
                if rec["namespace"] == ns and "ifindex" not in rec:
                    self.topo["warnings"].append(f"interface {ns}:{rec['name']} missing")
        host_ll = {g["dev"]: g["address"] for g in self.topo["kernel_generated_addresses"] if g["kind"] == "link-local"}
        for rec in self.topo["interfaces"]:
            rec["link_local"] = host_ll.get(rec["name"])

    def wait_dad(self) -> None:
        """Wait (max 6 s) until eth0/br0 addresses left DAD (dadfailed ones stay tentative)."""
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            data = json.loads(self.sh(["ip", "-n", self.host, "-j", "-6", "addr"]).stdout or b"[]")
            busy = [a["local"] for i in data if i["ifname"] in ("eth0", "br0", "cni0")
                    for a in i.get("addr_info", []) if a.get("tentative") and not a.get("dadfailed")]
            temp = any(a.get("temporary") for i in data if i["ifname"] == "eth0" for a in i.get("addr_info", []))
            if not busy and temp:
                return
            time.sleep(0.1)
        self.topo["warnings"].append("DAD/temporary address wait timed out")

    # -------------------------------------------------------------- capture
    def exec_capture(self, argv: list[str], timeout: float | None) -> tuple[bytes, bytes, int, str]:
        run = argv if timeout is None else ["timeout", str(timeout), *argv]
        p = subprocess.run(["ip", "netns", "exec", self.host, *run], capture_output=True, env=ENV, timeout=60)
        return p.stdout, p.stderr, p.returncode, shlex.join(run)

    def write(self, family: str, fname: str, data: bytes, command: str, rc: int) -> None:
        path = self.out / family / fname
        path.write_bytes(data)
        self.manifest.append((family, f"{family}/{fname}", self.host, command, str(rc)))

    def capture_cmd(self, family: str, cmd: Cmd) -> None:
        out, err, rc, shown = self.exec_capture(cmd.argv, cmd.timeout)
        if cmd.grep:
            out = b"".join(ln for ln in out.splitlines(keepends=True) if ln.startswith(cmd.grep.encode()))
            shown = f"{shown} | grep '^{re.escape(cmd.grep)}'"
        twin = None
        if cmd.twin:
            jargv = ["ip", "-j", *cmd.argv[1:]]
            twin = self.exec_capture(jargv, None)
        self.write(family, f"{cmd.name}.txt", out, shown, rc)
        if err:
            self.write(family, f"{cmd.name}.stderr.txt", err, shown, rc)
        if twin:
            jout, jerr, jrc, jshown = twin
            self.write(family, f"{cmd.name}.json", jout, jshown, jrc)
            if jerr:
                self.write(family, f"{cmd.name}.json.stderr.txt", jerr, jshown, jrc)

    def capture_truth(self, family: str, fname: str, argvs: list[list[str]]) -> None:
        outs, errs, rcs, shown = [], [], [], []
        for argv in argvs:
            o, e, rc, s = self.exec_capture(argv, None)
            outs.append(o)
            errs.append(e)
            rcs.append(rc)
            shown.append(s)
        cmd = " ; ".join(shown)
        rc = max(rcs)
        self.write(family, fname, b"".join(outs), cmd, rc)
        if any(errs):
            stem = fname.rsplit(".", 1)[0]
            self.write(family, f"{stem}.stderr.txt", b"".join(errs), cmd, rc)

    def refresh_neighbours(self) -> None:
        """Keep the peer entries REACHABLE right before neighbour captures."""
        self.poke(["192.168.50.1", "192.168.50.254", "2001:db8:50::1", f"{PEER_LL}%eth0"])
        wait = 3.6 - (time.monotonic() - self.t_failed_poke)   # IPv4 FAILED needs 3 x 1 s of probes
        if wait > 0:
            time.sleep(wait)
        time.sleep(0.1)

    def capture(self) -> None:
        cat = catalogue()
        for family in self.families:
            t0 = time.monotonic()
            d = self.out / family
            if d.exists():
                shutil.rmtree(d)
            d.mkdir(parents=True)
            if family in ("ip_neigh", "arp"):
                self.refresh_neighbours()
            if family == "netstat":
                self.capture_truth(family, "ss_truth_before.txt", [["ss", "-H", "-tuanpe"], ["ss", "-H", "-xanpe"]])
            for cmd in cat[family]:
                self.capture_cmd(family, cmd)
            if family == "arp":
                self.capture_truth(family, "arp_truth.json", [["ip", "-j", "neigh", "show", "nud", "all"]])
            if family == "netstat":
                self.capture_truth(family, "ss_truth_after.txt", [["ss", "-H", "-tuanpe"], ["ss", "-H", "-xanpe"]])
            log(f"{family}: {len(cat[family])} commands in {time.monotonic() - t0:.1f}s")

    # -------------------------------------------------------------- outputs
    def versions(self) -> dict[str, str]:
        v = {}
        for key, argv in (("ip", ["ip", "-V"]), ("ss", ["ss", "-V"]), ("netstat", ["netstat", "-V"]),
                          ("arp", ["arp", "-V"]), ("sysctl", ["sysctl", "-V"]), ("uname -r", ["uname", "-r"]),
                          ("python", [PYTHON, "-V"])):
            try:
                p = subprocess.run(argv, capture_output=True, env=ENV, timeout=10)
                v[key] = (p.stdout + p.stderr).decode(errors="replace").strip()
            except OSError as exc:
                v[key] = f"unavailable: {exc}"
        return v

    def write_outputs(self, versions: dict[str, str]) -> None:
        self.topo["tools"] = versions
        self.topo["kernel"] = versions.get("uname -r")
        self.topo["captured_at"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.topo["capture_namespace"] = self.host
        self.topo["unix_socket_dir"] = str(self.sockdir)
        self.topo["hosts_file"] = {a: n.format(host=self.host) for a, n in HOSTS_NAMES}
        with open(self.out / "MANIFEST.tsv", "w", encoding="utf-8") as fh:
            fh.write("family\tfile\tnamespace\tcommand\texit_status\n")
            for row in self.manifest:
                fh.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) + "\n")
        (self.out / "topology.json").write_text(json.dumps(self.topo, indent=1, sort_keys=False) + "\n")
        (self.out / "TOPOLOGY.txt").write_text(render_topology(self.topo))
        (self.out / "VERSIONS.txt").write_text("".join(f"$ {k}\n{val}\n\n" for k, val in versions.items()))

    # -------------------------------------------------------------- teardown
    def teardown(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.kill(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for p in self.procs:
            try:
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                try:
                    os.kill(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(timeout=3)
        # anything else still living in our namespaces was started by us: end it by pid
        for ns in self.created_ns:
            r = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, env=ENV)
            for pid in r.stdout.decode().split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
        for ns in reversed(self.created_ns):
            r = subprocess.run(["ip", "netns", "del", ns], capture_output=True, env=ENV)
            if r.returncode != 0:
                log(f"could not delete namespace {ns}: {r.stderr.decode().strip()}")
        self.created_ns.clear()
        for d in self.created_etc:
            shutil.rmtree(d, ignore_errors=True)
        if self.created_etc_netns:
            try:
                Path("/etc/netns").rmdir()
            except OSError:
                pass
        shutil.rmtree(self.rundir, ignore_errors=True)

    def keep_notice(self) -> None:
        log("--keep: left running. Clean up with:")
        pids = " ".join(str(p.pid) for p in self.procs)
        log(f"  kill {pids}; for n in {' '.join(self.created_ns)}; do ip netns del $n; done; "
            f"rm -rf {' '.join(str(d) for d in self.created_etc)} {self.rundir}")


class Skip(Exception):
    pass


def _strip(a: str) -> str:
    return a.split("%", 1)[0]


def _addr(s: dict) -> str:
    return _strip(s.get("address", ""))


def _conn(proto: str, c: dict, who: dict) -> dict:
    rec = {"proto": proto, "local": _strip(c["local"]["address"]), "local_port": c["local"]["port"],
           "peer": _strip(c["peer"]["address"]), "peer_port": c["peer"]["port"], **who, "state": c["state"]}
    if c["local"].get("scope"):
        rec["scope"] = c["local"]["scope"]
    if c.get("keepalive"):
        rec["keepalive"] = True
    return rec


def render_topology(t: dict) -> str:
    L: list[str] = []
    w = L.append
    w(f"Topology captured {t.get('captured_at')} on kernel {t.get('kernel')}; commands ran in {t['capture_namespace']}.")
    w("Machine-readable twin: topology.json (the ground truth for tests).")
    w("")
    w("Namespaces: " + ", ".join(f"{k}={v}" for k, v in t["namespaces"].items()))
    w("")
    w(f"Interfaces of {t['capture_namespace']} (ifindex, name, kind, MAC, MTU, master/link, addresses):")
    for i in sorted(t["interfaces"], key=lambda r: r.get("ifindex", 999)):
        extra = []
        for k in ("master", "link", "link_mode", "qdisc", "group", "qlen", "macvlan_mode", "altnames", "alias",
                  "vxlan", "promisc", "allmulti", "protodown", "tun_type", "carrier", "addrgenmode"):
            if i.get(k) not in (None, False, ""):
                extra.append(f"{k}={i[k]}")
        if not i.get("admin_up"):
            extra.append("admin DOWN")
        w(f"  {i.get('ifindex', '?'):>3} {i['name']:<16} {i['kind']:<9} {i['mac'] or '-':<17} mtu {i['mtu']:<5} "
          + " ".join(extra))
        for a in i["addresses"]:
            bits = [f"{a['address']}" + (f" peer {a['peer']}" if a.get("peer") else "") + f"/{a['prefixlen']}"]
            for k in ("label", "scope", "metric", "valid_lft", "preferred_lft"):
                if k in a:
                    bits.append(f"{k} {a[k]}")
            bits += a.get("flags", [])
            if a.get("expect_flags"):
                bits.append("expect " + ",".join(a["expect_flags"]))
            w("        " + " ".join(bits))
        if i.get("link_local"):
            w(f"        {i['link_local']}/64 (kernel link-local)")
    for g in t["kernel_generated_addresses"]:
        if g["kind"] != "link-local":
            w(f"  kernel-generated: {g['dev']} {g['address']}/{g['prefixlen']} ({g['kind']})")
    w("")
    w("Other namespaces' interfaces:")
    for i in t.get("other_namespace_interfaces", []):
        addrs = ", ".join(f"{a['address']}/{a['prefixlen']}" for a in i["addresses"])
        w(f"  {i['namespace']:<10} {i['name']:<6} {i['kind']} {i['mac']} link={i['link']} {addrs}")
    w("")
    w("Routes added (ip ... route add):")
    for r in t["routes"]:
        w(f"  {r['command']}")
    w("Nexthop objects:")
    for r in t["nexthops"]:
        w(f"  {r['command']}")
    w("Rules added (besides the defaults):")
    for r in t["rules"]:
        w(f"  {r['command']}")
    w("")
    w("Neighbours (expected state at capture time; arp/arp_truth.json is the snapshot):")
    for n in t["neighbours"]:
        w(f"  {n['dst']:<28} dev {n['dev']:<10} lladdr {n['lladdr'] or '-':<17} {n['state']:<10} "
          f"{' '.join(n.get('flags', []) or [])} {('proto ' + n['proto']) if n.get('proto') else ''}  [{n['how']}]")
    w("")
    w("Sysctls set:")
    for s in t["sysctls"]:
        w(f"  {s['namespace']}: {s['key']} = {s['value']}")
    w("")
    w("Daemons (pid, comm, argv[0]):")
    for d in t["daemons"]:
        w(f"  {d['namespace']:<9} pid {d['pid']:<7} comm {d['comm']!r:<18} uid {d['uid']} argv0 {d['argv0']!r}")
    p = t.get("daemons_poker")
    if p:
        w(f"  {p['namespace']:<9} pid {p['pid']:<7} comm {p['comm']!r:<18} argv {' '.join(p['argv'])}")
    w("")
    w("Listeners in the capture namespace:")
    for s in t["listeners"]:
        loc = f"[{s['address']}]" if ":" in s["address"] else s["address"]
        sc = f"%{s['scope']}" if s.get("scope") else ""
        dev = f"%{s['device']}" if s.get("device") else ""
        w(f"  {s['proto']:<4} {loc}{sc}{dev}:{s['port']:<6} pid {s['pid']!s:<7} comm {s['comm']!r:<18} "
          f"{('v6only=' + str(s['v6only'])) if s.get('v6only') is not None else ''} {s.get('label', '')}")
    w("")
    w("Established connections in the capture namespace:")
    for c in t["established"]:
        w(f"  {c['proto']} {c['local']}:{c['local_port']} -> {c['peer']}:{c['peer_port']} pid {c['pid']} "
          f"comm {c['comm']!r} {c.get('label', '')}")
    w("Other TCP states:")
    for c in t["other_tcp"]:
        w(f"  {c['state']:<11} {c['local']}:{c['local_port']} -> {c['peer']}:{c['peer_port']} pid {c['pid']} "
          f"{c.get('label', '')}")
    w("Raw sockets:")
    for r in t["raw_sockets"]:
        w(f"  {r['family']} protocol {r['protocol']} pid {r['pid']} comm {r['comm']!r}")
    w("UNIX sockets:")
    for u in t["unix_sockets"]:
        w(f"  {u['type']:<9} {u['op']:<12} {u['path']!s:<40} pid {u['pid']} comm {u['comm']!r} "
          f"{('accepted=' + str(u['accepted'])) if 'accepted' in u else ''}"
          f"{('connections=' + str(len(u['connections']))) if 'connections' in u else ''}")
    w("")
    w(f"Name resolution in {t['capture_namespace']} (/etc/netns/<ns>/hosts, DNS to 127.0.0.1 fails at once):")
    for a, n in t["hosts_file"].items():
        w(f"  {a:<16} {n}")
    if t["not_built"]:
        w("")
        w("Not built on this kernel/userland:")
        for nb in t["not_built"]:
            w(f"  {nb['what']}: {nb['reason']}")
    if t["warnings"]:
        w("")
        w("Warnings:")
        for x in t["warnings"]:
            w(f"  {x}")
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--prefix", default="nf", help="namespace name prefix (default: nf)")
    ap.add_argument("--only", help="comma-separated families: " + ",".join(FAMILY_ORDER))
    ap.add_argument("--keep", action="store_true", help="leave namespaces and daemons running")
    args = ap.parse_args(argv)
    if not re.fullmatch(r"[a-z][a-z0-9]{0,7}", args.prefix):
        ap.error("--prefix: 1-8 lower-case letters/digits, starting with a letter")
    families = FAMILY_ORDER
    if args.only:
        families = [f.strip() for f in args.only.split(",") if f.strip()]
        bad = [f for f in families if f not in FAMILY_ORDER]
        if bad:
            ap.error(f"unknown famil{'ies' if len(bad) > 1 else 'y'}: {', '.join(bad)}")
        families = [f for f in FAMILY_ORDER if f in families]

    run = Run(args.out.resolve(), args.prefix, families, args.keep)
    try:
        run.preflight()
    except Skip as exc:
        print(f"capture_fixtures: skipped: {exc}", file=sys.stderr)
        return 77
    except SetupError as exc:
        print(f"capture_fixtures: {exc}", file=sys.stderr)
        return 1

    def on_term(signum, frame):  # turn SIGTERM/SIGHUP into an exception so `finally` runs
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    t0 = time.monotonic()
    status = 0
    try:
        run.out.mkdir(parents=True, exist_ok=True)
        for name in ("MANIFEST.tsv", "TOPOLOGY.txt", "topology.json", "VERSIONS.txt"):
            (run.out / name).unlink(missing_ok=True)
        run.build()
        run.start_daemons()
        run.wait_dad()
        run.readback()
        run.record_daemons()
        run.capture()
        run.write_outputs(run.versions())
        log(f"done in {time.monotonic() - t0:.1f}s -> {run.out}")
    except SetupError as exc:
        print(f"capture_fixtures: setup failed: {exc}", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print("capture_fixtures: interrupted", file=sys.stderr)
        status = 130
    finally:
        if args.keep and status == 0:
            run.keep_notice()
        else:
            run.teardown()
    return status


if __name__ == "__main__":
    sys.exit(main())
