"""Public model constructors validate (issue 11 §5); parsers build without the checks.

A wrong type raises ``TypeError`` and a value outside a closed set ``ValueError`` at
construction, naming the class and the field; text is read for value types (addresses,
networks, enums) and open enums keep unknown words.  Every record the parsers and the
strategies produce passes its own constructor's checks (so the annotations describe the
values the parsers really store).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netfacts
from netfacts import _registry
from netfacts.checks import roles_from_args, run_checks
from netfacts.models._checked import builder
from netfacts.models.address import Address, AddressFamily, Scope
from netfacts.models.ip_addr import IpAddrForm
from netfacts.models.link import Link
from netfacts.models.neighbour import Neighbour
from netfacts.models.process import Process
from netfacts.models.route import IpRouteOutput, Nexthop, Route
from netfacts.models.rule import Rule
from netfacts.models.service import Service, ServiceProtocol
from netfacts.models.socket import Endpoint, Socket, SocketProcess, UnixInfo, UnixType
from netfacts.models.sysctl import Sysctl

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize(("build", "error", "field"), [
    (lambda: Route(dst=ipaddress.ip_network("10.0.0.0/8"), metric="x"), TypeError, "metric"),
    (lambda: Route(dst="10.0.0.1/8"), ValueError, "dst"),
    (lambda: Route(dst="10.0.0.0/8", gateway="10.0.0.300"), ValueError, "gateway"),
    (lambda: Route(dst="10.0.0.0/8", flags=("onlink", 1)), TypeError, "flags"),
    (lambda: Route(dst="10.0.0.0/8", metric=True), TypeError, "metric"),
    (lambda: Route(dst="10.0.0.0/8", nexthops=("via 10.0.0.1",)), TypeError, "nexthops"),
    (lambda: Route(dst=10), TypeError, "dst"),
    (lambda: Nexthop(weight="1"), TypeError, "weight"),
    (lambda: Address(family=AddressFamily.INET, local="10.0.0.1", prefixlen="24"),
     TypeError, "prefixlen"),
    (lambda: Link(ifname=3), TypeError, "ifname"),
    (lambda: Link(ifname="eth0", mtu="1500"), TypeError, "mtu"),
    (lambda: Neighbour(dst="not-an-address"), ValueError, "dst"),
    (lambda: Rule(priority="100"), TypeError, "priority"),
    (lambda: Socket(recv_q="0"), TypeError, "recv_q"),
    (lambda: Socket(local="0.0.0.0:22"), TypeError, "local"),
    (lambda: SocketProcess(name="sshd", pid="1"), TypeError, "pid"),
    (lambda: Endpoint(port=[22]), TypeError, "port"),
    (lambda: Sysctl(key=1, value=1), TypeError, "key"),
    (lambda: Sysctl(key="net.ipv4.ip_forward", value=1.5), TypeError, "value"),
    (lambda: Service(protocol=ServiceProtocol.TCP, port=80, name=5), TypeError, "name"),
    (lambda: Process(user=0, pid=1), TypeError, "user"),
    (lambda: IpAddrForm(style="fancy"), ValueError, "style"),
    (lambda: IpAddrForm(command=1), TypeError, "command"),
    (lambda: IpRouteOutput(routes=["default via 10.0.0.1"]), TypeError, "routes"),
])
def test_wrong_values_are_refused_at_construction(build: Any, error: type[Exception],
                                                 field: str) -> None:
    with pytest.raises(error, match=rf"\.{field}: "):
        build()


def test_text_of_value_types_is_read() -> None:
    route = Route(dst="10.0.0.0/8", gateway="10.0.0.1", scope="link", flags=["onlink"],
                  via_family="inet6")
    assert route.dst == ipaddress.ip_network("10.0.0.0/8")
    assert route.gateway == ipaddress.ip_address("10.0.0.1")
    assert route.scope is Scope.LINK
    assert route.flags == ("onlink",)
    assert route.via_family is AddressFamily.INET6
    assert str(route) == "10.0.0.0/8 via inet6 10.0.0.1 scope link onlink"
    assert Rule(priority=0, src="10.1.0.0/16").src == ipaddress.ip_interface("10.1.0.0/16")


def test_open_enums_keep_unknown_words() -> None:
    scope = Route(dst="10.0.0.0/8", scope="galaxy").scope
    assert scope.value == "galaxy" and not scope.known
    kind = UnixInfo(type="000A").type
    assert kind is not None and kind.value == "000A" and not kind.known
    assert UnixInfo(type="STREAM").type is UnixType.STREAM


def test_the_parsers_builder_does_not_check() -> None:
    """The private builder is the attrs constructor alone: parsers' values are valid."""
    unchecked = builder(Route)(dst=ipaddress.ip_network("10.0.0.0/8"), metric="x")
    assert unchecked.metric == "x"
    with pytest.raises(TypeError):
        Route(dst=ipaddress.ip_network("10.0.0.0/8"), metric="x")


