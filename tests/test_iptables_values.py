"""``iptables -L`` listings from real iptables 1.8.9, checked against the ``iptables-save``
dump of the same rules (captured together by ``scripts/capture_iptables.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import NETNS
from netfacts.errors import ParseError
from netfacts.jsonio.iptables import iptables_to_json
from netfacts.models.firewall import IptablesOutput, IptablesRule, ListedRule
from netfacts.parsers.iptables import count_value, parse_iptables, sniff
from netfacts.parsers.iptables_save import parse_iptables_save
from netfacts.renderers.iptables import count_text, render_iptables

LISTINGS = NETNS / "iptables"
SAVE = NETNS / "iptables_save"
CAPTURES = sorted(LISTINGS.glob("*.txt"))


def _listing(name: str, **hints: object) -> IptablesOutput:
    return parse_iptables((LISTINGS / name).read_text(), source=name, **hints)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_every_capture_parses_cleanly_and_renders_back(path: Path) -> None:
    text = path.read_text()
    output = parse_iptables(text, source=path.name)
    assert [d for d in output.diagnostics if d.severity.value == "error"] == []
    if "stderr-merged" not in path.name:
        assert render_iptables(output) == text
    data = iptables_to_json(output)
    assert json.loads(json.dumps(data)) == data


def test_forms_and_tables() -> None:
    assert _listing("iptables_-t_nat_-nvL.txt").table == "nat"  # from its built-in chains
    assert _listing("iptables_-vnxL.txt").table == "filter"
    exact = _listing("iptables_-vnxL.txt").form
    assert (exact.verbose, exact.exact, exact.numeric) == (True, True, True)
    plain = _listing("iptables_-t_nat_-L.txt").form
    assert (plain.verbose, plain.numeric) == (False, False)
    numbered = _listing("iptables_-t_mangle_-nL_--line-numbers.txt").form
    assert (numbered.line_numbers, numbered.verbose) == (True, False)
    assert _listing("ip6tables_-t_nat_-nvL.txt").family == 6
    assert _listing("iptables_-t_nat_-nvL.txt", table="raw").table == "raw"  # a hint wins


def _pairs(listing: str, save: str, table: str) -> list[tuple[ListedRule, IptablesRule]]:
    listed = _listing(listing)
    saved = parse_iptables_save((SAVE / save).read_text()).table(table)
    assert saved is not None
    pairs = []
    for chain in listed.chains:
        rules = saved.rules_in(chain.name)
        assert len(rules) == len(chain.rules), chain.name
        pairs.extend(zip(chain.rules, rules))
    return pairs


@pytest.mark.parametrize(("listing", "save", "table"), [
    ("iptables_-t_nat_-nvL.txt", "iptables-save.txt", "nat"),
    ("iptables_-t_filter_-nvL.txt", "iptables-save.txt", "filter"),
    ("iptables_-t_mangle_-nvL.txt", "iptables-save.txt", "mangle"),
    ("iptables-legacy_-t_nat_-nvL.txt", "iptables-legacy-save.txt", "nat"),
    ("ip6tables_-t_nat_-nvL.txt", "ip6tables-save.txt", "nat"),
    ("iptables_-t_nat_-nvL_legacy-present.stderr-merged.txt", "iptables-save.txt", "nat"),
])
def test_listing_agrees_with_save(listing: str, save: str, table: str) -> None:
    pairs = _pairs(listing, save, table)
    assert pairs
    for listed, saved in pairs:
        assert listed.target == saved.target
        assert listed.goto == saved.goto
        assert listed.protocol_name == (saved.protocol_name or "all")
        assert listed.protocol_negated == saved.protocol_negated
        for side in ("source", "destination"):
            want = getattr(saved, side)
            got = getattr(listed, side)
            if want is None:
                assert str(got) in ("0.0.0.0/0", "::/0")
            else:
                assert str(got) == str(want)
                assert getattr(listed, side + "_negated") == getattr(saved, side + "_negated")
        assert listed.in_interface == saved.in_interface
        assert listed.out_interface == saved.out_interface
        assert listed.comments == saved.comments
        if saved.protocol in ("tcp", "udp", "sctp") and saved.dport:
            option = saved.option(saved.protocol, "dport")
            assert listed.dport == ("!" if option and option.negated else "") + saved.dport
        if saved.probability is not None:
            assert listed.probability == pytest.approx(saved.probability, abs=1e-10)
        assert listed.to_destination == saved.to_destination
        assert listed.mark == saved.mark
        assert listed.dst_type == saved.dst_type


def test_counters_exact_and_with_units() -> None:
    exact = _listing("iptables_-t_mangle_-vnxL_--line-numbers.txt")
    units = _listing("iptables_-t_mangle_-nvL.txt")
    saved = parse_iptables_save((SAVE / "iptables-save_-c.txt").read_text()).table("mangle")
    assert saved is not None
    for chain in exact.chains:
        assert [r.packets for r in chain.rules] == [r.packets for r in saved.rules_in(chain.name)]
        assert [r.number for r in chain.rules] == list(range(1, len(chain.rules) + 1))
    for exact_rule, unit_rule in zip(exact.rules, units.rules):
        assert exact_rule.packets is not None and exact_rule.bytes is not None
        assert unit_rule.packets == count_value(count_text(exact_rule.packets))
        assert unit_rule.bytes == count_value(count_text(exact_rule.bytes))
    prerouting = units.chain("PREROUTING")
    assert prerouting is not None and prerouting.packets == 123000000  # printed 123M


def test_empty_target_cell() -> None:
    """kube-proxy's last KUBE-FW rule has no -j: the target cell is blank."""
    listing = _listing("iptables_-t_nat_-nvL.txt")
    fw = next(c for c in listing.chains if c.name.startswith("KUBE-FW-"))
    last = fw.rules[-1]
    assert last.target is None
    assert last.comment is not None and last.comment.startswith("other traffic to")


