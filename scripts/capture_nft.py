#!/usr/bin/env python3
"""Capture ``nft list ruleset`` fixtures (text, ``-a`` and ``-j`` twins) in network namespaces.

    sudo python3 scripts/capture_nft.py [--out fixtures/nft] [--prefix h13b] [--keep]
    sudo python3 scripts/capture_nft.py --cleanup          # remove leftovers of the prefix

Every scenario below is loaded with ``nft -f`` into its own throw-away network namespace
``<prefix>-nft-<scenario>``; then, inside it,

    nft list ruleset        -> OUT/<scenario>/nft_list_ruleset.txt
    nft -a list ruleset     -> OUT/<scenario>/nft_-a_list_ruleset.txt     (what sos 4.6.1+ runs)
    nft -j list ruleset     -> OUT/<scenario>/nft_-j_list_ruleset.json    (the JSON twin)

and the ruleset that was loaded is kept as ``OUT/<scenario>/ruleset.nft``.  The scenarios:

* ``varied``: every table family (inet ip ip6 arp bridge netdev), base chains of each type
  and symbolic and numeric priorities, named sets (interval, timeout, concatenated types,
  IPv6, auto-merge) and maps (verdict and data), element comments and timeouts, stateful
  objects (counter, quota, limit), matches, ranges, prefixes, anonymous sets, verdict maps,
  counters with traffic-like values, nat statements, log, limit, reject, notrack, meta and ct
  mangling (this kernel has no flowtable support);
* ``more``: set flags and properties (constant, dynamic, gc-interval, typeof sets and maps,
  counters on elements), byte-rate limits, inline quotas, log options, ranges of strings,
  ``ct original``, ``jhash``, raw payloads, TCP option checks, set updates from rules;
* ``kube-proxy``: the tables of kube-proxy's nftables mode (``table ip kube-proxy`` and
  ``table ip6 kube-proxy``) written the way its proxier lays them out, for the Services in
  SERVICES (also written to ``OUT/kube-proxy/services.json``: the ground truth the Services
  derivation is tested against);
* ``iptables-nft`` (only when ``iptables-nft`` is installed or can be installed): rules added
  through ``iptables-nft``, which nft lists as translations with ``# Warning`` lines and
  ``xt`` leftovers.

``OUT/MANIFEST.tsv`` lists file, namespace, command and exit status; ``OUT/VERSIONS.txt`` the
nft, iptables and kernel versions.  Namespaces are always removed (also on error or Ctrl-C)
unless ``--keep``.  Exit status: 0 ok, 1 failure, 2 usage, 77 cannot run here (not root, no
``ip netns``, no nft and no way to install it), 130 interrupted.  Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from _capture import ENV, Namespaces, ensure_tools, existing_netns, in_netns, logger, run

SKIP = 77
log = logger("capture_nft")

COMMANDS = (
    ("nft_list_ruleset.txt", ["nft", "list", "ruleset"]),
    ("nft_-a_list_ruleset.txt", ["nft", "-a", "list", "ruleset"]),
    ("nft_-j_list_ruleset.json", ["nft", "-j", "list", "ruleset"]),
)

# --------------------------------------------------------------------------- varied

VARIED = r"""
table inet filter {
	comment "host firewall"
	counter web { packets 1234 bytes 567890 }
	counter idle { comment "never hit" }
	quota q1 { over 25 mbytes used 1024 bytes }
	limit lim1 { rate 400/minute burst 5 packets }
	set allowed_tcp {
		type inet_service
		elements = { 22, 80, 443, 6443, 10250 }
	}
	set blocklist {
		type ipv4_addr
		flags interval
		comment "bad nets"
		elements = { 192.0.2.0/24, 198.51.100.0-198.51.100.20, 203.0.113.7 }
	}
	set timed {
		type ipv4_addr
		flags timeout
		timeout 1h
		size 65535
		elements = { 10.50.0.1 timeout 2h comment "pinned", 10.50.0.2 }
	}
	set pairs {
		type ipv4_addr . inet_service
		elements = { 10.0.0.1 . 22, 10.0.0.2 . 443 }
	}
	set v6nets {
		type ipv6_addr
		flags interval
		auto-merge
		elements = { 2001:db8::/32, fd00::1 }
	}
	set ifaces {
		type ifname
		elements = { "eth0", "wg0" }
	}
	set marks_seen {
		typeof meta mark
		elements = { 0x00000001, 0x00000010 }
	}
	set counted {
		type ipv4_addr
		counter
		elements = { 10.60.0.1 counter packets 3 bytes 180 }
	}
	map port2chain {
		type inet_service : verdict
		elements = { 53 : jump dns, 123 : accept, 161 : drop }
	}
	map fwdmark {
		type ipv4_addr : mark
		elements = { 10.1.0.1 : 0x00000001, 10.1.0.2 : 0x00000002 }
	}
	map portmap {
		type inet_service : ipv4_addr . inet_service
		elements = { 8080 : 10.0.0.5 . 80 }
	}
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		ct state invalid counter packets 17 bytes 1020 drop
		iifname "lo" accept comment "loopback"
		iifname @ifaces accept
		ip saddr @blocklist drop
		ip6 saddr @v6nets accept
		tcp dport @allowed_tcp ct state new accept
		tcp dport { 8080, 8443 } accept
		udp dport 53 jump dns
		ip protocol icmp icmp type { echo-request, echo-reply } limit rate 10/second accept
		icmpv6 type { nd-neighbor-solicit, nd-router-advert } accept
		meta l4proto ipv6-icmp accept
		tcp dport 5000-5010 counter name "web" accept
		ip saddr . tcp dport @pairs accept
		udp dport vmap @port2chain
		tcp flags & (syn | ack) == syn log prefix "syn: " level info
		meta mark 0x00000010 accept
		meta mark & 0x0000ff00 == 0x00000100 accept
		ip saddr 10.0.0.0/8 ip daddr != 10.1.2.3 accept
		ip saddr != { 10.0.0.0/8, 172.16.0.0/12 } tcp dport 25 drop
		tcp dport 9999 reject with tcp reset
		udp dport 9998 reject with icmpx host-unreachable
		tcp dport 9997 limit rate over 5/minute burst 10 packets drop
		ct count over 20 drop
		meta nfproto ipv6 tcp dport 7000 accept
		fib daddr type local tcp dport 7001 accept
		limit name "lim1" accept
		quota name "q1" drop
		tcp dport 7002 log drop
		meta pkttype broadcast drop
		counter packets 99 bytes 5940 reject
	}
	chain forward {
		type filter hook forward priority filter; policy accept;
		comment "forwarding"
		ct state vmap { established : accept, related : accept, invalid : drop }
		oifname "eth0" meta mark set 0x00000020
		ip daddr 10.2.0.0/16 meta mark set ip daddr map @fwdmark
		ct mark set meta mark
		meta mark set meta mark | 0x00004000
		tcp flags syn tcp option maxseg size set rt mtu
		iifname "eth1" oifname "eth2" ip saddr 10.3.0.0/16 counter packets 0 bytes 0 accept
	}
	chain output {
		type filter hook output priority 0; policy accept;
		meta skuid 0 accept
		ip dscp cs1 accept
		ip ttl < 5 drop
		ip length > 1400 counter packets 2 bytes 2900
		ether saddr 02:00:00:00:00:01 accept
		udp sport 67 udp dport 68 accept
		notrack
	}
	chain dns {
		ip saddr 10.0.0.0/8 accept
		return
	}
	chain trace {
		type filter hook prerouting priority raw - 5; policy accept;
		meta nftrace set 1
		ip daddr 10.9.9.9 goto dns
		continue
	}
}
table ip nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat to 10.0.0.5:80
		tcp dport 8081 dnat to 10.0.0.6
		tcp dport 8082 dnat to 10.0.0.7-10.0.0.9:80-81
		udp dport 5353 redirect to :53
		tcp dport 8083 dnat to tcp dport map { 8083 : 10.0.0.5 }
		ip daddr 10.0.0.99 dnat to numgen inc mod 2 map { 0 : 10.0.0.5, 1 : 10.0.0.6 }
	}
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "eth0" masquerade
		ip saddr 10.9.0.0/16 snat to 192.168.1.1
		ip saddr 10.8.0.0/16 masquerade random,persistent
		ip saddr 10.7.0.0/16 meta l4proto tcp masquerade to :1024-65535
		ip saddr 10.6.0.0/16 tcp dport 80 snat to 192.168.1.2:2000-3000 fully-random
	}
	chain output {
		type nat hook output priority -100; policy accept;
	}
}
table ip6 raw6 {
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		ip6 daddr ::1 notrack
		ip6 nexthdr tcp tcp dport 22 counter packets 0 bytes 0 accept
		ip6 saddr fe80::/10 ip6 hoplimit 255 accept
		ip6 daddr 2001:db8:1::/48 reject with icmpv6 admin-prohibited
	}
	chain post {
		type nat hook postrouting priority srcnat + 50; policy accept;
		ip6 daddr 2001:db8:2::1 tcp dport 80 snat to [2001:db8:2::2]:80
	}
}
table arp arpf {
	chain in {
		type filter hook input priority filter; policy accept;
		arp operation request accept
		arp htype 1 arp ptype ip counter packets 4 bytes 112
	}
}
table bridge br {
	chain brfwd {
		type filter hook forward priority filter; policy accept;
		ether type ip accept
		ether type vlan vlan id 100 drop
		ether daddr 01:80:c2:00:00:00-01:80:c2:00:00:0f drop
	}
}
table netdev nd {
	chain ingress {
		type filter hook ingress device "lo" priority -500; policy accept;
		ip saddr 127.0.0.2 drop
	}
}
table ip empty {
}
"""

MORE = r"""
table inet more {
	set s1 { type ipv4_addr; flags constant,interval; policy memory; elements = { 10.0.0.0/8 } }
	set s2 { type ipv4_addr; flags dynamic,timeout; timeout 1m; gc-interval 30s; }
	set s3 { typeof ip saddr . tcp dport; elements = { 1.2.3.4 . 80 } }
	map m1 { typeof meta mark : ip daddr; elements = { 0x1 : 1.1.1.1 } }
	map m2 { type ipv4_addr : verdict; counter;
		elements = { 1.1.1.1 counter packets 1 bytes 2 : accept } }
	chain c {
		limit rate 10 mbytes/second accept
		limit rate over 1 kbytes/second burst 1000 bytes drop
		quota over 10 mbytes drop
		quota until 5 kbytes used 1 kbytes accept
		log prefix "a b" group 2 snaplen 100 queue-threshold 3
		log level warn
		log flags all
		meta hour "10:00"-"12:00" accept
		ip saddr . tcp dport { 1.2.3.4 . 80, 5.6.7.8 . 443 } accept
		ct original ip saddr 1.2.3.4 accept
		ct mark set 0x1
		ip dscp set cs1
		jhash ip saddr mod 2 seed 0xdeadbeef vmap { 0 : accept, 1 : drop }
		tcp flags & (fin | syn | rst | ack) != syn drop
		ct state { established, related } accept
		ct state != established drop
		ip6 nexthdr { tcp, udp } accept
		ct state established,related,new counter accept
		tcp option sack-perm exists drop
		meta l4proto 253 accept
		@nh,0,8 0x45 accept
		update @s2 { ip saddr timeout 10s } accept
		add @s2 { ip saddr } drop
		icmp type echo-request ip length 100 meta mark set 0x5 accept
		reject with icmp host-unreachable
	}
}
"""

# --------------------------------------------------------------------------- kube-proxy

CLUSTER_CIDR = {4: "10.244.0.0/16", 6: "fd00:10:244::/56"}
SERVICE_CIDR = {4: "10.96.0.0/12", 6: "fd00:10:96::/112"}
NODE_IP = {4: "192.168.49.2", 6: "fd00:192:168:49::2"}
MASQ_MARK = "0x00004000"

SERVICES: list[dict[str, Any]] = [
    {"namespace": "default", "name": "kubernetes", "port_name": "https", "protocol": "tcp",
     "cluster_ip": "10.96.0.1", "port": 443, "endpoints": [["192.168.49.2", 8443]]},
    {"namespace": "kube-system", "name": "kube-dns", "port_name": "dns", "protocol": "udp",
     "cluster_ip": "10.96.0.10", "port": 53,
     "endpoints": [["10.244.0.3", 53], ["10.244.0.4", 53]]},
    {"namespace": "kube-system", "name": "kube-dns", "port_name": "dns-tcp", "protocol": "tcp",
     "cluster_ip": "10.96.0.10", "port": 53,
     "endpoints": [["10.244.0.3", 53], ["10.244.0.4", 53]]},
    {"namespace": "demo", "name": "web", "port_name": "http", "protocol": "tcp",
     "cluster_ip": "10.96.12.34", "port": 80, "nodeport": 30080, "external_ips": ["192.0.2.10"],
     "affinity_timeout": 10800,
     "endpoints": [["10.244.1.5", 8080], ["10.244.2.7", 8080], ["10.244.2.8", 8080]]},
    {"namespace": "demo", "name": "lb-local", "port_name": "https", "protocol": "tcp",
     "cluster_ip": "10.96.50.5", "port": 443, "nodeport": 31443,
     "load_balancer_ips": ["203.0.113.50"], "source_ranges": ["198.51.100.0/24"],
     "external_policy": "Local", "local_endpoints": [["10.244.1.9", 8443]],
     "endpoints": [["10.244.1.9", 8443], ["10.244.2.11", 8443]]},
    {"namespace": "demo", "name": "empty", "port_name": "http", "protocol": "tcp",
     "cluster_ip": "10.96.77.7", "port": 80, "nodeport": 30777, "endpoints": []},
    {"namespace": "demo", "name": "sctp-svc", "port_name": "", "protocol": "sctp",
     "cluster_ip": "10.96.88.8", "port": 9999, "endpoints": [["10.244.2.9", 9999]]},
    {"namespace": "demo", "name": "web6", "port_name": "http", "protocol": "tcp",
     "cluster_ip": "fd00:10:96::1234", "port": 80, "nodeport": 30081,
     "endpoints": [["fd00:10:244:1::5", 8080], ["fd00:10:244:2::7", 8080]]},
]


def hash8(name: str) -> str:
    """kube-proxy's nftables chain-name hash: base32(sha256(name))[:8]."""
    return base64.b32encode(hashlib.sha256(name.encode()).digest()).decode()[:8]


