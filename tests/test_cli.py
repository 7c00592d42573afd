"""``python -m netfacts``: parse / detect / render, exit statuses, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import netfacts
from conftest import CORPUS, NETNS, ROOT

ADDR = CORPUS / "ip-6.1__addr.txt"
LINK = CORPUS / "ip-6.1__link.txt"


def run(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    data = stdin.decode() if isinstance(stdin, bytes) else stdin
    result = subprocess.run(
        [sys.executable, "-m", "netfacts", *map(str, args)],
        input=data,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def api_json(path: Path, kind: str | None = None) -> Any:
    return netfacts.to_json(netfacts.parse(path.read_text(), kind, source=str(path)))


@pytest.mark.parametrize(("path", "kind"), [
    (ADDR, "ip-addr"),
    (LINK, "ip-link"),
    (CORPUS / "ip-6.1__-d_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-s_-s_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-br_addr.txt", "ip-addr"),
    (CORPUS / "ip-6.1__-o_addr.txt", "ip-addr"),
    (CORPUS / "ip-3.10__addr.txt", "ip-addr"),
    (NETNS / "ip_addr/ip_-d_addr.txt", "ip-addr"),
], ids=lambda v: v.name if isinstance(v, Path) else v)
def test_parse_as_prints_compact_json(path: Path, kind: str) -> None:
    result = run("parse", "--as", kind, path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1
    assert ": " not in result.stdout.replace('": "', "")  # compact separators
    assert json.loads(result.stdout) == api_json(path, kind)


def test_parse_json_values_are_the_capture_values() -> None:
    """Independent of netfacts' API: the CLI JSON carries what the text says."""
    data = json.loads(run("parse", ADDR).stdout)
    assert [obj["ifname"] for obj in data][:4] == ["lo", "eth0", "vport1", "vport0"]
    eth0 = data[1]
    assert (eth0["ifindex"], eth0["mtu"], eth0["address"]) == (2, 1500, "02:00:00:00:50:0a")
    assert eth0["link_index"] == 2
    web = [a for a in eth0["addr_info"] if a.get("label") == "eth0:web"]
    assert web == [{"family": "inet", "local": "192.168.50.11", "prefixlen": 24,
                    "broadcast": "192.168.50.255", "scope": "global", "secondary": True,
                    "label": "eth0:web", "valid_life_time": 4294967295,
                    "preferred_life_time": 4294967295}]
    tun0 = next(obj for obj in data if obj["ifname"] == "tun0")
    assert tun0["addr_info"][0]["local"] == "10.99.0.1"
    assert tun0["addr_info"][0]["address"] == "10.99.0.2"
    assert tun0["addr_info"][0]["prefixlen"] == 32


