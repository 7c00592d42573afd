"""Hypothesis strategies for ``ethtool`` captures (all six forms).

Each strategy draws an :class:`~netfacts.models.ethtool.EthtoolOutput` and renders it, so
the text comes with its ground truth::

    @given(ethtool_outputs())
    def test_it(case):
        text, expected = case
        parse_ethtool(text, mode=expected.mode, ifname=expected.ifname) == expected

``-i`` and ``-S`` print no device name: pass ``ifname`` (and, for captures that hold only
an error message, ``mode``) as the parser hints the sos file name would give.
"""

from __future__ import annotations

from hypothesis import strategies as st

from netfacts.grammar import ethtool as g
from netfacts.models.ethtool import (
    MODES,
    EthtoolChannels,
    EthtoolDriver,
    EthtoolFeature,
    EthtoolFeatures,
    EthtoolOutput,
    EthtoolRings,
    EthtoolSettings,
    EthtoolStatistics,
    Param,
)
from netfacts.renderers.ethtool import render_ethtool

__all__ = ["ethtool_outputs"]

_IFNAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_", min_size=1,
                  max_size=15)
_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF0123456789 .,/()[]-_:", min_size=0,
                max_size=30).map(lambda t: " ".join(t.split()))
_MODES_10G = ["10baseT/Half", "10baseT/Full", "100baseT/Half", "100baseT/Full",
              "1000baseT/Full", "10000baseT/Full", "25000baseSR/Full", "100000baseCR4/Full"]
_MESSAGES = ["netlink error: Operation not supported", "no stats available",
             "Cannot get driver information: Operation not supported",
             "Cannot get device ring settings: Operation not supported",
             "netlink error: No such device", "No data available"]


def _modes() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_MODES_10G), max_size=6, unique=True).map(
        lambda modes: " ".join(sorted(modes, key=_MODES_10G.index)) or "Not reported")


@st.composite
def _settings(draw: st.DrawFn) -> EthtoolSettings:
    fields: list[tuple[str, str]] = []
    flags: tuple[str, ...] = ()
    if draw(st.booleans()):
        fields.append(("Supported ports", draw(st.sampled_from(["[  ]", "[ TP ]",
                                                                  "[ TP MII ]", "[ FIBRE ]"]))))
    for label in ("Supported link modes", "Advertised link modes",
                  "Link partner advertised link modes"):
        if draw(st.booleans()):
            fields.append((label, draw(_modes())))
    if draw(st.booleans()):
        fields.append(("Speed", draw(st.sampled_from(["Unknown!", "1000Mb/s", "10000Mb/s",
                                                       "25000Mb/s"]))))
    if draw(st.booleans()):
        fields.append(("Duplex", draw(st.sampled_from(["Full", "Half", "Unknown! (255)"]))))
    for label, values in (("Auto-negotiation", ["on", "off"]),
                          ("Port", ["Twisted Pair", "FIBRE", "Other", "None"]),
                          ("PHYAD", ["0", "1"]), ("MDI-X", ["Unknown", "on (auto)",
                                                            "off (forced)"])):
        if draw(st.booleans()):
            fields.append((label, draw(st.sampled_from(values))))
    if draw(st.booleans()):
        level = draw(st.integers(0, 0xFFFF))
        fields.append(("Current message level", f"0x{level:08x} ({level})"))
        flags = tuple(draw(st.lists(st.sampled_from(["drv", "probe", "link", "timer",
                                                      "ifdown"]), max_size=4, unique=True)))
    for _ in range(draw(st.integers(0, 2))):
        label = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -",
                             min_size=1, max_size=20).map(str.strip).filter(
                                 lambda t: bool(t) and t[0].isalpha()))
        if label not in {key for key, _ in fields} and label != "Current message level":
            fields.append((label, draw(_TEXT)))
    if draw(st.booleans()):
        fields.append(("Link detected", draw(st.sampled_from(["yes", "no", "no (No cable)"]))))
    return EthtoolSettings(fields=tuple(fields), message_flags=flags)


def _driver_key(key: str) -> bool:
    return g.SHAPES["message"].match(f"{key}: x") is None


