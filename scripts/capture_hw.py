#!/usr/bin/env python3
"""Capture real ``ethtool``, ``bridge`` and ``tc`` output inside throw-away network namespaces.

    python3 scripts/capture_hw.py --out DIR [--prefix nfhw] [--only ethtool,bridge,tc,node]

Builds, in the namespaces ``<prefix>-a`` and ``<prefix>-b``:

* veth pairs (one with 4 TX/RX queues, for ``mq``), a tap, an ifb and a vxlan;
* a VLAN-filtering bridge ``br0`` with the veth ``ba0``, the veth ``dm0``, the tap ``tp0``
  and the vxlan ``vx0`` as ports, VLANs (PVID/untagged, ranges), static and dynamic fdb
  entries, a vxlan fdb entry with a remote, permanent and temporary mdb groups (IPv4, IPv6,
  IGMPv3 source), a multicast router port;
* qdiscs of many kinds (htb with classes, fq_codel, pfifo, bfifo, tbf, netem, prio, sfq,
  red, codel, fq, pfifo_fast, mq, ingress, clsact, ...) and traffic through them,

then runs every command of the selected families and writes

    DIR/<family>/<sos name>.txt    what sos would store: stdout and stderr together
    DIR/<family>/<sos name>.json   the same command with -j / --json (stdout only), when the
                                   installed tool prints JSON for that form
    DIR/MANIFEST.tsv               family, file, namespace, command, exit status
    DIR/VERSIONS.txt               tool and kernel versions

The host's own NIC (``eth0`` of the initial namespace, read only) is captured with
``ethtool`` too, into ``DIR/ethtool/host/``.

``node`` builds three more namespaces, ``<prefix>-n1`` .. ``-n3``, shaped like a cluster
node's uplinks, out of tap devices (whose speed and duplex ``ethtool -s`` can set, and
which have carrier while a process holds them open): ``n1`` routes by default through the
bridge ``br-ex`` over ``eno1`` (1000Mb/s) and ``eno2`` (10000Mb/s) and has ``ens1f0`` at
1000Mb/s half duplex off the default route; ``n2`` routes by default through ``ens1f0``
(half duplex); ``n3`` through ``ens1f1``, which has no carrier.  For each it writes what sos
collects — ``ip -d address``, ``ip -s -d link``, ``ip route show table all``, ``ip -6 route
show table all``, ``bridge`` link/fdb/vlan/mdb, ``ethtool DEV`` with ``-i -S -k -g -l`` —
under sos's file names into ``DIR/node/<n1|n2|n3>/``.

Everything is torn down at the end (also on error or Ctrl-C).  Exit status: 0 ok, 1 failure,
77 cannot run here (not root, no ``ip netns``, a tool missing).  Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from _capture import ENV, in_netns, logger, mangle, run

FAMILIES = ("ethtool", "bridge", "tc", "node")
TOOLS = {"ethtool": "ethtool", "bridge": "bridge", "tc": "tc", "node": "ethtool"}

# ethtool forms captured for every device, and the devices (in namespace a)
ETHTOOL_FORMS = ((), ("-i",), ("-S",), ("-k",), ("-g",), ("-l",))
ETHTOOL_DEVICES = ("va0", "vq0", "br0", "dm0", "tp0", "vx0", "ifb0", "lo")

BRIDGE_COMMANDS = (
    "bridge link show", "bridge -d link show", "bridge -s -s -d link show",
    "bridge fdb show", "bridge -d fdb show", "bridge -s -s -d -t fdb show",
    "bridge fdb show br br0",
    "bridge vlan show", "bridge -d vlan show", "bridge -s vlan show",
    "bridge mdb show", "bridge -d mdb show", "bridge -s -s -d -t mdb show",
)
TC_COMMANDS = (
    "tc qdisc show", "tc -s qdisc show", "tc -s -d qdisc show", "tc -d qdisc show",
    "tc -s qdisc show dev va0",
)


# node: (namespace suffix, {tap: (speed, duplex, carrier)}, bridge ports, addresses, default)
NODES = (
    ("n1", {"eno1": (1000, "full", True), "eno2": (10000, "full", True),
            "ens1f0": (1000, "half", True)},
     ("eno1", "eno2"), (("br-ex", "10.99.0.10/24"), ("ens1f0", "10.98.0.10/24")),
     "10.99.0.1 dev br-ex"),
    ("n2", {"ens1f0": (1000, "half", True), "eno1": (1000, "full", True)},
     (), (("ens1f0", "10.99.0.11/24"), ("eno1", "10.98.0.11/24")), "10.99.0.1 dev ens1f0"),
    ("n3", {"ens1f1": (25000, "full", False), "eno1": (1000, "full", True)},
     (), (("ens1f1", "10.99.0.12/24"), ("eno1", "10.98.0.12/24")), "10.99.0.1 dev ens1f1"),
)
NODE_COMMANDS = ("ip -d address", "ip -s -d link", "ip route show table all",
                 "ip -6 route show table all", "bridge -s -s -d link show",
                 "bridge -s -s -d -t fdb show", "bridge -s -s -d -t mdb show",
                 "bridge -d vlan show")
HOLD_TAP = (
    "import fcntl,os,signal,struct,sys\n"
    "fds=[]\n"
    "for name in sys.argv[1:]:\n"
    "    fd=os.open('/dev/net/tun',os.O_RDWR)\n"
    "    fcntl.ioctl(fd,0x400454ca,struct.pack('16sH',name.encode(),0x0002|0x1000))\n"
    "    fds.append(fd)\n"
    "print('ok',flush=True)\n"
    "signal.pause()\n"
)
"""Holds taps open (TUNSETIFF, IFF_TAP|IFF_NO_PI) so that they have carrier."""


log = logger("capture_hw")


class Capture:
    def __init__(self, out: Path, prefix: str, families: list[str]) -> None:
        self.out = out
        self.prefix = prefix
        self.families = families
        self.a = f"{prefix}-a"
        self.b = f"{prefix}-b"
        self.manifest: list[str] = []
        self.vlan_filtering = False
        self.nodes: list[str] = []
        self.holders: list[subprocess.Popen[bytes]] = []

    # ------------------------------------------------------------------ helpers
    def ns(self, ns: str, line: str, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        return run(in_netns(ns, line.split()), check=check, timeout=60)

    # ------------------------------------------------------------------ topology
    def build(self) -> None:
        a, b = self.a, self.b
        for ns in (a, b):
            run(["ip", "netns", "add", ns])
            self.ns(ns, "ip link set lo up")
        # veth pairs
        self.ns(a, f"ip link add va0 type veth peer name vb0 netns {b}")
        self.ns(a, f"ip link add ba0 type veth peer name bb0 netns {b}")
        self.ns(a, f"ip link add vq0 numtxqueues 4 numrxqueues 4 type veth peer name vq1 "
                   f"numtxqueues 4 numrxqueues 4 netns {b}")
        for index in range(3):  # no dummy module on every kernel: veth pairs instead
            self.ns(a, f"ip link add dm{index} type veth peer name dn{index} netns {b}")
        self.ns(a, "ip tuntap add dev tp0 mode tap")
        self.ns(a, "ip link add ifb0 type ifb")
        self.ns(a, "ip link add vx0 type vxlan id 42 local 10.50.0.1 dstport 4789 nolearning")
        # the bridge (VLAN filtering where the kernel has it: CONFIG_BRIDGE_VLAN_FILTERING)
        self.ns(a, "ip link add br0 type bridge mcast_snooping 1 mcast_igmp_version 3 "
                   "mcast_mld_version 2")
        vlans = self.ns(a, "ip link set br0 type bridge vlan_filtering 1", check=False)
        self.vlan_filtering = vlans.returncode == 0
        if not self.vlan_filtering:
            log("no bridge VLAN filtering in this kernel: no VLANs, fdb/mdb entries without vid")
        for port in ("ba0", "dm0", "tp0", "vx0"):
            self.ns(a, f"ip link set {port} master br0")
        for ns, dev in ((a, "va0"), (a, "ba0"), (a, "vq0"), (a, "dm0"), (a, "dm1"), (a, "dm2"),
                        (a, "tp0"), (a, "vx0"), (a, "br0"), (a, "ifb0"),
                        (b, "vb0"), (b, "bb0"), (b, "vq1"), (b, "dn0"), (b, "dn1"),
                        (b, "dn2")):
            self.ns(ns, f"ip link set {dev} up")
        self.ns(a, "ip addr add 10.50.0.1/24 dev va0")
        self.ns(b, "ip addr add 10.50.0.2/24 dev vb0")
        self.ns(a, "ip addr add 10.60.0.1/24 dev br0")
        self.ns(b, "ip addr add 10.60.0.2/24 dev bb0")
        self.ns(a, "ip addr add 10.70.0.1/24 dev vq0")
        self.ns(b, "ip addr add 10.70.0.2/24 dev vq1")
        vid = {10: "", 20: "", 30: ""}
        if self.vlan_filtering:
            # br0 itself and ba0 untagged in 10 (PVID); ba0 tagged 20-22; dm0 30; vx0 40
            self.ns(a, "bridge vlan del dev ba0 vid 1")
            self.ns(a, "bridge vlan add dev ba0 vid 10 pvid untagged")
            self.ns(a, "bridge vlan add dev ba0 vid 20-22")
            self.ns(a, "bridge vlan add dev dm0 vid 30")
            self.ns(a, "bridge vlan add dev br0 vid 10 pvid untagged self")
            self.ns(a, "bridge vlan add dev vx0 vid 40")
            vid = {number: f" vlan {number}" for number in vid}
        # port options
        self.ns(a, "bridge link set dev dm0 cost 7 priority 40 learning off")
        self.ns(a, "bridge link set dev tp0 hairpin on")
        self.ns(a, "bridge link set dev ba0 mcast_router 2")
        # fdb entries
        self.ns(a, f"bridge fdb add 02:00:00:00:00:aa dev ba0 master static{vid[10]}")
        self.ns(a, f"bridge fdb add 02:00:00:00:00:bb dev dm0 master static{vid[30]}")
        self.ns(a, f"bridge fdb add 02:00:00:00:00:cc dev ba0 master{vid[20]}")
        self.ns(a, "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.50.0.2 self permanent")
        self.ns(a, "bridge fdb add 02:00:00:00:00:dd dev vx0 dst 10.50.0.3 vni 42 self "
                   "permanent")
        # mdb entries
        mvid = {n: text.replace("vlan", "vid") for n, text in vid.items()}
        self.ns(a, f"bridge mdb add dev br0 port ba0 grp 239.1.1.1 permanent{mvid[10]}")
        self.ns(a, f"bridge mdb add dev br0 port dm0 grp 239.1.1.2 temp{mvid[30]}",
                check=False)
        self.ns(a, f"bridge mdb add dev br0 port ba0 grp ff0e::1 permanent{mvid[10]}",
                check=False)
        self.ns(a, f"bridge mdb add dev br0 port ba0 grp 239.1.1.3 src 10.60.0.9 permanent"
                   f"{mvid[10]}", check=False)
        # qdiscs: the kinds a minimal kernel has (htb, tbf, pfifo, bfifo, pfifo_fast,
        # pfifo_head_drop, mq, ingress, clsact, noqueue) are always tried; the others are
        # tried and skipped where the kernel lacks them (MANIFEST.tsv lists what was built)
        self.ns(a, "ip addr add 10.80.0.1/24 dev dm1")
        self.ns(b, "ip addr add 10.80.0.2/24 dev dn1")
        self.ns(a, "ip addr add 10.90.0.1/24 dev dm2")
        self.ns(b, "ip addr add 10.90.0.2/24 dev dn2")
        q = self.qdisc
        q("va0", "root handle 1: htb default 10 r2q 10")
        q("va0", "", "class add dev va0 parent 1: classid 1:1 htb rate 100mbit ceil 100mbit")
        q("va0", "", "class add dev va0 parent 1:1 classid 1:10 htb rate 10mbit ceil 50mbit")
        q("va0", "", "class add dev va0 parent 1:1 classid 1:20 htb rate 5mbit ceil 5mbit")
        q("va0", "parent 1:10 handle 10: bfifo limit 30000")
        q("va0", "parent 1:20 handle 20: pfifo limit 500")
        q("va0", "handle ffff: ingress")
        q("dm1", "root tbf rate 1mbit burst 4kb latency 20ms")
        q("dm2", "root pfifo_fast")
        q("dn2", "root handle 5: pfifo limit 3", ns=b)
        q("dm0", "clsact")
        q("vq0", "root handle 1: mq")
        q("vq1", "root handle 1: mq", ns=b)
        q("vq1", "parent 1:1 pfifo limit 100", ns=b)
        q("vq1", "parent 1:2 bfifo limit 20000", ns=b)
        q("vq1", "parent 1:3 pfifo_head_drop limit 50", ns=b)
        q("lo", "root pfifo_head_drop limit 64", ns=b)
        # kinds a full kernel has
        q("vb0", "root netem delay 1ms 100us loss 1% rate 100mbit", ns=b)
        q("bb0", "root handle 1: prio bands 3", ns=b)
        q("bb0", "parent 1:1 handle 11: sfq perturb 10", ns=b)
        q("tp0", "root fq_codel")
        q("ifb0", "root fq")
        q("vq1", "parent 1:4 fq_codel", ns=b)

    def build_nodes(self) -> None:
        """The ``node`` namespaces (see the module docstring)."""
        for suffix, taps, ports, addresses, default in NODES:
            ns = f"{self.prefix}-{suffix}"
            self.nodes.append(ns)
            run(["ip", "netns", "add", ns])
            self.ns(ns, "ip link set lo up")
            for tap, (speed, duplex, _) in taps.items():
                self.ns(ns, f"ip tuntap add dev {tap} mode tap")
                self.ns(ns, f"ethtool -s {tap} speed {speed} duplex {duplex} autoneg off")
            if ports:
                self.ns(ns, "ip link add br-ex type bridge")
                for port in ports:
                    self.ns(ns, f"ip link set {port} master br-ex")
                self.ns(ns, "ip link set br-ex up")
            for tap in taps:
                self.ns(ns, f"ip link set {tap} up")
            held = [tap for tap, (_, _, carrier) in taps.items() if carrier]
            holder = subprocess.Popen(
                ["ip", "netns", "exec", ns, sys.executable, "-c", HOLD_TAP, *held],
                stdout=subprocess.PIPE, env=ENV)
            assert holder.stdout is not None
            holder.stdout.readline()
            self.holders.append(holder)
            for dev, address in addresses:
                self.ns(ns, f"ip addr add {address} dev {dev}")
            time.sleep(1.0)  # carrier, then the bridge's ports move to forwarding
            self.ns(ns, f"ip route add default via {default}")

    def capture_nodes(self) -> None:
        for (suffix, taps, ports, _, _), ns in zip(NODES, self.nodes):
            family = f"node/{suffix}"
            for line in NODE_COMMANDS:
                argv = line.split()
                self.save(family, mangle(argv), ns, argv, None)
            for dev in (*taps, *(("br-ex",) if ports else ())):
                for form in ETHTOOL_FORMS:
                    argv = ["ethtool", *form, dev]
                    self.save(family, mangle(argv), ns, argv, None)

    def qdisc(self, dev: str, spec: str, raw: str = "", *, ns: str | None = None) -> None:
        line = f"tc {raw}" if raw else f"tc qdisc add dev {dev} {spec}"
        result = self.ns(ns or self.a, line, check=False)
        if result.returncode != 0:
            log(f"skipped ({result.stderr.decode(errors='replace').strip()}): {line}")

    def send(self, ns: str, target: str, count: int, size: int = 1200) -> None:
        """UDP datagrams to port 9 (discard) of ``target``: no ping needed on the machine."""
        code = ("import socket,sys\n"
                "s=socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET,"
                "socket.SOCK_DGRAM)\n"
                "for _ in range(int(sys.argv[2])):\n"
                "    try: s.sendto(b'x'*int(sys.argv[3]),(sys.argv[1],9))\n"
                "    except OSError: pass\n")
        subprocess.run(["ip", "netns", "exec", ns, sys.executable, "-c", code, target,
                        str(count), str(size)], env=ENV, check=False, timeout=60,
                       capture_output=True)

    def traffic(self) -> None:
        a, b = self.a, self.b
        for ns, target in ((a, "10.50.0.2"), (a, "10.60.0.2"), (b, "10.60.0.1"),
                           (a, "10.70.0.2"), (b, "10.70.0.1"), (b, "127.0.0.1"),
                           (a, "10.90.0.2"), (b, "10.90.0.1")):
            self.send(ns, target, 1)  # resolve the neighbour first
            time.sleep(0.05)
            self.send(ns, target, 300)
        self.send(a, "10.80.0.2", 1)
        time.sleep(0.05)
        self.send(a, "10.80.0.2", 2000, 1400)  # far more than tbf's 1mbit: overlimits, drops
        time.sleep(0.5)

    # ------------------------------------------------------------------ capture
    def run(self, ns: str | None, argv: list[str]) -> tuple[bytes, bytes, int]:
        full = ["ip", "netns", "exec", ns, *argv] if ns else argv
        result = subprocess.run(full, capture_output=True, env=ENV, check=False, timeout=60)
        return result.stdout, result.stderr, result.returncode

    def merged(self, ns: str | None, argv: list[str]) -> tuple[bytes, int]:
        """stdout and stderr in one stream, in the order written (as sos stores them)."""
        full = ["ip", "netns", "exec", ns, *argv] if ns else argv
        result = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=ENV, check=False, timeout=60)
        return result.stdout, result.returncode

    def save(self, family: str, name: str, ns: str | None, argv: list[str],
             json_argv: list[str] | None) -> None:
        directory = self.out / family
        directory.mkdir(parents=True, exist_ok=True)
        text, status = self.merged(ns, argv)
        (directory / f"{name}.txt").write_bytes(text)
        self.manifest.append(f"{family}\t{name}.txt\t{ns or 'init'}\t{' '.join(argv)}\t{status}")
        if json_argv is None:
            return
        out, _, status = self.run(ns, json_argv)
        try:
            json.loads(out)
        except ValueError:
            return
        if status == 0:
            (directory / f"{name}.json").write_bytes(out)
            self.manifest.append(
                f"{family}\t{name}.json\t{ns or 'init'}\t{' '.join(json_argv)}\t{status}")

    def capture(self) -> None:
        if "ethtool" in self.families:
            for dev in ETHTOOL_DEVICES:
                for form in ETHTOOL_FORMS:
                    argv = ["ethtool", *form, dev]
                    self.save("ethtool", mangle(argv), self.a, argv,
                              ["ethtool", "--json", *form, dev])
            self.save("ethtool", "ethtool_nodev0", self.a, ["ethtool", "nodev0"], None)
            if Path("/sys/class/net/eth0").exists():
                for form in ETHTOOL_FORMS:
                    argv = ["ethtool", *form, "eth0"]
                    self.save("ethtool/host", mangle(argv), None, argv,
                              ["ethtool", "--json", *form, "eth0"])
        if "bridge" in self.families:
            for line in BRIDGE_COMMANDS:
                argv = line.split()
                self.save("bridge", mangle(argv), self.a, argv, ["bridge", "-j", *argv[1:]])
            argv = ["bridge", "-d", "vlan", "show"]
            self.save("bridge", mangle(argv) + "_no-filtering", self.b, argv,
                      ["bridge", "-j", *argv[1:]])
        if "node" in self.families:
            self.capture_nodes()
        if "tc" in self.families:
            for ns in (self.a, self.b):
                for line in TC_COMMANDS:
                    argv = line.split()
                    if ns == self.b and "dev" in argv:
                        continue
                    suffix = "" if ns == self.a else "_peer"
                    self.save("tc", mangle(argv) + suffix, ns, argv, ["tc", "-j", *argv[1:]])

    def versions(self) -> None:
        lines = [f"kernel\t{os.uname().release}"]
        for tool, argv in (("ethtool", ["ethtool", "--version"]), ("iproute2", ["ip", "-V"])):
            out, _, _ = self.run(None, argv)
            lines.append(f"{tool}\t{out.decode().strip()}")
        (self.out / "VERSIONS.txt").write_text("\n".join(lines) + "\n")
        (self.out / "MANIFEST.tsv").write_text(
            "family\tfile\tnamespace\tcommand\texit_status\n" + "\n".join(self.manifest) + "\n")

    def teardown(self) -> None:
        for holder in self.holders:
            holder.terminate()
            holder.wait(timeout=10)
        for ns in (self.a, self.b, *self.nodes):
            run(["ip", "netns", "del", ns], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prefix", default="nfhw")
    parser.add_argument("--only", default=",".join(FAMILIES))
    args = parser.parse_args()
    families = [name for name in args.only.split(",") if name]
    if os.geteuid() != 0:
        log("needs root (network namespaces)")
        return 77
    missing = [TOOLS[f] for f in families if shutil.which(TOOLS[f], path=ENV["PATH"]) is None]
    if missing or shutil.which("ip", path=ENV["PATH"]) is None:
        log(f"missing tools: {', '.join(missing or ['ip'])}")
        return 77
    capture = Capture(args.out, args.prefix, families)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        try:
            capture.build()
            if "node" in families:
                capture.build_nodes()
        except RuntimeError as exc:
            log(f"cannot build the topology here: {exc}")
            return 77
        capture.traffic()
        args.out.mkdir(parents=True, exist_ok=True)
        capture.capture()
        capture.versions()
    except KeyboardInterrupt:
        return 130
    finally:
        capture.teardown()
    log(f"wrote {len(capture.manifest)} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
