#!/usr/bin/env python3
"""Write the hand-made ``ipvsadm`` fixtures (the capturing kernel has no IPVS).

    python3 scripts/make_ipvsadm_fixtures.py [--out fixtures/ipvsadm]

The kernel netfacts' fixtures are captured on has no ``ip_vs`` module, so ``ipvsadm`` can
only print ``Can't initialize ipvs: Protocol not available`` here (that real output is
``no_ipvs/ipvsadm_-Ln``).  Every other listing is *made by hand*: the virtual services,
real servers, counters and connections below are chosen here, and this script prints them
with ipvsadm's own ``printf`` formats (ipvsadm 1.31, read from the installed binary's
format strings and from ``ipvsadm.c`` 1.26's ``print_title``, ``print_service_entry``,
``print_largenum``, ``print_conn``, ``list_timeout`` and ``list_daemon``) and sorts them
with libipvs's ``ipvs_cmp_services``/``ipvs_cmp_dests`` (C ``int`` subtraction, overflow
included).  It uses only the standard library and nothing from netfacts.

``kube-proxy/`` is what kube-proxy's IPVS mode programs for the Services of
``fixtures/nft/kube-proxy/services.json`` (the same Services as the nftables fixture):
one virtual server per ClusterIP, external IP, load-balancer IP and node address with a
NodePort, scheduler ``rr``, real servers ``Masq`` with weight 1, ``persistent 10800`` for
ClientIP affinity, and for ``externalTrafficPolicy: Local`` only the node-local endpoints
behind the NodePort and load-balancer servers.  ``lvs/`` is a classic keepalived-style LVS:
firewall-mark services, direct routing, tunnelling, local real servers, ``wlc``/``sh``
schedulers, persistence masks, one-packet scheduling and a sync daemon.
"""

# ruff: noqa: UP031  (printf-style on purpose: these are ipvsadm's C format strings)

from __future__ import annotations

import argparse
import ipaddress
import json
from functools import cmp_to_key
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SERVICES = HERE.parent / "fixtures" / "nft" / "kube-proxy" / "services.json"
NODE_ADDRESSES = {4: ["192.168.49.2", "10.244.0.1"], 6: ["fd00:192:168:49::2"]}
"""The node's own addresses kube-proxy binds NodePorts to (eth0 and cni0)."""
PROTO = {"TCP": 6, "UDP": 17, "SCTP": 132}
PORT_NAMES = {  # what getservbyport() gives without -n (no /etc/services lookup here)
              (443, "TCP"): "https", (53, "UDP"): "domain", (53, "TCP"): "domain",
              (80, "TCP"): "http", (8080, "TCP"): "http-alt"}


def _int32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def _addr_cmp(a: str, b: str) -> int:
    x, y = ipaddress.ip_address(a), ipaddress.ip_address(b)
    if x.version == 6:
        words_a = [int.from_bytes(x.packed[i:i + 4], "big") for i in range(0, 16, 4)]
        words_b = [int.from_bytes(y.packed[i:i + 4], "big") for i in range(0, 16, 4)]
        for wa, wb in zip(words_a, words_b):
            r = _int32(wa - wb)
            if r:
                return r
        return 0
    return _int32(int(x) - int(y))


def cmp_services(s1: dict[str, Any], s2: dict[str, Any]) -> int:
    """libipvs ``ipvs_cmp_services``: fwmark, family, protocol, address, port."""
    r: int = s1.get("fwmark", 0) - s2.get("fwmark", 0)
    if r:
        return r
    r = s1["af"] - s2["af"]
    if r:
        return r
    r = PROTO.get(s1["proto"], 0) - PROTO.get(s2["proto"], 0)
    if r:
        return r
    if "addr" in s1:
        r = _addr_cmp(s1["addr"], s2["addr"])
        if r:
            return r
        return int(s1["port"] - s2["port"])
    return 0


def cmp_dests(d1: dict[str, Any], d2: dict[str, Any]) -> int:
    r = _addr_cmp(d1["addr"], d2["addr"])
    return r if r else d1["port"] - d2["port"]


def addrport(addr: str, port: int, proto: str, numeric: bool = True) -> str:
    """ipvsadm ``addrport_to_anyname``."""
    v6 = ":" in addr
    shown_port: Any = port if numeric else PORT_NAMES.get((port, proto), port)
    return f"{'[' if v6 else ''}{addr}{']' if v6 else ''}:{shown_port}"


