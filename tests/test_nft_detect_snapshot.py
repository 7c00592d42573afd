"""The nft family found by content, command line and sos file name, and in snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

import netfacts
from conftest import FIXTURES
from netfacts.detection import detect, kind_from_filename
from netfacts.models.nft import NftOutput, NftTable
from netfacts.testing.sosreport import build_sosreport

NFT = FIXTURES / "nft"
TEXT = (NFT / "kube-proxy" / "nft_-a_list_ruleset.txt").read_text()


@pytest.mark.parametrize("name", [
    "sos_commands/firewall_tables/nft_-a_list_ruleset",
    "sos_commands/firewall_tables/nft_list_ruleset",
    "sos_commands/networking/nft_list_ruleset",
    "sos_commands/firewalld/nft_list_ruleset",
    "nft_list_table_ip_kube-proxy.txt",
])
def test_sos_file_names(name: str) -> None:
    found = kind_from_filename(name)
    assert found is not None and found.kind == "nft"


def test_json_listing_is_not_this_family() -> None:
    assert kind_from_filename("nft_-j_list_ruleset") is None


def test_content_and_prompt() -> None:
    assert detect(TEXT).kind == "nft"
    merged = (NFT / "iptables-nft" / "nft_-a_list_ruleset.merged.txt").read_text()
    assert detect(merged).kind == "nft"
    assert detect("# nft -a list ruleset\n" + TEXT).kind == "nft"


def test_public_parse_render_json() -> None:
    output = netfacts.parse(TEXT, source="sos_commands/firewall_tables/nft_-a_list_ruleset")
    assert isinstance(output, NftOutput) and output.kind == "nft"
    assert netfacts.render(output) == TEXT
    assert netfacts.to_json(output)["nftables"][1]["table"]["name"] == "kube-proxy"
    assert netfacts.NftOutput is NftOutput


def test_snapshot_keeps_the_tables_and_round_trips(tmp_path: Path) -> None:
    report = build_sosreport(tmp_path, {}, hostname="node1", files={
        "sos_commands/firewall_tables/nft_-a_list_ruleset": TEXT})
    snapshot = netfacts.load(report)
    assert not isinstance(snapshot, netfacts.Cluster)
    tables = snapshot.records("nftables")
    assert [(t.family.value, t.name) for t in tables] == [("ip", "kube-proxy"),
                                                         ("ip6", "kube-proxy")]
    assert all(isinstance(t, NftTable) for t in tables)
    assert any(s.path.endswith("nft_-a_list_ruleset") and s.used for s in snapshot.sources)
    import json

    from netfacts.jsonio.snapshot import snapshot_to_json

    data = snapshot_to_json(snapshot)
    assert data["nftables"][0] == {"table": {"family": "ip", "name": "kube-proxy",
                                             "handle": 1, "comment": "rules for kube-proxy"}}
    again = netfacts.load_json(json.dumps(data))
    assert not isinstance(again, netfacts.Cluster)
    assert again.records("nftables") == tables


def test_diff_reports_an_nft_chain_policy_once(tmp_path: Path) -> None:
    from netfacts.diff import diff

    changed = TEXT.replace("type filter hook input priority -110; policy accept;",
                           "type filter hook input priority -110; policy drop;", 1)
    snapshots = []
    for name, text in (("a", TEXT), ("b", changed)):
        report = build_sosreport(tmp_path / name, {}, hostname="node1", files={
            "sos_commands/firewall_tables/nft_-a_list_ruleset": text})
        snapshot = netfacts.load(report)
        assert not isinstance(snapshot, netfacts.Cluster)
        snapshots.append(snapshot)
    changes = [(c.kind, c.key, c.field, c.before, c.after)
               for c in diff(snapshots[0], snapshots[1]) if c.kind == "chain"]
    assert changes == [("chain", "nft ip kube-proxy filter-input", "policy", "accept", "drop")]