def test_node_roles_are_a_closed_set() -> None:
    assert roles_from_args(["n1=master", "n2=worker"]) == {"n1": "control-plane",
                                                           "n2": "worker"}
    with pytest.raises(ValueError, match="bad role"):
        roles_from_args(["n1=boss"])
    with pytest.raises(ValueError, match="bad role"):
        run_checks([], roles={"n1": "boss"})


# ---------------------------------------------------------------- real values pass the checks


def _rebuilt(value: Any, seen: dict[int, Any]) -> Any:
    """``value`` with every attrs object rebuilt through its public constructor."""
    if id(value) in seen:
        return seen[id(value)]
    if attrs.has(type(value)):
        fields = {field.alias: _rebuilt(getattr(value, field.name), seen)
                  for field in attrs.fields(type(value)) if field.init}
        rebuilt = type(value)(**fields)
        seen[id(value)] = rebuilt
        return rebuilt
    if isinstance(value, (tuple, list)) or (hasattr(value, "materialise")):
        return tuple(_rebuilt(item, seen) for item in value)
    return value


def _assert_constructors_accept(output: Any) -> None:
    rebuilt = _rebuilt(output, {})
    assert rebuilt == output


_WITH_STRATEGIES = [family for family in _registry.FAMILIES if family.strategies]


@pytest.mark.property
@pytest.mark.parametrize("family", _WITH_STRATEGIES, ids=[f.key for f in _WITH_STRATEGIES])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_and_parsed_records_pass_their_constructors(
        family: _registry.CommandFamily, data: st.DataObject) -> None:
    text, output = data.draw(_registry.load(family.strategies or "")())
    _assert_constructors_accept(output)
    _assert_constructors_accept(netfacts.parse(text, kind=output.kind))


_CAPTURES = sorted(path for path in (FIXTURES / "netns").rglob("*.txt")
                   if path.parent.name != "netns")


@pytest.mark.parametrize("path", _CAPTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_parsed_fixtures_pass_their_constructors(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        output = netfacts.parse(text)
    except netfacts.ParseError:
        pytest.skip("not a capture netfacts detects")
    _assert_constructors_accept(output)


def test_unknown_enum_values_are_remembered_only_up_to_a_bound() -> None:
    """Input chooses the unknown words an open enum meets: each class remembers at most
    MAX_UNKNOWN_ENUM_VALUES of them (later ones are equal to themselves, not cached)."""
    from netfacts.models.link import OperState
    from netfacts.models.values import MAX_UNKNOWN_ENUM_VALUES

    before = dict(OperState._value2member_map_)
    words = [f"STATE{i}" for i in range(MAX_UNKNOWN_ENUM_VALUES + 500)]
    try:
        states = [OperState(word) for word in words]
        _check_bounded(OperState, MAX_UNKNOWN_ENUM_VALUES, states, words, len(before))
    finally:
        OperState._value2member_map_.clear()
        OperState._value2member_map_.update(before)


def _check_bounded(OperState: Any, bound: int, states: list[Any], words: list[str],
                   before: int) -> None:
    assert len(OperState._value2member_map_) - len(OperState.__members__) <= bound
    assert len(OperState._value2member_map_) >= before
    assert [state.value for state in states] == words
    assert all(not state.known for state in states)
    late = words[-1]
    assert OperState(late) == OperState(late) == late
    assert OperState("UP") is OperState.UP
