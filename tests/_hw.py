"""Sosreports of the captured uplink layouts in ``fixtures/netns_hw/node/`` (n1, n2, n3).

Each capture's command comes from ``fixtures/netns_hw/MANIFEST.tsv`` (the exact command
line, not guessed from the file name); ``replace`` swaps a capture's text for another file
(``fixtures/netns_hw/ethtool/from_source``), ``drop`` leaves commands out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import netfacts
from conftest import FIXTURES
from netfacts.models.snapshot import Snapshot
from netfacts.testing.sosreport import build_sosreport

HW = FIXTURES / "netns_hw"
NODE = HW / "node"
SOURCE = HW / "ethtool" / "from_source"
COMMANDS = {(row.split("\t")[0], row.split("\t")[1]): row.split("\t")[3]
            for row in (HW / "MANIFEST.tsv").read_text().splitlines()[1:]}


def node_outputs(name: str) -> dict[str, str]:
    """Command line → captured text of one node layout."""
    return {COMMANDS[(f"node/{name}", path.name)]: path.read_text()
            for path in sorted((NODE / name).glob("*.txt"))}


def node_report(root: Path, name: str, *, replace: Mapping[str, Path] | None = None,
                drop: Iterable[str] = ()) -> Snapshot:
    outputs = node_outputs(name)
    for command, path in (replace or {}).items():
        outputs[command] = path.read_text()
    for command in drop:
        outputs.pop(command, None)
    snapshot = netfacts.load(build_sosreport(root / name, outputs, hostname=name))
    assert isinstance(snapshot, Snapshot)
    return snapshot


def line_of(path: Path, prefix: str) -> int:
    """The 1-based line of ``path`` that starts (after blanks) with ``prefix``."""
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1)
                if line.strip().startswith(prefix))
