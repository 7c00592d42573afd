"""/proc/net/arp values against the kernel's format and the netns ground truth.

Truth: ``net/ipv4/arp.c`` (``arp_format_neigh_entry``: ``"%-16s 0x%-10x0x%-10x%-17s     *
       %s"``; proxy entries with flags ATF_PUBL|ATF_PERM and ``00:00:00:00:00:00``),
``include/uapi/linux/if_arp.h`` (ATF_COM 0x02, ATF_PERM 0x04, ATF_PUBL 0x08), and
``fixtures/netns/topology.json`` for ``fixtures/netns/arp/proc_net_arp.txt``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from _twins_neigh import NETNS
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.arp import arp_to_json, proc_net_arp_to_json
from netfacts.models.values import MacAddress
from netfacts.parsers.arp import parse_arp
from netfacts.parsers.proc_net_arp import parse_proc_net_arp, sniff
from netfacts.renderers.proc_net_arp import render_proc_net_arp

PATH = NETNS / "arp" / "proc_net_arp.txt"
TEXT = PATH.read_text()
TOPOLOGY: dict[str, Any] = json.loads((NETNS / "topology.json").read_text())
HEADER = "IP address       HW type     Flags       HW address            Mask     Device"


def kernel_row(ip: str, hatype: int, flags: int, hw: str, dev: str) -> str:
    return f"{ip:<16} 0x{hatype:<10x}0x{flags:<10x}{hw:<17}     *        {dev}"


def test_capture_parses_and_renders_back() -> None:
    out = parse_proc_net_arp(TEXT, source=PATH.name)
    assert out.diagnostics == ()
    assert len(out.neighbours) == len(TEXT.splitlines()) - 1
    assert render_proc_net_arp(out) == TEXT


def test_values_against_topology() -> None:
    out = parse_proc_net_arp(TEXT)
    for truth in TOPOLOGY["neighbours"]:
        if "dst" not in truth or ":" in truth["dst"] or truth["state"] == "NOARP":
            continue
        n = out.get(truth["dst"], truth["dev"])
        assert n is not None, truth["dst"]
        assert n.hwtype == "ether"
        if truth["state"] == "PROXY":
            assert n.arp_flags == "MP" and n.lladdr is None
        elif truth["lladdr"] is None:  # FAILED / INCOMPLETE: flags 0x0, zeros
            assert n.arp_flags == "" and n.lladdr is None and n.extra == ()
        else:
            assert n.lladdr == MacAddress.parse(truth["lladdr"])
            assert n.arp_flags == ("CM" if truth["state"] == "PERMANENT" else "C")


@pytest.mark.parametrize(("flags", "letters"), [
    (0x0, ""), (0x2, "C"), (0x4, "M"), (0x6, "CM"), (0x8, "P"), (0xc, "MP"), (0x10, "T"),
    (0x42, "C!"), (0x82, "CA"),
])
def test_flag_bits(flags: int, letters: str) -> None:
    hw = "02:00:00:00:00:01" if flags & 0x2 else "00:00:00:00:00:00"
    text = HEADER + "\n" + kernel_row("10.0.0.1", 1, flags, hw, "eth0") + "\n"
    (n,) = parse_proc_net_arp(text).neighbours
    assert n.arp_flags == letters
    assert proc_net_arp_to_json(parse_proc_net_arp(text))[0]["flags"] == list(letters)


def test_unknown_flag_bits_and_hardware_types_are_kept() -> None:
    text = HEADER + "\n" + kernel_row("10.0.0.1", 0x1ff, 0x22, "02:00:00:00:00:01", "x") + "\n"
    out = parse_proc_net_arp(text)
    (n,) = out.neighbours
    assert n.hwtype == "0x1ff" and n.arp_flags == "C" and n.extra == (("flags", "0x22"),)
    assert render_proc_net_arp(out) == text


def test_infiniband_and_a_stale_address() -> None:
    ib = "80:00:00:48:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"
    text = (HEADER + "\n" + kernel_row("10.1.0.2", 32, 0x2, ib, "ib0") + "\n"
            + kernel_row("10.1.0.3", 1, 0x0, "02:00:00:00:00:03", "eth0") + "\n")
    ib_entry, failed = parse_proc_net_arp(text).neighbours
    assert (ib_entry.hwtype, str(ib_entry.lladdr)) == ("infiniband", ib)
    assert failed.lladdr is None and failed.extra == (("hw_address", "02:00:00:00:00:03"),)


def test_proxy_entry_without_device() -> None:
    line = "10.0.0.9         0x0         0xc         00:00:00:00:00:00     *        *"
    (n,) = parse_proc_net_arp(HEADER + "\n" + line + "\n").neighbours
    assert (n.dev, n.arp_flags, n.is_proxy, n.is_permanent) == (None, "MP", True, True)


def test_json_equals_arp_n_of_the_same_moment() -> None:
    proc = parse_proc_net_arp(TEXT)
    table = parse_arp((NETNS / "arp" / "arp_-n.txt").read_text())
    assert proc_net_arp_to_json(proc) == arp_to_json(table)


def test_errors() -> None:
    text = HEADER + "\n10.0.0.1 0x1 0xZZ 02:00:00:00:00:01 * eth0\n" + kernel_row(
        "10.0.0.2", 1, 2, "02:00:00:00:00:02", "eth0") + "\n"
    out = parse_proc_net_arp(text, source="arp")
    ((line, column, severity),) = [(d.line, d.column, d.severity) for d in out.diagnostics]
    # "10.0.0.1 0x1 " is 13 characters: the bad flags field starts at column 14
    assert (line, column, severity) == (2, 14, Severity.ERROR)
    assert len(out.neighbours) == 1
    with pytest.raises(ParseError) as raised:
        parse_proc_net_arp(text, strict=True, source="arp")
    assert str(raised.value).startswith("arp:2:14: error: Expected hexadecimal number")


def test_empty_file_and_header_only() -> None:
    for text in ("", HEADER + "\n"):
        out = parse_proc_net_arp(text)
        assert out.neighbours == () and out.diagnostics == ()
        assert proc_net_arp_to_json(out) == []


def test_sniffer() -> None:
    assert sniff(TEXT.splitlines()) == ("proc-net-arp", 95)
    assert sniff(TEXT.splitlines()[1:]) == ("proc-net-arp", 85)
    assert sniff((NETNS / "arp" / "arp_-n.txt").read_text().splitlines()) is None


def test_record_lines() -> None:
    assert parse_proc_net_arp(TEXT).record_lines == tuple(range(2, len(TEXT.splitlines()) + 1))
