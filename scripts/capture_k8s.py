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
import datetime as _dt
import functools
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
from _capture import (
    ENV,
    PYTHON,
    Json,
    SetupError,
    mangle,
    tool_versions,
)
from _k8s_cluster import (
    CLUSTERS,
    GATEWAY,
    HERE,
    NODE_NAMES,
    PREFIX,
    ClusterBuilder,
    define_cluster,
    hosts_file,
    log,
)

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


class Interrupted(Exception):
    pass


class Runner(ClusterBuilder):
    """Builds each cluster, captures every node, writes the ground truth."""

    # ------------------------------------------------------------------ capture
    def run_in(self, node: Json, cmd: str) -> tuple[bytes, bytes, int]:
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

    def capture_node(self, c: Json, node: Json) -> Json:
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

    def node_pids(self, c: Json, node: Json) -> set[int]:
        pids: set[int] = set()
        for d in self.daemons[(c["cluster"], node["name"])]:
            pids.add(d["pid"])
            pids.update(d["worker_pids"])
        return pids

    # ------------------------------------------------------------------ observation
    def observe(self, c: Json, node: Json, raw: dict[str, bytes]) -> Json:
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

        def iface(name: str) -> Json | None:
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
        pod_net = ipaddress.IPv4Network("10.244.0.0/16")
        pod_routes = []
        for r in routes:
            if r.get("table") or r.get("type", "unicast") != "unicast":
                continue
            dst = r.get("dst", "")
            if dst == "default":
                continue
            with contextlib.suppress(ValueError, TypeError):
                if ipaddress.IPv4Network(dst if "/" in dst else f"{dst}/32").subnet_of(pod_net):
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
    def expected_established(self, c: Json, node: Json) -> Json:
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
    def ss_local(lop: Json) -> str:
        a = lop["addr"]
        if a == "::":
            return f"[::]:{lop['port']}" if lop.get("v6only") else f"*:{lop['port']}"
        if ":" in a:
            return f"[{a}]:{lop['port']}"
        return f"{a}:{lop['port']}"

    def truth(self, c: Json, observed: dict[str, Json]) -> Json:
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
                self.errors += sockets.capture(functools.partial(self.run_in, node),
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
        versions = node_tool_versions()
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


def node_tool_versions() -> dict[str, str]:
    return tool_versions((["ip", "-V"], ["ss", "-V"], ["netstat", "-V"], ["sysctl", "-V"],
                          ["ps", "--version"], ["uname", "-r"], ["iptables", "-V"],
                          [PYTHON, "-V"]), first_line=True)


def print_summary(truths: dict[str, Json]) -> None:
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


def render_readme(clusters: Json, truths: Json, stamp: str, versions: Json,
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

    def on_signal(signum: int, _frame: object) -> None:
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
