"""Detecting the command from file names (sosreport, corpus, plain) and from the content."""

from __future__ import annotations

from pathlib import Path

import pytest

import netfacts
from conftest import CORPUS, NETNS
from netfacts import IpAddrOutput, ParseError

ADDR = (CORPUS / "ip-6.1__addr.txt").read_text()
LINK = (CORPUS / "ip-6.1__link.txt").read_text()
D_ADDR = (CORPUS / "ip-6.1__-d_addr.txt").read_text()
D_LINK = (CORPUS / "ip-6.1__-d_link.txt").read_text()
S_LINK = (CORPUS / "ip-6.1__-s_-s_link.txt").read_text()
O_ADDR = (CORPUS / "ip-6.1__-o_addr.txt").read_text()
O_LINK = (CORPUS / "ip-6.1__-o_link.txt").read_text()
BR_ADDR = (CORPUS / "ip-6.1__-br_addr.txt").read_text()
BR_LINK = (CORPUS / "ip-6.1__-br_link.txt").read_text()
V4_ADDR = (CORPUS / "ip-6.1__-4_addr.txt").read_text()
V6_ADDR = (CORPUS / "ip-6.1__-6_addr.txt").read_text()
OLD_LINK = (CORPUS / "ip-3.10__link.txt").read_text()
OLD_ADDR = (CORPUS / "ip-3.10__addr.txt").read_text()


def parse(text: str, kind: str | None = None, *, source: str | None = None) -> IpAddrOutput:
    out = netfacts.parse(text, kind, source=source)
    assert isinstance(out, IpAddrOutput)
    return out


SOS = "sosreport-host-2024/sos_commands/networking/"

# (file name, content, kind, form command, form style)
BY_NAME = [
    (SOS + "ip_-d_address", D_ADDR, "ip-addr", "addr", "plain"),
    (SOS + "ip_-o_addr", O_ADDR, "ip-addr", "addr", "oneline"),
    (SOS + "ip_-s_-d_link", S_LINK, "ip-link", "link", "plain"),
    (SOS + "ip_address", ADDR, "ip-addr", "addr", "plain"),
    (SOS + "ip_link", LINK, "ip-link", "link", "plain"),
    (SOS + "ip_-o_link", O_LINK, "ip-link", "link", "oneline"),
    (SOS + "ip_-br_link", BR_LINK, "ip-link", "link", "brief"),
    (SOS + "namespaces/ns1/ip_netns_exec_ns1_ip_-d_address_show", D_ADDR, "ip-addr", "addr",
     "plain"),
    (SOS + "namespaces/ns1/ip_netns_exec_ns1_ip_-s_link", S_LINK, "ip-link", "link", "plain"),
    ("ip-6.1__-br_link.txt", BR_LINK, "ip-link", "link", "brief"),
    ("ip-6.1__-br_addr.txt", BR_ADDR, "ip-addr", "addr", "brief"),
    ("far_ip-6.1__link.txt", LINK, "ip-link", "link", "plain"),
    ("ip_addr.txt", ADDR, "ip-addr", "addr", "plain"),
    ("ip a.out", ADDR, "ip-addr", "addr", "plain"),
    ("/tmp/captures/ip_link.log", LINK, "ip-link", "link", "plain"),
    ("C:\\Users\\me\\ip_-4_addr.txt", V4_ADDR, "ip-addr", "addr", "plain"),
]


@pytest.mark.parametrize(("name", "text", "kind", "command", "style"), BY_NAME,
                         ids=[row[0].rsplit("/", 1)[-1] for row in BY_NAME])
def test_file_names(name: str, text: str, kind: str, command: str, style: str) -> None:
    detection = netfacts.detect(text, filename=name)
    assert detection.kind == kind
    assert "file name" in detection.reason
    out = parse(text, source=name)
    assert out.ok
    assert (out.form.command, out.form.style) == (command, style)
    assert out.links


@pytest.mark.parametrize(("name", "kind"), [
    (SOS + "ip_-d_address", "ip-addr"),
    (SOS + "ip_link", "ip-link"),
    (SOS + "namespaces/ns1/ip_netns_exec_ns1_ip_-4_address_show_dev_eth0", "ip-addr"),
    ("ip-6.1__-4_addr_show_dev_ifb0.txt", "ip-addr"),
])
def test_empty_file_with_a_name_is_a_valid_empty_result(name: str, kind: str) -> None:
    """GRAMMAR §1.6: `ip -4 addr show dev X` may print nothing; the name still says what."""
    assert netfacts.detect("", filename=name).kind == kind
    out = parse("", source=name)
    assert out.links == () and out.diagnostics == ()