def test_protocol_numbers() -> None:
    listing = _listing("iptables_-t_nat_-nvL.txt")
    protocols = {r.protocol for r in listing.rules}
    assert {"0", "6", "17", "132"} <= protocols  # iptables 1.8.9 -n prints numbers
    names = {r.protocol for r in _listing("iptables_-t_nat_-L.txt").rules}
    assert {"all", "tcp", "udp", "sctp"} <= names


def test_one_garbled_row_loses_only_itself() -> None:
    lines = (LISTINGS / "iptables_-t_nat_-nvL.txt").read_text().splitlines(True)
    index = next(i for i, line in enumerate(lines) if "KUBE-SVC-" in line and "dpt:" in line)
    damaged = lines[:]
    damaged[index] = damaged[index][:45] + "\n"  # cut after the protocol column
    output = parse_iptables("".join(damaged), source="damaged")
    errors = [d for d in output.diagnostics if d.severity.value == "error"]
    assert [d.line for d in errors] == [index + 1]
    assert len(output.rules) == len(_listing("iptables_-t_nat_-nvL.txt").rules) - 1
    with pytest.raises(ParseError):
        parse_iptables("".join(damaged), strict=True, source="damaged")


def test_sniffer() -> None:
    for path in CAPTURES:
        lines = [line for line in path.read_text().splitlines()
                 if line.strip() and not line.startswith("#")]
        assert sniff(lines) == ("iptables", 95)


@pytest.mark.parametrize(("save", "listing", "family"), [
    ("iptables-save.txt", "iptables_-t_nat_-nvL.txt", 4),
    ("iptables-legacy-save.txt", "iptables-legacy_-t_nat_-nvL.txt", 4),
    ("ip6tables-save.txt", "ip6tables_-t_nat_-nvL.txt", 6),
])
def test_listing_of_a_save_table_is_what_iptables_prints(save: str, listing: str,
                                                         family: int) -> None:
    """``listing_of`` (used to make benchmark input) prints kube-proxy's nat table exactly as
    ``iptables -t nat -nvL`` printed it."""
    from netfacts.renderers.iptables import listing_of

    table = parse_iptables_save((SAVE / save).read_text()).table("nat")
    assert table is not None
    assert render_iptables(listing_of(table, family=family)) == (LISTINGS / listing).read_text()


def test_counters_beyond_64_bits_are_errors() -> None:
    big = "9" * 20
    text = (f"Chain INPUT (policy ACCEPT {big} packets, 0 bytes)\n"
            " pkts bytes target     prot opt in     out     source               destination\n"
            f"{big}     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0\n"
            "    1     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0\n")
    output = parse_iptables(text)
    assert [d.line for d in output.diagnostics if d.severity.value == "error"] == [1, 3]
    assert [r.packets for r in output.rules] == [1]
    chain = output.chain("INPUT")
    assert chain is not None and chain.packets is None and chain.policy == "ACCEPT"


def test_rule_without_target_before_an_option_or_interface_like_a_protocol() -> None:
    """Printed by iptables 1.8.9 here for ``iptables -A A ! -i f ! -f`` and
    ``-A A -p 0 -f`` (no -j): the blank target cell must not take the protocol '0' and
    shift '!f'/'-f' into the protocol (found by the listing round-trip property test)."""
    text = (
        "Chain A (0 references)\n"
        " pkts bytes target     prot opt in     out     source               destination"
        "         \n"
        "    0     0            0    !f  !f     *       0.0.0.0/0            0.0.0.0/0"
        "           \n"
        "    0     0            0    -f  *      *       0.0.0.0/0            0.0.0.0/0"
        "           \n")
    listing = parse_iptables(text, strict=True)
    first, second = listing.chains[0].rules
    assert (first.target, first.protocol, first.opt) == (None, "0", "!f")
    assert (first.in_interface, first.in_negated) == ("f", True)
    assert (second.target, second.protocol, second.opt, second.in_interface) == (
        None, "0", "-f", None)
    plain = parse_iptables(
        "Chain A (0 references)\n"
        "target     prot opt source               destination         \n"
        "           0    !f  0.0.0.0/0            0.0.0.0/0           \n", strict=True)
    assert (plain.rules[0].target, plain.rules[0].protocol, plain.rules[0].opt) == (
        None, "0", "!f")