def _family(address: str) -> int:
    return 6 if ":" in address else 4


def _base(svc: dict[str, Any]) -> str:
    name = f"{svc['namespace']}/{svc['name']}/{svc['protocol']}/{svc['port_name']}"
    return f"{hash8(name)}-{name}"


def _endpoint_base(svc: dict[str, Any], ip: str, port: int) -> str:
    name = (f"{svc['namespace']}/{svc['name']}/{svc['protocol']}/{svc['port_name']}"
            f"__{ip.replace(':', '.')}/{port}")
    return f"{hash8(name)}-{name}"


def kube_proxy_table(family: int) -> str:
    """``table ip|ip6 kube-proxy`` for the Services of one IP family."""
    ipx = "ip" if family == 4 else "ip6"
    addr_type = "ipv4_addr" if family == 4 else "ipv6_addr"
    no_localhost = "ip daddr != 127.0.0.0/8" if family == 4 else "ip6 daddr != ::1"
    services = [s for s in SERVICES if _family(s["cluster_ip"]) == family]
    chains: dict[str, list[str]] = {}
    cluster_ips: list[str] = []
    service_ips: list[str] = []
    nodeports: list[str] = []
    no_ep_services: list[str] = []
    no_ep_nodeports: list[str] = []
    firewall_ips: list[str] = []
    affinity_sets: list[tuple[str, int]] = []

    def rules(chain: str, *lines: str) -> None:
        chains.setdefault(chain, []).extend(lines)

    for svc in services:
        proto, port, cip = svc["protocol"], svc["port"], svc["cluster_ip"]
        spn = f"{svc['namespace']}/{svc['name']}" + (f":{svc['port_name']}"
                                                     if svc["port_name"] else "")
        base = _base(svc)
        cluster_chain, local_chain = f"service-{base}", f"local-{base}"
        external_chain, firewall_chain = f"external-{base}", f"firewall-{base}"
        endpoints = svc["endpoints"]
        local = svc.get("local_endpoints", [])
        external_local = svc.get("external_policy") == "Local"
        cluster_ips.append(cip)
        externally = bool(svc.get("nodeport") or svc.get("external_ips")
                          or svc.get("load_balancer_ips"))
        if not endpoints:
            no_ep_services.append(f'{cip} . {proto} . {port} comment "{spn}" : goto reject-chain')
            if svc.get("nodeport"):
                no_ep_nodeports.append(
                    f'{proto} . {svc["nodeport"]} comment "{spn}" : goto reject-chain')
            continue
        service_ips.append(f"{cip} . {proto} . {port} : goto {cluster_chain}")
        for ext in svc.get("external_ips", []) + svc.get("load_balancer_ips", []):
            service_ips.append(f"{ext} . {proto} . {port} : goto {external_chain}")
        if svc.get("nodeport"):
            nodeports.append(f"{proto} . {svc['nodeport']} : goto {external_chain}")
        if svc.get("source_ranges"):
            for lb in svc.get("load_balancer_ips", []):
                firewall_ips.append(
                    f'{lb} . {proto} . {port} comment "{spn}" : goto {firewall_chain}')
            ranges = ", ".join(svc["source_ranges"])
            rules(firewall_chain, f"{ipx} saddr != {{ {ranges} }} drop")
        # internal traffic: masquerade off-cluster sources
        rules(cluster_chain, f"{ipx} daddr {cip} {proto} dport {port} {ipx} saddr != "
                             f"{CLUSTER_CIDR[family]} jump mark-for-masquerade")
        if externally:
            if external_local:
                rules(external_chain,
                      f'{ipx} saddr {CLUSTER_CIDR[family]} goto {cluster_chain} '
                      f'comment "short-circuit pod traffic"',
                      'fib saddr type local jump mark-for-masquerade '
                      'comment "masquerade local traffic"',
                      f'fib saddr type local goto {cluster_chain} '
                      f'comment "short-circuit local traffic"',
                      f"goto {local_chain}")
            else:
                rules(external_chain, "jump mark-for-masquerade", f"goto {cluster_chain}")
        policy_chains = [(cluster_chain, endpoints)]
        if external_local:
            policy_chains.append((local_chain, local))
        for chain, eps in policy_chains:
            if svc.get("affinity_timeout"):
                for ip, eport in eps:
                    ep_base = _endpoint_base(svc, ip, eport)
                    rules(chain, f"{ipx} saddr @affinity-{ep_base} goto endpoint-{ep_base}")
            vmap = ", ".join(f"{i} : goto endpoint-{_endpoint_base(svc, ip, eport)}"
                             for i, (ip, eport) in enumerate(eps))
            rules(chain, f"numgen random mod {len(eps)} vmap {{ {vmap} }}")
        for ip, eport in endpoints:
            ep_base = _endpoint_base(svc, ip, eport)
            chain = f"endpoint-{ep_base}"
            rules(chain, f"{ipx} saddr {ip} jump mark-for-masquerade")
            if svc.get("affinity_timeout"):
                affinity_sets.append((f"affinity-{ep_base}", svc["affinity_timeout"]))
                rules(chain, f"update @affinity-{ep_base} {{ {ipx} saddr }}")
            target = f"[{ip}]:{eport}" if family == 6 else f"{ip}:{eport}"
            rules(chain, f"meta l4proto {proto} dnat to {target}")

    def elements(items: list[str]) -> str:
        return f"\t\telements = {{ {', '.join(items)} }}\n" if items else ""

    out = [f"table {ipx} kube-proxy {{\n\tcomment \"rules for kube-proxy\"\n"]
    out.append(f"\tset cluster-ips {{\n\t\ttype {addr_type}\n\t\tcomment \"Active ClusterIPs\"\n"
               f"{elements(cluster_ips)}\t}}\n")
    for name, timeout in affinity_sets:
        out.append(f"\tset {name} {{\n\t\ttype {addr_type}\n\t\tflags dynamic,timeout\n"
                   f"\t\ttimeout {timeout}s\n\t}}\n")
    maps = (
        ("no-endpoint-services", f"{addr_type} . inet_proto . inet_service",
         "vmap to drop or reject packets to services with no endpoints", no_ep_services),
        ("no-endpoint-nodeports", "inet_proto . inet_service",
         "vmap to drop or reject packets to service nodeports with no endpoints",
         no_ep_nodeports),
        ("firewall-ips", f"{addr_type} . inet_proto . inet_service",
         "destinations that are subject to LoadBalancerSourceRanges", firewall_ips),
        ("service-ips", f"{addr_type} . inet_proto . inet_service",
         "ClusterIP, ExternalIP and LoadBalancer IP traffic", service_ips),
        ("service-nodeports", "inet_proto . inet_service", "NodePort traffic", nodeports),
    )
    for name, key_type, comment, items in maps:
        out.append(f"\tmap {name} {{\n\t\ttype {key_type} : verdict\n\t\tcomment \"{comment}\"\n"
                   f"{elements(items)}\t}}\n")
    # kube-proxy asks for "dstnat-10" etc.; nft 1.0.6 accepts the symbolic names only on the
    # hooks where they are defined, so the other hooks get the same values as numbers
    base_chains = (
        ("filter-prerouting", "filter", "prerouting", "dstnat - 10",
         ["ct state new jump firewall-check"]),
        ("filter-input", "filter", "input", "-110",
         ["ct state new jump nodeport-endpoints-check",
          "ct state new jump service-endpoints-check"]),
        ("filter-forward", "filter", "forward", "-110",
         ["ct state new jump service-endpoints-check", "ct state new jump cluster-ips-check"]),
        ("filter-output", "filter", "output", "-110",
         ["ct state new jump service-endpoints-check", "ct state new jump firewall-check"]),
        ("filter-output-post-dnat", "filter", "output", "-90",
         ["ct state new jump cluster-ips-check"]),
        ("nat-prerouting", "nat", "prerouting", "dstnat", ["jump services"]),
        ("nat-output", "nat", "output", "-100", ["jump services"]),
        ("nat-postrouting", "nat", "postrouting", "srcnat", ["jump masquerading"]),
    )
    for name, kind, hook, priority, body in base_chains:
        lines = "".join(f"\t\t{line}\n" for line in body)
        out.append(f"\tchain {name} {{\n\t\ttype {kind} hook {hook} priority {priority}; "
                   f"policy accept;\n{lines}\t}}\n")
    fixed = {
        "masquerading": [f"meta mark & {MASQ_MARK} == 0 return",
                         f"meta mark set meta mark ^ {MASQ_MARK}", "masquerade fully-random"],
        "mark-for-masquerade": [f"meta mark set meta mark | {MASQ_MARK}"],
        "services": [f"{ipx} daddr . meta l4proto . th dport vmap @service-ips",
                     f"fib daddr type local {no_localhost} meta l4proto . th dport "
                     f"vmap @service-nodeports"],
        "service-endpoints-check": [
            f"{ipx} daddr . meta l4proto . th dport vmap @no-endpoint-services"],
        "nodeport-endpoints-check": [
            f"{no_localhost} meta l4proto . th dport vmap @no-endpoint-nodeports"],
        "cluster-ips-check": [
            f'{ipx} daddr @cluster-ips reject comment "Reject traffic to invalid ports of '
            f'ClusterIPs"',
            f'{ipx} daddr {{ {SERVICE_CIDR[family]} }} drop comment "Drop traffic to '
            f'unallocated ClusterIPs"'],
        "firewall-check": [f"{ipx} daddr . meta l4proto . th dport vmap @firewall-ips"],
        "reject-chain": ["reject"],
    }
    for name, body in fixed.items():
        comment = ('\t\tcomment "helper for @no-endpoint-services / @no-endpoint-nodeports"\n'
                   if name == "reject-chain" else "")
        lines = "".join(f"\t\t{line}\n" for line in body)
        out.append(f"\tchain {name} {{\n{comment}{lines}\t}}\n")
    # chains first declared empty, then filled: jumps and gotos need every chain to exist
    for name in chains:
        out.append(f"\tchain {name} {{\n\t}}\n")
    for name, body in chains.items():
        lines = "".join(f"\t\t{line}\n" for line in body)
        out.append(f"\tchain {name} {{\n{lines}\t}}\n")
    out.append("}\n")
    return "".join(out)


