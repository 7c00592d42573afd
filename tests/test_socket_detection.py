"""The content sniffers of netstat and ss (``netfacts.parsers.netstat.sniff``,
``netfacts.parsers.ss.sniff``) recognise their captures and nothing else, and the two
families' ``--as`` names work once they are registered."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, NETNS
from netfacts.parsers.netstat import sniff as sniff_netstat
from netfacts.parsers.ss import sniff as sniff_ss

ALL = sorted(p for p in [*CORPUS.glob("*.txt"), *NETNS.glob("*/*.txt"),
                         *(NETNS.parent / "netns_sockets").glob("*/*.txt"),
                         *(CORPUS / "synthetic").glob("*.txt")]
             if not p.name.endswith(".stderr.txt") and p.name not in (
                 "MANIFEST.txt", "VERSIONS.txt", "MAPPING_CHECK.txt", "README.txt"))


def _family(path: Path) -> str | None:
    name = path.name.split("__")[0]
    if "netstat" in path.name and "ss_truth" not in path.name:
        return "netstat"
    if name.startswith(("ss-", "far_ss-")) or path.parent.name == "ss" or "ss_truth" in \
            path.name or path.name.startswith("ss_"):
        return "ss"
    return None


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(errors="replace").splitlines() if line.strip()][:40]


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sniffers(path: Path) -> None:
    lines = _lines(path)
    family = _family(path)
    netstat = sniff_netstat(lines)
    ss = sniff_ss(lines)
    if family == "netstat" and lines and not lines[0].startswith(("net-tools", "usage")):
        assert netstat is not None and netstat[0] == "netstat"
        assert ss is None or ss[1] < netstat[1]
    elif family == "ss" and lines and not lines[0].startswith("Usage"):
        assert ss is not None and ss[0] == "ss"
        assert netstat is None or netstat[1] < ss[1]
    elif family is None:
        assert netstat is None, lines[:3]
        assert ss is None, lines[:3]


def test_registered_kinds_when_wired() -> None:
    """Runs once the integration snippets are in ``_registry.py`` and ``detection.py``."""
    import netfacts
    from netfacts import _registry

    if "netstat" not in _registry.KINDS or "ss" not in _registry.KINDS:
        pytest.skip("netstat/ss not registered yet")
    out = netfacts.parse((CORPUS / "netstat-2.10__-anp.txt").read_text())
    assert out.kind == "netstat"
    assert netfacts.to_json(out)["sockets"][0]["program"] == "systemd-resol"
    out = netfacts.parse((CORPUS / "ss-6.1__-tlnp.txt").read_text(), "ss")
    assert out.kind == "ss" and netfacts.render(out)
    sos = "sosreport-x/sos_commands/networking/"
    for name, kind in ((sos + "netstat_-W_-neopa", "netstat"), (sos + "ss_-peaonmi", "ss"),
                       (sos + "namespaces/ns1/ip_netns_exec_ns1_netstat_-W_-neopa", "netstat")):
        detected = netfacts.detect("x", filename=name)
        assert detected.kind == kind


@pytest.mark.parametrize(("options", "hints"), [
    (["-tanp"], {"netid": "tcp"}),
    (["-H", "-tln"], {"netid": "tcp"}),
    (["-ulnp"], {"netid": "udp"}),
    (["-w", "-a"], {"netid": "raw"}),
    (["-A", "tcp"], {"netid": "tcp"}),
    (["--query=udp"], {"netid": "udp"}),
    (["-tn", "state", "established"], {"netid": "tcp"}),
    (["-f", "inet", "-t"], {"netid": "tcp"}),
    (["-K", "-t"], {"netid": "tcp"}),
    (["-tuanp"], {}),  # several tables: ss prints the Netid column
    (["-xlp"], {}),  # UNIX spans three tables: the column stays
    (["-peaonmi"], {}),
    (["-s"], {}),
])
def test_ss_command_hints(options: list[str], hints: dict[str, str]) -> None:
    from netfacts.parsers.ss import command_hints

    assert command_hints(options) == hints


@pytest.mark.parametrize(("options", "hints"), [
    (["-W", "-neopa"], {"wide": True}),
    (["-T", "-neopa"], {"wide": True}),  # RHEL's --notrim
    (["-anpW"], {"wide": True}),
    (["--wide", "-an"], {"wide": True}),
    (["-neopa"], {}),
    (["-s"], {}),
    (["-A", "inet"], {}),
])
def test_netstat_command_hints(options: list[str], hints: dict[str, bool]) -> None:
    from netfacts.parsers.netstat import command_hints

    assert command_hints(options) == hints


def test_ss_hint_names_the_table_of_a_capture_without_netid() -> None:
    from netfacts.parsers.ss import command_hints, parse_ss

    text = (CORPUS / "ss-6.1__-tlnp.txt").read_text()
    out = parse_ss(text, **command_hints(["-tlnp"]))
    assert {s.proto for s in out.sockets} == {"tcp"}
