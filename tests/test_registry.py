"""The family table (``netfacts._registry``) is the one list of families: every entry
imports, is consistent, and everything that used to list families reads it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netfacts
from netfacts import _registry
from netfacts.grammar.__main__ import exports_source
from netfacts.models.output import Output
from netfacts.models.snapshot import BUILTIN_CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = _registry.FAMILIES
IDS = [family.key for family in FAMILIES]


def _specs(family: _registry.CommandFamily) -> list[str]:
    specs = [family.parser, family.renderer, family.to_json, family.output]
    specs += [spec for spec in (family.sniffer, family.strategies, family.direct_json) if spec]
    specs += [command.hints for command in family.commands if command.hints]
    specs += list(family.exports)
    for category in family.categories:
        specs.append(category.record_type)
        specs += [spec for spec in (category.view, category.merge, category.diff,
                                    category.identity, category.show) if spec]
    return specs


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_every_named_implementation_imports(family: _registry.CommandFamily) -> None:
    for spec in _specs(family):
        assert ":" in spec, spec
        assert callable(_registry.load(spec)) or spec.endswith(":FOREVER"), spec


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_output_class_names_its_family(family: _registry.CommandFamily) -> None:
    output = _registry.load(family.output)
    assert isinstance(output, type) and issubclass(output, Output)
    assert output.kind == family.key
    assert _registry.family_for_output(family.key) is family


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_commands_and_paths_name_the_family_s_own_kinds(
        family: _registry.CommandFamily) -> None:
    for command in family.commands:
        assert command.kind in family.kinds, command
    for _, kind in family.paths:
        assert kind in family.kinds
    for source in family.sources:
        assert source.kind in family.kinds, source
        assert source.category in _registry.CATEGORIES, source
        assert source.candidates, source


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_docs_page_exists(family: _registry.CommandFamily) -> None:
    assert family.docs, family.key
    assert (ROOT / "docs" / family.docs).is_file(), family.docs


def test_names_are_unique() -> None:
    kinds = Counter(kind for family in FAMILIES for kind in family.kinds)
    assert [k for k, n in kinds.items() if n > 1] == []
    sources = Counter(source.name for family in FAMILIES for source in family.sources)
    assert [k for k, n in sources.items() if n > 1] == []
    categories = Counter(cat.name for family in FAMILIES for cat in family.categories)
    assert [k for k, n in categories.items() if n > 1] == []
    exports = Counter(spec.rpartition(":")[2] for family in FAMILIES for spec in family.exports)
    assert [k for k, n in exports.items() if n > 1] == []
    assert len({family.key for family in FAMILIES}) == len(FAMILIES)


def test_builtin_categories_are_declared_by_families() -> None:
    assert set(BUILTIN_CATEGORIES) <= set(_registry.CATEGORIES)


def test_every_category_has_a_source() -> None:
    for name in _registry.CATEGORIES:
        assert _registry.sources(name), name


def test_public_names_come_from_the_registry() -> None:
    for name, module in _registry.exports().items():
        assert name in netfacts.__all__
        assert getattr(netfacts, name) is getattr(__import__(module, fromlist=[name]), name)


def test_generated_exports_file_is_current() -> None:
    current = (ROOT / "src" / "netfacts" / "_exports.pyi").read_text()
    assert current == exports_source(), "run: python -m netfacts.grammar"


def test_cli_kind_list_is_the_registry_s() -> None:
    from netfacts.cli import _parser

    help_text = _parser().format_help() + "".join(
        action.help or "" for action in _parser()._actions)
    assert "parse" in help_text
    for kind in _registry.KINDS:
        assert _registry.family_for_kind(kind) is not None


_WITH_STRATEGIES = [family for family in FAMILIES if family.strategies]


@pytest.mark.property
@pytest.mark.parametrize("family", _WITH_STRATEGIES, ids=[f.key for f in _WITH_STRATEGIES])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(data=st.data())
def test_strategy_gives_the_family_s_outputs(family: _registry.CommandFamily,
                                            data: st.DataObject) -> None:
    """Every family's public strategy gives (text, output) pairs of its own output class,
    the text being what the family's renderer prints (each family's round-trip test then
    parses it back)."""
    text, output = data.draw(_registry.load(family.strategies or "")())
    assert isinstance(output, _registry.load(family.output))
    assert netfacts.render(output) == text


def test_sources_page_lists_every_snapshot_source() -> None:
    """docs/sources.md's table names the first candidate of every source."""
    page = (ROOT / "docs" / "sources.md").read_text()
    for source in _registry.sources():
        first = source.candidates[0].replace("sos_commands/networking/", "N/")
        assert f"`{first}`" in page, f"{source.name}: add {first} to docs/sources.md"


