"""Services read back from kube-proxy's nftables mode and IPVS mode agree with each other
and with the Services the fixtures were made from (``fixtures/nft/kube-proxy/services.json``:
the nft ruleset was generated from it and loaded into nft; the IPVS listing was written
from it by hand, see ``fixtures/ipvsadm/README.md``)."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest

from conftest import FIXTURES
from netfacts.facts.services_ipvs import services_from_ipvs
from netfacts.facts.services_nft import services_from_nft
from netfacts.models.service import ProxyMode, Service
from netfacts.parsers.ipvsadm import parse_ipvsadm
from netfacts.parsers.nft import parse_nft

TRUTH = json.loads((FIXTURES / "nft" / "kube-proxy" / "services.json").read_text())
NFT_TEXT = (FIXTURES / "nft" / "kube-proxy" / "nft_-a_list_ruleset.txt").read_text()
IPVS_TEXT = (FIXTURES / "ipvsadm" / "kube-proxy" / "ipvsadm_-Ln").read_text()
NODES = [ipaddress.ip_address(a) for a in ("192.168.49.2", "10.244.0.1", "fd00:192:168:49::2")]


def _ip(text: str) -> Any:
    return ipaddress.ip_address(text)


def projection(service: Service) -> tuple[Any, ...]:
    """What every mode shows of a Service (external and load-balancer IPs together: IPVS
    cannot tell them apart)."""
    return (service.protocol.value, service.cluster_ip, service.port, service.nodeport,
            frozenset((*service.external_ips, *service.load_balancer_ips)),
            service.endpoint_set, service.affinity_timeout)


def truth_projection() -> set[tuple[Any, ...]]:
    out = set()
    for svc in TRUTH["services"]:
        out.add((svc["protocol"], _ip(svc["cluster_ip"]), svc["port"], svc.get("nodeport"),
                 frozenset(_ip(a) for a in svc.get("external_ips", []) +
                           svc.get("load_balancer_ips", [])),
                 frozenset((_ip(ip), port) for ip, port in svc["endpoints"]),
                 svc.get("affinity_timeout")))
    return out


def nft_services() -> tuple[Service, ...]:
    return services_from_nft(parse_nft(NFT_TEXT), "nft_-a_list_ruleset")


def test_nftables_mode_gives_the_services_it_was_made_from() -> None:
    services = nft_services()
    assert {projection(s) for s in services} == truth_projection()
    assert len(services) == len(TRUTH["services"])
    names = {s.name for s in services}
    assert names == {f"{t['namespace']}/{t['name']}" + (f":{t['port_name']}" if t["port_name"]
                                                        else "") for t in TRUTH["services"]}
    assert all(s.mode is ProxyMode.NFTABLES for s in services)


def test_nftables_details() -> None:
    by_name = {s.name: s for s in nft_services()}
    lb = by_name["demo/lb-local:https"]
    assert lb.load_balancer_ips == (_ip("203.0.113.50"),) and lb.external_ips == ()
    assert [str(n) for n in lb.source_ranges] == ["198.51.100.0/24"]
    assert (lb.internal_traffic_policy, lb.external_traffic_policy) == ("Cluster", "Local")
    web = by_name["demo/web:http"]
    assert (web.session_affinity, web.affinity_timeout) == ("ClientIP", 10800)
    assert web.external_traffic_policy == "Cluster"
    assert [e.probability for e in web.endpoints] == [0.333333] * 3
    assert web.chain == "service-AXK6CI2C-demo/web/tcp/http"
    assert web.endpoints[0].chain == "endpoint-6UVIXZI4-demo/web/tcp/http__10.244.1.5/8080"
    empty = by_name["demo/empty:http"]
    assert empty.endpoints == () and empty.nodeport == 30777
    # every rule reference points at a line that mentions what it is evidence for
    lines = NFT_TEXT.split("\n")
    for ref in web.rules:
        assert ref.file == "nft_-a_list_ruleset" and ref.table == "ip kube-proxy"
        assert ref.line is not None
        text = lines[ref.line - 1]
        assert any(word in text for word in ("10.96.12.34", "192.0.2.10", "30080", "numgen"))
    for endpoint in web.endpoints:
        assert any(str(endpoint.ip) in lines[ref.line - 1] for ref in endpoint.rules
                   if ref.line is not None)


@pytest.mark.parametrize("nodes", [NODES, None], ids=["node-addresses", "guessed"])
def test_ipvs_mode_gives_the_same_services(nodes: Any) -> None:
    services = services_from_ipvs(parse_ipvsadm(IPVS_TEXT), "ipvsadm_-Ln",
                                  node_addresses=nodes)
    assert {projection(s) for s in services} == truth_projection()
    assert {projection(s) for s in services} == {projection(s) for s in nft_services()}
    by_key = {s.key: s for s in services}
    web = by_key[("tcp", _ip("10.96.12.34"), 80)]
    assert [e.weight for e in web.endpoints] == [1, 1, 1] and web.session_affinity == "ClientIP"
    lb = by_key[("tcp", _ip("10.96.50.5"), 443)]
    assert lb.external_traffic_policy == "Local"
    assert all(ref.file == "ipvsadm_-Ln" and ref.line for ref in web.rules)


def test_ipvs_with_the_service_cidr() -> None:
    cidrs = [ipaddress.ip_network("10.96.0.0/12"), ipaddress.ip_network("fd00:10:96::/112")]
    services = services_from_ipvs(parse_ipvsadm(IPVS_TEXT), node_addresses=NODES,
                                  service_cidrs=cidrs)
    assert {projection(s) for s in services} == truth_projection()


def test_a_stale_node_is_visible_as_a_difference() -> None:
    """One node's IPVS table lacks an endpoint: its Services differ from the nft node's."""
    lines = IPVS_TEXT.split("\n")
    stale = "\n".join(line for line in lines if "10.244.2.8:8080" not in line)
    services = services_from_ipvs(parse_ipvsadm(stale), node_addresses=NODES)
    assert {projection(s) for s in services} != truth_projection()
    web = next(s for s in services if s.cluster_ip == _ip("10.96.12.34"))
    assert (_ip("10.244.2.8"), 8080) not in web.endpoint_set


IP_ADDR = """\
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:49:02 brd ff:ff:ff:ff:ff:ff
    inet 192.168.49.2/24 brd 192.168.49.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 fd00:192:168:49::2/64 scope global
       valid_lft forever preferred_lft forever
