"""Damaged captures: CRLF, colour, prompts, sudo, stderr, tabs, BOM, garbage, truncation.

The reference for every damaged text is the parse of the clean capture it was made from
(the synthetic/ files are documented copies of real captures; the others are made here).
Noise must become WARNING diagnostics, garbage ERROR diagnostics at the line and column
computed by hand below, and strict mode must raise :class:`netfacts.ParseError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import netfacts
from conftest import CORPUS, NETNS
from netfacts import IpAddrOutput, ParseError, Severity

SYNTHETIC = CORPUS / "synthetic"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def parse(text: str | bytes, kind: str | None = "ip-addr", *, source: str = "capture.txt",
          strict: bool = False) -> IpAddrOutput:
    out = netfacts.parse(text, kind, source=source, strict=strict)
    assert isinstance(out, IpAddrOutput)
    return out


def diagnostics(out: IpAddrOutput, severity: Severity) -> list[tuple[int, int]]:
    return [(d.line, d.column) for d in out.diagnostics if d.severity is severity]


def clean(path: Path, kind: str) -> IpAddrOutput:
    out = parse(path.read_text(), kind, source=path.name)
    assert out.diagnostics == ()
    assert out.links
    return out


# ============================================================ the synthetic/ folder


def test_synthetic_folder_is_what_these_tests_cover() -> None:
    names = {p.name for p in SYNTHETIC.glob("*.txt")} - {"README.txt"}
    ip_addr_family = {"ansi_colour_with_prompt.txt", "ip_addr_show_dev_eth0.crlf.txt",
                      "sudo_prompt_ip_-4_addr.crlf.txt", "empty_output.txt"}
    others = {"ip_route_truncated_mid_line.txt", "netstat_-tlnp_nonroot_stderr_first.txt",
              "ss_with_login_banner_and_prompt.txt"}
    assert names == ip_addr_family | others


def test_synthetic_crlf_equals_original() -> None:
    data = (SYNTHETIC / "ip_addr_show_dev_eth0.crlf.txt").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == 42
    out = parse(data, None, source="ip_addr_show_dev_eth0.crlf.txt")
    assert out.diagnostics == ()
    assert out == clean(CORPUS / "ip-6.1__addr_show_dev_eth0.txt", "ip-addr")
    assert out.links[0].ifname == "eth0"
    assert len(out.links[0].addresses) == 19


def test_synthetic_sudo_prompt_crlf_cut_after_12_lines() -> None:
    text = (SYNTHETIC / "sudo_prompt_ip_-4_addr.crlf.txt").read_text()
    out = parse(text, None, source="sudo_prompt_ip_-4_addr.crlf.txt")
    original = "".join((CORPUS / "ip-6.1__-4_addr.txt").read_text().splitlines(True)[:12])
    assert out == parse(original)
    # line 1 "admin@web01:~$ sudo ip -4 addr show", line 2 "[sudo] password for admin: ",
    # lines 3-14 output, line 15 the trailing prompt
    assert diagnostics(out, WARNING) == [(1, 1), (2, 1), (15, 1)]
    assert diagnostics(out, ERROR) == []
    assert out.form.family == "inet"
    assert [x.ifname for x in out.links] == ["lo", "eth0"]
    assert [str(a.local) for a in out.links[1].addresses] == ["192.168.64.5", "192.168.65.5"]
    assert out.links[1].link_netns == "gr-peer"
    # warnings are never raised, even in strict mode
    assert parse(text, None, strict=True) == out


def test_synthetic_ansi_colour_between_prompts() -> None:
    text = (SYNTHETIC / "ansi_colour_with_prompt.txt").read_text()
    assert "\x1b[36mbr0: \x1b[0m" in text
    out = parse(text, None, source="ansi_colour_with_prompt.txt")
    assert diagnostics(out, WARNING) == [(1, 1), (10, 1)]
    assert diagnostics(out, ERROR) == []
    (br0,) = out.links
    assert br0 == clean(CORPUS / "ip-6.1__addr.txt", "ip-addr").link("br0")
    assert str(br0.addresses[0].broadcast) == "10.20.0.255"


def test_synthetic_empty_output() -> None:
    data = (SYNTHETIC / "empty_output.txt").read_bytes()
    assert data == b""
    for kind in ("ip-addr", "ip-link"):
        out = parse(data, kind)
        assert out.links == () and out.diagnostics == ()
        assert out.ok
    with pytest.raises(ParseError):
        netfacts.parse(data)


@pytest.mark.parametrize(("coloured", "plain", "kind"), [
    (NETNS / "ip_addr/ip_-c_always_addr.txt", NETNS / "ip_addr/ip_addr.txt", "ip-addr"),
    (NETNS / "ip_addr/ip_-c_always_link.txt", NETNS / "ip_addr/ip_link.txt", "ip-link"),
    (NETNS / "ip_addr/ip_-c_always_-br_addr.txt", NETNS / "ip_addr/ip_-br_addr.txt", "ip-addr"),
    (CORPUS / "ip-6.1__-c_link.txt", CORPUS / "ip-6.1__link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-c_-br_link.txt", CORPUS / "ip-6.1__-br_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-c_-br_addr.txt", CORPUS / "ip-6.1__-br_addr.txt", "ip-addr"),
], ids=lambda p: p.name if isinstance(p, Path) else p)
def test_real_colour_captures_equal_plain(coloured: Path, plain: Path, kind: str) -> None:
    text = coloured.read_text()
    assert "\x1b[" in text
    out = parse(text, kind)
    assert out.diagnostics == ()
    assert out == clean(plain, kind)


# ============================================================ damage made on the fly

ORIGINALS = [
    (CORPUS / "ip-6.1__addr.txt", "ip-addr"),
    (CORPUS / "ip-6.1__link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-d_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-s_-s_link.txt", "ip-link"),
    (CORPUS / "ip-5.4__-s_-s_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-o_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-o_addr.txt", "ip-addr"),
    (CORPUS / "ip-6.1__-br_addr.txt", "ip-addr"),
    (CORPUS / "ip-6.1__-br_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-4_addr.txt", "ip-addr"),
    (CORPUS / "ip-6.1__-6_addr.txt", "ip-addr"),
    (CORPUS / "ip-3.10__addr.txt", "ip-addr"),
    (NETNS / "ip_addr/ip_-d_addr.txt", "ip-addr"),
]
ORIGINAL_IDS = [p.name for p, _ in ORIGINALS]


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


_COLOUR_RULES = (
    (re.compile(r"^(\d+: )([^\s:]+)(: )", re.M), "\\1\x1b[1;36m\\2\x1b[0m\\3"),
    (re.compile(r"^(\S+)( +)(UP|DOWN|UNKNOWN|DORMANT)( +)", re.M),
     "\x1b[1;36m\\1\\2\x1b[0m\x1b[1;32m\\3\\4\x1b[0m"),
    (re.compile(r"(?<=[ /])((?:[0-9a-f]{2}:){5}[0-9a-f]{2})(?= |$)", re.M),
     "\x1b[1;33m\\1\x1b[0m"),
    (re.compile(r"(?<= )(\d+\.\d+\.\d+\.\d+)(?=[ /]|$)", re.M), "\x1b[1;35m\\1\x1b[0m"),
    (re.compile(r"(?<=inet6 )([0-9a-f:]+)(?=[ /])"), "\x1b[1;34m\\1\x1b[0m"),
    (re.compile(r"(state )(UP|DOWN|UNKNOWN)( )"), "\\1\x1b[1;32m\\2 \x1b[0m"),
)


def _bold_colour(text: str) -> str:
    """What ``ip -c`` prints with a dark background (COLORFGBG), bold forms ``ESC[1;3Xm``."""
    for pattern, replacement in _COLOUR_RULES:
        text = pattern.sub(replacement, text)
    return text


def _prompt_around(text: str) -> str:
    return "$ ip a\n" + text + "$ \n"


def _sudo_before(text: str) -> str:
    return "[sudo] password for x: \n" + text


def _bom(text: str) -> str:
    return "\ufeff" + text


def _unexpand_all(text: str, tabstop: int = 8) -> str:
    """``unexpand -a`` (or vim's ``:retab!``): two or more blanks that reach a tab stop
    become a TAB; a single blank stays a blank."""
    out: list[str] = []
    for line in text.split("\n"):
        pieces: list[str] = []
        column = pending = 0
        for char in line:
            if char == " ":
                pending += 1
                column += 1
                if column % tabstop == 0:
                    pieces.append("\t" if pending >= 2 else " ")
                    pending = 0
            else:
                pieces.append(" " * pending + char)
                pending = 0
                column += 1
        pieces.append(" " * pending)
        out.append("".join(pieces))
    return "\n".join(out)


def _tab_before_keywords(text: str) -> str:
    """A TAB instead of the single space before some keywords."""
    return text.replace(" scope ", "\tscope ").replace(" mtu ", "\tmtu ").replace(
        " brd ", "\tbrd ")


def _redraw(text: str) -> str:
    """A terminal redraw: text overwritten after a lone CR stays invisible on screen."""
    first, rest = text.split("\n", 1)
    return "Password: \r" + first + "\n" + rest


VARIANTS: dict[str, Callable[[str], str]] = {
    "crlf": _crlf,
    "bold-colour": _bold_colour,
    "bold-colour-crlf": lambda t: _crlf(_bold_colour(t)),
    "bom": _bom,
    "bom-crlf": lambda t: _bom(_crlf(t)),
    "unexpand-a": _unexpand_all,
    "tab-before-keywords": _tab_before_keywords,
    "redraw-cr": _redraw,
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("path", "kind"), ORIGINALS, ids=ORIGINAL_IDS)
def test_lossless_damage_changes_nothing(path: Path, kind: str, variant: str) -> None:
    original = path.read_text()
    damaged = VARIANTS[variant](original)
    if damaged == original:
        pytest.skip(f"{variant} does not change this form")
    out = parse(damaged, kind)
    assert out.diagnostics == ()
    assert out == clean(path, kind)
    # also when the kind has to be detected
    assert parse(damaged, None) == out


def test_bold_colour_variant_really_colours() -> None:
    text = _bold_colour((CORPUS / "ip-6.1__addr.txt").read_text())
    assert "2: \x1b[1;36meth0@if2\x1b[0m: <" in text
    assert "\x1b[1;33m02:00:00:00:50:0a\x1b[0m" in text
    assert "inet \x1b[1;35m10.20.0.1\x1b[0m/24 brd \x1b[1;35m10.20.0.255\x1b[0m" in text
    assert "inet6 \x1b[1;34m2001:db8:20::1\x1b[0m/64" in text
    text = _bold_colour((CORPUS / "ip-6.1__-br_addr.txt").read_text())
    assert text.startswith("\x1b[1;36mlo               \x1b[0m\x1b[1;32mUNKNOWN        \x1b[0m")


def test_unexpand_variant_really_has_tabs() -> None:
    br = _unexpand_all((CORPUS / "ip-6.1__-br_link.txt").read_text())
    # "lo" + 15 blanks reach column 17: two TABs (to 8 and 16) and one blank
    assert br.startswith("lo\t\t UNKNOWN\t00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>")
    stats = _unexpand_all((CORPUS / "ip-6.1__-s_-s_link.txt").read_text()).splitlines()
    # "          3376      39      0 ...": 10 blanks -> TAB + 2 blanks, and so on
    assert stats[3] == "\t  3376\t    39\t    0\t    0\t    0\t    0 "
    assert stats[2] == "    RX:  bytes packets errors dropped  missed\tmcast\t\t"
    plain = (CORPUS / "ip-6.1__addr.txt").read_text()
    assert _unexpand_all(plain) == plain  # 4/7-space indents never reach a tab stop


TAB_INDENT = [(CORPUS / "ip-6.1__addr.txt", "ip-addr"),
              (CORPUS / "ip-6.1__-d_link.txt", "ip-link"),
              (CORPUS / "ip-5.4__-s_-s_link.txt", "ip-link")]


@pytest.mark.parametrize(("path", "kind"), TAB_INDENT, ids=[p.name for p, _ in TAB_INDENT])
def test_tab_indented_continuation_lines(path: Path, kind: str) -> None:
    """``unexpand -t4 --first-only``: the 4-space indentation of continuation lines is a TAB."""
    original = path.read_text()
    damaged = "".join("\t" + line[4:] if line.startswith("    ") else line
                      for line in original.splitlines(True))
    assert damaged.count("\n\t") > 10
    out = parse(damaged, kind)
    assert diagnostics(out, ERROR) == []
    assert out == clean(path, kind)


@pytest.mark.parametrize(("path", "kind"), ORIGINALS, ids=ORIGINAL_IDS)
def test_prompt_before_and_bare_prompt_after(path: Path, kind: str) -> None:
    original = path.read_text()
    n = len(original.splitlines())
    out = parse(_prompt_around(original), kind)
    assert diagnostics(out, WARNING) == [(1, 1), (n + 2, 1)]
    assert diagnostics(out, ERROR) == []
    assert all("prompt" in d.message for d in out.diagnostics)
    assert out == clean(path, kind)


@pytest.mark.parametrize(("path", "kind"), ORIGINALS, ids=ORIGINAL_IDS)
def test_sudo_password_line_before(path: Path, kind: str) -> None:
    out = parse(_sudo_before(path.read_text()), kind)
    assert [(d.severity, d.line, d.column) for d in out.diagnostics] == [(WARNING, 1, 1)]
    assert "sudo" in out.diagnostics[0].message
    assert out == clean(path, kind)


def _record_starts(text: str) -> list[int]:
    """0-based indexes of the lines that start a record (all forms)."""
    return [i for i, line in enumerate(text.splitlines()) if not line.startswith(" ")]


@pytest.mark.parametrize(("path", "kind"), ORIGINALS, ids=ORIGINAL_IDS)
def test_ip_error_message_between_records(path: Path, kind: str) -> None:
    lines = path.read_text().splitlines(True)
    at = _record_starts("".join(lines))[2]
    damaged = "".join([*lines[:at], 'Device "foo" does not exist.\n', *lines[at:]])
    out = parse(damaged, kind)
    assert [(d.severity, d.line, d.column) for d in out.diagnostics] == [(WARNING, at + 1, 1)]
    assert out == clean(path, kind)
    assert parse(damaged, kind, strict=True) == out


def test_ip_error_message_inside_a_record() -> None:
    """stderr interleaved in the middle of eth0's address lines (line 21)."""
    path = CORPUS / "ip-6.1__addr.txt"
    lines = path.read_text().splitlines(True)
    assert lines[20].startswith("    inet 192.168.61.5/24 metric 50")
    damaged = "".join([*lines[:20], 'Device "foo" does not exist.\n', *lines[20:]])
    out = parse(damaged)
    assert [(d.severity, d.line) for d in out.diagnostics] == [(WARNING, 21)]
    assert out == clean(path, "ip-addr")


@pytest.mark.parametrize(("path", "kind"), ORIGINALS, ids=ORIGINAL_IDS)
def test_trailing_garbage_line(path: Path, kind: str) -> None:
    original = path.read_text()
    n = len(original.splitlines())
    out = parse(original + "%%% garbage %%%\n", kind)
    assert diagnostics(out, ERROR) == [(n + 1, 1)]
    assert diagnostics(out, WARNING) == []
    assert out.links == clean(path, kind).links
    assert not out.ok
    with pytest.raises(ParseError) as raised:
        parse(original + "%%% garbage %%%\n", kind, strict=True, source="g.txt")
    assert str(raised.value).splitlines()[0].startswith(f"g.txt:{n + 1}:1: error: ")
    assert raised.value.line == n + 1


def test_garbage_between_records_keeps_both_neighbours() -> None:
    path = CORPUS / "ip-6.1__addr.txt"
    lines = path.read_text().splitlines(True)
    assert lines[50].startswith("3: vport1@vport0:")
    damaged = "".join([*lines[:50], "this is not ip output\n", *lines[50:]])
    out = parse(damaged)
    assert diagnostics(out, ERROR) == [(51, 1)]
    assert out.links == clean(path, "ip-addr").links


@pytest.mark.parametrize("text", ["", " ", "\n", "\n\n\n", "   \n\t\n  ", "\r\n\r\n", "\ufeff",
                                  "\ufeff\n"])
def test_empty_and_whitespace_only_input(text: str) -> None:
    for kind in ("ip-addr", "ip-link"):
        out = parse(text, kind)
        assert out.links == ()
        assert diagnostics(out, ERROR) == []
        assert parse(text, kind, strict=True).links == ()
    with pytest.raises(ParseError) as raised:
        netfacts.parse(text, source="empty.txt")
    assert str(raised.value).startswith("empty.txt: ")
    assert "ip-addr" in str(raised.value) and "ip-link" in str(raised.value)


# ------------------------------------------------------------------ truncation


def test_truncated_mid_lifetime_line() -> None:
    path = CORPUS / "ip-6.1__addr.txt"
    text = path.read_text()
    lines = text.splitlines(True)
    # line 13 is "    inet 192.168.64.5/24 scope link eth0", line 14 its lifetimes
    # "       valid_lft forever preferred_lft forever"; cut after "preferre"
    assert lines[12] == "    inet 192.168.64.5/24 scope link eth0\n"
    assert lines[13] == "       valid_lft forever preferred_lft forever\n"
    cut = "".join(lines[:13]) + "       valid_lft forever preferre"
    out = parse(cut, source="cut.txt")
    # 7 spaces, "valid_lft" = columns 8-16, "forever" = 18-24, "preferre" starts at 26
    assert diagnostics(out, ERROR) == [(14, 26)]
    full = clean(path, "ip-addr")
    assert out.links[0] == full.links[0]
    (address,) = out.links[1].addresses
    assert (str(address.local), address.prefixlen, address.label) == ("192.168.64.5", 24, "eth0")
    assert address.valid_life_time is None or address == full.links[1].addresses[0]


@pytest.mark.parametrize(("path", "kind"), ORIGINALS, ids=ORIGINAL_IDS)
def test_truncation_keeps_every_complete_record(path: Path, kind: str) -> None:
    text = path.read_text()
    full = clean(path, kind)
    starts = _record_starts(text)
    lines = text.splitlines(True)
    # cut in the middle of the last record's first line (or its only line)
    last = starts[-1]
    cut = "".join(lines[:last]) + lines[last][: len(lines[last]) // 2]
    out = parse(cut, kind)
    kept = out.links[: len(full.links) - 1]
    assert kept == full.links[: len(full.links) - 1]


@pytest.mark.parametrize(("offset", "last_line"), [
    (1500, "    inet6 2001:db8:50::dad/64 scope global dadfailed tenta"),
    (3000, "    link/ether "),
    (100, "    link"),
])
def test_truncated_last_line_is_reported(offset: int, last_line: str) -> None:
    """GRAMMAR §1.1: a last line without its newline is a possibly incomplete record."""
    text = (CORPUS / "ip-6.1__addr.txt").read_text()[:offset]
    assert text.splitlines()[-1] == last_line
    number = len(text.splitlines())
    out = parse(text, source="cut.txt")
    on_last = [d for d in out.diagnostics if d.line == number
               and d.severity in (WARNING, ERROR)]
    assert on_last, [d.render() for d in out.diagnostics]


# ------------------------------------------------------------------ errors, columns, strict


def _replace_line(path: Path, number: int, old: str, new: str) -> str:
    lines = path.read_text().splitlines(True)
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "".join(lines)


def test_corrupted_lifetime_line() -> None:
    path = CORPUS / "ip-6.1__addr.txt"
    text = _replace_line(path, 4, "valid_lft forever", "valid_lft forevr")
    out = parse(text, source="ip_addr.txt")
    # "       valid_lft forevr ...": 7 spaces + "valid_lft" (8-16) + space -> column 18
    assert diagnostics(out, ERROR) == [(4, 18)]
    assert out.diagnostics[0].text.strip() == "valid_lft forevr preferred_lft forever"
    assert len(out.links) == 15
    assert out.links[1:] == clean(path, "ip-addr").links[1:]
    with pytest.raises(ParseError) as raised:
        parse(text, source="ip_addr.txt", strict=True)
    message = str(raised.value)
    assert message.splitlines()[0] == "ip_addr.txt:4:18: error: Expected lifetime, found 'forevr'"
    assert message.splitlines()[1] == "           valid_lft forevr preferred_lft forever"
    assert message.splitlines()[2] == "    " + " " * 17 + "^"
    assert (raised.value.line, raised.value.column, raised.value.source) == (4, 18, "ip_addr.txt")


def test_header_with_missing_angle_bracket() -> None:
    path = CORPUS / "ip-6.1__addr.txt"
    text = _replace_line(path, 9, "eth0@if2: <BROADCAST", "eth0@if2: BROADCAST")
    # "2: eth0@if2: BROADCAST,...": "2: eth0@if2: " is 13 characters, so the "<" is
    # missing at column 14
    with pytest.raises(ParseError) as raised:
        parse(text, source="ip_addr.txt", strict=True)
    first = str(raised.value).splitlines()[0]
    assert first.startswith("ip_addr.txt:9:14: error: "), first
    assert "'<'" in first, first
    out = parse(text, source="ip_addr.txt")
    errors = [d for d in out.diagnostics if d.severity is ERROR]
    assert (errors[0].line, errors[0].column) == (9, 14)


def test_header_with_missing_angle_bracket_keeps_other_records() -> None:
    path = CORPUS / "ip-6.1__addr.txt"
    text = _replace_line(path, 9, "eth0@if2: <BROADCAST", "eth0@if2: BROADCAST")
    out = parse(text, source="ip_addr.txt")
    full = clean(path, "ip-addr")
    assert [x.ifname for x in out.links] == [x.ifname for x in full.links if x.ifname != "eth0"]
    assert out.links == tuple(x for x in full.links if x.ifname != "eth0")
    assert (9, 12) in diagnostics(out, ERROR) or (9, 14) in diagnostics(out, ERROR)


def test_header_with_bad_mtu() -> None:
    path = CORPUS / "ip-6.1__addr.txt"
    text = _replace_line(path, 9, "mtu 1500", "mtu abc")
    # "2: eth0@if2: " (13) + "<BROADCAST,MULTICAST,UP,LOWER_UP>" (33, cols 14-46) + " mtu "
    # -> "abc" starts at column 52
    out = parse(text, source="x.txt")
    assert diagnostics(out, ERROR) == [(9, 52)]
    with pytest.raises(ParseError) as raised:
        parse(text, source="x.txt", strict=True)
    assert str(raised.value).splitlines()[0] == (
        "x.txt:9:52: error: Expected decimal number after 'mtu'")


def test_bad_address_reports_one_error() -> None:
    """A bad address line is one error; its (good) lifetime line is not a second one."""
    path = CORPUS / "ip-6.1__addr.txt"
    text = _replace_line(path, 5, "inet 10.255.255.1/32", "inet 10.0.0.300/32")
    # "    inet 10.0.0.300/32": 4 spaces + "inet" (5-8) + space -> column 10
    out = parse(text, source="x.txt")
    assert diagnostics(out, ERROR) == [(5, 10)]
    lo = out.links[0]
    assert [str(a.local) for a in lo.addresses] == ["127.0.0.1", "::1"]
    assert out.links[1:] == clean(path, "ip-addr").links[1:]


def test_bad_stats_counter_count() -> None:
    path = CORPUS / "ip-6.1__-s_-s_link.txt"
    lines = path.read_text().splitlines(True)
    # line 4 "          3376      39      0       0       0       0 " under six RX: columns
    assert lines[3] == "          3376      39      0       0       0       0 \n"
    lines[3] = "          3376      39      0       0       0\n"
    out = parse("".join(lines), "ip-link", source="s.txt")
    errors = [d for d in out.diagnostics if d.severity is ERROR]
    assert [(d.line, d.column) for d in errors] == [(4, 11)]
    assert "6" in errors[0].message and "5" in errors[0].message
    assert len(out.links) == 15


def test_parse_error_names_stdin_and_unknown_source() -> None:
    text = _replace_line(CORPUS / "ip-6.1__addr.txt", 4, "valid_lft forever", "valid_lft 1x")
    with pytest.raises(ParseError) as raised:
        netfacts.parse(text, "ip-addr", strict=True)
    assert str(raised.value).startswith("<input>:4:18: error: ")
    with pytest.raises(ParseError) as raised:
        netfacts.parse(text, "ip-addr", strict=True, source="<stdin>")
    assert str(raised.value).startswith("<stdin>:4:18: error: ")


def test_lenient_diagnostic_render_matches_strict_message() -> None:
    text = _replace_line(CORPUS / "ip-6.1__addr.txt", 4, "valid_lft forever", "valid_lft forevr")
    out = parse(text, source="ip_addr.txt")
    (diagnostic,) = out.diagnostics
    assert diagnostic.location() == "ip_addr.txt:4:18"
    assert diagnostic.severity is ERROR
    with pytest.raises(ParseError) as raised:
        parse(text, source="ip_addr.txt", strict=True)
    assert str(raised.value) == diagnostic.render()
