"""ip neigh, arp, /proc/net/arp and sysctl through the public API, detection and the CLI.

These need the families registered in ``netfacts._registry`` and the sniffers in
``netfacts.detection`` (done at integration); until then they are skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import netfacts
from _twins_neigh import CORPUS, NETNS
from netfacts import _registry

pytestmark = pytest.mark.skipif(
    not {"ip-neigh", "arp", "proc-net-arp", "sysctl", "ip-forward"} <= set(_registry.KINDS),
    reason="families not registered yet",
)

CASES = [
    # (file, kind detected from content and name, output kind)
    (CORPUS / "ip-6.1__neigh_show_nud_all.txt", "ip-neigh", "ip_neigh"),
    (CORPUS / "ip-3.10__-s_neigh.txt", "ip-neigh", "ip_neigh"),
    (CORPUS / "arp-2.10__-n.txt", "arp", "arp"),
    (CORPUS / "arp-1.60__-a.txt", "arp", "arp"),
    (CORPUS / "arp-2.10__-n_192.168.99.99.txt", "arp", "arp"),
    (NETNS / "arp" / "proc_net_arp.txt", "proc-net-arp", "proc_net_arp"),
    (NETNS / "sysctl" / "sysctl_-a.txt", "sysctl", "sysctl"),
]


@pytest.mark.parametrize(("path", "kind", "family"), CASES, ids=lambda x: getattr(x, "name", x))
def test_detected_from_content(path: Path, kind: str, family: str) -> None:
    text = path.read_text()
    assert netfacts.detect(text).kind == kind
    output = netfacts.parse(text, source=None)
    assert output.kind == family and output.ok
    assert netfacts.render(output) == text
    json.dumps(netfacts.to_json(output))


@pytest.mark.parametrize(("name", "kind"), [
    ("sosreport-x/sos_commands/networking/ip_-s_-s_neigh_show", "ip-neigh"),
    ("sosreport-x/sos_commands/networking/ip_neigh_show_nud_noarp", "ip-neigh"),
    ("sosreport-x/proc/net/arp", "proc-net-arp"),
    ("sosreport-x/sos_commands/kernel/sysctl_-a", "sysctl"),
    ("arp-2.10__-an.txt", "arp"),
    ("arp_-an.txt", "arp"),
    ("proc_net_arp.txt", "proc-net-arp"),
])
def test_detected_from_file_names(name: str, kind: str) -> None:
    by_kind = {
        "ip-neigh": CORPUS / "ip-6.1__neigh.txt", "arp": CORPUS / "arp-2.10__-an.txt",
        "proc-net-arp": NETNS / "arp" / "proc_net_arp.txt",
        "sysctl": NETNS / "sysctl" / "sysctl_-a.txt",
        "ip-forward": NETNS / "sysctl" / "proc_sys_net_ipv4_ip_forward.txt",
    }
    assert netfacts.detect(by_kind[kind].read_text(), filename=name).kind == kind


def test_ip_forward_file_through_the_api() -> None:
    text = (NETNS / "sysctl" / "proc_sys_net_ipv4_ip_forward.txt").read_text()
    assert netfacts.to_json(netfacts.parse(text, "ip-forward")) == {"net.ipv4.ip_forward": 1}
    out = netfacts.parse(text, "sysctl", source="sosreport-x/proc/sys/net/ipv4/ip_forward")
    assert netfacts.to_json(out) == {"net.ipv4.ip_forward": 1}


def test_a_bare_number_is_no_sniffer_s() -> None:
    from netfacts.detection import sniffers

    assert [sniff(["1"]) for sniff in sniffers()] == [None] * len(sniffers())


def test_ip_forward_file_detected_by_its_path() -> None:
    text = (NETNS / "sysctl" / "proc_sys_net_ipv4_ip_forward.txt").read_text()
    name = "sosreport-x/proc/sys/net/ipv4/ip_forward"
    assert netfacts.detect(text, filename=name).kind == "ip-forward"
    assert netfacts.to_json(netfacts.parse(text, source=name)) == {"net.ipv4.ip_forward": 1}


def test_empty_arp_output_with_the_kind_given() -> None:
    out = netfacts.parse("", "arp")
    assert netfacts.to_json(out) == [] and out.ok


@pytest.mark.parametrize(("path", "kind"), [
    (CORPUS / "arp-2.10__none.txt", "arp"), (NETNS / "arp" / "proc_net_arp.txt", "proc-net-arp"),
])
def test_cli_prints_the_same_json_as_the_api(path: Path, kind: str) -> None:
    result = subprocess.run([sys.executable, "-m", "netfacts", "parse", "--as", kind, str(path)],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == netfacts.to_json(netfacts.parse(path.read_text(), kind))
