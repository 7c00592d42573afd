"""``iptables-save`` captures from real iptables 1.8.9 (nf_tables and legacy builds).

Ground truth: the rule files that were loaded (``features.rules``, ``kube.rules``), what
``iptables-save`` is documented to print for them, and the nf_tables build, the legacy
build and ``-c`` agreeing with each other.
"""

from __future__ import annotations

import ipaddress
import json

import pytest

from conftest import NETNS
from netfacts.errors import ParseError
from netfacts.jsonio.iptables_save import iptables_save_to_json
from netfacts.models.firewall import IptablesRule, IptablesSaveOutput
from netfacts.parsers.iptables_save import parse_iptables_save, sniff
from netfacts.renderers.iptables_save import render_iptables_save, render_rule

SAVE = NETNS / "iptables_save"
CAPTURES = sorted(SAVE.glob("*.txt"))


def _parse(name: str) -> IptablesSaveOutput:
    return parse_iptables_save((SAVE / name).read_text(), source=name)


def _rules(output: IptablesSaveOutput, table: str, chain: str) -> list[IptablesRule]:
    found = output.table(table)
    assert found is not None
    return found.rules_in(chain)


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_every_capture_parses_cleanly_and_renders_back(path: object) -> None:
    text = path.read_text()  # type: ignore[attr-defined]
    output = parse_iptables_save(text, source=path.name)  # type: ignore[attr-defined]
    assert [d for d in output.diagnostics if d.severity.value != "info"] == []
    assert output.tables and all(table.committed for table in output.tables)
    rendered = render_iptables_save(output)
    if "stderr-merged" not in path.name:  # type: ignore[attr-defined]
        assert rendered == text
    assert parse_iptables_save(rendered) == output
    data = iptables_save_to_json(output)
    assert json.loads(json.dumps(data)) == data


def test_forms() -> None:
    assert _parse("iptables-save.txt").form.backend == "nf_tables"
    legacy = _parse("iptables-legacy-save.txt").form
    assert (legacy.backend, legacy.version, legacy.command) == ("legacy", "v1.8.9",
                                                                 "iptables-save")
    assert _parse("iptables-save_-c.txt").form.counters is True
    assert _parse("iptables-save.txt").form.counters is False
    six = _parse("ip6tables-save.txt")
    assert six.form.command == "ip6tables-save" and six.family == 6
    assert [t.name for t in _parse("iptables-save_-t_nat.txt").tables] == ["nat"]


def test_builds_agree() -> None:
    """The legacy and nf_tables builds print the same rules (tables in another order)."""
    nft, legacy = _parse("iptables-save.txt"), _parse("iptables-legacy-save.txt")
    assert {t.name for t in nft.tables} == {t.name for t in legacy.tables}
    for table in nft.tables:
        other = legacy.table(table.name)
        assert other is not None
        assert sorted(map(render_rule, table.rules)) == sorted(map(render_rule, other.rules))


def test_counters() -> None:
    output = _parse("iptables-save_-c.txt")
    mangle = output.table("mangle")
    assert mangle is not None
    prerouting = mangle.chain("PREROUTING")
    assert prerouting is not None
    # set by iptables-restore -c from features.rules
    assert (prerouting.policy, prerouting.packets, prerouting.bytes) == (
        "ACCEPT", 123456789, 98765432109)
    marks = [r for r in mangle.rules if r.target == "MARK"]
    assert (marks[0].packets, marks[0].bytes) == (12345678901234, 1234567890123456)
    assert _parse("iptables-save.txt").rules[0].packets is None


def test_quoting_and_text_options() -> None:
    comments = [r.comment for r in _rules(_parse("iptables-save.txt"), "mangle", "PREROUTING")
                if r.comment is not None]
    assert comments[:4] == ["", "a \"quoted\" comment with 'single' and back\\slash",
                            "é unicode", "tab\there"]
    assert "-x" in comments  # a bare comment that looks like an option
    multi = next(r for r in _rules(_parse("iptables-save.txt"), "mangle", "PREROUTING")
                 if r.comment == "multi")
    assert multi.comments == ("multi", "second")
    log = next(r for r in _rules(_parse("iptables-save.txt"), "filter", "INPUT")
               if r.target == "LOG")
    prefix = log.target_option("log-prefix")
    assert prefix is not None and prefix.values == ("iptables denied: \"x\" 'y' \\z",)
    assert log.option("limit", "limit") is not None


def test_generic_part() -> None:
    rules = _rules(_parse("iptables-save.txt"), "mangle", "FORWARD")
    first = rules[0]
    assert first.source == ipaddress.ip_network("5.6.7.8/32")
    assert first.destination == ipaddress.ip_network("1.2.3.4/32")
    assert (first.in_interface, first.out_interface, first.protocol, first.fragment) == (
        "eth0", "eth1", "tcp", True)
    assert rules[2].source == "10.0.0.1/255.255.0.255"  # non-contiguous mask: kept as text
    negated = rules[3]
    assert (negated.source_negated, negated.in_interface, negated.in_negated,
            negated.protocol, negated.protocol_negated) == (True, "veth+", True, "udp", True)
    goto = rules[4]
    assert (goto.target, goto.goto, goto.out_interface) == ("MARKS", True, "br0")
    prerouting = _rules(_parse("iptables-save.txt"), "mangle", "PREROUTING")
    assert prerouting[4].fragment is False  # ! -f
    assert prerouting[-1].target is None and prerouting[-1].comment == "counts only"