def largenum(value: int, exact: bool = False) -> str:
    """ipvsadm ``print_largenum``."""
    if exact:
        text = str(value)
        return "%*d" % (9 if len(text) <= 8 else len(text) + 1, value)
    if value < 100_000_000:
        return "%9d" % value
    if value < 1_000_000_000:
        return "%8dK" % (value // 1000)
    if value < 100_000_000_000:
        return "%8dM" % (value // 1_000_000)
    if value < 100_000_000_000_000:
        return "%8dG" % (value // 1_000_000_000)
    return "%8dT" % (value // 1_000_000_000_000)


def svc_name(s: dict[str, Any], numeric: bool = True) -> str:
    if "fwmark" in s:
        return "FWM  %d" % s["fwmark"] + (" IPv6" if s["af"] == 10 else "")
    name = "%-4s %s" % (s["proto"], addrport(s["addr"], s["port"], s["proto"], numeric))
    return name[:33] if s["af"] != 10 else name


def listing(services: list[dict[str, Any]], mode: str, *, numeric: bool = True,
            exact: bool = False, tun_info: bool = False) -> str:
    out = ["IP Virtual Server version 1.2.1 (size=4096)"]
    head = "Prot LocalAddress:Port"
    if mode == "stats":
        out.append("%-33s %8s %8s %8s %8s %8s" % (head, "Conns", "InPkts", "OutPkts",
                                                  "InBytes", "OutBytes"))
        out.append("  -> RemoteAddress:Port")
    elif mode == "rate":
        out.append("%-33s %8s %8s %8s %8s %8s" % (head, "CPS", "InPPS", "OutPPS", "InBPS",
                                                  "OutBPS"))
        out.append("  -> RemoteAddress:Port")
    elif mode == "thresholds":
        out.append("%-33s %-10s %-10s %-10s %-10s" % (head, "Uthreshold", "Lthreshold",
                                                      "ActiveConn", "InActConn"))
        out.append("  -> RemoteAddress:Port")
    elif mode == "persistent-conn":
        out.append("%-33s %-9s %-11s %-10s %-10s" % (head, "Weight", "PersistConn",
                                                     "ActiveConn", "InActConn"))
        out.append("  -> RemoteAddress:Port")
    else:
        out.append("Prot LocalAddress:Port Scheduler Flags")
        out.append("  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn "
                   "InActConn" if tun_info else
                   "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn")
    for s in sorted(services, key=cmp_to_key(cmp_services)):
        name = svc_name(s, numeric)
        if mode in ("stats", "rate"):
            out.append("%-33s" % name + "".join(largenum(v, exact) for v in s[mode]))
        else:
            line = "%s %s" % (name, s["sched"])
            if s.get("persistent"):
                line += " persistent %u" % s["persistent"]
                if s.get("mask"):
                    line += " mask %s" % s["mask"]
            if s.get("pe"):
                line += " pe %s" % s["pe"]
            if s.get("ops"):
                line += " ops"
            out.append(line)
        for d in sorted(s["dests"], key=cmp_to_key(cmp_dests)):
            dname = addrport(d["addr"], d["port"], s.get("proto", "TCP"), numeric)
            if s["af"] != 10:
                dname = dname[:28]
            if mode == "stats":
                out.append("  -> %-28s" % dname + "".join(largenum(v, exact)
                                                          for v in d["stats"]))
            elif mode == "rate":
                cps, inpps, outpps, inbps, outbps = d["rate"]
                out.append("  -> %-28s %8u %8u %8u" % (dname, cps, inpps, outpps)
                           + largenum(inbps, exact) + largenum(outbps, exact))
            elif mode == "thresholds":
                out.append("  -> %-28s %-10u %-10u %-10u %-10u" % (
                    dname, d.get("u", 0), d.get("l", 0), d["active"], d["inactive"]))
            elif mode == "persistent-conn":
                out.append("  -> %-28s %-9u %-11u %-10u %-10u" % (
                    dname, d["weight"], d.get("persist", 0), d["active"], d["inactive"]))
            elif tun_info:
                out.append("  -> %-28s %-7s %-13s %-6d %-10u %-10u" % (
                    dname, d["fwd"], d.get("tun", ""), d["weight"], d["active"],
                    d["inactive"]))
            else:
                out.append("  -> %-28s %-7s %-6d %-10u %-10u" % (
                    dname, d["fwd"], d["weight"], d["active"], d["inactive"]))
    return "\n".join(out) + "\n"


def connections(entries: list[tuple[Any, ...]], numeric: bool = True) -> str:
    out = ["IPVS connection entries",
           "pro expire %-11s %-18s %-18s %s" % ("state", "source", "virtual", "destination")]
    for proto, expires, state, src, vip, dst in entries:
        minutes, seconds = divmod(expires, 60)
        names = [addrport(a, p, proto, numeric) for a, p in (src, vip, dst)]
        out.append("%-3s %-6s %-11s %-18s %-18s %s" % (
            proto, "%02d:%02d" % (minutes, seconds), state, *names))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- kube-proxy


def _counters(seed: int, n: int = 5, scale: int = 1) -> list[int]:
    base = [78, 790, 740, 59_000, 992_000_000]
    return [(b * (seed + 1) * scale) % 10**12 or 1 for b in base][:n]


def kube_services() -> list[dict[str, Any]]:
    truth = json.loads(SERVICES.read_text())
    services: list[dict[str, Any]] = []
    for index, svc in enumerate(truth["services"]):
        v6 = ":" in svc["cluster_ip"]
        af = 10 if v6 else 2
        proto = svc["protocol"].upper()
        persistent = svc.get("affinity_timeout")
        all_eps = svc["endpoints"]
        local = svc.get("local_endpoints", all_eps) if svc.get(
            "external_policy") == "Local" else all_eps

        def dests(eps: list[list[Any]], seed: int,
                  persistent: Any = persistent) -> list[dict[str, Any]]:
            return [{"addr": ip, "port": port, "fwd": "Masq", "weight": 1,
                     "active": (seed + i) % 3, "inactive": (seed * 2 + i) % 5,
                     "persist": 1 if persistent else 0,
                     "stats": _counters(seed + i), "rate": [i, 2 * i, 2 * i, 90 * i, 1400 * i]}
                    for i, (ip, port) in enumerate(eps)]

        def virtual(addr: str, port: int, eps: list[list[Any]], seed: int, *, af: int = af,
                    proto: str = proto, persistent: Any = persistent) -> dict[str, Any]:
            return {"af": af, "proto": proto, "addr": addr, "port": port, "sched": "rr",
                    "persistent": persistent, "dests": dests(eps, seed),
                    "stats": _counters(seed, scale=3), "rate": [0, seed, seed, 60 * seed,
                                                                900 * seed]}

        services.append(virtual(svc["cluster_ip"], svc["port"], all_eps, index))
        for extra in svc.get("external_ips", []) + svc.get("load_balancer_ips", []):
            services.append(virtual(extra, svc["port"], local, index + 10))
        if svc.get("nodeport"):
            for node in NODE_ADDRESSES[6 if v6 else 4]:
                services.append(virtual(node, svc["nodeport"], local, index + 20))
    return services


KUBE_CONNECTIONS = [
    ("TCP", 14 * 60 + 57, "ESTABLISHED", ("10.244.1.7", 51532), ("10.96.12.34", 80),
     ("10.244.1.5", 8080)),
    ("TCP", 1 * 60 + 59, "TIME_WAIT", ("10.244.2.3", 40112), ("10.96.0.1", 443),
     ("192.168.49.2", 8443)),
    ("UDP", 4 * 60 + 41, "UDP", ("10.244.1.7", 38211), ("10.96.0.10", 53),
     ("10.244.0.3", 53)),
    ("TCP", 0 * 60 + 58, "SYN_RECV", ("198.51.100.9", 61000), ("192.168.49.2", 30080),
     ("10.244.2.7", 8080)),
    ("TCP", 179 * 60 + 59, "NONE", ("10.244.1.7", 0), ("10.96.12.34", 80),
     ("10.244.1.5", 8080)),
]

# --------------------------------------------------------------------------- classic LVS


def lvs_services() -> list[dict[str, Any]]:
    def d(addr: str, port: int, fwd: str, *, w: int, a: int, i: int,
          **more: Any) -> dict[str, Any]:
        """A real server: weight, active and inactive connections."""
        return {"addr": addr, "port": port, "fwd": fwd, "weight": w, "active": a,
                "inactive": i, "stats": _counters(w + a, scale=7),
                "rate": [a, w, w, 100 * w, 2000 * w], **more}

    return [
        {"af": 2, "proto": "TCP", "addr": "203.0.113.80", "port": 80, "sched": "wlc",
         "stats": _counters(5, scale=9), "rate": [12, 300, 280, 40_000, 2_600_000],
         "dests": [d("192.0.2.21", 80, "Route", w=100, a=120, i=3510, u=500, l=200),
                   d("192.0.2.22", 80, "Route", w=100, a=118, i=3422, u=500, l=200),
                   d("192.0.2.23", 80, "Route", w=0, a=2, i=17, u=500, l=200)]},
        {"af": 2, "proto": "TCP", "addr": "203.0.113.80", "port": 443, "sched": "wlc",
         "persistent": 300, "mask": "255.255.255.0",
         "stats": _counters(6, scale=13), "rate": [30, 700, 650, 90_000, 7_100_000],
         "dests": [d("192.0.2.21", 443, "Route", w=100, a=800, i=12000, persist=230),
                   d("192.0.2.22", 443, "Route", w=100, a=790, i=11880, persist=228)]},
        {"af": 2, "proto": "UDP", "addr": "203.0.113.53", "port": 53, "sched": "sh",
         "ops": True, "stats": _counters(7), "rate": [0, 900, 900, 60_000, 110_000],
         "dests": [d("198.51.100.53", 53, "Tunnel", w=1, a=0, i=0, tun="ipip"),
                   d("127.0.0.1", 53, "Local", w=1, a=0, i=0)]},
        {"af": 2, "fwmark": 5, "sched": "rr", "persistent": 600,
         "stats": _counters(8, scale=2), "rate": [1, 20, 20, 1_500, 30_000],
         "dests": [d("192.0.2.31", 0, "Route", w=1, a=4, i=40),
                   d("192.0.2.32", 0, "Route", w=1, a=6, i=38)]},
        {"af": 10, "fwmark": 7, "sched": "lc", "stats": _counters(9),
         "rate": [0, 0, 0, 0, 0], "dests": [d("2001:db8:2::31", 0, "Route", w=1, a=0, i=1)]},
        {"af": 10, "proto": "TCP", "addr": "2001:db8:1::80", "port": 80, "sched": "wrr",
         "persistent": 3600, "mask": "64",
         "stats": _counters(10, scale=1000), "rate": [3, 40, 38, 4_000, 190_000],
         "dests": [d("2001:db8:2::21", 8080, "Masq", w=3, a=10, i=70),
                   d("2001:db8:2::22", 8080, "Masq", w=1, a=3, i=21)]},
        {"af": 2, "proto": "SCTP", "addr": "203.0.113.90", "port": 3868, "sched": "rr",
         "stats": _counters(11), "rate": [0, 1, 1, 80, 90],
         "dests": [d("192.0.2.41", 3868, "Masq", w=1, a=1, i=0)]},
    ]


LVS_CONNECTIONS = [
    ("TCP", 14 * 60 + 59, "ESTABLISHED", ("198.51.100.10", 50443), ("203.0.113.80", 443),
     ("192.0.2.21", 443)),
    ("TCP", 0 * 60 + 4, "FIN_WAIT", ("198.51.100.11", 40001), ("203.0.113.80", 80),
     ("192.0.2.22", 80)),
    ("UDP", 4 * 60 + 59, "UDP", ("198.51.100.12", 33333), ("203.0.113.53", 53),
     ("198.51.100.53", 53)),
    ("TCP", 1 * 60 + 0, "CLOSE_WAIT", ("2001:db8:9::5", 41000), ("2001:db8:1::80", 80),
     ("2001:db8:2::21", 8080)),
]


def write(out: Path) -> list[Path]:
    written = []

    def put(relative: str, text: str) -> None:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)

    for name, services, conns in (("kube-proxy", kube_services(), KUBE_CONNECTIONS),
                                  ("lvs", lvs_services(), LVS_CONNECTIONS)):
        put(f"{name}/ipvsadm_-Ln", listing(services, "list"))
        put(f"{name}/ipvsadm_-Ln_--stats", listing(services, "stats"))
        put(f"{name}/ipvsadm_-Ln_--rate", listing(services, "rate"))
        put(f"{name}/ipvsadm_-Ln_--thresholds", listing(services, "thresholds"))
        put(f"{name}/ipvsadm_-Ln_--persistent-conn", listing(services, "persistent-conn"))
        put(f"{name}/ipvsadm_-Ln_--connection", connections(conns))
        put(f"{name}/ipvsadm_-Ln_--timeout", "Timeout (tcp tcpfin udp): 900 120 300\n")
        put(f"{name}/ipvsadm_-Lc", connections(conns, numeric=False))
        put(f"{name}/ipvsadm_-L", listing(services, "list", numeric=False))
    put("lvs/ipvsadm_-Ln_--stats_--exact", listing(lvs_services(), "stats", exact=True))
    put("lvs/ipvsadm_-Ln_--tun-info", listing(lvs_services(), "list", tun_info=True))
    put("lvs/ipvsadm_-Ln_--daemon",
        "master sync daemon (mcast=eth1, syncid=51, maxlen=1472, group=224.0.0.81, "
        "port=8848, ttl=1)\nbackup sync daemon (mcast=eth1, syncid=51, maxlen=1472, "
        "group=224.0.0.81, port=8848, ttl=1)\n")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE.parent / "fixtures" / "ipvsadm")
    args = parser.parse_args()
    for path in write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
