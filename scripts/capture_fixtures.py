#!/usr/bin/env python3
"""Capture real fixtures of Linux networking commands inside network namespaces.

    python3 scripts/capture_fixtures.py --out DIR [--prefix nf] [--only FAMILY,...] [--keep]
    python3 scripts/capture_fixtures.py --prefix nf --cleanup     # undo an earlier --keep run

Builds a throw-away topology in the namespaces <prefix>-host, -peer, -far and -pod1..-pod3
(veth, bridge, macvlan, vxlan, tun/tap, ifb; odd interface names, every address flag, every
route and neighbour type, stand-in daemons with odd argv[0]/comm values), runs every command of
the selected families inside <prefix>-host and writes

    DIR/<family>/<name>.txt            stdout of the command
    DIR/<family>/<name>.json           the same command with `ip -j` (iproute2 only)
    DIR/<family>/<name>.stderr.txt     stderr, only when non-empty
    DIR/MANIFEST.tsv                   family, file, namespace, command, exit_status
    DIR/TOPOLOGY.txt, DIR/topology.json   what was built: the ground truth
    DIR/VERSIONS.txt                   tool and kernel versions

<name> follows sosreport's rule: drop a leading /bin/, /sbin/, /usr/bin/ or /usr/sbin/; every
run of characters other than letters, digits and _-./ becomes "_"; "/" becomes "."; strip
" ._-" at both ends.

Everything is torn down at the end (also on error, Ctrl-C or SIGTERM) unless --keep.
Exit status: 0 ok, 1 failure, 2 usage, 77 cannot run here (not root, no `ip netns add`),
130 interrupted.  Standard library only; Python 3.10+.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _capture import (
    ENV,
    PYTHON,
    Json,
    mangle,
    read_json,
    remove_cgroups,
    run,
    run_steps,
    start,
    stop,
    tool_versions,
    wait_ready,
    write_manifest,
)
from _fixtures_topology import (
    HELPER,
    HOSTS_NAMES,
    INCOMPLETE_DST,
    NO_ENTRY,
    PEERS,
    ROUTE_GET_V4,
    ROUTE_GET_V6,
    WEIRD,
    Topology,
    daemon_specs,
    log,
)

FAMILY_ORDER = ["ip_addr", "ip_route", "ip_rule", "ip_neigh", "arp", "sysctl", "netstat", "ss"]

# ---------------------------------------------------------------------------- command catalogue
class Cmd:
    def __init__(
        self, line: str, *, name: str | None = None, timeout: float | None = None, grep: str = ""
    ) -> None:
        self.argv = shlex.split(line)
        # a JSON twin for every `ip` command that does not ask for colour
        self.twin = self.argv[0] == "ip" and not any(a.startswith("-c") for a in self.argv)
        self.name = name or mangle(self.argv)
        self.timeout = timeout  # stop after N seconds (netstat -c)
        self.grep = grep  # keep only stdout lines starting with this


def cmds(block: str) -> list[Cmd]:
    return [Cmd(ln.strip()) for ln in block.strip().splitlines()]


def catalogue() -> dict[str, list[Cmd]]:
    return {
        "ip_addr": cmds(f"""
            ip addr
            ip a
            ip -4 addr
            ip -6 addr
            ip addr show dev eth0
            ip -o addr
            ip -o -4 addr
            ip -o link
            ip -br addr
            ip -br link
            ip -d addr
            ip -d link
            ip -s link
            ip -s -s link
            ip -s addr
            ip -s -d link
            ip link
            ip link show eth0
            ip -c=always addr
            ip -c=always link
            ip -c=always -br addr
            ip -d -s -s link
            ip addr show dev {shlex.quote(WEIRD)}"""),
        "ip_route": cmds(f"""
            ip route
            ip -6 route
            ip route show table all
            ip -6 route show table all
            ip -d route
            ip route show default
            ip route show table 100
            ip route get {ROUTE_GET_V4}
            ip -6 route get {ROUTE_GET_V6}
            ip -o route
            ip route show dev eth0
            ip nexthop"""),
        "ip_rule": cmds("""
            ip rule
            ip -4 rule list
            ip -6 rule"""),
        "ip_neigh": cmds("""
            ip neigh
            ip -6 neigh
            ip neigh show nud all
            ip neigh show proxy
            ip -s neigh
            ip -s -s neigh show"""),
        "arp": [
            *cmds(f"""
            arp
            arp -n
            arp -e
            arp -v
            arp -nv
            arp -a
            arp -an
            arp -n {NO_ENTRY}
            arp -a {NO_ENTRY}"""),
            Cmd("cat /proc/net/arp", name="proc_net_arp"),
        ],
        "sysctl": [
            Cmd("sysctl -a", grep="net."),
            Cmd("sysctl net.ipv4.ip_forward"),
            Cmd("cat /proc/sys/net/ipv4/ip_forward", name="proc_sys_net_ipv4_ip_forward"),
        ],
        "netstat": [
            *cmds("""
            netstat -nplt
            netstat -anp
            netstat -nputwa
            netstat -neopa
            netstat -W -neopa
            netstat -tlnp
            netstat -anpe
            netstat -anto
            netstat -x -a -n -p
            netstat -rn
            netstat -rne
            netstat -r
            netstat -6 -rn
            netstat -i
            netstat -ie
            netstat -s
            netstat -s -6
            netstat -ng
            netstat -nulp
            netstat -W -agn"""),
            Cmd("netstat -c -nt", timeout=2.5),
        ],
        "ss": cmds("""
            ss -tlnp
            ss -tuna
            ss -tunap
            ss -anp
            ss -peaonmi
            ss -H -tln
            ss -tn state established
            ss -xanp
            ss -tanpi
            ss -ntuap -O
            ss -s
            ss -tulpen
            ss -e -a
            ss -m -t -a
            ss -tanp
            ss -ulnp"""),
    }


# ---------------------------------------------------------------------------- daemon specs
class Run(Topology):
    """Topology, daemons, capture, outputs and teardown of one capture run."""

    # ------------------------------------------------------------------ daemons
    def start_daemons(self) -> None:
        t0 = time.monotonic()
        reports = self.rundir / "reports"
        specs = daemon_specs(str(self.sockdir), self.prefix)
        # with a foreign argv[0] Python cannot find its own prefix: tell it
        env = {**ENV, "PYTHONHOME": sys.base_prefix}
        for d in specs:
            spec_file = reports / f"{d['name']}.spec.json"
            spec_file.write_text(json.dumps(d["spec"]))
            d["report_path"] = reports / f"{d['name']}.json"
            d["log_path"] = reports / f"{d['name']}.log"
            argv = [*self.cgroup_wrap(d["cgroup"]), "ip", "netns", "exec", self.ns[d["ns"]],
                    "bash", "-c", 'exec -a "$0" "$@"', d["argv0"], PYTHON, str(HELPER), "daemon",
                    "--spec", str(spec_file), "--report", str(d["report_path"]),
                    "--comm", d["comm"]]
            if "user" in d:
                argv += ["--user", str(d["user"])]
            with open(d["log_path"], "wb") as errlog:
                d["popen"] = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                              stdout=subprocess.DEVNULL, stderr=errlog, env=env,
                                              start_new_session=True)
            self.procs.append(d["popen"])
        wait_ready(specs, label="name", log_of=lambda d: Path(d["log_path"]), timeout=20)
        # the background poker that keeps an INCOMPLETE entry alive (plain python argv[0])
        poker_cg = "/user.slice/user-0.slice/session-1.scope"
        wrap = self.cgroup_wrap(poker_cg)
        pargv = [PYTHON, str(HELPER), "poke", "--count", "0", "--interval", "0.5", INCOMPLETE_DST]
        poker = subprocess.Popen([*wrap, "ip", "netns", "exec", self.host, *pargv],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, env=ENV, start_new_session=True)
        self.procs.append(poker)
        self.topo["poker"] = {"namespace": self.host, "pid": poker.pid, "argv": pargv,
                              "comm": Path(PYTHON).name[:15], "cgroup": poker_cg if wrap else None,
                              "socket": f"udp 0.0.0.0:<ephemeral>, sendto {INCOMPLETE_DST}:9"}
        # let the accept() threads catch up: wait until two reads of every report agree
        time.sleep(0.3)
        last = None
        for _ in range(20):
            cur = [json.dumps(read_json(d["report_path"]), sort_keys=True) for d in specs]
            if cur == last:
                break
            last = cur
            time.sleep(0.1)
        self.daemons = specs
        log(f"{len(specs)} daemons up in {time.monotonic() - t0:.1f}s")

    def record_daemons(self) -> None:
        """Turn the daemons' reports into topology facts; top-level lists hold only sockets of
        the capture namespace (pod namespaces' sockets stay under "daemons")."""
        t = self.topo
        nobody = {"pid": None, "program_argv0": None, "comm": None}
        for d in self.daemons:
            rep = read_json(d["report_path"]) or {}
            ns = self.ns[d["ns"]]
            entry = {"name": d["name"], "namespace": ns, "pid": rep.get("pid"),
                     "argv0": rep.get("argv0"), "comm": rep.get("comm"), "uid": rep.get("uid"),
                     "cgroup": d["cgroup"] if self.cg_base else None,
                     "sockets": rep.get("sockets", [])}
            t["daemons"].append(entry)
            if ns != self.host:
                continue
            who = {"pid": entry["pid"], "program_argv0": entry["argv0"], "comm": entry["comm"]}
            for s in entry["sockets"]:
                self.record_socket(s, who, nobody)
        for lst in t["listeners"]:  # a listener that never accepts: Recv-Q = queued connections
            if lst["proto"] == "tcp" and lst["port"] == 5432:
                lst["accept_queue"] = sum(
                    1 for c in t["established"]
                    if c["pid"] is None and c["local_port"] == 5432 and c["local"] == lst["address"]
                )
        for port, fams, dev in ((4789, ("inet",), "vxlan42"), (4790, ("inet", "inet6"), "vx-md"),
                                (8472, ("inet",), "flannel.1")):
            for f in fams:  # kernel-owned UDP sockets of the vxlan devices, no process
                t["listeners"].append({"proto": "udp", "family": f,
                                       "address": "0.0.0.0" if f == "inet" else "::",
                                       "port": port, **nobody,
                                       "v6only": 1 if f == "inet6" else None,
                                       "label": f"kernel vxlan socket of {dev}"})

    def record_socket(self, s: Json, who: Json, nobody: Json) -> None:
        t = self.topo
        fam = "inet6" if s.get("family") == 6 else "inet"
        label = s.get("label", "")
        if s["op"] == "listen":
            t["listeners"].append({"proto": "tcp", "family": fam, "address": _addr(s),
                                   "port": s["port"], "scope": s.get("scope"),
                                   "v6only": s.get("v6only"), **who, "label": label})
            for c in s.get("accepted", []):
                if c["state"] != "CLOSED":  # the server side of the TIME-WAIT pair is gone
                    key = "established" if c["state"] == "ESTABLISHED" else "other_tcp"
                    t[key].append(_conn("tcp", c, who, ""))
        elif s["op"] == "connect":
            for c in s.get("connections", []):
                owner = who if c.get("owned", True) else nobody
                key = "established" if c["state"] == "ESTABLISHED" else "other_tcp"
                t[key].append(_conn("tcp", c, owner, label))
                if c["state"] == "ESTABLISHED" and c["peer"]["port"] == 5432:
                    # the server side sits in the accept queue of a listener that never accepts
                    srv = {"local": c["peer"], "peer": c["local"], "state": "ESTABLISHED"}
                    rec = _conn("tcp", srv, nobody, "server side, in the accept queue (no owner)")
                    rec["recv_q"] = c.get("sent_bytes", 0)
                    t["established"].append(rec)
        elif s["op"] == "udp":
            if s.get("state") == "ESTABLISHED":
                t["established"].append(_conn("udp", {"local": s, "peer": s["peer"],
                                                      "state": "ESTABLISHED"}, who, label))
            else:
                t["listeners"].append({"proto": "udp", "family": fam, "address": _addr(s),
                                       "port": s["port"], "scope": s.get("scope"),
                                       "device": s.get("device"), "v6only": s.get("v6only"),
                                       **who, "label": label})
        elif s["op"] == "raw":
            t["raw_sockets"].append({"family": fam, "protocol": s.get("protocol"), **who})
        else:
            u = {"op": s["op"], "type": s.get("type", "stream"), "path": s.get("path"),
                 "state": s.get("state"), **who}
            if "connections" in s:
                u["connections"] = s["connections"]
            if "accepted" in s:
                u["accepted"] = len(s["accepted"])
            t["unix_sockets"].append(u)

    # ------------------------------------------------------------------ kernel-made facts
    def wait_dad(self) -> None:
        """Wait (max 6 s) until DAD is over on eth0/br0/cni0 and the temporary address exists."""
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            data = json.loads(run(["ip", "-n", self.host, "-j", "-6", "addr"]).stdout or b"[]")
            infos = {i["ifname"]: i.get("addr_info", []) for i in data}
            busy = [a for dev in ("eth0", "br0", "cni0") for a in infos.get(dev, [])
                    if a.get("tentative") and not a.get("dadfailed")]
            if not busy and any(a.get("temporary") for a in infos.get("eth0", [])):
                return
            time.sleep(0.1)
        self.topo["warnings"].append("DAD / temporary address wait timed out")

    def readback(self) -> None:
        """ifindex, link-netnsid and kernel-generated addresses; check what was recorded."""
        for ns in self.netns.created:
            links = json.loads(run(["ip", "-n", ns, "-j", "-d", "link"]).stdout or b"[]")
            addrs = json.loads(run(["ip", "-n", ns, "-j", "addr"]).stdout or b"[]")
            amap = {a["ifname"]: a.get("addr_info", []) for a in addrs}
            for ln in links:
                name = ln["ifname"]
                rec = self._ifaces.get((ns, name))
                if rec is None:
                    if name != "lo":
                        self.topo["warnings"].append(f"unexpected interface {ns}:{name}")
                    continue
                rec["ifindex"] = ln["ifindex"]
                if "link_netnsid" in ln:
                    rec["link_netnsid"] = ln["link_netnsid"]
                if rec["mac"] is None:
                    rec["mac"] = ln.get("address")
                elif ln.get("address") != rec["mac"]:
                    self.topo["warnings"].append(f"{ns}:{name} mac {ln.get('address')}")
                if ln.get("mtu") != rec["mtu"]:
                    self.topo["warnings"].append(f"{ns}:{name} mtu {ln.get('mtu')}")
                    rec["mtu"] = ln.get("mtu")
                configured = {a["address"] for a in rec["addresses"]}
                for a in amap.get(name, []):
                    if ns == self.host and a["local"] not in configured:
                        kind = "link-local" if a["local"].startswith("fe80:") else (
                            "temporary" if a.get("temporary") else "other")
                        self.topo["kernel_generated_addresses"].append(
                            {"namespace": ns, "dev": name, "family": a["family"],
                             "address": a["local"], "prefixlen": a["prefixlen"], "kind": kind}
                        )
            for rec in self._ifaces.values():
                if rec["namespace"] == ns and "ifindex" not in rec:
                    self.topo["warnings"].append(f"interface {ns}:{rec['name']} missing")
        ll = {g["dev"]: g["address"] for g in self.topo["kernel_generated_addresses"]
              if g["kind"] == "link-local"}
        for rec in self.topo["interfaces"]:
            rec["link_local"] = ll.get(rec["name"])

    # ------------------------------------------------------------------ capture
    def exec_capture(self, argv: list[str], timeout: float | None) -> tuple[bytes, bytes, int, str]:
        run = argv if timeout is None else ["timeout", str(timeout), *argv]
        wrap: list[str] = []
        if self.cg_base is not None:
            # `ip netns exec` remounts /sys, which hides the cgroup2 mount (ss -e then says
            # "Failed to find cgroup2 mount"); mount it again, rooted at our slice, inside the
            # command's private mount namespace only.  A silent no-op if that fails.
            wrap = ["sh", "-c", "mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null && mount --bind "
                    f'/sys/fs/cgroup/{self.cg_base.name} /sys/fs/cgroup 2>/dev/null; exec "$@"',
                    "sh"]
        p = subprocess.run(["ip", "netns", "exec", self.host, *wrap, *run], capture_output=True,
                           env=ENV, timeout=60, check=False)
        return p.stdout, p.stderr, p.returncode, shlex.join(run)

    def write(self, family: str, fname: str, data: bytes, command: str, rc: int) -> None:
        (self.out / family / fname).write_bytes(data)
        self.manifest.append((family, f"{family}/{fname}", self.host, command, str(rc)))

    def capture_cmd(self, family: str, cmd: Cmd) -> None:
        out, err, rc, shown = self.exec_capture(cmd.argv, cmd.timeout)
        twin = self.exec_capture(["ip", "-j", *cmd.argv[1:]], None) if cmd.twin else None
        if cmd.grep:
            prefix = cmd.grep.encode()
            out = b"".join(ln for ln in out.splitlines(keepends=True) if ln.startswith(prefix))
            shown = f"{shown} | grep '^{re.escape(cmd.grep)}'"
        self.write(family, f"{cmd.name}.txt", out, shown, rc)
        if err:
            self.write(family, f"{cmd.name}.stderr.txt", err, shown, rc)
        if twin:
            jout, jerr, jrc, jshown = twin
            self.write(family, f"{cmd.name}.json", jout, jshown, jrc)
            if jerr:
                self.write(family, f"{cmd.name}.json.stderr.txt", jerr, jshown, jrc)

    def capture_truth(self, family: str, fname: str, argvs: list[list[str]]) -> None:
        """Several commands, outputs concatenated into one file."""
        results = [self.exec_capture(argv, None) for argv in argvs]
        cmd = " ; ".join(r[3] for r in results)
        rc = max(r[2] for r in results)
        self.write(family, fname, b"".join(r[0] for r in results), cmd, rc)
        err = b"".join(r[1] for r in results)
        if err:
            self.write(family, f"{fname.rsplit('.', 1)[0]}.stderr.txt", err, cmd, rc)

    def refresh_neighbours(self) -> None:
        """Peer entries REACHABLE right now; IPv4 FAILED needs 3 x 1 s of probes first."""
        self.poke(PEERS)
        time.sleep(max(0.0, 3.6 - (time.monotonic() - self.t_failed_poke)) + 0.1)

    def capture(self) -> None:
        cat = catalogue()
        ss_truth = [["ss", "-H", "-tuanpe"], ["ss", "-H", "-xanpe"]]
        for family in self.families:
            t0 = time.monotonic()
            d = self.out / family
            if d.exists():
                shutil.rmtree(d)
            d.mkdir(parents=True)
            if family in ("ip_neigh", "arp"):
                self.refresh_neighbours()
            if family == "netstat":
                self.capture_truth(family, "ss_truth_before.txt", ss_truth)
            for cmd in cat[family]:
                self.capture_cmd(family, cmd)
            if family == "arp":
                self.capture_truth(family, "arp_truth.json", [["ip", "-j", "neigh", "show", "nud",
                                                               "all"]])
            if family == "netstat":
                self.capture_truth(family, "ss_truth_after.txt", ss_truth)
            log(f"{family}: {len(cat[family])} commands in {time.monotonic() - t0:.1f}s")

    # ------------------------------------------------------------------ outputs
    def prepare_out(self) -> None:
        """The output folder, without the files of an earlier run at its top."""
        self.out.mkdir(parents=True, exist_ok=True)
        for name in ("MANIFEST.tsv", "TOPOLOGY.txt", "topology.json", "VERSIONS.txt"):
            (self.out / name).unlink(missing_ok=True)

    def write_outputs(self) -> None:
        versions = tool_versions((["ip", "-V"], ["ss", "-V"], ["netstat", "-V"], ["arp", "-V"],
                                  ["sysctl", "-V"], ["uname", "-r"], [PYTHON, "-V"]))
        t = self.topo
        t["tools"] = versions
        t["kernel"] = versions.get("uname -r")
        t["captured_at"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        t["families"] = self.families
        t["unix_socket_dir"] = str(self.sockdir)
        t["hosts_file"] = {a: n.format(host=self.host) for a, n in HOSTS_NAMES}
        write_manifest(self.out / "MANIFEST.tsv", self.manifest)
        (self.out / "topology.json").write_text(json.dumps(t, indent=1) + "\n")
        (self.out / "TOPOLOGY.txt").write_text(render_topology(t))
        (self.out / "VERSIONS.txt").write_text(
            "".join(f"$ {k}\n{val}\n\n" for k, val in versions.items())
        )

    # ------------------------------------------------------------------ teardown
    def teardown(self) -> None:
        stop(self.procs)
        # anything else still living in our namespaces was started by us
        self.netns.remove_all()
        for d in self.created_etc:
            shutil.rmtree(d, ignore_errors=True)
        if self.created_etc_netns:
            with contextlib.suppress(OSError):
                Path("/etc/netns").rmdir()
        shutil.rmtree(self.rundir, ignore_errors=True)
        remove_cgroups(self.cg_created, log)
        self.cg_created.clear()

    def keep_notice(self) -> None:
        log(f"--keep: namespaces {' '.join(self.netns.created)} and daemons (pids "
            f"{' '.join(str(p.pid) for p in self.procs)}) left running.")
        log(f"  remove everything with: {sys.argv[0]} --prefix {self.prefix} --cleanup")

    def adopt_leftovers(self) -> None:
        """For --cleanup: take ownership of what a --keep run (same prefix) left behind."""
        self.netns.adopt(self.ns.values())
        etc = Path(f"/etc/netns/{self.host}")
        if etc.exists():
            self.created_etc.append(etc)
            self.created_etc_netns = True  # rmdir: only goes if nothing else is in there
        for line in Path("/proc/self/mounts").read_text().splitlines():
            f = line.split()
            base = Path(f[1]) / f"{self.prefix}-capture.slice" if len(f) > 2 else None
            if f[2:3] == ["cgroup2"] and base and base.is_dir():
                self.cg_created += [Path(r) for r, _, _ in os.walk(base)]


def _addr(s: Json) -> str:
    return str(s.get("address", "")).split("%", 1)[0]


def _conn(proto: str, c: Json, who: Json, label: str) -> Json:
    rec = {"proto": proto, "local": _addr(c["local"]), "local_port": c["local"]["port"],
           "peer": _addr(c["peer"]), "peer_port": c["peer"]["port"], **who, "state": c["state"],
           "label": label}
    if c["local"].get("scope"):
        rec["scope"] = c["local"]["scope"]
    if c.get("keepalive"):
        rec["keepalive"] = True
    return rec


def _ep(addr: str, port: Any, scope: str | None = None) -> str:
    a = f"[{addr}]" if ":" in addr else addr
    return f"{a}{'%' + scope if scope else ''}:{port}"


def render_topology(t: Json) -> str:
    out: list[str] = []
    w = out.append
    w(f"Topology captured {t['captured_at']} on kernel {t['kernel']}; "
      f"commands ran in {t['capture_namespace']}.")
    w("Machine-readable twin: topology.json (the ground truth for tests).")
    w("")
    w("Namespaces: " + ", ".join(f"{k}={v}" for k, v in t["namespaces"].items()))
    w("")
    w(f"Interfaces of {t['capture_namespace']} (ifindex name kind MAC MTU, then addresses):")
    keys = ("master", "link", "link_mode", "qdisc", "group", "qlen", "macvlan_mode", "altnames",
            "alias", "vxlan", "promisc", "allmulti", "protodown", "tun_type", "addrgenmode")
    for i in sorted(t["interfaces"], key=lambda r: r.get("ifindex", 999)):
        extra = [f"{k}={i[k]}" for k in keys if i.get(k) not in (None, False, "")]
        if i.get("carrier") is False:
            extra.append("no carrier")
        if not i["admin_up"]:
            extra.append("admin DOWN")
        w(f"  {i.get('ifindex', '?'):>3} {i['name']:<16} {i['kind']:<9} {i['mac'] or '-':<17} "
          f"mtu {i['mtu']:<5} " + " ".join(extra))
        for a in i["addresses"]:
            peer = f" peer {a['peer']}" if a.get("peer") else ""
            bits = [f"{a['address']}{peer}/{a['prefixlen']}"]
            bits += [f"{k} {a[k]}" for k in ("label", "scope", "metric", "valid_lft",
                                             "preferred_lft") if k in a]
            bits += a["flags"]
            if a.get("expect_flags"):
                bits.append("(expect " + ",".join(a["expect_flags"]) + ")")
            w("        " + " ".join(bits))
        if i.get("link_local"):
            w(f"        {i['link_local']}/64 (kernel link-local)")
    for g in t["kernel_generated_addresses"]:
        if g["kind"] != "link-local":
            w(f"  kernel-generated: {g['dev']} {g['address']}/{g['prefixlen']} ({g['kind']})")
    w("")
    w("Other namespaces' interfaces:")
    for i in t["other_namespace_interfaces"]:
        addrs = ", ".join(f"{a['address']}/{a['prefixlen']}" for a in i["addresses"])
        w(f"  {i['namespace']:<10} {i['name']:<5} {i['kind']} {i['mac']} link={i['link']} {addrs}")
    w("")
    w("Routes added:")
    out.extend(f"  {r['command']}" for r in t["routes"])
    w("Nexthop objects:")
    out.extend(f"  {r['command']}" for r in t["nexthops"])
    w("Rules added (besides the defaults):")
    out.extend(f"  {r['command']}" for r in t["rules"])
    w("")
    w("Neighbours (expected state at capture time; arp/arp_truth.json is the snapshot):")
    for n in t["neighbours"]:
        flags = " ".join(n["flags"]) + (f" proto {n['proto']}" if n.get("proto") else "")
        w(f"  {n['dst']:<20} dev {n['dev']:<10} lladdr {n['lladdr'] or '-':<17} "
          f"{n['state']:<10} {flags:<14} [{n['how']}]")
    w("")
    w("Sysctls set:")
    out.extend(f"  {s['namespace']}: {s['key']} = {s['value']}" for s in t["sysctls"])
    w("")
    w("Processes (pid, comm, uid, argv[0], cgroup):")
    for d in t["daemons"]:
        w(f"  {d['namespace']:<8} {d['pid']!s:<7} {d['comm']!r:<18} uid {d['uid']!s:<5} "
          f"{d['argv0']!r} {d['cgroup'] or ''}")
    p = t.get("poker")
    if p:
        w(f"  {p['namespace']:<8} {p['pid']!s:<7} {p['comm']!r:<18} uid 0     "
          f"{' '.join(p['argv'])!r} {p['cgroup'] or ''}")
    w("")
    w("Listening / unconnected sockets in the capture namespace:")
    for s in t["listeners"]:
        ep = _ep(s["address"], s["port"], s.get("scope") or s.get("device"))
        v6 = f"v6only={s['v6only']}" if s.get("v6only") is not None else ""
        w(f"  {s['proto']:<4} {ep:<46} pid {s['pid']!s:<6} {s['comm']!r:<18} {v6} {s['label']}")
    w("")
    w("Connections in the capture namespace:")
    for c in t["established"] + t["other_tcp"]:
        src = _ep(c["local"], c["local_port"], c.get("scope"))
        w(f"  {c['proto']} {c['state']:<11} {src} -> {_ep(c['peer'], c['peer_port'])} "
          f"pid {c['pid']} {c['comm']!r} {c['label']}")
    w("Raw sockets:")
    out.extend(f"  {r['family']} protocol {r['protocol']} pid {r['pid']} {r['comm']!r}"
               for r in t["raw_sockets"])
    w("UNIX sockets:")
    for u in t["unix_sockets"]:
        n = u.get("accepted", len(u.get("connections", [])))
        w(f"  {u['type']:<9} {u['op']:<12} {u['path']!s:<36} pid {u['pid']} {u['comm']!r} "
          f"({n} connection(s))")
    w("")
    w(f"Name resolution in {t['capture_namespace']} (/etc/netns/<ns>/hosts; DNS fails at once):")
    out.extend(f"  {a:<16} {n}" for a, n in t["hosts_file"].items())
    if t["not_built"]:
        w("")
        w("Not built on this kernel/userland:")
        out.extend(f"  {nb['what']}: {nb['reason']}" for nb in t["not_built"])
    if t["warnings"]:
        w("")
        w("Warnings:")
        out.extend(f"  {x}" for x in t["warnings"])
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--out", type=Path, help="output directory (required unless --cleanup)")
    ap.add_argument("--prefix", default="nf", help="namespace name prefix (default: nf)")
    ap.add_argument("--only", help="comma-separated families: " + ",".join(FAMILY_ORDER))
    ap.add_argument("--keep", action="store_true", help="leave namespaces and daemons running")
    ap.add_argument("--cleanup", action="store_true",
                    help="only remove what an earlier --keep run with this prefix left behind")
    args = ap.parse_args(argv)
    if args.out is None and not args.cleanup:
        ap.error("--out is required")
    if not re.fullmatch(r"[a-z][a-z0-9]{0,7}", args.prefix):
        ap.error("--prefix: 1-8 lower-case letters or digits, starting with a letter")
    families = FAMILY_ORDER
    if args.only:
        wanted = {f.strip() for f in args.only.split(",") if f.strip()}
        bad = sorted(wanted - set(FAMILY_ORDER))
        if bad:
            ap.error(f"unknown family: {', '.join(bad)} (known: {', '.join(FAMILY_ORDER)})")
        families = [f for f in FAMILY_ORDER if f in wanted]

    capture = Run((args.out or Path(".")).resolve(), args.prefix, families)
    stopped = start(capture, "capture_fixtures", cleanup=args.cleanup)
    if stopped is not None:
        return stopped
    return run_steps("capture_fixtures", log, [
        capture.prepare_out, capture.setup_cgroups, capture.build, capture.start_daemons,
        capture.wait_dad, capture.readback, capture.record_daemons, capture.capture,
        capture.write_outputs,
    ], teardown=capture.teardown, keep=capture.keep_notice if args.keep else None)


if __name__ == "__main__":
    sys.exit(main())
