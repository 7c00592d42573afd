"""net-tools arp values checked against ground truth that does not come from netfacts.

Truth: ``fixtures/corpus/MANIFEST.txt`` and ``INDEX.tsv`` (topology, name resolution, the
command behind each capture), ``fixtures/netns/topology.json`` (neighbours and the
``hosts_file`` of the namespace), and the ``printf`` formats of net-tools' ``arp.c``
(``%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s %s``) for the rows no kernel here produces.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Any

import pytest

from _twins_neigh import CORPUS, NETNS, arp_captures
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.arp import arp_to_json
from netfacts.models.neighbour import ArpMessage, ArpOutput, ArpSummary, Neighbour
from netfacts.models.values import MacAddress
from netfacts.parsers import arp as parser_module
from netfacts.parsers.arp import parse_arp, sniff
from netfacts.renderers.arp import render_arp

CAPTURES = arp_captures()
TOPOLOGY: dict[str, Any] = json.loads((NETNS / "topology.json").read_text())
HOSTS: dict[str, str] = TOPOLOGY["hosts_file"]
INDEX = {line.split("\t")[0]: line.split("\t")[2]
         for line in (CORPUS / "INDEX.tsv").read_text().splitlines()[1:] if line.strip()}


def command_of(path: Path) -> str:
    """The command that produced a capture (INDEX.tsv / MANIFEST.tsv), not our guess."""
    if path.parent == CORPUS:
        return INDEX[path.name]
    manifest = (NETNS / "MANIFEST.tsv").read_text().splitlines()
    return next(row.split("\t")[3] for row in manifest if row.split("\t")[1].endswith(path.name))


def parse(path: Path) -> ArpOutput:
    out = parse_arp(path.read_text(), source=path.name)
    assert out.diagnostics == (), [d.render() for d in out.diagnostics]
    return out


def printf_row(*columns: str) -> str:
    """net-tools' arp_disp_2() format of (name, hwtype, hwaddress, flags, mask, dev)."""
    name, hwtype, hwaddress, flags, mask, dev = columns
    return f"{name:<23.23}  {hwtype:<8.8}{hwaddress:<20.20}{flags:<6.6}{mask:<15.15} {dev}"


# ============================================================ every capture


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_capture_parses_without_diagnostics_and_renders_back(path: Path) -> None:
    text = path.read_text()
    out = parse(path)
    assert render_arp(out) == text
    argv = command_of(path).split()
    assert out.form.style == ("bsd" if "-a" in argv or "-an" in argv else "table") or not (
        out.neighbours)
    assert out.form.verbose is any(a in ("-v", "-nv") for a in argv)
    assert out.form.legacy is ("1.60" in path.name and bool(out.neighbours)
                               and any(n.is_proxy for n in out.neighbours))
    rows = [line for line in text.splitlines() if not line.startswith(("Address ", "Entries:"))]
    if out.message is None:
        assert len(out.neighbours) == len(rows)


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_both_parser_paths_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse(path)
    monkeypatch.setattr(parser_module, "_FAST", False)
    slow = parse(path)
    assert slow == fast and (slow.form, slow.summary, slow.message) == (
        fast.form, fast.summary, fast.message)


def test_there_are_captures_of_every_form() -> None:
    names = {p.name for p in CAPTURES}
    for version in ("1.60", "2.10", "HEAD"):
        for form in ("none", "-n", "-e", "-en", "-a", "-an", "-nv", "-n_-i_eth0",
                     "-n_192.168.99.99", "-a_192.168.99.99", "-an_192.168.50.1"):
            assert f"arp-{version}__{form}.txt" in names


# ============================================================ values (MANIFEST topology)


def test_linux_style_values() -> None:
    out = parse(CORPUS / "arp-2.10__-n.txt")
    by_address = {str(n.dst): n for n in out.neighbours}
    # MANIFEST: 192.168.50.99 permanent, the peer 02:00:00:00:50:01 behind .1 and .254,
    # .78/.77/.95/.96 never answer, .200 is a proxy entry
    assert by_address["192.168.50.99"].arp_flags == "CM"
    assert by_address["192.168.50.99"].is_permanent
    assert by_address["192.168.50.1"].lladdr == MacAddress.parse("02:00:00:00:50:01")
    assert by_address["192.168.50.1"].hwtype == "ether"
    for address in ("192.168.50.77", "192.168.50.78", "192.168.50.95", "192.168.50.96"):
        n = by_address[address]
        assert (n.lladdr, n.hwtype, n.arp_flags, n.is_complete) == (None, None, "", False)
    proxy = by_address["192.168.50.200"]
    assert (proxy.arp_flags, proxy.is_proxy, proxy.lladdr, proxy.dev) == ("MP", True, None,
                                                                         "eth0")
    assert by_address["10.20.0.50"].dev == "br0"