def test_real_empty_capture_with_its_name() -> None:
    path = CORPUS / "ip-6.1__-4_addr_show_dev_ifb0.txt"
    assert path.read_bytes() == b""
    assert netfacts.detect("", filename=path.name).kind == "ip-addr"


def test_bytes_input() -> None:
    assert netfacts.detect(ADDR.encode()).kind == "ip-addr"
    assert netfacts.detect(LINK.encode(), filename="x.txt").kind == "ip-link"


@pytest.mark.parametrize(("text", "kind", "command", "style"), [
    (ADDR, "ip-addr", "addr", "plain"),
    (LINK, "ip-link", "link", "plain"),
    (D_ADDR, "ip-addr", "addr", "plain"),
    (D_LINK, "ip-link", "link", "plain"),
    (S_LINK, "ip-link", "link", "plain"),
    (O_ADDR, "ip-addr", "addr", "oneline"),
    (O_LINK, "ip-link", "link", "oneline"),
    (BR_ADDR, "ip-addr", "addr", "brief"),
    (BR_LINK, "ip-link", "link", "brief"),
    (V4_ADDR, "ip-addr", "addr", "plain"),
    (V6_ADDR, "ip-addr", "addr", "plain"),
    (OLD_LINK, "ip-link", "link", "plain"),
    (OLD_ADDR, "ip-addr", "addr", "plain"),
], ids=["addr", "link", "d-addr", "d-link", "s-s-link", "o-addr", "o-link", "br-addr",
        "br-link", "4-addr", "6-addr", "3.10-link", "3.10-addr"])
def test_content_only(text: str, kind: str, command: str, style: str) -> None:
    detection = netfacts.detect(text)
    assert detection.kind == kind
    assert detection.reason == "content"
    out = parse(text)
    assert out.ok
    assert (out.form.command, out.form.style) == (command, style)


def test_link_vs_addr_decided_by_mode_word() -> None:
    # one record, no addresses: "mode DEFAULT" in the header makes it ip link
    header = ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN "
              "{}group default qlen 1000\n"
              "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n")
    assert netfacts.detect(header.format("mode DEFAULT ")).kind == "ip-link"
    assert parse(header.format("mode DEFAULT ")).form.command == "link"
    assert netfacts.detect(header.format("")).kind == "ip-addr"
    assert parse(header.format("")).form.command == "addr"


def test_brief_link_vs_addr_decided_by_flags_column() -> None:
    assert netfacts.detect("lo               UNKNOWN        00:00:00:00:00:00 "
                           "<LOOPBACK,UP,LOWER_UP> \n").kind == "ip-link"
    assert netfacts.detect("lo               UNKNOWN        127.0.0.1/8 ::1/128 \n").kind \
        == "ip-addr"
    # an interface without addresses in -br addr: nothing after the state
    assert netfacts.detect("ifb0             DOWN           \n").kind == "ip-addr"


def test_addr_content_with_a_link_file_name_is_still_read_as_addr() -> None:
    """The form comes from the text: addresses make it `addr` whatever the name says."""
    out = parse(ADDR, source="ip_link.txt")
    assert out.form.command == "addr"
    assert sum(len(x.addresses) for x in out.links) == 38
    out = parse(LINK, source="ip_addr.txt")
    assert out.form.command == "link"
    assert out.link("vport1") is not None
    vport1 = out.link("vport1")
    assert vport1 is not None and vport1.linkmode == "DORMANT"


@pytest.mark.parametrize(("prompt", "text", "kind"), [
    ("$ ip link", LINK, "ip-link"),
    ("$ ip a", ADDR, "ip-addr"),
    ("root@host:~# ip -br a", BR_ADDR, "ip-addr"),
    ("user@host:/tmp$ ip -br link show", BR_LINK, "ip-link"),
    ("[root@db01 ~]# ip -d address show", D_ADDR, "ip-addr"),
    ("[root@db01 ~]# ip -s -s link", S_LINK, "ip-link"),
    ("# ip -o l", O_LINK, "ip-link"),
    ("bash-5.1# sudo ip -o addr", O_ADDR, "ip-addr"),
    ("$ ip netns exec ns1 ip address", ADDR, "ip-addr"),
])
def test_prompt_line_names_the_command(prompt: str, text: str, kind: str) -> None:
    detection = netfacts.detect(prompt + "\n" + text, filename="unnamed.txt")
    assert detection.kind == kind
    assert "command line" in detection.reason
    assert "'ip " + prompt.rsplit(" ip ", 1)[1] + "'" in detection.reason
    out = parse(prompt + "\n" + text)
    assert out.ok
    assert out.links


