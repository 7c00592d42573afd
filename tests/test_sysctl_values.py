"""sysctl values against the netns ground truth and procps' output format.

Truth: ``fixtures/netns/topology.json`` (``sysctls``: the values the capture script set,
with the ``/proc/sys`` path of each) for ``fixtures/netns/sysctl``; procps-ng's
``"%s = %s\\n"`` and its path → key rule (``/`` → ``.``, ``.`` inside a name → ``/``).
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest

from _twins_neigh import NETNS
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.sysctl import sysctl_to_json
from netfacts.models.sysctl import Sysctl, key_from_path, path_from_key
from netfacts.parsers.sysctl import parse_sysctl, sniff, typed_value
from netfacts.renderers.sysctl import render_sysctl

SYSCTL = NETNS / "sysctl"
TOPOLOGY: dict[str, Any] = json.loads((NETNS / "topology.json").read_text())
SET = [s for s in TOPOLOGY["sysctls"] if s["namespace"] == "nf-host"]
ALL = SYSCTL / "sysctl_-a.txt"


def test_sysctl_a_parses_without_diagnostics_and_renders_back() -> None:
    text = ALL.read_text()
    out = parse_sysctl(text, source="sysctl_-a")
    assert out.diagnostics == ()
    assert len(out.entries) == len(text.splitlines()) == 3076
    assert render_sysctl(out) == text


@pytest.mark.parametrize("truth", SET, ids=lambda s: s["key"])
def test_values_set_by_the_capture_script(truth: dict[str, Any]) -> None:
    out = parse_sysctl(ALL.read_text())
    key = key_from_path(truth["path"])
    assert key is not None
    entry = out.get(key)
    assert entry is not None, key
    assert entry.path == truth["path"]
    if truth["key"].endswith("_ms"):
        # Stored in jiffies: with HZ=250 the kernel reads 250 ms back as 252 (one tick is
        # 4 ms, msecs_to_jiffies() rounds up).
        assert isinstance(entry.value, int)
        assert int(truth["value"]) <= entry.value < int(truth["value"]) + 4
    elif truth["value"].lstrip("-").isdigit():
        assert entry.value == int(truth["value"])
    else:  # the stable secret: the kernel prints every group with four digits
        assert ipaddress.IPv6Address(str(entry.value)) == ipaddress.IPv6Address(truth["value"])
    assert out.get(truth["path"]) == entry


def test_interface_names_with_a_dot() -> None:
    out = parse_sysctl(ALL.read_text())
    entry = out.get("net.ipv6.conf.eth0/100.optimistic_dad")
    assert entry is not None and entry.value == 1
    assert entry.path == "/proc/sys/net/ipv6/conf/eth0.100/optimistic_dad"
    assert out.get("/proc/sys/net/ipv4/conf/w.e-i#r!d@x/forwarding") is not None


def test_json_types() -> None:
    data = sysctl_to_json(parse_sysctl(ALL.read_text()))
    assert data["net.ipv4.ip_forward"] == 1
    assert data["net.ipv4.tcp_rmem"] == "4096\t131072\t33554432"
    assert data["net.ipv4.ip_local_reserved_ports"] == ""
    assert data["net.ipv4.tcp_available_congestion_control"] == "reno bbr cubic"
    assert data["net.core.rps_default_mask"] == 0
    assert data["net.ipv4.conf.all.arp_evict_nocarrier"] == 1
    assert [k for k, v in data.items() if v == -1]  # "-1" values are integers too
    assert all(isinstance(v, (int, str)) for v in data.values())


def test_single_sysctl() -> None:
    out = parse_sysctl((SYSCTL / "sysctl_net.ipv4.ip_forward.txt").read_text())
    assert out.entries == (Sysctl(key="net.ipv4.ip_forward", value=1),)
    assert out.ip_forward is True and out.form.style == "sysctl"


@pytest.mark.parametrize("source", [
    "/proc/sys/net/ipv4/ip_forward",
    "sosreport-node01-2024/proc/sys/net/ipv4/ip_forward",
    "C:\\cases\\sos\\proc\\sys\\net\\ipv4\\ip_forward",
])
def test_ip_forward_file_keyed_by_its_path(source: str) -> None:
    text = (SYSCTL / "proc_sys_net_ipv4_ip_forward.txt").read_text()
    assert text == "1\n"
    out = parse_sysctl(text, source=source)
    assert out.diagnostics == ()
    assert out.entries == (Sysctl(key="net.ipv4.ip_forward", value=1),)
    assert out.form.style == "file" and out.ip_forward is True
    assert sysctl_to_json(out) == {"net.ipv4.ip_forward": 1}
    assert render_sysctl(out) == text


def test_ip_forward_kind_passes_the_key() -> None:
    """``--as ip-forward`` gives the parser ``key="net.ipv4.ip_forward"``."""
    out = parse_sysctl("0\n", key="net.ipv4.ip_forward", source="anything.txt")
    assert sysctl_to_json(out) == {"net.ipv4.ip_forward": 0} and out.ip_forward is False


def test_a_value_without_a_key_is_an_error() -> None:
    out = parse_sysctl("1\n", source="ip_forward.txt")
    assert [(d.line, d.column, d.severity) for d in out.diagnostics] == [
        (1, 2, Severity.ERROR)]
    with pytest.raises(ParseError) as raised:
        parse_sysctl("1\n", source="ip_forward.txt", strict=True)
    assert str(raised.value).startswith("ip_forward.txt:1:2: error: Expected '='")


def test_error_messages_and_system_progress_are_skipped() -> None:
    text = ("* Applying /etc/sysctl.d/99-sysctl.conf ...\n"
            "net.ipv4.ip_forward = 1\n"
            "sysctl: permission denied on key 'net.ipv4.route.flush'\n"
            "sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\n"
            "error: permission denied on key 'net.core.bpf_jit_harden'\n"
            "net.ipv4.conf.all.rp_filter = 2\n")
    out = parse_sysctl(text, source="s", strict=True)
    assert [(d.line, d.severity) for d in out.diagnostics] == [
        (1, Severity.INFO), (3, Severity.WARNING), (4, Severity.WARNING),
        (5, Severity.WARNING)]
    assert sysctl_to_json(out) == {"net.ipv4.ip_forward": 1, "net.ipv4.conf.all.rp_filter": 2}


def test_garbage_line() -> None:
    text = "net.ipv4.ip_forward = 1\nnot a sysctl line\n"
    out = parse_sysctl(text, source="s")
    # "not" is read as a key; after it and the blank the grammar wants "=" at column 5
    assert [(d.line, d.column) for d in out.diagnostics] == [(2, 5)]
    assert len(out.entries) == 1


def test_prompt_around_a_file() -> None:
    text = "$ cat /proc/sys/net/ipv4/ip_forward\n1\n$ \n"
    out = parse_sysctl(text, key="net.ipv4.ip_forward")
    assert out.entries == (Sysctl(key="net.ipv4.ip_forward", value=1),)
    assert [(d.line, d.severity) for d in out.diagnostics] == [(1, Severity.WARNING),
                                                               (3, Severity.WARNING)]


@pytest.mark.parametrize(("text", "value"), [
    ("1", 1), ("-1", -1), ("0", 0), ("007", "007"), ("-0", "-0"), ("1.5", "1.5"),
    ("1\t0", "1\t0"), ("", ""), ("reno cubic", "reno cubic"),
])
def test_typed_values(text: str, value: int | str) -> None:
    assert typed_value(text) == value and type(typed_value(text)) is type(value)


@pytest.mark.parametrize(("path", "key"), [
    ("/proc/sys/net/ipv4/ip_forward", "net.ipv4.ip_forward"),
    ("proc/sys/net/ipv6/conf/eth0.100/forwarding", "net.ipv6.conf.eth0/100.forwarding"),
    ("/x/myproc/sys/net/ipv4/ip_forward", None),
    ("/proc/sys/", None),
    ("/etc/sysctl.conf", None),
])
def test_key_from_path(path: str, key: str | None) -> None:
    assert key_from_path(path) == key
    if key is not None:
        assert path_from_key(key).endswith(path.lstrip("/").removeprefix("proc/sys/"))


def test_sniffer() -> None:
    assert sniff(ALL.read_text().splitlines()[:40]) == ("sysctl", 90)
    assert sniff(["1"]) is None
    assert sniff(["192.168.50.1 dev eth0 lladdr 02:00:00:00:50:01 REACHABLE"]) is None


def test_record_lines() -> None:
    out = parse_sysctl("sysctl: cannot stat x\nnet.a = 1\nnet.b = 2\n")
    assert out.record_lines == (2, 3)
    assert parse_sysctl("$ cat x\n1\n", key="net.ipv4.ip_forward").record_lines == (2,)