def test_names_without_n_keep_the_name_and_no_address() -> None:
    out = parse(CORPUS / "arp-2.10__none.txt")
    named = [n for n in out.neighbours if n.hostname is not None]
    # MANIFEST name resolution: gateway.example.net, and
    # a-very-long-hostname-for-truncation.example.com cut to 23 characters
    assert [n.hostname for n in named] == ["gateway.example.net", "a-very-long-hostname-fo"]
    assert all(n.dst is None for n in named)
    assert arp_to_json(out)[1] == {
        "address": None, "hostname": "gateway.example.net", "hwtype": "ether",
        "lladdr": "02:00:00:00:50:01", "flags": ["C"], "mask": None, "iface": "eth0"}


def test_bsd_style_has_names_and_addresses() -> None:
    out = parse(CORPUS / "arp-2.10__-a.txt")
    named = {str(n.dst): n.hostname for n in out.neighbours if n.hostname}
    assert named == {"192.168.50.1": "gateway.example.net",
                     "192.168.50.254": "a-very-long-hostname-for-truncation.example.com"}
    assert all(n.dst is not None for n in out.neighbours)


@pytest.mark.parametrize("version", ["1.60", "2.10", "HEAD"])
def test_every_style_gives_the_same_entries(version: str) -> None:
    numeric = parse(CORPUS / f"arp-{version}__-n.txt")
    for form in ("-an", "-en", "-nv"):
        other = parse(CORPUS / f"arp-{version}__{form}.txt")
        assert arp_to_json(other) == arp_to_json(numeric), form


def test_net_tools_1_60_published_entry() -> None:
    table = parse(CORPUS / "arp-1.60__-n.txt")
    bsd = parse(CORPUS / "arp-1.60__-a.txt")
    assert table.form.legacy and bsd.form.legacy
    assert table.get("192.168.50.200") == bsd.get("192.168.50.200")
    assert table.get("192.168.50.200") == parse(CORPUS / "arp-2.10__-n.txt").get(
        "192.168.50.200")


def test_interface_filter() -> None:
    out = parse(CORPUS / "arp-2.10__-n_-i_eth0.txt")
    assert {n.dev for n in out.neighbours} == {"eth0"}
    assert len(out.neighbours) == len(parse(CORPUS / "arp-2.10__-n.txt").neighbours) - 1


def test_verbose_trailer() -> None:
    out = parse(CORPUS / "arp-2.10__-nv.txt")
    assert out.summary == ArpSummary(entries=14, skipped=0, found=14)
    assert out.summary.found == len(out.neighbours)
    assert len(arp_to_json(out)) == 14


def test_messages() -> None:
    assert parse(CORPUS / "arp-2.10__-n_192.168.99.99.txt").message == ArpMessage(
        kind="no entry", name="192.168.99.99", address="192.168.99.99")
    assert parse(CORPUS / "arp-2.10__-a_192.168.99.99.txt").message == ArpMessage(
        kind="no match", entries=14)
    out = parse(NETNS / "arp" / "arp_-a_192.168.50.123.txt")
    assert out.message == ArpMessage(kind="no match", entries=18) and not out.neighbours
    assert arp_to_json(out) == []


@pytest.mark.parametrize("name", ["far_arp-2.10__-n.txt", "far_arp-2.10__none.txt"])
def test_empty_output_is_an_empty_table(name: str) -> None:
    out = parse(CORPUS / name)
    assert out.neighbours == () and out.message is None and arp_to_json(out) == []


def test_hostnames_match_the_hosts_file_of_the_namespace() -> None:
    """netns ``arp`` ran with an /etc/hosts (topology.json ``hosts_file``)."""
    table = parse(NETNS / "arp" / "arp.txt")
    bsd = parse(NETNS / "arp" / "arp_-a.txt")
    for n in table.neighbours:
        if n.hostname is not None:
            names = [v.split()[0] for v in HOSTS.values()]
            assert any(name[:23] == n.hostname for name in names), n.hostname
    for n in bsd.neighbours:
        expected = HOSTS.get(str(n.dst), "").split()
        assert n.hostname == (expected[0] if expected else None)