def test_matches_and_targets() -> None:
    prerouting = _rules(_parse("iptables-save.txt"), "mangle", "PREROUTING")
    flags = prerouting[5]
    dport = flags.option("tcp", "dport")
    assert dport is not None and dport.negated and dport.values == ("80",)
    tcp_flags = flags.option("tcp", "tcp-flags")
    assert tcp_flags is not None and tcp_flags.values == ("SYN,RST", "SYN")
    assert prerouting[6].dport == "80:90" and prerouting[6].sport == "1024:65535"
    assert prerouting[10].ctstate == ("INVALID", "NEW")
    assert prerouting[11].src_type == "LOCAL" and prerouting[11].dst_type == "UNICAST"
    assert prerouting[4].set_xmark == "0x1/0xffffffff"  # --set-mark 0x1, canonical
    nat = _parse("iptables-save.txt")
    masq = _rules(nat, "nat", "KUBE-MARK-MASQ")[0]
    assert masq.set_xmark == "0x4000/0x4000"  # kube-proxy wrote --or-mark 0x4000
    postrouting = _rules(nat, "nat", "KUBE-POSTROUTING")
    assert postrouting[0].mark == "0x4000/0x4000"
    assert postrouting[0].option("mark", "mark").negated  # type: ignore[union-attr]
    assert postrouting[2].target == "MASQUERADE"
    assert postrouting[2].target_option("random-fully") is not None
    sep = [r for r in nat.rules if r.target == "DNAT"]
    assert sep and all(r.to_destination for r in sep)
    probabilities = {r.probability for r in nat.rules if r.probability is not None}
    assert 0.33333333349 in probabilities and 0.5 in probabilities  # re-quantised 1/3


def test_kube_rules_as_loaded() -> None:
    """Every kube-proxy rule that was loaded is in the dump, as iptables-save spells it."""
    loaded = (SAVE / "kube.rules").read_text().splitlines()
    output = _parse("iptables-save.txt")
    saved = {f"{t.name} {render_rule(r)}" for t in output.tables for r in t.rules}
    table = ""
    for line in loaded:
        if line.startswith("*"):
            table = line[1:]
        if not line.startswith("-A "):
            continue
        line = line.replace("--or-mark 0x4000", "--set-xmark 0x4000/0x4000").replace(
            "--xor-mark 0x4000", "--set-xmark 0x4000/0x0")
        if "--probability" in line:
            continue  # re-quantised: checked above
        if "-m recent" in line:
            continue  # options re-ordered by the recent module
        assert f"{table} {line}" in saved, line


def test_stderr_note_in_the_middle_of_a_line() -> None:
    name = "iptables-save_legacy-present.stderr-merged.txt"
    output = _parse(name)
    assert output.form.notes == (
        "Warning: iptables-legacy tables present, use iptables-legacy-save to see them",)
    clean = _parse("iptables-save.txt")
    assert [t.name for t in output.tables] == [t.name for t in clean.tables]
    for table in output.tables:
        other = clean.table(table.name)
        assert other is not None and list(table.rules) == list(other.rules)


def test_one_garbled_line_loses_only_its_rule() -> None:
    lines = (SAVE / "iptables-save.txt").read_text().splitlines(True)
    index = next(i for i, line in enumerate(lines) if line.startswith("-A KUBE-SERVICES"))
    damaged = lines[:]
    damaged[index] = damaged[index].replace("--comment \"", "--comment \"unterminated ", 1
                                            ).replace("\" -m", " -m", 1)
    output = parse_iptables_save("".join(damaged), source="damaged")
    clean = _parse("iptables-save.txt")
    errors = [d for d in output.diagnostics if d.severity.value == "error"]
    assert [d.line for d in errors] == [index + 1]
    assert len(output.rules) == len(clean.rules) - 1
    with pytest.raises(ParseError) as caught:
        parse_iptables_save("".join(damaged), strict=True, source="damaged")
    assert caught.value.line == index + 1 and "damaged" in str(caught.value)


def test_cut_off_capture_is_reported() -> None:
    text = (SAVE / "iptables-save.txt").read_text()
    cut = text[: text.index("COMMIT", text.index("*nat"))]
    output = parse_iptables_save(cut)
    nat = output.table("nat")
    assert nat is not None and nat.committed is False
    assert any("cut off" in d.message for d in output.diagnostics)


def test_rules_outside_tables_and_undeclared_chains() -> None:
    output = parse_iptables_save("-A INPUT -j ACCEPT\n*filter\n-A NOPE -j ACCEPT\nCOMMIT\n")
    messages = [d.message for d in output.diagnostics]
    assert any("outside a table" in m for m in messages)
    assert any("does not declare" in m for m in messages)
    assert len(output.rules) == 1


def test_sniffer() -> None:
    for path in CAPTURES:
        lines = [line for line in path.read_text().splitlines() if line.strip()][:40]
        found = sniff(lines)
        assert found is not None and found[0] in ("iptables-save", "ip6tables-save")
    assert sniff(["1: lo: <LOOPBACK,UP> mtu 65536"]) is None


def test_counters_beyond_64_bits_are_errors() -> None:
    big = "9" * 20
    text = (f"*filter\n:INPUT ACCEPT [{big}:0]\n[{big}:1] -A INPUT -j ACCEPT\n"
            "[1:1] -A INPUT -j DROP\nCOMMIT\n")
    output = parse_iptables_save(text)
    assert [d.line for d in output.diagnostics if d.severity.value == "error"] == [2, 3]
    assert [r.target for r in output.rules] == ["DROP"]
