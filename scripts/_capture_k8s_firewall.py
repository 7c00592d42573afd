"""The firewall part of ``capture_k8s.py``: kube-proxy-style iptables rules in every node.

Every node namespace gets the rules kube-proxy (iptables mode) programs for SERVICES
(written by ``netfacts.renderers.kube_proxy``, loaded with ``iptables-restore``), plus the
FORWARD policy and flannel's FORWARD accepts of a typical kubeadm node; FIREWALL_COMMANDS
then run in each node.  The faulty cluster's firewall faults are FAULTS below.

``capture_k8s.py`` calls :func:`define` while defining a cluster, :func:`program` while
building a node and captures :data:`FIREWALL_COMMANDS` with the other commands.
``capture_k8s.py --firewall-only`` runs :func:`capture_only`: fresh namespaces
(``nfk-fw-*``) get the same rules, the firewall commands run there, and their files,
MANIFEST rows, EXPECTED.json entries and README section are replaced in an existing
capture (the rules do not depend on anything else in a node).  Needs iptables 1.8
(``apt-get install iptables`` when missing).
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from _capture import ENV, Json, ensure_tools, logger

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from netfacts.models.service import Endpoint, Service, ServiceProtocol  # noqa: E402
from netfacts.renderers.kube_proxy import kube_proxy_rules  # noqa: E402

FIREWALL_COMMANDS = [
    "iptables-save",
    "iptables -t nat -nvL",
    "iptables -t filter -nvL",
    "iptables -vnxL",
]
"""Run in every node (sos 4.x collects the listings as ``firewall_tables``; it runs
``iptables-save`` only per network namespace, so tests keep that file out of the sosreports
they build and use it as the listings' twin)."""

CLUSTER_CIDR = "10.244.0.0/16"
FLANNEL_FORWARD = (f'-s {CLUSTER_CIDR} -m comment --comment "flanneld forward" -j ACCEPT',
                   f'-d {CLUSTER_CIDR} -m comment --comment "flanneld forward" -j ACCEPT')
"""What flanneld adds to FORWARD (its FLANNEL-FWD chain, flattened)."""

MARKER = "<!-- firewall (scripts/_capture_k8s_firewall.py) -->"


def _ep(address: str, port: int) -> Endpoint:
    return Endpoint(ip=ipaddress.ip_address(address), port=port)


def _service(name: str, protocol: ServiceProtocol, cluster_ip: str, port: int, *,
             endpoints: tuple[Endpoint, ...], nodeport: int | None = None) -> Service:
    return Service(name=name, protocol=protocol, cluster_ip=ipaddress.ip_address(cluster_ip),
                   port=port, nodeport=nodeport, endpoints=endpoints)


TCP, UDP = ServiceProtocol.TCP, ServiceProtocol.UDP
SERVICES = [
    _service("default/kubernetes:https", TCP, "10.96.0.1", 443,
             endpoints=(_ep("192.168.121.10", 6443),)),
    _service("kube-system/kube-dns:dns", UDP, "10.96.0.10", 53,
             endpoints=(_ep("10.244.0.2", 53), _ep("10.244.0.3", 53))),
    _service("kube-system/kube-dns:dns-tcp", TCP, "10.96.0.10", 53,
             endpoints=(_ep("10.244.0.2", 53), _ep("10.244.0.3", 53))),
    _service("kube-system/kube-dns:metrics", TCP, "10.96.0.10", 9153,
             endpoints=(_ep("10.244.0.2", 9153), _ep("10.244.0.3", 9153))),
    _service("default/echo:http", TCP, "10.96.120.10", 80,
             endpoints=(_ep("10.244.1.2", 8080), _ep("10.244.2.2", 8080)), nodeport=30080),
    _service("kube-system/metrics-server:https", TCP, "10.96.200.3", 443,
             endpoints=(_ep("10.244.2.3", 10250),)),
]
"""The cluster's Services: the pods of capture_k8s.py's topology are their endpoints, and
kube-proxy's listener on 30080 is echo's NodePort."""

FORWARD_POLICY = {"controlplane": "ACCEPT", "node01": "DROP", "node02": "DROP"}
"""Healthy nodes: node01 and node02 drop forwarded traffic by default (as with Docker
installed) and flannel's FORWARD accepts let pod traffic through."""

FAULTS = [
    {"check": "service_missing", "node": "node02",
     "detail": "kube-proxy on node02 is stale: Service kube-system/metrics-server:https "
               "(tcp 10.96.200.3:443) is not programmed there (the other nodes have it)",
     "service": "kube-system/metrics-server:https",
     "injected": "the Service left out of node02's rules",
     "evidence": ["iptables_-t_nat_-nvL", "iptables-save"]},
    {"check": "forward_drop", "node": "controlplane",
     "detail": "filter FORWARD policy DROP on controlplane without flannel's FORWARD accepts "
               "(the healthy controlplane's policy is ACCEPT): pods there cannot reach pods "
               "on other nodes",
     "injected": "FORWARD policy DROP, no flanneld forward rules",
     "evidence": ["iptables_-t_filter_-nvL", "iptables_-vnxL", "iptables-save"]},
]


def define(c: Json) -> None:
    """Give every node of cluster ``c`` its firewall (and the faulty cluster its faults)."""
    for name, node in c["nodes"].items():
        policy = FORWARD_POLICY[name]
        node["firewall"] = {
            "services": [s.name for s in SERVICES],
            "forward_policy": policy,
            "forward_rules": list(FLANNEL_FORWARD) if policy == "DROP" else [],
        }
    if c["cluster"] == "faulty":
        for fault in FAULTS:
            firewall = c["nodes"][fault["node"]]["firewall"]
            if fault["check"] == "service_missing":
                firewall["services"].remove(fault["service"])
            elif fault["check"] == "forward_drop":
                firewall["forward_policy"] = "DROP"
                firewall["forward_rules"] = []
            c["faults"].append(dict(fault))


def rules(node: Json, *, canonical: bool = False) -> str:
    """The ``iptables-restore`` text of one node."""
    firewall = node["firewall"]
    services = [s for s in SERVICES if s.name in firewall["services"]]
    return kube_proxy_rules(services, cluster_cidr=CLUSTER_CIDR,
                            forward_policy=firewall["forward_policy"],
                            forward_rules=firewall["forward_rules"], canonical=canonical)


def ensure_iptables() -> None:
    if ensure_tools({"iptables-restore": "iptables"}, logger("capture_k8s")):
        raise RuntimeError("iptables is not installed and apt-get could not install it")


def program(netns: str, node: Json) -> None:
    """Load the node's rules into namespace ``netns``."""
    subprocess.run(["ip", "netns", "exec", netns, "iptables-restore"], input=rules(node),
                   text=True, env=ENV, check=True, capture_output=True)


def verify(node: Json, saved: str) -> list[str]:
    """Mismatches between the captured ``iptables-save`` and the rules that were loaded
    (compared as text, comments aside: iptables-save of the nf_tables build prints exactly
    the canonical form)."""
    want = rules(node, canonical=True).splitlines()
    got = [line for line in saved.splitlines() if not line.startswith("#")]
    if want == got:
        return []
    return [f"{node['name']}: iptables-save differs from the rules loaded "
            f"({len(got)} lines captured, {len(want)} expected)"]


def truth(node: Json) -> Json:
    """What EXPECTED.json says about a node's firewall."""
    firewall = node["firewall"]
    return {"services": firewall["services"], "forward_policy": firewall["forward_policy"],
            "forward_rules": firewall["forward_rules"]}


def readme_section(version: str, stamp: str) -> str:
    """The README's firewall section."""
    services = "\n".join(
        f"| `{s.name}` | {s.protocol.value} | {s.cluster_ip}:{s.port} | "
        f"{s.nodeport or ''} | {', '.join(str(e) for e in s.endpoints)} |" for s in SERVICES)
    faults = "\n".join(f"- **{f['check']}** on **{f['node']}**: {f['detail']}. How: "
                       f"{f['injected']}." for f in FAULTS)
    return f"""{MARKER}
## Firewall (kube-proxy's iptables rules)

Captured {stamp} with {version} by `scripts/capture_k8s.py --firewall-only` (the rules
depend on nothing else in a node, so they were programmed into fresh namespaces with the
same rules as the nodes': `scripts/_capture_k8s_firewall.py`).  Every node has the rules
kube-proxy (iptables mode) programs for these Services, written by
`netfacts.renderers.kube_proxy.kube_proxy_rules` and loaded with `iptables-restore`:

| Service port | protocol | ClusterIP:port | NodePort | endpoints |
|---|---|---|---|---|
{services}

FORWARD policy: ACCEPT on controlplane; DROP on node01 and node02 with flannel's accepts
(`-s 10.244.0.0/16 -j ACCEPT`, `-d 10.244.0.0/16 -j ACCEPT`).  Files: `iptables-save`,
`iptables_-t_nat_-nvL`, `iptables_-t_filter_-nvL`, `iptables_-vnxL` (sos 4.x puts the
listings in `sos_commands/firewall_tables/`; it never runs `iptables-save` for the host,
so `tests/_k8s.py` keeps that file out of the sosreports and tests use it as the listings'
twin).  The captured `iptables-save` equals the loaded rules in iptables-save's spelling
(checked by the script).  Faults in `faulty/` (also in `EXPECTED.json`):

{faults}
"""


def capture_only(out: Path, clusters: dict[str, Json], mangle: Callable[[str], str],
                 stamp: str) -> int:
    """Capture the firewall files of every node into an existing capture under ``out``."""
    ensure_iptables()
    version = subprocess.run(["iptables", "-V"], capture_output=True, text=True, env=ENV,
                             check=True).stdout.strip()
    errors: list[str] = []
    for cluster, c in clusters.items():
        expected_path = out / cluster / "EXPECTED.json"
        expected = json.loads(expected_path.read_text())
        for name, node in c["nodes"].items():
            netns = f"nfk-fw-{c['code']}-{name}"
            subprocess.run(["ip", "netns", "del", netns], env=ENV, capture_output=True,
                           check=False)
            subprocess.run(["ip", "netns", "add", netns], env=ENV, check=True)
            try:
                program(netns, node)
                rows = []
                outputs: dict[str, str] = {}
                for command in FIREWALL_COMMANDS:
                    done = subprocess.run(["ip", "netns", "exec", netns, *command.split()],
                                          capture_output=True, text=True, env=ENV,
                                          check=False)
                    outputs[command] = done.stdout
                    (out / cluster / name / mangle(command)).write_text(done.stdout)
                    rows.append((mangle(command), command, str(done.returncode)))
                errors += verify(node, outputs["iptables-save"])
            finally:
                subprocess.run(["ip", "netns", "del", netns], env=ENV, check=False)
            manifest = out / cluster / name / "MANIFEST.tsv"
            kept = [line for line in manifest.read_text().splitlines()
                    if line.split("\t")[1:2] not in ([cmd] for cmd in FIREWALL_COMMANDS)]
            manifest.write_text("\n".join(kept + ["\t".join(row) for row in rows]) + "\n")
            expected["nodes"][name]["firewall"] = truth(node)
        checks = {fault["check"] for fault in FAULTS}
        expected["faults"] = [f for f in expected["faults"] if f["check"] not in checks] + [
            f for f in c["faults"] if f["check"] in checks]
        expected["firewall_captured_at"] = stamp
        expected["firewall_tool"] = version
        expected_path.write_text(json.dumps(expected, indent=1) + "\n")
    readme = out / "README.md"
    text = readme.read_text()
    if MARKER in text:  # replace this section, keep the other scripts' sections after it
        head, _, tail = text.partition(MARKER)
        later = tail.find("\n<!-- ")
        text = head.rstrip() + "\n\n" + (tail[later + 1:] if later >= 0 else "")
    readme.write_text(text + readme_section(version, stamp))
    for error in errors:
        print(f"[capture_k8s] MISMATCH {error}", file=sys.stderr)
    return 1 if errors else 0