# ============================================================ rows no capture holds


def test_infiniband_row_with_cut_columns() -> None:
    """An 8-character type and a 20-character address run into the next column."""
    address = "80:00:00:48:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"
    line = printf_row("10.1.0.2", "infiniband", address, "C", "", "ib0")
    assert line.startswith("10.1.0.2                 infiniba80:00:00:48:fe:80:00C     ")
    (n,) = parse_arp(line + "\n").neighbours
    assert (n.hwtype, str(n.lladdr), n.arp_flags, n.dev) == (
        "infiniba", "80:00:00:48:fe:80:00", "C", "ib0")


def test_published_entry_with_a_netmask() -> None:
    line = printf_row("10.9.0.0", "*", "<from_interface>", "MP", "255.255.255.0", "eth1")
    out = parse_arp(line + "\n")
    assert out.diagnostics == ()
    (n,) = out.neighbours
    assert n.mask == ipaddress.IPv4Address("255.255.255.0")
    assert arp_to_json(out)[0]["mask"] == "255.255.255.0"


def test_bsd_flag_words() -> None:
    line = "? (10.0.0.9) at 02:00:00:00:00:09 [ether] PERM PUB AUTO DONTPUB TRAIL on eth0"
    (n,) = parse_arp(line + "\n").neighbours
    assert n.arp_flags == "CMPA!T"
    assert arp_to_json(ArpOutput(neighbours=(n,)))[0]["flags"] == ["C", "M", "P", "A", "!",
                                                                    "T"]


def test_lossless_damage() -> None:
    path = CORPUS / "arp-2.10__none.txt"
    clean = parse(path)
    text = path.read_text()
    for damaged in (text.replace("\n", "\r\n"), "\ufeff" + text,
                    "\n".join(line.expandtabs().replace("        ", "\t")
                              for line in text.splitlines()) + "\n"):
        out = parse_arp(damaged)
        assert out.diagnostics == () and out == clean


def test_re_spaced_table_is_read_by_whitespace() -> None:
    """``column -t`` (or a chat client) breaks the fixed columns; the words still read."""
    text = "Address HWtype HWaddress Flags Mask Iface\n" + "\n".join(
        " ".join(line.split()) for line in
        (CORPUS / "arp-2.10__-n.txt").read_text().splitlines()[1:]) + "\n"
    out = parse_arp(text)
    assert out.diagnostics == ()
    assert arp_to_json(out) == arp_to_json(parse(CORPUS / "arp-2.10__-n.txt"))


def test_noise_around_the_table() -> None:
    text = ("[root@node01 ~]# arp -n\n" + (CORPUS / "arp-2.10__-n.txt").read_text()
            + "[root@node01 ~]# \n")
    out = parse_arp(text, source="x", strict=True)
    assert [(d.severity, d.line) for d in out.diagnostics] == [(Severity.WARNING, 1),
                                                                (Severity.WARNING, 17)]
    assert out == parse(CORPUS / "arp-2.10__-n.txt")


def test_bad_hardware_address_column() -> None:
    lines = (CORPUS / "arp-2.10__-n.txt").read_text().splitlines(True)
    assert lines[2].startswith("192.168.50.1             ether   02:00:00:00:50:01")
    lines[2] = lines[2].replace("02:00:00:00:50:01", "02:00:00:00:50:0g")
    text = "".join(lines)
    out = parse_arp(text, source="arp.txt")
    # HWaddress column starts at offset 33: column 34
    assert [(d.line, d.column, d.message) for d in out.diagnostics] == [
        (3, 34, "Expected link-layer address, found '02:00:00:00:50:0g'")]
    assert len(out.neighbours) == 13
    with pytest.raises(ParseError) as raised:
        parse_arp(text, source="arp.txt", strict=True)
    assert str(raised.value).splitlines()[0] == (
        "arp.txt:3:34: error: Expected link-layer address, found '02:00:00:00:50:0g'")


def test_bad_flags_column() -> None:
    line = printf_row("10.0.0.1", "ether", "02:00:00:00:00:01", "CX", "", "eth0")
    (diagnostic,) = parse_arp(line + "\n", source="a").diagnostics
    assert (diagnostic.column, diagnostic.message) == (
        54, "Expected flag letters (C, M, P, A, !, T), found 'CX'")