def kube_proxy_ruleset() -> str:
    return kube_proxy_table(4) + kube_proxy_table(6)


def services_truth() -> dict[str, Any]:
    return {"cluster_cidr": CLUSTER_CIDR, "service_cidr": SERVICE_CIDR, "node_ip": NODE_IP,
            "masquerade_mark": MASQ_MARK, "services": SERVICES}


# --------------------------------------------------------------------------- iptables-nft

IPTABLES_NFT = [
    ["-t", "nat", "-N", "KUBE-SERVICES"],
    ["-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment",
     "kubernetes service portals", "-j", "KUBE-SERVICES"],
    ["-t", "nat", "-A", "KUBE-SERVICES", "-d", "10.96.0.1/32", "-p", "tcp", "-m", "comment",
     "--comment", "default/kubernetes:https cluster IP", "-m", "tcp", "--dport", "443",
     "-j", "DNAT", "--to-destination", "192.168.49.2:8443"],
    ["-t", "nat", "-A", "KUBE-SERVICES", "-m", "statistic", "--mode", "random",
     "--probability", "0.3333333333", "-j", "RETURN"],
    ["-t", "nat", "-A", "KUBE-SERVICES", "-m", "addrtype", "--dst-type", "LOCAL",
     "-j", "RETURN"],
    ["-A", "INPUT", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"],
    ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "22,80", "-j", "ACCEPT"],
    ["-A", "INPUT", "-m", "recent", "--name", "X", "--rcheck", "--seconds", "60",
     "-j", "DROP"],
    ["-P", "FORWARD", "DROP"],
]