def test_parse_from_stdin() -> None:
    text = ADDR.read_text()
    result = run("parse", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == api_json(ADDR)
    result = run("parse", stdin=text)  # "-" is the default
    assert json.loads(result.stdout) == api_json(ADDR)
    result = run("parse", "--as", "ip-link", "-", stdin=LINK.read_text())
    assert json.loads(result.stdout) == api_json(LINK, "ip-link")


def test_parse_from_stdin_with_crlf_and_prompt() -> None:
    text = "$ ip link\r\n" + LINK.read_text().replace("\n", "\r\n") + "$ \r\n"
    result = run("parse", "-", stdin=text.encode())
    assert result.returncode == 0
    assert json.loads(result.stdout) == api_json(LINK, "ip-link")
    # warnings are printed (not with -q) and name <stdin>
    assert "<stdin>:1:1: warning:" in result.stderr
    quiet = run("parse", "-q", "-", stdin=text)
    assert quiet.returncode == 0
    assert quiet.stderr == ""


def test_pretty() -> None:
    result = run("parse", "--pretty", "--as", "ip-link", LINK)
    assert result.returncode == 0
    assert result.stdout.startswith("[\n  {\n    \"ifindex\": 1,\n")
    assert json.loads(result.stdout) == api_json(LINK, "ip-link")
    short = run("parse", "-p", LINK)
    assert short.stdout == result.stdout


def test_non_ascii_alias_is_printed_as_is() -> None:
    text = LINK.read_text().replace("uplink to peer (gr-peer)", "Übergang → peer")
    result = run("parse", "--as", "ip-link", "-", stdin=text.encode("utf-8"))
    assert result.returncode == 0
    assert json.loads(result.stdout)[1]["ifalias"] == "Übergang → peer"


@pytest.mark.parametrize(("path", "kind"), [
    (ADDR, "ip-addr"),
    (LINK, "ip-link"),
    (CORPUS / "ip-6.1__-br_link.txt", "ip-link"),
    (CORPUS / "ip-6.1__-o_addr.txt", "ip-addr"),
    (NETNS / "ip_addr/ip_-s_-d_link.txt", "ip-link"),
    (NETNS / "ip_addr/ip_addr_show_dev_w.e-i_r_d_x.txt", "ip-addr"),
], ids=lambda v: v.name if isinstance(v, Path) else v)
def test_detect_prints_the_kind(path: Path, kind: str) -> None:
    result = run("detect", path)
    assert result.returncode == 0
    detected, reason = result.stdout.rstrip("\n").split("\t")
    assert detected == kind
    assert reason


def test_detect_from_stdin() -> None:
    result = run("detect", stdin="$ ip -br l\n" + (CORPUS / "ip-6.1__-br_link.txt").read_text())
    assert result.returncode == 0
    assert result.stdout.split("\t")[0] == "ip-link"


@pytest.mark.parametrize("path", [
    ADDR, LINK,
    CORPUS / "ip-6.1__-d_link.txt",
    CORPUS / "ip-6.1__-d_addr.txt",
    CORPUS / "ip-6.1__-s_-s_link.txt",
    CORPUS / "ip-5.4__-s_-s_link.txt",
    CORPUS / "ip-6.1__-o_link.txt",
    CORPUS / "ip-6.1__-o_addr.txt",
    CORPUS / "ip-6.1__-br_addr.txt",
    CORPUS / "ip-6.1__-br_link.txt",
    CORPUS / "ip-6.1__-4_addr.txt",
    CORPUS / "ip-6.1__-6_addr.txt",
    CORPUS / "ip-3.10__addr.txt",
    CORPUS / "ip-7.1__addr.txt",
    NETNS / "ip_addr/ip_-d_-s_-s_link.txt",
], ids=lambda p: p.name)
def test_render_reproduces_the_capture(path: Path) -> None:
    result = run("render", path)
    assert result.returncode == 0, result.stderr
    original = netfacts.parse(path.read_text(), source=path.name)
    again = netfacts.parse(result.stdout)
    assert again.diagnostics == ()
    assert again == original
    # and, for these untouched captures, the same tokens on the same lines (spacing and the
    # blank before an -o backslash aside)
    def tokens(text: str) -> list[list[str]]:
        return [line.replace("\\", " \\ ").split() for line in text.splitlines()]

    assert tokens(result.stdout) == tokens(path.read_text())


def _damaged(tmp_path: Path) -> Path:
    lines = ADDR.read_text().splitlines(True)
    lines[3] = lines[3].replace("valid_lft forever", "valid_lft forevr")
    path = tmp_path / "damaged_ip_addr.txt"
    path.write_text("".join(lines))
    return path


def test_exit_0_for_clean_file() -> None:
    result = run("parse", ADDR)
    assert (result.returncode, result.stderr) == (0, "")


def test_exit_1_with_error_diagnostics(tmp_path: Path) -> None:
    path = _damaged(tmp_path)
    result = run("parse", "--as", "ip-addr", path)
    assert result.returncode == 1
    # the output is still printed: every interface, eth0's first address included
    data = json.loads(result.stdout)
    assert len(data) == 15
    assert f"{path}:4:18: error: " in result.stderr
    assert "valid_lft forevr" in result.stderr
    quiet = run("parse", "-q", "--as", "ip-addr", path)
    assert quiet.returncode == 1
    assert quiet.stderr == ""  # -q prints no diagnostics: the exit status says it


def test_exit_1_render_with_errors(tmp_path: Path) -> None:
    result = run("render", _damaged(tmp_path))
    assert result.returncode == 1
    assert ":4:18: error: " in result.stderr
    assert result.stdout.startswith("1: lo: <LOOPBACK,UP,LOWER_UP>")


def test_exit_2_strict_failure(tmp_path: Path) -> None:
    path = _damaged(tmp_path)
    result = run("parse", "--strict", "--as", "ip-addr", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"netfacts: {path}:4:18: error: Expected lifetime, found 'forevr'")
    result = run("render", "--strict", path)
    assert result.returncode == 2


def test_exit_2_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "mystery.txt"
    path.write_text("this is not the output of any command\n")
    result = run("parse", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "ip-addr" in result.stderr and "ip-link" in result.stderr
    assert str(path) in result.stderr
    assert run("detect", path).returncode == 2
    assert run("render", path).returncode == 2


def test_exit_2_unknown_kind() -> None:
    result = run("parse", "--as", "ip-nonsense", ADDR)
    assert result.returncode == 2
    assert "ip-nonsense" in result.stderr


def test_exit_2_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_file.txt"
    for command in ("parse", "detect", "render"):
        result = run(command, missing)
        assert result.returncode == 2
        assert str(missing) in result.stderr
        assert result.stdout == ""


def test_exit_2_empty_input_without_kind(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("parse", path)
    assert result.returncode == 2
    assert "empty" in result.stderr
    named = run("parse", "--as", "ip-addr", path)
    assert (named.returncode, named.stdout) == (0, "[]\n")


def test_usage_error_is_exit_2() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_closed_stdout_is_not_an_error(tmp_path: Path) -> None:
    """`netfacts parse big.txt | head -c 100`: a closed pipe ends the program quietly."""
    big = tmp_path / "big_link.txt"
    big.write_text((CORPUS / "ip-6.1__-d_link.txt").read_text() * 12)
    process = subprocess.Popen(
        [sys.executable, "-m", "netfacts", "parse", "--pretty", "--as", "ip-link", str(big)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    head = process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    status = process.wait(timeout=120)
    assert head.startswith(b"[\n  {")
    assert "Traceback" not in stderr
    assert (status, stderr) == (0, "")
