"""ip route and ip rule: JSON twins, old versions, ground truth, hidden defaults, errors."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

import netfacts
from _twins import dumps
from _twins_route import load_route_twin
from conftest import CORPUS, NETNS, corpus_files
from netfacts.models.address import Scope
from netfacts.models.route import RouteType

ROUTE_FILES = corpus_files(families=("route",)) + sorted(
    (NETNS / "ip_route").glob("ip_*route*.txt")
)
ROUTE_TWINS = [p for p in ROUTE_FILES if p.with_suffix(".json").exists() and "-j_" not in p.name]
RULE_FILES = corpus_files(families=("rule",)) + sorted((NETNS / "ip_rule").glob("*.txt"))


def test_there_are_twins() -> None:
    assert len(ROUTE_TWINS) >= 40
    assert len([p for p in RULE_FILES if p.with_suffix(".json").exists()]) >= 6


@pytest.mark.parametrize("path", ROUTE_TWINS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_route_json_equals_ip_j_twin(path: Path) -> None:
    # The file name carries the command line (-6, show table 100, show dev eth0, get);
    # netfacts.parse reads it as a sosreport would give it.
    output = netfacts.parse(path.read_text(), source=path.name)
    assert output.kind == "ip_route"
    assert output.diagnostics == ()
    twin = load_route_twin(path.with_suffix(".json").read_text())
    assert dumps(netfacts.to_json(output)) == dumps(twin)


OLD_ROUTES = [p for p in ROUTE_FILES if p.name.startswith(("ip-3.10", "ip-4.9"))]


@pytest.mark.parametrize("path", OLD_ROUTES, ids=lambda p: p.name)
def test_old_versions_parse_without_diagnostics(path: Path) -> None:
    output = netfacts.parse(path.read_text(), "ip-route", source=path.name)
    assert output.diagnostics == ()
    assert output.routes


@pytest.mark.parametrize("path", [p for p in RULE_FILES if p.with_suffix(".json").exists()],
                         ids=lambda p: p.name)
def test_rule_json_equals_ip_j_twin(path: Path) -> None:
    output = netfacts.parse(path.read_text(), source=path.name)
    assert output.kind == "ip_rule"
    assert json.dumps(netfacts.to_json(output)) == json.dumps(json.loads(
        path.with_suffix(".json").read_text()))


def _route_add(command: str) -> dict[str, str]:
    """The selectors of an ``ip route add`` command line (ground truth, not our parser)."""
    words = command.split()
    words = words[words.index("add") + 1:]
    facts: dict[str, str] = {}
    if words[0] in ("blackhole", "unreachable", "prohibit", "throw", "local", "broadcast"):
        facts["type"] = words.pop(0)
    facts["dst"] = words.pop(0)
    for key in ("via", "dev", "proto", "metric", "table", "src"):
        if key in words and words.index(key) + 1 < len(words):
            value = words[words.index(key) + 1]
            if key == "via" and value in ("inet", "inet6"):
                value = words[words.index(key) + 2]
            facts[key] = value
    return facts


def test_routes_match_the_commands_that_made_them() -> None:
    topology = json.loads((NETNS / "topology.json").read_text())
    v4 = netfacts.parse((NETNS / "ip_route" / "ip_route_show_table_all.txt").read_text(),
                        "ip-route")
    v6 = netfacts.parse((NETNS / "ip_route" / "ip_-6_route_show_table_all.txt").read_text(),
                        "ip-route", source="ip_-6_route_show_table_all")
    checked = 0
    for added in topology["routes"]:
        command = added["command"]
        if " route add " not in command or any(w in command for w in ("nexthop", "encap", "nhid")):
            continue
        facts = _route_add(command)
        family = 6 if added["family"] == "inet6" else 4
        routes = (v6 if family == 6 else v4).routes
        dst = facts["dst"]
        network = ipaddress.ip_network("::/0" if dst == "default" and family == 6 else
                                       "0.0.0.0/0" if dst == "default" else dst, strict=False)
        table = facts.get("table", "main")
        candidates = [r for r in routes if r.dst == network and r.table == table
                      and r.type.value == facts.get("type", "unicast")]
        if "metric" in facts:
            candidates = [r for r in candidates if r.metric == int(facts["metric"])]
        assert candidates, command
        route = candidates[0]
        if "via" in facts:
            assert route.gateway == ipaddress.ip_address(facts["via"]), command
        if "dev" in facts:
            assert route.dev == facts["dev"], command
        # ip prints protocol numbers it has a name for by name (rt_protos: 42 is babel).
        proto = {"42": "babel"}.get(facts.get("proto", ""), facts.get("proto"))
        assert route.protocol == (proto or ("boot" if family == 4 else route.protocol)), command
        checked += 1
    assert checked >= 15


def test_hidden_defaults_are_filled_in() -> None:
    text = (CORPUS / "ip-6.1__route.txt").read_text()
    routes = netfacts.parse(text, "ip-route").routes
    blackhole = next(r for r in routes if r.type is RouteType.BLACKHOLE)
    assert (blackhole.protocol, blackhole.scope, blackhole.table) == ("boot", Scope.GLOBAL,
                                                                     "main")
    kernel = next(r for r in routes if str(r.dst) == "10.20.0.0/24")
    assert (kernel.protocol, kernel.scope) == ("kernel", Scope.LINK)


def test_selectors_of_the_command_line_fill_the_removed_fields() -> None:
    table = netfacts.parse((CORPUS / "ip-6.1__route_show_table_100.txt").read_text(),
                           source="ip_route_show_table_100")
    assert {r.table for r in table.routes} == {"100"}
    by_dev = netfacts.parse((CORPUS / "ip-6.1__route_show_dev_eth0.txt").read_text(),
                            source="sos_commands/networking/ip_route_show_dev_eth0")
    assert {r.dev for r in by_dev.routes} == {"eth0"}
    assert "dev" not in json.dumps(netfacts.to_json(by_dev))


def test_multipath_pref_and_encap() -> None:
    old = netfacts.parse((CORPUS / "ip-5.4__-6_route.txt").read_text(), "ip-route",
                         source="ip-5.4__-6_route.txt")
    multipath = next(r for r in old.routes if str(r.dst) == "2001:db8:1001::/48")
    assert multipath.pref == "medium"  # printed on the last nexthop line by 4.17-5.5
    assert [str(nh.gateway) for nh in multipath.nexthops] == ["2001:db8:50::1", "2001:db8:20::2"]
    assert [nh.weight for nh in multipath.nexthops] == [1, 2]
    routes = netfacts.parse((CORPUS / "ip-6.1__route.txt").read_text(), "ip-route").routes
    encap = next(r for r in routes if str(r.dst) == "10.60.0.0/16")
    assert encap.encap is not None and encap.encap.type == "ip"
    assert encap.dev == "vx-md" and encap.tos is None  # the encap's own tos is not the route's
    via6 = next(r for r in routes if str(r.dst) == "10.61.0.0/16")
    assert (str(via6.gateway), via6.via_family, via6.family) == ("fe80::1", "inet6", 4)
    metrics = next(r for r in routes if str(r.dst) == "10.51.0.0/16").metrics
    assert [(m.name, m.value, m.lock) for m in metrics] == [
        ("mtu", "1400", True), ("rtt", "20ms", False), ("advmss", "1360", False),
        ("initcwnd", "10", False)]


def test_default_route_family_and_default_routes() -> None:
    text = (CORPUS / "ip-6.1__route_show_table_all.txt").read_text()
    output = netfacts.parse(text, "ip-route")
    defaults = output.default_routes()
    assert [(str(r.gateway), r.metric) for r in defaults][:2] == [
        ("192.168.50.1", 100), ("192.168.50.254", 200)]
    v6_default = [r for r in output.routes if r.is_default and r.family == 6]
    assert v6_default and all(r.dst == ipaddress.IPv6Network("::/0") for r in v6_default)


def test_strict_error_names_file_line_and_column() -> None:
    text = "default via 192.168.50.1 dev eth0\n10.0.0.0/8 via 10.0.0.300 dev eth0\n"
    with pytest.raises(netfacts.ParseError) as raised:
        netfacts.parse(text, "ip-route", strict=True, source="r.txt")
    assert str(raised.value).splitlines()[0] == (
        "r.txt:2:16: error: Expected IP address after 'via'")
    lenient = netfacts.parse(text, "ip-route", source="r.txt")
    assert len(lenient.routes) == 1
    assert [(d.line, d.column) for d in lenient.diagnostics] == [(2, 16)]


def test_rule_values() -> None:
    rules = netfacts.parse((NETNS / "ip_rule" / "ip_rule.txt").read_text(), "ip-rule").rules
    by_priority = {r.priority: r for r in rules}
    assert str(by_priority[1000].src) == "10.20.0.0/24" and by_priority[1000].table == "100"
    assert str(by_priority[1001].dst) == "10.30.0.0/16" and by_priority[1001].src is None
    assert by_priority[1002].fwmark == "0x10"
    assert by_priority[1003].iif == "br0" and by_priority[1003].table == "main"
    assert [r.priority for r in rules] == [0, 1000, 1001, 1002, 1003, 32766, 32767]


def test_rule_prefix_keeps_host_bits() -> None:
    """``ip rule add from 10.0.0.5/8`` is listed as configured; nothing is masked away."""
    text = "100:\tfrom 10.0.0.5/8 to 2001:db8::7/64 lookup 5 \n"
    output = netfacts.parse(text, "ip-rule")
    rule = output.rules[0]
    assert str(rule.src) == "10.0.0.5/8" and str(rule.dst) == "2001:db8::7/64"
    assert netfacts.to_json(output) == [{"priority": 100, "src": "10.0.0.5", "srclen": 8,
                                         "dst": "2001:db8::7", "dstlen": 64, "table": "5"}]
    assert netfacts.render(output).split() == text.split()


def test_rule_zero_prefix_of_an_ipv6_listing() -> None:
    output = netfacts.parse("5:\tfrom 0/0 lookup 7\n", "ip-rule", source="ip_-6_rule_list")
    assert str(output.rules[0].src) == "::/0" and output.rules[0].family == 6
