"""render → parse round trips over generated sysctl outputs and ``/proc/sys`` files."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from netfacts.jsonio.sysctl import sysctl_to_json
from netfacts.models.sysctl import SysctlOutput, key_from_path
from netfacts.parsers.sysctl import parse_sysctl
from netfacts.renderers.sysctl import render_sysctl
from netfacts.testing._strategies_neigh import sysctl_outputs

pytestmark = pytest.mark.property


def _parse(text: str, expected: SysctlOutput) -> SysctlOutput:
    key = expected.entries[0].key if expected.form.style == "file" else None
    return parse_sysctl(text, key=key, source="generated")


@given(sysctl_outputs())
def test_parse_of_render_gives_the_model_back(case: tuple[str, SysctlOutput]) -> None:
    text, expected = case
    parsed = _parse(text, expected)
    assert parsed.diagnostics == (), [d.render() for d in parsed.diagnostics]
    assert parsed == expected


@given(sysctl_outputs())
def test_json_types(case: tuple[str, SysctlOutput]) -> None:
    text, expected = case
    data = sysctl_to_json(_parse(text, expected))
    assert data == sysctl_to_json(expected)
    assert json.loads(json.dumps(data)) == data
    for entry in expected.entries:
        assert type(data[entry.key]) is type(expected.as_dict()[entry.key])


@given(sysctl_outputs(style="file"))
def test_a_file_read_by_its_path(case: tuple[str, SysctlOutput]) -> None:
    text, expected = case
    (entry,) = expected.entries
    assert key_from_path(entry.path) == entry.key
    parsed = parse_sysctl(text, source="sosreport-x/" + entry.path.lstrip("/"))
    assert parsed == expected


@given(sysctl_outputs())
def test_rendering_is_stable(case: tuple[str, SysctlOutput]) -> None:
    text, expected = case
    assert render_sysctl(_parse(text, expected)) == text
