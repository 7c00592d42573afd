"""Every line shape rejects (or accepts) a long hostile line in time proportional to its
length.

A regex with two readings of the same text (``[ \\t]+`` next to an optional blank run,
``.*?`` before a title, a value that may start with the indent's blanks) backtracks over
every split when the line fails at its end: a 72 KB line took 210 s in the ss header's
grammar, and a ``/proc/net/tcp`` cut mid-line never finished.  Lines may be up to
``limits.line_bytes`` (1 MiB) long, so each shape is timed on damaged variants of real lines
at two lengths four times apart: linear time grows about four times, the quadratic cases
above grew sixteen times or more.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import netfacts
from netfacts import grammar
from netfacts.grammar._fastpath import LineShape

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

EXTRA_SAMPLES = [
    "    inet6 fe80::1/64 metric 256 brd ff02::1 scope link",
    "keepalive (7175.48/0/0)",
    "tcp        0      0 10.0.0.1:22             10.0.0.2:50000          ESTABLISHED "
    "1234/sshd: root@pts  keepalive (7175.48/0/0)",
    "tcp        0      0 10.0.0.1:22             10.0.0.2:50000          ESTABLISHED "
    "root       12345      keepalive (7175.48/0/0)",
    "          collisions:0 txqueuelen:1000",
    "devices = { eth0, eth1 }",
    " `- ESTAB      0      0   10.0.0.1%eth0:38412  10.0.0.2:2379",
    'users:(("sshd",pid=1,fd=3),("sshd",pid=2,fd=4))',
    '("sshd",pid=1,fd=3)',
    "sysctl: cannot stat /proc/sys/net/x: No such file or directory",
    "* Applying /etc/sysctl.d/10-console-messages.conf ...",
]
"""Lines of shapes the fixtures do not start with (their first 400 lines are read)."""

UNSAMPLED = {"lsof:other"}
"""Shapes no sample line reaches (lsof's catch-all for unusual socket types)."""


@functools.cache
def _sample_lines() -> tuple[str, ...]:
    lines: set[str] = set(EXTRA_SAMPLES)
    for path in FIXTURES.rglob("*"):
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        for line in path.read_text(errors="replace").splitlines()[:400]:
            if line.strip() and len(line) < 400:
                lines.update((line, line.rstrip(), line.strip()))
    return tuple(sorted(lines))


def _shapes() -> list[tuple[str, LineShape]]:
    found = []
    for module in pkgutil.iter_modules(grammar.__path__):
        if module.name.startswith("_"):
            continue
        shapes = getattr(importlib.import_module(f"netfacts.grammar.{module.name}"),
                         "SHAPES", {})
        found += [(f"{module.name}:{key}", shape) for key, shape in shapes.items()]
    return found


def _variants(line: str) -> list[Callable[[int], str]]:
    """Damaged copies of ``line``, ``n`` times longer; most end in a character no shape
    accepts there, so the match fails at the very end."""
    tokens = line.split(" ")
    return [
        lambda n: " ".join(tokens * n) + " !",
        lambda n: (line + " ") * n + "\x00",
        lambda n: " ".join(tokens[:-1] * n) + " " + tokens[-1] + " !",
        lambda n: line.replace(" ", " " * (n * 8)) + " !",
        lambda n: line.replace(" ", "\t" * (n * 8)) + " !",
        lambda n: line + " " * (n * 40) + "!",
        lambda n: " " * (n * 40) + line + " !",
        lambda n: " ".join(token for token in tokens for _ in range(n)) + " !",
        lambda n: line.replace(" ", " " * (n * 8)),
    ]


def _seconds(match: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        match(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(("name", "shape"), _shapes(),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_shape_rejects_long_lines_in_linear_time(name: str, shape: LineShape) -> None:
    samples = [line for line in _sample_lines() if shape.regex.fullmatch(line)]
    if name in UNSAMPLED:
        assert not samples, f"{name} has samples now: take it off UNSAMPLED"
        return
    assert samples, f"no sample line for {name}: add one to EXTRA_SAMPLES"
    for line in samples[:: max(1, len(samples) // 3)][:3]:
        base = max(1, 6_000 // len(line))
        for variant in _variants(line):
            small, large = variant(base), variant(4 * base)
            short, long = _seconds(shape.regex.fullmatch, small), _seconds(
                shape.regex.fullmatch, large)
            assert long < 0.02 or long < 10 * max(short, 1e-4), (
                f"{name}: {len(small)} characters in {short:.4f} s, {len(large)} in "
                f"{long:.4f} s, from {line!r}")


def _cut_proc_net_tcp(lines: int) -> str:
    header = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
              "   uid  timeout inode")
    rows = [f"{slot:4d}: 0100007F:{1024 + slot % 60000:04X} 0100007F:0CEA 01 00000000:00000000 "
            f"00:00000000 00000000  1000        0 {100000 + slot} 1 "
            f"{slot:016x} 20 4 30 10 -1" for slot in range(lines)]
    return header + "\n" + "\n".join(rows) + "\n" + rows[-1][:40]


def test_proc_net_tcp_cut_mid_line_is_read_in_one_pass() -> None:
    # a block of full TCP lines that fails at its end was retried 2**n ways
    text = _cut_proc_net_tcp(5_000)
    start = time.perf_counter()
    out = netfacts.parse(text, kind="proc-net-tcp")
    assert time.perf_counter() - start < 20
    assert len(out.sockets) == 5_000
    assert any("cut off" in d.message for d in out.diagnostics)


def test_proc_net_tcp_garbled_line_mid_block_loses_only_itself() -> None:
    lines = _cut_proc_net_tcp(5_000).splitlines()[:-1]
    lines[3_000] = lines[3_000][:55] + "#" + lines[3_000][56:]
    start = time.perf_counter()
    out = netfacts.parse("\n".join(lines) + "\n", kind="proc-net-tcp")
    assert time.perf_counter() - start < 20
    assert len(out.sockets) == 4_999
    assert [d.line for d in out.diagnostics] == [3_001]


@functools.cache
def _fixture_per_kind() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(FIXTURES.rglob("*")):
        if (not path.is_file() or path.suffix == ".json"
                or not 200 < path.stat().st_size < 100_000):
            continue
        text = path.read_text(errors="replace")
        try:
            kind = netfacts.detect(text, filename=path.name).kind
        except netfacts.ParseError:
            continue
        if kind is not None and kind not in found:
            found[kind] = text
    return found


def _kinds() -> list[str]:
    return sorted(_fixture_per_kind())


def test_every_family_has_a_fixture_here() -> None:
    assert len(_kinds()) >= 30


@pytest.mark.parametrize("kind", _kinds())
def test_a_long_hostile_line_costs_little_in_every_family(kind: str) -> None:
    # the whole parser (grammar, fallbacks, error explanations), not only the regexes
    lines = _fixture_per_kind()[kind].splitlines()
    middle = len(lines) // 2
    picks = [line for line in lines if line.strip()]
    for line in (picks[0], picks[len(picks) // 2], picks[-1]):
        for variant in _variants(line):
            hostile = variant(max(2, 64_000 // len(line)))
            start = time.perf_counter()
            netfacts.parse("\n".join([*lines[:middle], hostile, *lines[middle:]]) + "\n",
                           kind=kind)
            assert time.perf_counter() - start < 5, (kind, line, len(hostile))


def test_ss_users_block_of_a_long_garbled_tail() -> None:
    row = "tcp   LISTEN 0      128    0.0.0.0:22   0.0.0.0:*    "
    for tail in ('users:(("sshd",pid=1,fd=3' * 8_000, 'users:(("' * 8_000 + "))",
                 'users:(("a",pid=1,fd=3),' + '("' * 20_000 + "))"):
        start = time.perf_counter()
        netfacts.parse(f"Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port "
                       f"Process\n{row}{tail}\n", kind="ss")
        assert time.perf_counter() - start < 5
