#!/usr/bin/env python3
"""Capture ``iptables-save`` and ``iptables -L`` fixtures from real iptables in network
namespaces.

    sudo python3 scripts/capture_iptables.py [--out fixtures/netns] [--keep]

Two rule sets are loaded with ``iptables-restore`` into throw-away namespaces (prefix
``nfipt-``), once with the nf_tables build and once with the legacy build:

* ``kube``: what kube-proxy (iptables mode) programs for the Services in SERVICES below,
  written by :mod:`netfacts.renderers.kube_proxy` (also as IPv6 for ip6tables);
* ``features``: hand-written rules covering the syntax (negations, fragments,
  non-contiguous masks, quoting of comments and log prefixes, multiport, tcp-flags,
  conntrack, addrtype, mark, CONNMARK, TPROXY, goto, a rule without target).

Counters are set through ``iptables-restore -c`` so that listings show ``K``/``M``/``G``/
``T`` units.  Then every command of CAPTURES runs and its stdout goes to
``OUT/iptables_save/<name>.txt`` or ``OUT/iptables/<name>.txt`` (sosreport-style names);
the ``stderr-merged`` captures run last, with stderr merged into stdout as sos does, after a
legacy rule was added next to the nf_tables ones (iptables-nft then writes its ``#
Warning:`` note into the output, where the stdout buffer happens to be).  The input rule
files and ``services.json`` (the Services the kube rules were written from: the ground
truth for the Service derivation) are written next to them.  Needs root, ``ip netns`` and
iptables 1.8 (``apt-get install iptables`` when missing); exits 77 when it cannot run.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import shutil
import sys
from pathlib import Path

from _capture import ensure_tools, in_netns, logger, run

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from netfacts.jsonio.service import services_to_json  # noqa: E402
from netfacts.models.service import Endpoint, Service, ServiceProtocol  # noqa: E402
from netfacts.renderers.kube_proxy import kube_proxy_rules  # noqa: E402

PREFIX = "nfipt"
NFT = f"{PREFIX}-nft"
LEGACY = f"{PREFIX}-legacy"


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


def _ep(text: str, port: int) -> Endpoint:
    return Endpoint(ip=_ip(text), port=port)


TCP, UDP, SCTP = ServiceProtocol.TCP, ServiceProtocol.UDP, ServiceProtocol.SCTP
SERVICES = [
    Service(name="default/kubernetes:https", protocol=TCP, cluster_ip=_ip("10.96.0.1"),
            port=443, endpoints=(_ep("192.168.121.10", 6443),)),
    Service(name="kube-system/kube-dns:dns", protocol=UDP, cluster_ip=_ip("10.96.0.10"),
            port=53, endpoints=(_ep("10.244.0.2", 53), _ep("10.244.0.3", 53))),
    Service(name="kube-system/kube-dns:dns-tcp", protocol=TCP, cluster_ip=_ip("10.96.0.10"),
            port=53, endpoints=(_ep("10.244.0.2", 53), _ep("10.244.0.3", 53))),
    Service(name="kube-system/kube-dns:metrics", protocol=TCP, cluster_ip=_ip("10.96.0.10"),
            port=9153, endpoints=(_ep("10.244.0.2", 9153), _ep("10.244.0.3", 9153))),
    Service(name="default/echo", protocol=TCP, cluster_ip=_ip("10.96.100.20"), port=80,
            nodeport=30080, session_affinity="ClientIP", affinity_timeout=10800,
            endpoints=(_ep("10.244.1.2", 8080), _ep("10.244.2.2", 8080),
                       _ep("10.244.2.9", 8080))),
    Service(name="default/shop:https", protocol=TCP, cluster_ip=_ip("10.96.100.30"), port=443,
            nodeport=31443, load_balancer_ips=(_ip("192.168.121.200"),),
            external_ips=(_ip("192.168.121.201"),),
            source_ranges=(ipaddress.ip_network("192.168.0.0/16"),),
            external_traffic_policy="Local",
            endpoints=(_ep("10.244.1.7", 8443), _ep("10.244.2.7", 8443))),
    Service(name="default/empty:http", protocol=TCP, cluster_ip=_ip("10.96.100.40"), port=80,
            nodeport=31000),
    Service(name="kube-system/metrics-server:https", protocol=TCP,
            cluster_ip=_ip("10.96.200.1"), port=443, internal_traffic_policy="Local",
            endpoints=(_ep("10.244.2.3", 10250),)),
    Service(name="demo/sctp:assoc", protocol=SCTP, cluster_ip=_ip("10.96.200.2"), port=9999,
            endpoints=(_ep("10.244.2.4", 9999),)),
]
SERVICES_V6 = [
    Service(name="default/kubernetes:https", protocol=TCP, cluster_ip=_ip("fd00:96::1"),
            port=443, endpoints=(_ep("fd00:121::10", 6443),)),
    Service(name="default/echo", protocol=TCP, cluster_ip=_ip("fd00:96::20"), port=80,
            nodeport=30080, endpoints=(_ep("fd00:244:1::2", 8080), _ep("fd00:244:2::2", 8080))),
]
FORWARD = ("-s 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
           "-d 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT")

_QUOTED_RULE = ("[999999:99999999] -A PREROUTING -m comment --comment "
                r""""a \"quoted\" comment with 'single' and back\\slash" -j RETURN""")
FEATURES = r"""*mangle
:PREROUTING ACCEPT [123456789:98765432109]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [5:6]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:MARKS - [0:0]
[100000:10000000] -A PREROUTING -m comment --comment "" -j RETURN
{quoted}
[1000000:1000000000] -A PREROUTING -m comment --comment "é unicode" -j RETURN
[9999999999:99999999999999] -A PREROUTING -m comment --comment "tab	here" -j RETURN
[12345678901234:1234567890123456] -A PREROUTING ! -f -j MARK --set-mark 0x1
[1:1] -A PREROUTING -p tcp -m tcp ! --dport 80 --tcp-flags SYN,RST SYN -j MARKS
-A PREROUTING -p tcp -m tcp --sport 1024:65535 --dport 80:90 -j ACCEPT
-A PREROUTING -p tcp -m multiport ! --dports 1,2 -j ACCEPT
-A PREROUTING -p 99 -j ACCEPT
-A PREROUTING -p sctp -m sctp --dport 5 -j ACCEPT
-A PREROUTING -m conntrack ! --ctstate NEW,INVALID --ctorigdst 1.1.1.1 -j ACCEPT
-A PREROUTING -m addrtype --src-type LOCAL --dst-type UNICAST --limit-iface-in -j ACCEPT
-A PREROUTING -m comment --comment -x -j ACCEPT
-A PREROUTING -m comment --comment multi -m comment --comment second -j ACCEPT
-A PREROUTING -m mark --mark 0x4000 -j CONNMARK --save-mark
-A PREROUTING -p tcp -j TPROXY --on-port 1 --on-ip 1.1.1.1 --tproxy-mark 0x1/0x1
-A PREROUTING -m comment --comment "counts only"
-A FORWARD -s 5.6.7.8/32 -d 1.2.3.4/32 -i eth0 -o eth1 -p tcp -f -j RETURN
-A FORWARD -s 10.0.0.0/8 -j ACCEPT
-A FORWARD -s 10.0.0.1/255.255.0.255 -j ACCEPT
-A FORWARD ! -s 10.0.0.0/8 ! -i veth+ ! -p udp -j RETURN
-A FORWARD -o br0 -g MARKS
-A MARKS -j RETURN
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -m limit --limit 5/min -j LOG --log-prefix "iptables denied: \"x\" 'y' \\z" --log-level 7
-A INPUT -j REJECT --reject-with icmp-host-prohibited
COMMIT
""".replace("{quoted}", _QUOTED_RULE)

SAVE = "iptables_save"
LIST = "iptables"
# (namespace, command, family folder, file name, merge stderr)
CAPTURES = [
    (NFT, "iptables-save", SAVE, "iptables-save", False),
    (NFT, "iptables-save -c", SAVE, "iptables-save_-c", False),
    (NFT, "ip6tables-save", SAVE, "ip6tables-save", False),
    (NFT, "iptables-save -t nat", SAVE, "iptables-save_-t_nat", False),
    (LEGACY, "iptables-legacy-save", SAVE, "iptables-legacy-save", False),
    (LEGACY, "iptables-legacy-save -c", SAVE, "iptables-legacy-save_-c", False),
    (NFT, "iptables-save", SAVE, "iptables-save_legacy-present.stderr-merged", True),
    (NFT, "iptables -t nat -nvL", LIST, "iptables_-t_nat_-nvL", False),
    (NFT, "iptables -t filter -nvL", LIST, "iptables_-t_filter_-nvL", False),
    (NFT, "iptables -t mangle -nvL", LIST, "iptables_-t_mangle_-nvL", False),
    (NFT, "iptables -vnxL", LIST, "iptables_-vnxL", False),
    (NFT, "iptables -t mangle -vnxL --line-numbers", LIST,
     "iptables_-t_mangle_-vnxL_--line-numbers", False),
    (NFT, "iptables -t nat -L", LIST, "iptables_-t_nat_-L", False),
    (NFT, "iptables -t mangle -nL --line-numbers", LIST, "iptables_-t_mangle_-nL_--line-numbers",
     False),
    (NFT, "ip6tables -t nat -nvL", LIST, "ip6tables_-t_nat_-nvL", False),
    (NFT, "ip6tables -t filter -nvL", LIST, "ip6tables_-t_filter_-nvL", False),
    (LEGACY, "iptables-legacy -t nat -nvL", LIST, "iptables-legacy_-t_nat_-nvL", False),
    (NFT, "iptables -t nat -nvL", LIST, "iptables_-t_nat_-nvL_legacy-present.stderr-merged",
     True),
]


def output_of(argv: list[str], *, stdin: str | None = None, merge: bool = False) -> str:
    """The output of ``argv`` (raises :class:`SetupError` when it fails)."""
    done = run(argv, stdin=None if stdin is None else stdin.encode(), merge=merge)
    return done.stdout.decode()


def in_ns(ns: str, argv: list[str], *, stdin: str | None = None, merge: bool = False) -> str:
    return output_of(in_netns(ns, argv), stdin=stdin, merge=merge)


def cleanup() -> None:
    for ns in (NFT, LEGACY):
        run(["ip", "netns", "del", ns], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE.parent / "fixtures" / "netns")
    parser.add_argument("--keep", action="store_true", help="leave the namespaces")
    args = parser.parse_args(argv)
    if os.geteuid() != 0 or shutil.which("ip") is None:
        print("capture_iptables: needs root and iproute2", file=sys.stderr)
        return 77
    ensure_tools({"iptables-restore": "iptables"}, logger("capture_iptables"))
    if shutil.which("iptables-legacy-restore") is None:
        print("capture_iptables: iptables (with its legacy build) is not installed",
              file=sys.stderr)
        return 77
    cleanup()
    kube4 = kube_proxy_rules(SERVICES, forward_policy="DROP", forward_rules=FORWARD)
    kube6 = kube_proxy_rules(SERVICES_V6, cluster_cidr="fd00:244::/56", family=6)
    try:
        for ns in (NFT, LEGACY):
            run(["ip", "netns", "add", ns])
        for ns, restore in ((NFT, "iptables-restore"), (LEGACY, "iptables-legacy-restore")):
            six = "ip6tables-restore" if ns == NFT else "ip6tables-legacy-restore"
            in_ns(ns, [restore, "-c"], stdin=FEATURES)
            in_ns(ns, [restore, "--noflush"], stdin=kube4)
            in_ns(ns, [six], stdin=kube6)
        version = output_of(["iptables", "-V"]).strip()
        for folder in (SAVE, LIST):
            (args.out / folder).mkdir(parents=True, exist_ok=True)
        for ns, command, folder, name, merge in CAPTURES:
            if not merge:
                text = in_ns(ns, command.split())
                (args.out / folder / f"{name}.txt").write_text(text)
        # legacy tables next to the nf_tables ones: iptables-nft warns on stderr
        in_ns(NFT, ["iptables-legacy", "-t", "raw", "-A", "PREROUTING", "-j", "ACCEPT"])
        for ns, command, folder, name, merge in CAPTURES:
            if merge:
                text = in_ns(ns, command.split(), merge=True)
                (args.out / folder / f"{name}.txt").write_text(text)
        truth = args.out / SAVE
        (truth / "kube.rules").write_text(kube4)
        (truth / "kube6.rules").write_text(kube6)
        (truth / "features.rules").write_text(FEATURES)
        (truth / "services.json").write_text(json.dumps(
            {"ipv4": services_to_json(SERVICES), "ipv6": services_to_json(SERVICES_V6),
             "iptables": version}, indent=1) + "\n")
        print(f"capture_iptables: wrote {len(CAPTURES)} captures with {version}",
              file=sys.stderr)
    finally:
        if not args.keep:
            cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
