"""Services read back from kube-proxy's rules in real iptables captures.

``fixtures/netns/iptables_save/services.json`` holds the Services the rules were written
from (``scripts/capture_iptables.py`` loaded them into iptables 1.8.9 with
``iptables-restore``): every format of the capture must give them back.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from conftest import NETNS
from netfacts.facts.kube_names import iptables_endpoint_chain, iptables_service_chain
from netfacts.facts.services import listing_views, services_from_iptables, services_from_views
from netfacts.models.service import Service
from netfacts.parsers.iptables import parse_iptables
from netfacts.parsers.iptables_save import parse_iptables_save

SAVE = NETNS / "iptables_save"
LISTINGS = NETNS / "iptables"
TRUTH = json.loads((SAVE / "services.json").read_text())


def _truth(item: dict[str, Any]) -> dict[str, Any]:
    external = bool(item["nodeport"] or item["external_ips"] or item["load_balancer_ips"])
    has_endpoints = bool(item["endpoints"])
    return {
        "name": item["name"], "protocol": item["protocol"], "cluster_ip": item["cluster_ip"],
        "port": item["port"], "nodeport": item["nodeport"],
        "external_ips": item["external_ips"], "load_balancer_ips": item["load_balancer_ips"],
        "source_ranges": item["source_ranges"],
        "endpoints": sorted((f"[{e['ip']}]" if ":" in e["ip"] else e["ip"]) + f":{e['port']}"
                            for e in item["endpoints"]),
        "session_affinity": item["session_affinity"],
        "affinity_timeout": item["affinity_timeout"],
        "internal": (item["internal_traffic_policy"] or "Cluster") if has_endpoints else None,
        "external": (item["external_traffic_policy"] or "Cluster")
        if external and has_endpoints else None,
    }


def _seen(service: Service) -> dict[str, Any]:
    return {
        "name": service.name, "protocol": service.protocol.value,
        "cluster_ip": str(service.cluster_ip), "port": service.port,
        "nodeport": service.nodeport, "external_ips": [str(a) for a in service.external_ips],
        "load_balancer_ips": [str(a) for a in service.load_balancer_ips],
        "source_ranges": [str(n) for n in service.source_ranges],
        "endpoints": sorted(str(e) for e in service.endpoints),
        "session_affinity": service.session_affinity,
        "affinity_timeout": service.affinity_timeout,
        "internal": service.internal_traffic_policy, "external": service.external_traffic_policy,
    }


def _same(found: tuple[Service, ...], family: str = "ipv4") -> None:
    want = sorted((_truth(item) for item in TRUTH[family]), key=lambda d: d["name"])
    got = sorted((_seen(service) for service in found), key=lambda d: d["name"])
    assert got == want


@pytest.mark.parametrize("name", ["iptables-save.txt", "iptables-save_-c.txt",
                                  "iptables-legacy-save.txt",
                                  "iptables-save_legacy-present.stderr-merged.txt"])
def test_services_from_save(name: str) -> None:
    output = parse_iptables_save((SAVE / name).read_text(), source=name)
    _same(services_from_iptables(output))
    for table in output.tables:
        list(table.rules)  # the same from built rule objects
    _same(services_from_iptables(output))


def test_services_from_ip6tables_save() -> None:
    output = parse_iptables_save((SAVE / "ip6tables-save.txt").read_text())
    _same(services_from_iptables(output), "ipv6")


def test_services_from_listings() -> None:
    """``iptables -t nat -nvL`` plus the filter listing say as much as iptables-save."""
    nat = parse_iptables((LISTINGS / "iptables_-t_nat_-nvL.txt").read_text(), table="nat",
                         source="nat")
    filter_ = parse_iptables((LISTINGS / "iptables_-t_filter_-nvL.txt").read_text(),
                             table="filter", source="filter")
    _same(services_from_views(itertools.chain(listing_views(nat), listing_views(filter_))))
    six = parse_iptables((LISTINGS / "ip6tables_-t_nat_-nvL.txt").read_text(), table="nat")
    _same(services_from_iptables(six), "ipv6")


def test_chain_names_are_kube_proxy_hashes() -> None:
    output = parse_iptables_save((SAVE / "iptables-save.txt").read_text())
    for service in services_from_iptables(output):
        if not service.endpoints:
            assert service.chain is None
            continue
        assert service.name is not None
        prefix = "KUBE-SVL-" if service.internal_traffic_policy == "Local" else "KUBE-SVC-"
        assert service.chain == iptables_service_chain(prefix, service.name,
                                                       service.protocol.value)
        for endpoint in service.endpoints:
            assert endpoint.chain == iptables_endpoint_chain(
                service.name, service.protocol.value, str(endpoint.ip), endpoint.port)


def test_probabilities_and_rule_references() -> None:
    name = "iptables-save.txt"
    lines = (SAVE / name).read_text().splitlines()
    services = services_from_iptables(parse_iptables_save("\n".join(lines) + "\n",
                                                          source=name))
    echo = next(s for s in services if s.name == "default/echo")
    assert [e.rule_probability for e in echo.endpoints] == [0.33333333349, 0.5, None]
    assert [e.probability for e in echo.endpoints] == pytest.approx([1 / 3] * 3, abs=1e-6)
    for service in services:
        assert service.rules
        for ref in (*service.rules, *(r for e in service.endpoints for r in e.rules)):
            assert ref.file == name and ref.line is not None
            line = lines[ref.line - 1]
            assert line.startswith(f"-A {ref.chain} ")
            if service.name and ref.chain != "KUBE-SERVICES" and "has no" not in line:
                continue
            assert service.name is None or service.name in line


def test_a_missing_cluster_ip_rule_leaves_a_partial_service() -> None:
    text = (SAVE / "iptables-save.txt").read_text()
    lines = [line for line in text.splitlines(True)
             if not (line.startswith("-A KUBE-SERVICES") and "default/echo cluster IP" in line)]
    services = services_from_iptables(parse_iptables_save("".join(lines)))
    echo = [s for s in services if s.name == "default/echo"]
    assert len(echo) == 1 and echo[0].cluster_ip is None and echo[0].nodeport == 30080
    assert len(echo[0].endpoints) == 3