def test_prompt_beats_the_file_name() -> None:
    assert netfacts.detect("$ ip link\n" + LINK, filename="ip_addr.txt").kind == "ip-link"


def test_synthetic_captures_with_prompts() -> None:
    synthetic = CORPUS / "synthetic"
    text = (synthetic / "sudo_prompt_ip_-4_addr.crlf.txt").read_text()
    detection = netfacts.detect(text)
    assert detection.kind == "ip-addr"
    assert "ip -4 addr show" in detection.reason
    text = (synthetic / "ansi_colour_with_prompt.txt").read_text()
    detection = netfacts.detect(text)
    assert detection.kind == "ip-addr"
    assert "ip -c a show dev br0" in detection.reason


@pytest.mark.parametrize("path", sorted((NETNS / "ip_addr").glob("*.txt")),
                         ids=lambda p: p.name)
def test_netns_capture_names(path: Path) -> None:
    expected = "ip-link" if "_link" in path.name else "ip-addr"
    assert netfacts.detect(path.read_text(), filename=path.name).kind == expected
    assert netfacts.detect(path.read_text()).kind == expected


@pytest.mark.parametrize("text", [
    "hello world\n",
    "  PID TTY          TIME CMD\n    1 ?        00:00:03 systemd\n",
    "Filesystem     1K-blocks    Used Available Use% Mounted on\n",
])
def test_unknown_text_names_the_known_kinds(text: str) -> None:
    with pytest.raises(ParseError) as raised:
        netfacts.detect(text, filename="mystery.txt")
    message = str(raised.value)
    assert "ip-addr" in message and "ip-link" in message
    assert message.startswith("mystery.txt:1:1: error: ")
    with pytest.raises(ParseError) as raised:
        netfacts.parse(text, source="mystery.txt")
    assert "ip-addr" in str(raised.value) and "ip-link" in str(raised.value)


def test_unknown_text_after_noise_points_at_the_first_real_line() -> None:
    with pytest.raises(ParseError) as raised:
        netfacts.detect("$ something\n[sudo] password for x: \nfoo bar baz\n")
    assert raised.value.text == "foo bar baz"


@pytest.mark.parametrize("text", ["", "\n", "   \n\n", "$ \n", "\ufeff", "\r\n"])
def test_empty_input_raises(text: str) -> None:
    with pytest.raises(ParseError) as raised:
        netfacts.parse(text, source="empty.txt")
    assert "empty" in str(raised.value)
    assert str(raised.value).startswith("empty.txt: ")


def test_prompt_only_input_with_a_command_is_an_empty_result() -> None:
    """`$ ip a` followed by nothing: the command is known, its output is empty."""
    text = "$ ip -4 addr show dev ifb0\n$ \n"
    assert netfacts.detect(text).kind == "ip-addr"
    out = parse(text)
    assert out.links == ()
    assert [(d.line, d.severity) for d in out.diagnostics] == [
        (1, netfacts.Severity.WARNING), (2, netfacts.Severity.WARNING)]


def test_unknown_kind_name() -> None:
    with pytest.raises(ParseError) as raised:
        netfacts.parse(ADDR, "ip-rout", source="x.txt")
    assert "ip-addr" in str(raised.value) and "ip-link" in str(raised.value)
    assert "'ip-rout'" in str(raised.value)


@pytest.mark.parametrize("kind", ["ip-addr", "ip_addr", "IP-ADDR", "ip addr", "ip-link"])
def test_kind_spellings(kind: str) -> None:
    out = parse(ADDR, kind=kind)
    assert out.form.command == "addr"
    assert len(out.links) == 15


@pytest.mark.parametrize(("text", "kind"), [
    ("default via 192.168.50.1 dev eth0 proto dhcp src 192.168.50.10 metric 100\n", "ip-route"),
    ("10.50.0.0/16 \n\tnexthop via 192.168.50.1 dev eth0 weight 1 \n", "ip-route"),
    ("0:\tfrom all lookup local\n32766:\tfrom all lookup main\n", "ip-rule"),
])
def test_route_and_rule_content(text: str, kind: str) -> None:
    assert netfacts.detect(text).kind == kind