# --------------------------------------------------------------------------- runner


class Capture:
    def __init__(self, out: Path, prefix: str, keep: bool) -> None:
        self.out = out
        self.prefix = prefix
        self.keep = keep
        self.namespaces = Namespaces(log)
        self.manifest: list[tuple[str, str, str, int]] = []

    def netns(self, scenario: str) -> str:
        name = f"{self.prefix}-nft-{scenario}"
        run(["ip", "netns", "del", name], check=False)
        self.namespaces.add(name, lo_up=True)
        return name

    def capture(self, scenario: str, ns: str) -> None:
        directory = self.out / scenario
        directory.mkdir(parents=True, exist_ok=True)
        for fname, argv in COMMANDS:
            result = run(in_netns(ns, argv), check=False, timeout=120)
            (directory / fname).write_bytes(result.stdout)
            self.manifest.append((f"{scenario}/{fname}", ns, " ".join(argv), result.returncode))
            if result.stderr:
                stem = fname.rsplit(".", 1)[0]
                (directory / (stem + ".stderr.txt")).write_bytes(result.stderr)
                # what sos stores: stdout and stderr merged into one file
                merged = run(in_netns(ns, ["sh", "-c", " ".join(argv) + " 2>&1"]),
                             check=False, timeout=120)
                (directory / (stem + ".merged.txt")).write_bytes(merged.stdout)
                self.manifest.append((f"{scenario}/{stem}.merged.txt", ns,
                                      " ".join(argv) + " 2>&1", merged.returncode))

    def load(self, scenario: str, ruleset: str) -> None:
        ns = self.netns(scenario)
        directory = self.out / scenario
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "ruleset.nft").write_text(ruleset.lstrip("\n"))
        run(in_netns(ns, ["nft", "-f", "-"]), stdin=ruleset.encode(), timeout=120)
        self.capture(scenario, ns)

    def iptables_nft(self) -> bool:
        if shutil.which("iptables-nft", path=ENV["PATH"]) is None:
            return False
        ns = self.netns("iptables-nft")
        for args in IPTABLES_NFT:
            run(in_netns(ns, ["iptables-nft", "-w", *args]), timeout=120)
        directory = self.out / "iptables-nft"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "iptables-nft.commands").write_text(
            "".join("iptables-nft " + " ".join(_quote(a) for a in args) + "\n"
                    for args in IPTABLES_NFT))
        self.capture("iptables-nft", ns)
        return True

    def cleanup(self) -> None:
        if self.keep:
            return
        self.namespaces.remove_all()

    def versions(self) -> str:
        lines = []
        for argv in (["nft", "--version"], ["iptables-nft", "--version"], ["uname", "-r"]):
            if shutil.which(argv[0], path=ENV["PATH"]) is None:
                continue
            result = run(argv, check=False)
            lines.append(f"{' '.join(argv)}: {result.stdout.decode().strip()}")
        return "\n".join(lines) + "\n"

    def main(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.load("varied", VARIED)
        self.load("more", MORE)
        self.load("kube-proxy", kube_proxy_ruleset())
        (self.out / "kube-proxy" / "services.json").write_text(
            json.dumps(services_truth(), indent=1) + "\n")
        self.iptables_nft()
        rows = ["file\tnamespace\tcommand\texit_status"]
        rows += [f"{f}\t{ns}\t{cmd}\t{rc}" for f, ns, cmd, rc in self.manifest]
        (self.out / "MANIFEST.tsv").write_text("\n".join(rows) + "\n")
        (self.out / "VERSIONS.txt").write_text(self.versions())


def _quote(arg: str) -> str:
    return arg if arg and all(c.isalnum() or c in "-_./:,=" for c in arg) else repr(arg)


def _ensure_tools() -> str | None:
    """None when nft is usable (installing nftables/iptables if missing), else why not."""
    missing = ensure_tools({"nft": "nftables", "iptables-nft": "iptables"}, log)
    if "nft" in missing:
        return "nft is not installed and could not be installed"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("fixtures/nft"))
    parser.add_argument("--prefix", default="h13b")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--cleanup", action="store_true")
    parser.add_argument("--print-kube-proxy", action="store_true",
                        help="print the kube-proxy ruleset and exit (no root needed)")
    args = parser.parse_args(argv)
    if args.print_kube_proxy:
        sys.stdout.write(kube_proxy_ruleset())
        return 0
    if os.geteuid() != 0:
        print("capture_nft: skipped: needs root", file=sys.stderr)
        return SKIP
    capture = Capture(args.out, args.prefix, args.keep)
    if args.cleanup:
        capture.namespaces.adopt(existing_netns(f"{args.prefix}-nft-"))
        capture.namespaces.remove_all()
        return 0
    reason = _ensure_tools()
    if reason is not None:
        print(f"capture_nft: skipped: {reason}", file=sys.stderr)
        return SKIP
    probe = run(["ip", "netns", "add", f"{args.prefix}-nft-probe"], check=False)
    if probe.returncode != 0:
        print("capture_nft: skipped: ip netns add failed", file=sys.stderr)
        return SKIP
    run(["ip", "netns", "del", f"{args.prefix}-nft-probe"], check=False)
    try:
        capture.main()
    except KeyboardInterrupt:
        return 130
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        print(f"capture_nft: {exc}", file=sys.stderr)
        return 1
    finally:
        capture.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
