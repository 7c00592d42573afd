"""``arp`` in every style and ``/proc/net/arp`` agree with ``ip -j neigh`` of the same moment.

``fixtures/netns/arp/arp_truth.json`` is ``ip -j neigh show nud all`` taken right after the
``arp`` captures (no text twin: it is the kernel's snapshot).  ``arp`` reads
``/proc/net/arp``, which lists IPv4 entries except NOARP ones, plus the proxy entries that
``ip neigh show nud all`` does not show (those are checked against ``topology.json``).
Names printed by ``arp`` without ``-n`` are mapped back to addresses with the namespace's
``/etc/hosts`` (``topology.json``: ``hosts_file``), never with netfacts.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Any

import pytest

from _twins_neigh import NETNS
from netfacts.models.neighbour import Neighbour
from netfacts.models.values import MacAddress
from netfacts.parsers.arp import parse_arp
from netfacts.parsers.proc_net_arp import parse_proc_net_arp

ARP = NETNS / "arp"
TRUTH: list[dict[str, Any]] = json.loads((ARP / "arp_truth.json").read_text())
TOPOLOGY: dict[str, Any] = json.loads((NETNS / "topology.json").read_text())
HOSTS: dict[str, str] = TOPOLOGY["hosts_file"]

EXPECTED = {
    (entry["dst"], entry["dev"]): entry
    for entry in TRUTH
    if ":" not in entry["dst"] and entry["state"] != ["NOARP"]
}
"""IPv4 entries that /proc/net/arp lists (NOARP ones are skipped by the kernel)."""
PROXIES = {(n["dst"], n["dev"]) for n in TOPOLOGY["neighbours"]
           if n.get("proxy") and ":" not in n["dst"]}
STYLES = sorted(p.name for p in ARP.glob("arp*.txt") if "192.168" not in p.name)


def _address(neighbour: Neighbour) -> str:
    if neighbour.dst is not None:
        return str(neighbour.dst)
    assert neighbour.hostname is not None
    matches = [ip for ip, names in HOSTS.items()
               if any(name[:23] == neighbour.hostname for name in names.split())]
    assert len(matches) == 1, (neighbour.hostname, matches)
    return matches[0]


def _entries(path: Path) -> list[Neighbour]:
    text = path.read_text()
    if path.name == "proc_net_arp.txt":
        out: Any = parse_proc_net_arp(text, source=path.name)
    else:
        out = parse_arp(text, source=path.name)
    assert out.diagnostics == ()
    return list(out.neighbours)


def test_the_captures_hold_what_the_truth_needs() -> None:
    states = {tuple(entry["state"]) for entry in EXPECTED.values()}
    assert {("PERMANENT",), ("REACHABLE",), ("FAILED",), ("INCOMPLETE",), ("STALE",),
            ("DELAY",), ("PROBE",)} <= states
    assert STYLES == ["arp.txt", "arp_-a.txt", "arp_-an.txt", "arp_-e.txt", "arp_-n.txt",
                      "arp_-nv.txt", "arp_-v.txt"]


@pytest.mark.parametrize("name", [*STYLES, "proc_net_arp.txt"])
def test_same_addresses_macs_devices_and_permanence(name: str) -> None:
    entries = _entries(ARP / name)
    seen = {(_address(n), n.dev): n for n in entries if not n.is_proxy}
    assert len(seen) == len([n for n in entries if not n.is_proxy])  # no duplicates
    assert set(seen) == set(EXPECTED)
    for key, neighbour in seen.items():
        truth = EXPECTED[key]
        if "lladdr" in truth:
            assert neighbour.lladdr == MacAddress.parse(truth["lladdr"]), key
            assert neighbour.is_complete
        else:  # FAILED and INCOMPLETE: arp's "(incomplete)"
            assert neighbour.lladdr is None and not neighbour.is_complete, key
        assert neighbour.is_permanent is (truth["state"] == ["PERMANENT"]), key


@pytest.mark.parametrize("name", [*STYLES, "proc_net_arp.txt"])
def test_proxy_entries_are_the_configured_ones(name: str) -> None:
    proxies = [n for n in _entries(ARP / name) if n.is_proxy]
    assert {(_address(n), n.dev) for n in proxies} == PROXIES
    assert all(n.is_permanent and n.lladdr is None for n in proxies)


def test_proc_net_arp_and_arp_n_print_the_same_entries() -> None:
    proc = _entries(ARP / "proc_net_arp.txt")
    table = _entries(ARP / "arp_-n.txt")
    assert [(n.dst, n.dev, n.lladdr, n.arp_flags) for n in proc] == [
        (n.dst, n.dev, n.lladdr, n.arp_flags) for n in table]
    assert all(isinstance(n.dst, ipaddress.IPv4Address) for n in proc)
