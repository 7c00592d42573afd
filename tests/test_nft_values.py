"""Values read from the nft captures, and how damaged listings are handled."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.nft import nft_to_json, priority_value, value_json
from netfacts.models.nft import (
    NftConcat,
    NftCounter,
    NftCt,
    NftMatch,
    NftMeta,
    NftNat,
    NftNumgen,
    NftPayload,
    NftSetExpr,
    NftSetRef,
    NftUnknown,
    NftValue,
    NftVerdict,
    NftVerdictMap,
    NftXt,
    duration_seconds,
)
from netfacts.parsers.nft import parse_nft, sniff
from netfacts.renderers.nft import render_nft

NFT = FIXTURES / "nft"


def _read(scenario: str, name: str = "nft_-a_list_ruleset.txt") -> str:
    return (NFT / scenario / name).read_text()


def test_kube_proxy_tables_chains_and_maps() -> None:
    out = parse_nft(_read("kube-proxy"))
    assert [(t.family.value, t.name) for t in out.tables] == [("ip", "kube-proxy"),
                                                             ("ip6", "kube-proxy")]
    table = out.table("ip", "kube-proxy")
    assert table is not None and table.comment == "rules for kube-proxy"
    assert out.form.handles and table.handle == 1
    chain = table.chain("filter-prerouting")
    assert chain is not None and chain.base
    assert (chain.type, chain.hook, chain.priority, chain.policy) == (
        "filter", "prerouting", "dstnat - 10", "accept")
    assert priority_value(chain.priority, "ip") == -110
    assert priority_value("dstnat - 10", "bridge") == -310
    service_ips = table.set("service-ips")
    assert service_ips is not None and service_ips.kind == "map"
    assert service_ips.key_type == ("ipv4_addr", "inet_proto", "inet_service")
    assert service_ips.data_type == "verdict"
    assert service_ips.elements is not None and len(service_ips.elements) == 8
    first = service_ips.elements[0]
    assert first.key == NftConcat(items=(NftValue(text="10.96.88.8"), NftValue(text="sctp"),
                                         NftValue(text="9999")))
    assert first.value == NftVerdict(kind="goto", target="service-QJISIDRJ-demo/sctp-svc/sctp/")
    # the element's line: the elements start on line 53, one per line
    assert [e.line for e in service_ips.elements] == list(range(53, 61))
    no_endpoints = table.set("no-endpoint-services")
    assert no_endpoints is not None and no_endpoints.elements is not None
    assert no_endpoints.elements[0].comment == "demo/empty:http"


def test_kube_proxy_service_chain_statements() -> None:
    table = parse_nft(_read("kube-proxy")).table("ip", "kube-proxy")
    assert table is not None
    chain = table.chain("service-FY5PMXPG-kube-system/kube-dns/udp/dns")
    assert chain is not None and len(chain.rules) == 2
    masq, pick = chain.rules
    assert masq.statements == (
        NftMatch(left=NftPayload(protocol="ip", field="daddr"), op=None,
                 right=NftValue(text="10.96.0.10")),
        NftMatch(left=NftPayload(protocol="udp", field="dport"), op=None,
                 right=NftValue(text="53")),
        NftMatch(left=NftPayload(protocol="ip", field="saddr"), op="!=",
                 right=NftValue(text="10.244.0.0/16")),
        NftVerdict(kind="jump", target="mark-for-masquerade"))
    assert masq.handle == 75
    vmap = pick.statements[0]
    assert isinstance(vmap, NftVerdictMap) and vmap.key == NftNumgen(mode="random", mod=2)
    assert isinstance(vmap.data, NftSetExpr)
    assert [e.value for e in vmap.data.elements] == [
        NftVerdict(kind="goto",
                   target="endpoint-SHKW4FT7-kube-system/kube-dns/udp/dns__10.244.0.3/53"),
        NftVerdict(kind="goto",
                   target="endpoint-VWYSKC3H-kube-system/kube-dns/udp/dns__10.244.0.4/53")]
    endpoint = table.chain("endpoint-SHKW4FT7-kube-system/kube-dns/udp/dns__10.244.0.3/53")
    assert endpoint is not None
    nat = endpoint.rules[1].statements[1]
    assert nat == NftNat(kind="dnat", to=True, addr=NftValue(text="10.244.0.3"),
                         port=NftValue(text="53"))
    six = parse_nft(_read("kube-proxy")).table("ip6", "kube-proxy")
    assert six is not None
    nat6 = six.chain("endpoint-D7ESEYAO-demo/web6/tcp/http__fd00.10.244.1..5/8080")
    assert nat6 is not None
    assert nat6.rules[1].statements[1] == NftNat(
        kind="dnat", to=True, addr=NftValue(text="fd00:10:244:1::5"), port=NftValue(text="8080"))


def test_varied_counters_sets_and_objects() -> None:
    out = parse_nft(_read("varied"))
    table = out.table("inet", "filter")
    assert table is not None
    assert [o.name for o in table.objects] == ["web", "idle", "q1", "lim1"]
    assert table.objects[0].lines == ("packets 1234 bytes 567890",)
    chain = table.chain("input")
    assert chain is not None and chain.policy == "drop"
    rule = chain.rules[1]
    assert rule.statements[1] == NftCounter(packets=17, bytes=1020)
    assert chain.rules[2].comment == "loopback"
    assert chain.rules[2].statements[0] == NftMatch(left=NftMeta(key="iifname"), op=None,
                                                   right=NftValue(text='"lo"'))
    assert chain.rules[0].statements[0] == NftMatch(
        left=NftCt(key="state"), op=None, right=NftValue(text="established,related"))
    timed = table.set("timed")
    assert timed is not None and timed.property("timeout") == "1h"
    assert timed.elements is not None and timed.elements[0].comment == "pinned"
    assert duration_seconds(timed.elements[0].expires or "") == 7199
    blocklist = table.set("blocklist")
    assert blocklist is not None and blocklist.flags == ("interval",)
    assert blocklist.elements is not None and [e.line for e in blocklist.elements] == [
        29, 29, 30]


def test_value_typing() -> None:
    assert value_json("80") == 80
    assert value_json("0x00004000") == 16384
    assert value_json('"eth0"') == "eth0"
    assert value_json("10.0.0.0/8") == {"prefix": {"addr": "10.0.0.0", "len": 8}}
    assert value_json("5000-5010") == {"range": [5000, 5010]}
    assert value_json("198.51.100.0-198.51.100.20") == {"range": ["198.51.100.0",
                                                                  "198.51.100.20"]}
    assert value_json("echo-request") == "echo-request"
    assert value_json("established,related") == ["established", "related"]
    assert value_json('"10:00"-"12:00"') == {"range": ["10:00", "12:00"]}
    assert value_json("fd00::1") == "fd00::1"
    assert NftValue(text="10.96.0.0/12").network is not None
    assert NftValue(text="0x10").integer == 16


def test_iptables_nft_warnings_and_silent_comment() -> None:
    merged = parse_nft(_read("iptables-nft", "nft_-a_list_ruleset.merged.txt"))
    assert merged.diagnostics == ()
    assert [t.managed_by_iptables_nft for t in merged.tables] == [True, True]
    assert merged.tables[0].warnings == (
        "# Warning: table ip nat is managed by iptables-nft, do not touch!",)
    plain = parse_nft(_read("iptables-nft"))
    chain = plain.tables[0].chain("KUBE-SERVICES")
    assert chain is not None
    assert NftXt(type="match", name="comment", printed=False) in chain.rules[0].statements
    prerouting = plain.tables[0].chain("PREROUTING")
    assert prerouting is not None
    assert prerouting.rules[0].statements[0] == NftXt(type="match", name="comment",
                                                      printed=False)
    assert "xt match recent" in render_nft(plain)


def test_unknown_statements_are_kept_verbatim() -> None:
    text = ("table inet t {\n\tchain c {\n"
            "\t\tip saddr 10.0.0.1 queue num 3 bypass counter packets 1 bytes 2 accept\n"
            "\t\tsynproxy mss 1460 wscale 7 timestamp sack-perm\n\t}\n}\n")
    out = parse_nft(text)
    assert out.diagnostics == ()
    rules = out.tables[0].chains[0].rules
    assert rules[0].statements[1] == NftUnknown(text="queue num 3 bypass")
    assert rules[0].statements[2] == NftCounter(packets=1, bytes=2)
    assert not rules[1].complete
    assert render_nft(out) == text
    expr = nft_to_json(out)["nftables"][-2]["rule"]["expr"]
    assert expr[1] == {"unknown": "queue num 3 bypass"}


def test_set_reference_and_concatenation() -> None:
    text = ("table inet t {\n\tchain c {\n\t\tip saddr . tcp dport @pairs accept\n"
            "\t\ttcp dport { 80, 443 } accept\n\t}\n}\n")
    rules = parse_nft(text).tables[0].chains[0].rules
    match = rules[0].statements[0]
    assert isinstance(match, NftMatch) and match.right == NftSetRef(name="pairs")
    assert isinstance(match.left, NftConcat) and len(match.left.items) == 2
    second = rules[1].statements[0]
    assert isinstance(second, NftMatch) and isinstance(second.right, NftSetExpr)


GOOD = _read("kube-proxy", "nft_list_ruleset.txt")


def test_a_garbled_rule_line_loses_only_itself() -> None:
    lines = GOOD.split("\n")
    index = next(i for i, line in enumerate(lines) if "jump services" in line)
    lines[index] = '\t\tjump "services'  # an unterminated quote
    out = parse_nft("\n".join(lines))
    errors = [d for d in out.diagnostics if d.severity == Severity.ERROR]
    assert [d.line for d in errors] == [index + 1]
    good = parse_nft(GOOD)
    assert sum(1 for _ in out.rules()) == sum(1 for _ in good.rules()) - 1
    assert [t.name for t in out.tables] == [t.name for t in good.tables]


def test_strict_raises_with_line_and_column() -> None:
    with pytest.raises(ParseError) as info:
        parse_nft("table ip t {\n\tchain c {\n\t\tjump \"x\n\t}\n}\n", strict=True,
                  source="ruleset.txt")
    assert "ruleset.txt:3:" in str(info.value)


def test_a_cut_listing_is_reported() -> None:
    cut = GOOD[: len(GOOD) // 2]
    cut = cut[: cut.rfind("\n") + 1]
    out = parse_nft(cut)
    warnings = [d for d in out.diagnostics if d.severity == Severity.WARNING]
    assert any("cut off" in d.message for d in warnings)
    assert out.tables and out.tables[0].name == "kube-proxy"


def test_sniffer() -> None:
    assert sniff(["table inet filter {"]) == ("nft", 95)
    assert sniff(["table ip kube-proxy { # handle 1"]) == ("nft", 95)
    assert sniff(["# Warning: table ip nat is managed by iptables-nft, do not touch!"]) == (
        "nft", 85)
    assert sniff(["*nat", ":PREROUTING ACCEPT [0:0]"]) is None
    assert sniff(["table of contents {"]) is None


@pytest.mark.parametrize("bad", ["²", "٣", "9" * 5000, "inf", "-"])
def test_bad_numbers_lose_one_rule_at_most(bad: str) -> None:
    lines = GOOD.split("\n")
    index = next(i for i, line in enumerate(lines) if "counter" in line or "jump services" in line)
    for text in (f'{lines[index]} # handle {bad}', lines[index].replace("services", bad),
                 "\tcounter c {\n\t\tpackets " + bad + " bytes 1\n\t}"):
        damaged = "\n".join([*lines[:index], text, *lines[index + 1:]])
        out = parse_nft(damaged)
        nft_to_json(out)
        render_nft(out)
        assert len(out.tables) == 2


def test_an_element_without_its_key_is_one_error_and_the_others_stay() -> None:
    """Found by a soak run of the garbling fuzz test: a map element whose key was lost
    (': jump dns') raised IndexError out of the parser."""
    text = ("table inet filter {\n"
            "\tmap port2chain {\n"
            "\t\ttype inet_service : verdict\n"
            "\t\telements = { : jump dns, 123 : accept,\n"
            "\t\t\t     161 : drop }\n"
            "\t}\n"
            "}\n")
    out = parse_nft(text)
    (diagnostic,) = out.diagnostics
    assert (diagnostic.line, diagnostic.text) == (4, ": jump dns")
    (table,) = out.tables
    (port2chain,) = table.items
    assert [(e.line, e.value.kind) for e in port2chain.elements] == [(4, "accept"), (5, "drop")]
    with pytest.raises(ParseError):
        parse_nft(text, strict=True)