# ---------------------------------------------------------------- a category of a new family

_ARP_TEXT = (
    "IP address       HW type     Flags       HW address            Mask     Device\n"
    "10.0.0.1         0x1         0x2         02:00:00:00:00:01     *        eth0\n"
    "10.0.0.2         0x1         0x2         02:00:00:00:00:02     *        eth0\n"
)


@pytest.fixture
def extra_family(monkeypatch: pytest.MonkeyPatch) -> _registry.CommandFamily:
    """A made-up family with a category of its own (``/proc/net/arp`` read a second time
    under another name): what a new family gets from the registry alone."""
    family = _registry.CommandFamily(
        key="proc_net_arp", title="test copy", kinds={"x-arp": {}},
        parser="netfacts.parsers.proc_net_arp:parse_proc_net_arp",
        renderer="netfacts.renderers.proc_net_arp:render_proc_net_arp",
        to_json="netfacts.jsonio.arp:proc_net_arp_to_json",
        output="netfacts.models.neighbour:ProcNetArpOutput",
        sources=(_registry.Source("x_arp", "x-arp", "x_arp", ("proc/net/x_arp",),
                                  namespaces=False),),
        categories=(_registry.Category(
            "x_arp", records="neighbours", record_type="netfacts.models.neighbour:Neighbour",
            view="netfacts.jsonio.arp:arp_entry_to_json",
            identity="tests.test_registry:_x_identity", volatile=frozenset({"flags"})),),
    )
    families = (*_registry.FAMILIES, family)
    monkeypatch.setattr(_registry, "FAMILIES", families)
    monkeypatch.setattr(_registry, "KINDS", {**_registry.KINDS, "x-arp": (family, {})})
    monkeypatch.setattr(_registry, "CATEGORIES",
                        {**_registry.CATEGORIES, "x_arp": family.categories[0]})
    from netfacts.sources import _paths

    _paths._wanted.cache_clear()
    yield family
    _paths._wanted.cache_clear()


def _x_identity(neighbour: object) -> str:
    return f"{getattr(neighbour, 'dev', '')} {getattr(neighbour, 'dst', '')}"


def test_a_new_category_flows_through_snapshot_json_diff_and_show(
        extra_family: _registry.CommandFamily, tmp_path: Path) -> None:
    from netfacts.diff import diff
    from netfacts.jsonio.snapshot import load_json, snapshot_to_json
    from netfacts.testing.sosreport import build_sosreport

    report = build_sosreport(tmp_path / "a", {}, hostname="a",
                             files={"proc/net/x_arp": _ARP_TEXT})
    snap = netfacts.load(report)
    assert isinstance(snap, netfacts.Snapshot)
    records = snap.records("x_arp")
    assert [str(n.dst) for n in records] == ["10.0.0.1", "10.0.0.2"]
    assert snap.origin_of("x_arp", 1) is not None
    assert snap.origin_of("x_arp", 1).line == 3  # type: ignore[union-attr]
    assert any(s.facts == "x_arp" and s.records == 2 for s in snap.sources)
    data = snapshot_to_json(snap)
    assert [e["address"] for e in data["x_arp"]] == ["10.0.0.1", "10.0.0.2"]
    import json

    again = load_json(json.dumps(data))
    assert again == snap
    assert again.records("x_arp") == records
    other = build_sosreport(tmp_path / "b", {}, hostname="a",
                            files={"proc/net/x_arp": _ARP_TEXT.replace("00:02", "00:99")})
    changes = diff(snap, netfacts.load(other), kinds={"x_arp"})
    assert [(c.kind, c.key, c.field, c.before, c.after) for c in changes] == [
        ("x_arp", "eth0 10.0.0.2", "lladdr", "02:00:00:00:00:02", "02:00:00:00:00:99")]


def test_renamed_public_names_still_answer_with_a_warning() -> None:
    # netfacts.Family (an address family) became netfacts.AddressFamily when the registry's
    # CommandFamily took the word; scripts using the old name keep working
    import netfacts

    with pytest.warns(DeprecationWarning, match="netfacts.AddressFamily"):
        old = netfacts.Family
    assert old is netfacts.AddressFamily
    assert "Family" not in dir(netfacts) and "Family" not in netfacts.__all__
    with pytest.raises(AttributeError):
        netfacts.NoSuchName  # noqa: B018
