"""The Service model and kube-proxy's chain-name hashing."""

from __future__ import annotations

import ipaddress

import attrs
import pytest

from netfacts.facts.kube_names import (
    iptables_endpoint_chain,
    iptables_service_chain,
    nftables_endpoint_chain,
    nftables_service_chain,
)
from netfacts.jsonio._codec import decode, encode
from netfacts.jsonio.service import service_identity, service_to_json
from netfacts.models.service import (
    Endpoint,
    ProxyMode,
    RuleRef,
    Service,
    ServiceProtocol,
    split_port_name,
)

IP = ipaddress.ip_address


@pytest.mark.parametrize(("prefix", "name", "protocol", "chain"), [
    # names seen in public kube-proxy dumps (FAMILIES-2.md §7)
    ("KUBE-SVC-", "default/kubernetes:https", "tcp", "KUBE-SVC-NPX46M4PTMTKRN6Y"),
    ("KUBE-SVC-", "kube-system/kube-dns:dns", "udp", "KUBE-SVC-TCOU7JCQXEZGVUNU"),
    ("KUBE-SVC-", "demo/web:http", "TCP", "KUBE-SVC-XRY76EGRC3BSCIIJ"),
])
def test_iptables_service_chain(prefix: str, name: str, protocol: str, chain: str) -> None:
    assert iptables_service_chain(prefix, name, protocol) == chain


def test_iptables_endpoint_chain() -> None:
    assert iptables_endpoint_chain("demo/web:http", "tcp", "10.244.1.5", 8080) == (
        "KUBE-SEP-NW5VICAF3Z2QABHQ")
    # IPv6 endpoints are hashed as [ip]:port, so they differ from the bare text
    assert iptables_endpoint_chain("a/b:c", "tcp", "fd00::1", 80) != (
        "KUBE-SEP-" + iptables_service_chain("", "a/b:c", "tcpfd00::1:80"))


def test_nftables_chains() -> None:
    # upstream's own examples (pkg/proxy/nftables/proxier_test.go)
    assert nftables_service_chain("service-", "ns1", "svc1", "tcp", "p80") == (
        "service-ULMVA6XW-ns1/svc1/tcp/p80")
    assert nftables_endpoint_chain("ns1", "svc1", "tcp", "p80", ip="10.180.0.1", port=80) == (
        "endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80")
    assert nftables_endpoint_chain("ns1", "svc1", "tcp", "p80", ip="fd00::1", port=80).endswith(
        "__fd00..1/80")


def _service(**changes: object) -> Service:
    base = Service(
        name="demo/web:http", protocol=ServiceProtocol.TCP, cluster_ip=IP("10.96.12.34"),
        port=80, nodeport=30080,
        endpoints=(Endpoint(ip=IP("10.244.1.5"), port=8080, probability=0.5,
                            rule_probability=0.5, chain="KUBE-SEP-NW5VICAF3Z2QABHQ",
                            rules=(RuleRef(file="f", line=3, table="nat",
                                           chain="KUBE-SVC-XRY76EGRC3BSCIIJ"),)),
                   Endpoint(ip=IP("10.244.2.7"), port=8080, probability=0.5)),
        chain="KUBE-SVC-XRY76EGRC3BSCIIJ",
        rules=(RuleRef(file="f", line=2, table="nat", chain="KUBE-SERVICES"),),
    )
    return attrs.evolve(base, **changes)


def test_service_properties() -> None:
    service = _service()
    assert service.key == ("tcp", IP("10.96.12.34"), 80)
    assert service.family == 4
    assert service.namespace == "demo" and service.service_name == "web"
    assert service.port_name == "http"
    assert service.endpoint_set == {(IP("10.244.1.5"), 8080), (IP("10.244.2.7"), 8080)}
    assert str(service) == "tcp 10.96.12.34:80 (demo/web:http)"
    assert str(service.endpoints[0]) == "10.244.1.5:8080"
    assert str(service.rules[0]) == "f:2 (nat KUBE-SERVICES)"
    assert service.mode is ProxyMode.IPTABLES
    six = _service(cluster_ip=IP("fd00:96::1"), name=None)
    assert str(six) == "tcp [fd00:96::1]:80" and six.family == 6 and six.namespace is None


def test_split_port_name() -> None:
    assert split_port_name("ns/svc:port") == ("ns", "svc", "port")
    assert split_port_name("ns/svc") == ("ns", "svc", "")
    assert split_port_name("ns/svc:") == ("ns", "svc", "")
    assert split_port_name("svc") == ("", "svc", "")


def test_validation() -> None:
    with pytest.raises(ValueError, match="port"):
        _service(port=70000)
    with pytest.raises(ValueError, match="port"):
        _service(nodeport=-1)
    with pytest.raises(ValueError, match="probability"):
        Endpoint(ip=IP("10.0.0.1"), port=1, probability=1.5)
    assert ServiceProtocol("dccp").known is False  # unknown protocols are kept


def test_json_and_codec() -> None:
    service = _service()
    data = service_to_json(service)
    assert data["cluster_ip"] == "10.96.12.34" and data["nodeport"] == 30080
    assert data["endpoints"][0]["chain"] == "KUBE-SEP-NW5VICAF3Z2QABHQ"
    assert data["rules"] == [{"file": "f", "line": 2, "table": "nat",
                              "chain": "KUBE-SERVICES"}]
    assert "extra" not in data
    assert decode(Service, encode(service)) == service
    assert service_identity(service) == "tcp 10.96.12.34:80"
