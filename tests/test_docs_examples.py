"""The Python examples in the README and the cookbook are user scripts: they pass
``mypy --strict`` against the installed package and run against real sosreports."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _k8s import build_node
from conftest import NETNS, ROOT
from netfacts.testing.sosreport import pack

_PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _readme_examples() -> list[str]:
    return _PYTHON_BLOCK.findall((ROOT / "README.md").read_text())


def _cookbook_examples() -> list[str]:
    """The cookbook's ``python -c "..."`` lines and its Python blocks."""
    text = (ROOT / "docs" / "cookbook.md").read_text()
    found = _PYTHON_BLOCK.findall(text)
    for match in re.finditer(r'^\$ python -c "(.*?)"$', text, re.M | re.S):
        found.append(match.group(1).replace("; ", "\n"))
    return found


def _mypy() -> list[str]:
    if shutil.which("mypy") is None and not _has_module("mypy"):
        pytest.skip("mypy is not installed")
    return [sys.executable, "-m", "mypy"]


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_readme_and_cookbook_examples_pass_mypy_strict(tmp_path: Path) -> None:
    scripts = _readme_examples() + _cookbook_examples()
    assert scripts
    for index, script in enumerate(scripts):
        (tmp_path / f"example_{index}.py").write_text(script.replace("$S", "node.tar.xz"))
    done = subprocess.run(
        [*_mypy(), "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".cache"),
         *sorted(str(p) for p in tmp_path.glob("example_*.py"))],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_example_runs_on_a_sosreport(tmp_path: Path) -> None:
    report = build_node("healthy", "controlplane", tmp_path / "tree")
    pack(report, tmp_path / "sosreport-controlplane-2026-11-26-abcdefg.tar.xz")
    shutil.copy(NETNS / "ip_route" / "ip_route.txt", tmp_path / "ip_route.txt")
    (script,) = _readme_examples()
    out = io.StringIO()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(script, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    first, route, addresses, ports = out.getvalue().splitlines()
    # readable values, as the comments in the README show them (not model reprs)
    assert first.split()[-1] == "192.168.121.1"
    assert re.fullmatch(r"192\.168\.121\.\d+/\d+ 192\.168\.121\.1", first)
    assert route.startswith("default via 192.168.121.1 dev ")
    assert addresses == "[]"  # this node has no global IPv6 address
    assert ports == "[10259]"


def test_cookbook_answers_are_what_the_commands_print(tmp_path: Path) -> None:
    """Each ``$ python -c "..."`` of the cookbook, run on the sosreports the cookbook says
    how to make, prints exactly the lines shown under it."""
    from _k8s import build_bundle

    report = build_node("healthy", "controlplane", tmp_path / "tree")
    node = pack(report, tmp_path / "sosreport-controlplane-2026-11-26-abcdefg.tar.xz")
    build_bundle("healthy", tmp_path / "h").rename(tmp_path / "sos-collector-healthy.tar.xz")
    text = (ROOT / "docs" / "cookbook.md").read_text()
    pattern = re.compile(r'^\$ python -c "(.*?)"\n(.*?)^```', re.M | re.S)
    checked = 0
    for match in pattern.finditer(text):
        code, shown = match.group(1).replace("$S", node.name), match.group(2)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=False, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout == shown, code
        checked += 1
    assert checked >= 9