def test_bad_address_in_bsd_style() -> None:
    (diagnostic,) = parse_arp("? (10.0.0.300) at <incomplete> on eth0\n").diagnostics
    assert (diagnostic.line, diagnostic.column) == (1, 4)
    assert diagnostic.message == "Expected IPv4 address, found '10.0.0.300'"


def test_garbage_after_a_bsd_table() -> None:
    text = (CORPUS / "arp-2.10__-an.txt").read_text() + "foo (1.2.3.4) at\n"
    out = parse_arp(text, source="b")
    (diagnostic,) = out.diagnostics
    assert (diagnostic.severity, diagnostic.line) == (Severity.ERROR, 15)
    assert diagnostic.message.startswith("Expected whitespace")
    assert len(out.neighbours) == 14


def test_lazy_neighbours_behave_like_a_tuple() -> None:
    out = parse(CORPUS / "arp-2.10__-n.txt")
    neighbours = out.neighbours
    assert len(neighbours) == 14
    as_tuple = tuple(neighbours)
    assert neighbours == as_tuple and as_tuple == neighbours
    assert hash(neighbours) == hash(as_tuple)
    assert neighbours[0] == as_tuple[0] and neighbours[-2:] == as_tuple[-2:]
    assert isinstance(neighbours[0], Neighbour)
    assert ArpOutput(neighbours=as_tuple, form=out.form) == out


# ============================================================ detection


@pytest.mark.parametrize(("name", "score"), [
    ("arp-2.10__-n.txt", 95), ("arp-1.60__-a.txt", 90), ("arp-2.10__-an_192.168.50.1.txt", 90),
    ("arp-2.10__-n_192.168.99.99.txt", 80),
])
def test_sniffer(name: str, score: int) -> None:
    assert sniff((CORPUS / name).read_text().splitlines()) == ("arp", score)


@pytest.mark.parametrize("name", ["ip-6.1__neigh.txt", "ip-6.1__route.txt",
                                  "netstat-2.10__-rn.txt", "ss-6.1__-tlnp.txt"])
def test_sniffer_leaves_other_commands_alone(name: str) -> None:
    assert sniff((CORPUS / name).read_text().splitlines()) is None


def test_record_lines_point_at_the_rows() -> None:
    text = (CORPUS / "arp-2.10__-nv.txt").read_text()
    out = parse_arp("$ arp -nv\n" + text)
    assert out.record_lines == tuple(range(3, 17))  # prompt, header, then 14 rows
    line_by_line = parse_arp("$ arp -nv\n" + text.replace("\n", "\r\n"))  # line by line
    assert line_by_line.record_lines == out.record_lines


def test_the_sniffers_claim_only_their_own_captures() -> None:
    """Every text capture in fixtures/: ip neigh, arp, /proc/net/arp, sysctl and bridge
    link/fdb/vlan/mdb captures are recognised by their own sniffer and by no other of these;
    other commands by none (``bridge fdb`` lines, which start with a MAC address, are not
    neighbours)."""
    from netfacts.detection import _content_lines
    from netfacts.parsers import bridge, ip_neigh, proc_net_arp, sysctl

    sniffers = {"arp": sniff, "ip-neigh": ip_neigh.sniff, "proc-net-arp": proc_net_arp.sniff,
                "sysctl": sysctl.sniff, **bridge.SNIFFERS}
    checked = bridges = 0
    for path in sorted((CORPUS.parent).rglob("*.txt")):
        if path.name.endswith("stderr.txt") or path.name in ("MANIFEST.txt", "VERSIONS.txt"):
            continue
        lines, _ = _content_lines(path.read_text(errors="replace"))
        if not lines:
            continue
        name = path.name
        if name.startswith("bridge_"):
            expected = {"bridge-" + next(w for w in ("link", "fdb", "vlan", "mdb")
                                         if f"_{w}_" in name)}
            bridges += 1
        elif "proc_net_arp" in name:
            expected = {"proc-net-arp"}
        elif "arp" in name:
            expected = {"arp"}
        elif "neigh" in name:
            expected = {"ip-neigh"}
        elif "sysctl" in name:
            expected = {"sysctl"}
        else:
            expected = set()
        found = {kind for kind, sniffer in sniffers.items() if sniffer(lines) is not None}
        assert found == expected, (path, found)
        checked += 1
    assert checked > 400 and bridges >= 20