3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0
       valid_lft forever preferred_lft forever
4: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff
    inet 10.96.0.1/32 scope global kube-ipvs0
       valid_lft forever preferred_lft forever
    inet 10.96.12.34/32 scope global kube-ipvs0
       valid_lft forever preferred_lft forever
"""


@pytest.mark.parametrize("mode", ["nftables", "ipvs"])
def test_snapshot_services(tmp_path: Any, mode: str) -> None:
    from netfacts import _registry
    from netfacts.snapshot import load
    from netfacts.testing.sosreport import build_sosreport

    if "services" not in _registry.CATEGORIES:
        pytest.skip("no family declares the services category yet")
    files = ({"sos_commands/firewall_tables/nft_-a_list_ruleset": NFT_TEXT} if mode == "nftables"
             else {"sos_commands/ipvs/ipvsadm_-Ln": IPVS_TEXT})
    report = build_sosreport(tmp_path, {"ip -d address": IP_ADDR}, hostname="node1",
                             files=files)
    snapshot = load(report)
    services = snapshot.records("services")
    assert {projection(s) for s in services} == truth_projection()
    assert all(s.mode.value == mode for s in services)


def test_the_iptables_rules_of_the_same_services_agree() -> None:
    """The iptables-save kube-proxy's iptables mode would program for the nftables
    Services (netfacts.renderers.kube_proxy), read back, gives the same Services."""
    from netfacts.facts.services import services_from_iptables
    from netfacts.parsers.iptables_save import parse_iptables_save
    from netfacts.renderers.kube_proxy import kube_proxy_rules

    found: list[Service] = []
    for family, cidr in ((4, "10.244.0.0/16"), (6, "fd00:10:244::/56")):
        group = [s for s in nft_services() if s.family == family]
        text = kube_proxy_rules(group, canonical=True, cluster_cidr=cidr, family=family)
        output = parse_iptables_save(text)
        assert output.diagnostics == ()
        found.extend(services_from_iptables(output))
    assert {projection(s) for s in found} == truth_projection()
    assert {s.name for s in found} == {s.name for s in nft_services()}