@st.composite
def _driver(draw: st.DrawFn) -> EthtoolDriver:
    keys = draw(st.lists(
        st.sampled_from(["driver", "version", "firmware-version", "expansion-rom-version",
                         "bus-info", "supports-statistics", "supports-test"])
        | st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True).filter(_driver_key),
        min_size=1, max_size=8, unique=True))
    return EthtoolDriver(fields=tuple((key, draw(_TEXT)) for key in keys))


_STAT_NAME = st.one_of(
    st.from_regex(r"(rx|tx)_[a-z_]{1,12}[a-z]", fullmatch=True),
    st.integers(0, 63).map(lambda n: f"rx_queue_{n}_drops"),
    st.integers(0, 63).map(lambda n: f"tx-{n}.tx_packets"),
    st.integers(0, 63).map(lambda n: f"rxq{n}: rx_pkts"),
)


@st.composite
def _statistics(draw: st.DrawFn) -> EthtoolStatistics:
    names = draw(st.lists(_STAT_NAME, max_size=12, unique=True))
    return EthtoolStatistics(counters=tuple((name, draw(st.integers(0, 2**64 - 1)))
                                            for name in names))


_FEATURE = st.from_regex(r"[a-z][a-z0-9-]{0,24}", fullmatch=True)


@st.composite
def _feature(draw: st.DrawFn, name: str, parent: str | None) -> EthtoolFeature:
    active = draw(st.booleans())
    flag = draw(st.sampled_from(["", "fixed", "requested"]))
    if flag == "fixed":
        return EthtoolFeature(name=name, active=active, fixed=True, requested=False,
                              parent=parent)
    requested = (not active) if flag == "requested" else active
    return EthtoolFeature(name=name, active=active, fixed=False, requested=requested,
                          parent=parent)


@st.composite
def _features(draw: st.DrawFn) -> EthtoolFeatures:
    names = iter(draw(st.lists(_FEATURE, max_size=14, unique=True)))
    features: list[EthtoolFeature] = []
    for name in names:
        children = [child for _, child in zip(range(draw(st.integers(0, 3))), names)]
        if children:
            features.append(EthtoolFeature(name=name, active=draw(st.booleans()), fixed=None,
                                           requested=None))
            features.extend(draw(_feature(child, name)) for child in children)
        else:
            features.append(draw(_feature(name, None)))
    return EthtoolFeatures(features=tuple(features))


_VALUE = st.one_of(st.integers(0, 65535).map(str), st.just("n/a"),
                   st.sampled_from(["on", "off"]))


@st.composite
def _params(draw: st.DrawFn, labels: list[str]) -> tuple[Param, ...]:
    params: list[Param] = []
    for section in ("max", "current"):
        for label in draw(st.lists(st.sampled_from(labels), max_size=len(labels),
                                   unique=True)):
            params.append((section, label, draw(_VALUE)))
    return tuple(params)


@st.composite
def ethtool_outputs(draw: st.DrawFn, *, mode: str | None = None) -> tuple[str, EthtoolOutput]:
    """(text, model) of one ``ethtool`` capture; ``mode`` picks the form (default: any)."""
    mode = mode or draw(st.sampled_from(MODES))
    ifname = draw(_IFNAME)
    messages = tuple(draw(st.lists(st.sampled_from(_MESSAGES), max_size=2)))
    parts: dict[str, object] = {}
    if draw(st.integers(0, 4)) > 0:
        if mode == "settings":
            parts["settings"] = draw(_settings())
        elif mode == "driver":
            parts["driver"] = draw(_driver())
        elif mode == "statistics":
            parts["statistics"] = draw(_statistics())
        elif mode == "features":
            parts["features"] = draw(_features())
        elif mode == "rings":
            parts["rings"] = EthtoolRings(params=draw(_params(
                ["RX", "RX Mini", "RX Jumbo", "TX", "RX Buf Len", "CQE Size", "TX Push"])))
        else:
            parts["channels"] = EthtoolChannels(params=draw(_params(
                ["RX", "TX", "Other", "Combined"])))
    output = EthtoolOutput(ifname=ifname, mode=mode, messages=messages, **parts)  # type: ignore[arg-type]
    return render_ethtool(output), output
