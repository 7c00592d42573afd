"""render → parse round trips over generated ``iptables-save`` dumps and ``iptables -L``
listings, and Services → kube-proxy rules → Services."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfacts.facts.services import _quick_view, _view_of_arguments, services_from_iptables
from netfacts.jsonio.iptables import iptables_to_json
from netfacts.jsonio.iptables_save import iptables_save_to_json
from netfacts.models.firewall import IptablesOutput, IptablesRule, IptablesSaveOutput
from netfacts.models.service import Service
from netfacts.parsers.iptables import parse_iptables
from netfacts.parsers.iptables_save import parse_iptables_save
from netfacts.renderers.iptables import render_iptables
from netfacts.renderers.iptables_save import render_iptables_save, rule_arguments
from netfacts.renderers.kube_proxy import kube_proxy_rules
from netfacts.testing._strategies_iptables import (
    iptables_outputs,
    iptables_rules,
    iptables_save_outputs,
    services,
)

pytestmark = pytest.mark.property


def _save(text: str, expected: IptablesSaveOutput) -> IptablesSaveOutput:
    return parse_iptables_save(text, source="generated", family=expected.family)


@given(iptables_save_outputs())
def test_save_parse_of_render_gives_the_model_back(case: tuple[str, IptablesSaveOutput]
                                                   ) -> None:
    text, expected = case
    parsed = _save(text, expected)
    errors = [d.render() for d in parsed.diagnostics if d.severity.value != "info"]
    assert errors == []
    assert parsed == expected
    assert render_iptables_save(parsed) == text  # from the rows, byte for byte
    for table in parsed.tables:
        list(table.rules)  # built
    assert render_iptables_save(parsed) == text  # from the models: the same text


@given(iptables_save_outputs())
def test_save_json_is_plain_data(case: tuple[str, IptablesSaveOutput]) -> None:
    text, expected = case
    data = iptables_save_to_json(_save(text, expected))
    assert json.loads(json.dumps(data)) == data
    assert [table["name"] for table in data["tables"]] == [t.name for t in expected.tables]


def _listing(text: str, expected: IptablesOutput) -> IptablesOutput:
    return parse_iptables(text, source="generated", table=expected.table,
                          family=expected.family)


@given(iptables_outputs())
def test_listing_parse_of_render_gives_the_model_back(case: tuple[str, IptablesOutput]
                                                      ) -> None:
    text, expected = case
    parsed = _listing(text, expected)
    assert [d.render() for d in parsed.diagnostics] == []
    assert parsed == expected
    assert render_iptables(parsed) == text
    data = iptables_to_json(parsed)
    assert json.loads(json.dumps(data)) == data


def _normal(service: Service) -> tuple[object, ...]:
    return (service.name, service.protocol, service.cluster_ip, service.port, service.nodeport,
            service.external_ips, service.endpoint_set, service.session_affinity,
            service.affinity_timeout)


@given(services(), st.booleans())
def test_services_survive_kube_proxy_rules(items: list[Service], canonical: bool) -> None:
    text = kube_proxy_rules(items, canonical=canonical)
    parsed = parse_iptables_save(text)
    assert parsed.ok, [d.render() for d in parsed.diagnostics]
    derived = services_from_iptables(parsed)
    assert sorted(map(_normal, derived), key=repr) == sorted(map(_normal, items), key=repr)
    for service in derived:
        if service.endpoints:
            assert abs(sum(e.probability or 0 for e in service.endpoints) - 1) < 1e-5
            assert {e.probability for e in service.endpoints} and all(
                abs((e.probability or 0) - 1 / len(service.endpoints)) < 1e-5
                for e in service.endpoints)


@given(iptables_rules(), st.sampled_from(["KUBE-SEP-X", "KUBE-SVC-X", "KUBE-SERVICES"]))
def test_quick_rule_view_agrees_with_the_scan(rule: IptablesRule, chain: str) -> None:
    """The string-search view of kube-proxy-shaped rules equals the token scan's."""
    arguments = rule_arguments(rule)
    quick = _quick_view("f", "nat", chain, 1, arguments)
    if quick is not None:
        assert quick == _view_of_arguments("f", "nat", chain, 1, arguments), arguments


@given(services(max_size=4))
def test_quick_view_covers_kube_proxy_rules(items: list[Service]) -> None:
    text = kube_proxy_rules(items, canonical=True)
    for table in parse_iptables_save(text).tables:
        assert table.rules.rows is not None  # type: ignore[attr-defined]
        for chain, arguments, _, _ in table.rules.rows:  # type: ignore[attr-defined]
            quick = _quick_view(None, table.name, chain, None, arguments)
            if chain.startswith(("KUBE-SEP-", "KUBE-SVC-", "KUBE-SERVICES")):
                assert quick is not None, arguments
            if quick is not None:
                assert quick == _view_of_arguments(None, table.name, chain, None, arguments)
