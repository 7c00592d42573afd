"""The fleet's libraries (pyarrow, dask.distributed, duckdb) are the ``fleet`` extra: the core
install neither needs nor imports them (issue 14)."""

from __future__ import annotations

import re
import subprocess
import sys

import tomllib

from conftest import ROOT

FLEET = ("pyarrow", "dask", "distributed", "duckdb")


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower()


def test_the_fleet_libraries_are_an_extra_only() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not {_name(r) for r in project["dependencies"]} & set(FLEET)
    assert {_name(r) for r in project["optional-dependencies"]["fleet"]} == {
        "pyarrow", "dask", "duckdb"}
    assert "dask[distributed]" in " ".join(project["optional-dependencies"]["fleet"])


def test_importing_netfacts_and_its_fleet_declarations_loads_none_of_them() -> None:
    code = ("import sys, netfacts, netfacts.cli, netfacts.fleet\n"
            "assert netfacts.fleet.TABLES and netfacts.fleet.discover\n"
            f"print(','.join(m for m in {FLEET!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == ""
