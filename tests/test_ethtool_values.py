"""ethtool: values from real captures and from the source-derived physical-NIC fixtures.

Truth: the topology ``scripts/capture_hw.py`` builds (veth ``va0`` and ``vq0`` with 4
queues, tap ``tp0`` with no process attached — no carrier —, bridge ``br0``, vxlan ``vx0``,
ifb ``ifb0``; ``fixtures/netns_hw/MANIFEST.tsv``), ``ethtool --json -k`` twins, and for
``from_source/`` the values written there from ethtool's printing code (see
``fixtures/netns_hw/README.md``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import netfacts
from conftest import FIXTURES
from netfacts.detection import detect, kind_from_filename
from netfacts.errors import ParseError
from netfacts.jsonio.ethtool import ethtool_to_json
from netfacts.models.ethtool import EthtoolFeature, EthtoolOutput
from netfacts.parsers.ethtool import command_hints, parse_ethtool
from netfacts.renderers.ethtool import render_ethtool

ETHTOOL = FIXTURES / "netns_hw" / "ethtool"
SOURCE = ETHTOOL / "from_source"
CAPTURED = sorted(p for p in ETHTOOL.rglob("*.txt") if p.parent != SOURCE)


def load(path: Path, **hints: str) -> EthtoolOutput:
    found = command_hints(path.stem.split("_")[1:]) or {}
    output = parse_ethtool(path.read_text(), source=str(path), **{**found, **hints})
    return output


def test_every_capture_reads_without_errors_and_renders_back() -> None:
    assert len(CAPTURED) >= 50
    for path in CAPTURED:
        output = load(path)
        assert [d.render() for d in output.diagnostics if d.severity.value == "error"] == []
        # stderr lines are warnings, one per message
        assert len(output.diagnostics) == len(output.messages), path
        assert render_ethtool(output) == path.read_text(), path


@pytest.mark.parametrize("path", sorted(ETHTOOL.rglob("*.json")), ids=lambda p: p.name)
def test_json_twins(path: Path) -> None:
    output = load(path.with_suffix(".txt"))
    assert ethtool_to_json(output) == json.loads(path.read_text())


def test_twins_exist_for_every_form_that_ethtool_6_1_prints_as_json() -> None:
    twins = {p.stem.split("_")[1] for p in ETHTOOL.rglob("*.json")}
    assert twins == {"-k"}  # 6.1: --json only for -k among the six (plain: 6.10, -g: 6.2)


def test_veth_settings() -> None:
    settings = load(ETHTOOL / "ethtool_va0.txt").settings
    assert settings is not None
    assert (settings.speed, settings.duplex, settings.port, settings.link_detected) == (
        10000, "Full", "Twisted Pair", True)
    assert settings.auto_negotiation is False
    assert settings.supported_link_modes == () and settings.supported_ports == ()
    assert settings.get("MDI-X") == "Unknown"


def test_tap_without_a_process_has_no_carrier_and_a_message_level() -> None:
    output = load(ETHTOOL / "ethtool_tp0.txt")
    assert output.settings is not None
    assert output.settings.link_detected is False
    assert output.settings.message_level == 0 and output.settings.message_flags == ()


def test_bridge_duplex_unknown_is_none_and_left_out_of_json() -> None:
    output = load(ETHTOOL / "ethtool_br0.txt")
    assert output.settings is not None and output.settings.duplex is None
    assert output.settings.get("Duplex") == "Unknown! (255)"
    assert "duplex" not in ethtool_to_json(output)[0]


def test_errors_are_capture_warnings_not_parse_errors() -> None:
    output = load(ETHTOOL / "ethtool_-g_va0.txt")
    assert output.mode == "rings" and output.ifname == "va0" and not output.supported
    assert output.messages == ("netlink error: Operation not supported",)
    assert [d.severity.value for d in output.diagnostics] == ["warning"]
    assert ethtool_to_json(output) == []
    parse_ethtool((ETHTOOL / "ethtool_-g_va0.txt").read_text(), strict=True)  # no raise
    missing = load(ETHTOOL / "ethtool_nodev0.txt")
    assert len(missing.messages) == 11 and missing.messages[-1] == "No data available"


def test_driver_and_statistics_take_the_device_from_the_file_name() -> None:
    driver = load(ETHTOOL / "ethtool_-i_va0.txt")
    assert (driver.ifname, driver.mode) == ("va0", "driver")
    assert driver.driver is not None
    assert (driver.driver.driver, driver.driver.version, driver.driver.firmware_version,
            driver.driver.bus_info) == ("veth", "1.0", None, None)
    assert load(ETHTOOL / "ethtool_-i_br0.txt").driver.get("firmware-version") == "N/A"  # type: ignore[union-attr]
    stats = load(ETHTOOL / "ethtool_-S_vq0.txt").statistics
    assert stats is not None
    queues = stats.matching(r"^rx_queue_\d+_drops$")
    assert sorted(queues) == [f"rx_queue_{n}_drops" for n in range(4)]  # 4 queues built


def test_channels_of_a_veth() -> None:
    channels = load(ETHTOOL / "ethtool_-l_va0.txt").channels
    assert channels is not None
    assert (channels.value("max", "RX"), channels.rx, channels.combined) == (2, 1, None)


def test_features_match_the_json_twin_rules() -> None:
    features = load(ETHTOOL / "host" / "ethtool_-k_eth0.txt").features
    assert features is not None
    group = features.get("tx-checksumming")
    child = features.get("tx-checksum-ipv4")
    assert group == EthtoolFeature(name="tx-checksumming", active=True, fixed=None,
                                   requested=None)
    assert child is not None and child.parent == "tx-checksumming" and child.fixed


def test_physical_nic_from_source() -> None:
    output = load(SOURCE / "ethtool_ens1f0.txt")
    settings = output.settings
    assert settings is not None
    assert settings.speed == 1000 and settings.duplex == "Half"
    assert settings.supported_link_modes == (
        "10baseT/Half", "10baseT/Full", "100baseT/Half", "100baseT/Full", "1000baseT/Full",
        "10000baseT/Full")
    assert settings.partner_link_modes == ("100baseT/Full", "1000baseT/Full")
    assert settings.message_level == 7 and settings.message_flags == ("drv", "probe", "link")
    data = ethtool_to_json(output)[0]
    assert data["mdi-x"] is True and data["mdi-x-auto"] is True and data["speed"] == 1000
    assert data["auto-negotiation"] is True and data["link-detected"] is True
    fibre = load(SOURCE / "ethtool_ens1f1.txt")
    assert fibre.settings is not None and fibre.settings.speed is None
    assert ethtool_to_json(fibre)[0]["supported-fec-modes"] == ["None", "RS", "BASER"]


def test_physical_nic_rings_channels_driver_statistics() -> None:
    rings = load(SOURCE / "ethtool_-g_ens1f0.txt").rings
    assert rings is not None and (rings.rx_max, rings.tx_max, rings.rx, rings.tx) == (
        4096, 4096, 512, 512)
    assert ethtool_to_json(load(SOURCE / "ethtool_-g_ens1f0.txt"))[0] == {
        "ifname": "ens1f0", "rx-max": 4096, "tx-max": 4096, "rx": 512, "tx": 512,
        "tx-push": False}
    channels = load(SOURCE / "ethtool_-l_ens1f0.txt").channels
    assert channels is not None and (channels.combined_max, channels.combined) == (40, 16)
    driver = load(SOURCE / "ethtool_-i_ens1f0.txt").driver
    assert driver is not None and driver.firmware_version == "6.01 0x800034a4 1.1747.0"
    stats = load(SOURCE / "ethtool_-S_ens1f0.txt").statistics
    assert stats is not None
    assert stats.get("rxq0: rx_pkts") == 4591368  # a name holding ": " splits at the last
    assert stats.get("tx-0.tx_packets") == 4086317
    assert stats.errors["rx_crc_errors"] == 12


def test_ioctl_era_and_non_root_messages() -> None:
    output = load(SOURCE / "ethtool_eno1.txt")
    assert output.settings is not None and output.settings.message_flags == (
        "drv", "probe", "link")  # TAB-indented continuation of the ioctl printer
    assert output.messages == ("Cannot get wake-on-lan settings: Operation not permitted",)
    assert load(SOURCE / "ethtool_-g_veth1.txt").messages != ()


def test_one_garbled_line_loses_only_itself() -> None:
    lines = (SOURCE / "ethtool_-S_ens1f0.txt").read_text().splitlines()
    lines[3] = "     rx_bytes 8817263541"  # the colon lost
    output = parse_ethtool("\n".join(lines) + "\n", mode="statistics")
    assert output.statistics is not None and len(output.statistics.counters) == len(lines) - 2
    assert [(d.line, d.severity.value) for d in output.diagnostics] == [(4, "error")]
    with pytest.raises(ParseError, match=r"<input>:4:"):
        parse_ethtool("\n".join(lines) + "\n", strict=True)


@pytest.mark.parametrize(("name", "kind", "ifname"), [
    ("sos_commands/networking/ethtool_eth0", "ethtool", "eth0"),
    ("sos_commands/networking/ethtool_-i_eth0", "ethtool-i", "eth0"),
    ("sos_commands/networking/ethtool_-S_br_ex", "ethtool-S", "br_ex"),
    ("sos_commands/networking/ethtool_-k_ens1f0", "ethtool-k", "ens1f0"),
    ("sos_commands/networking/ethtool_-g_ens1f0", "ethtool-g", "ens1f0"),
    ("sos_commands/networking/ethtool_-l_ens1f0", "ethtool-l", "ens1f0"),
    ("sos_commands/networking/namespaces/ns1/ip_netns_exec_ns1_ethtool_-S_eth0", "ethtool-S",
     "eth0"),
])
def test_sos_file_names(name: str, kind: str, ifname: str) -> None:
    found = kind_from_filename(name)
    assert found is not None and found.kind == kind and found.hints["ifname"] == ifname


@pytest.mark.parametrize("name", ["ethtool_-a_eth0", "ethtool_-c_eth0", "ethtool_-T_eth0",
                                  "ethtool_--show-priv-flags_eth0", "ethtool_-d_eth0"])
def test_other_ethtool_forms_are_not_claimed(name: str) -> None:
    assert kind_from_filename(f"sos_commands/networking/{name}") is None


@pytest.mark.parametrize(("path", "kind"), [
    (ETHTOOL / "ethtool_va0.txt", "ethtool"), (ETHTOOL / "ethtool_-i_va0.txt", "ethtool-i"),
    (ETHTOOL / "ethtool_-S_va0.txt", "ethtool-S"), (ETHTOOL / "ethtool_-k_va0.txt", "ethtool-k"),
    (ETHTOOL / "host" / "ethtool_-g_eth0.txt", "ethtool-g"),
    (ETHTOOL / "ethtool_-l_va0.txt", "ethtool-l"),
])
def test_detected_by_content(path: Path, kind: str) -> None:
    assert detect(path.read_text()).kind == kind


def test_public_parse_with_a_sos_name_and_an_error_only_file() -> None:
    output = netfacts.parse((ETHTOOL / "ethtool_-l_lo.txt").read_text(),
                            source="sos_commands/networking/ethtool_-l_lo")
    assert isinstance(output, EthtoolOutput)
    assert (output.mode, output.ifname, output.supported) == ("channels", "lo", False)
    named = netfacts.parse((ETHTOOL / "ethtool_-S_va0.txt").read_text(), "ethtool-S",
                           source="ethtool_-S_va0")
    assert isinstance(named, EthtoolOutput) and named.ifname == "va0"


@pytest.mark.parametrize("field", ["RX", "TX"])
def test_a_ring_or_channel_number_longer_than_a_u64_is_an_error(field: str) -> None:
    """Found by the garbled-capture fuzz test: a 5,000-digit channel count raised
    ValueError in the JSON writer (Python's int() digit limit)."""
    lines = ["Channel parameters for eth0:", "Pre-set maximums:", "RX:\t\t4", "TX:\t\t4",
             "Current hardware settings:", "RX:\t\t1", "TX:\t\t1"]
    index = lines.index(f"{field}:\t\t4")
    lines[index] = f"{field}:\t\t" + "9" * 5000
    output = parse_ethtool("\n".join(lines) + "\n", source="l.txt")
    assert [d.line for d in output.diagnostics if d.severity == "error"] == [index + 1]
    assert "at most 20 digits" in output.diagnostics[0].message
    data = ethtool_to_json(output)
    keys = data[0]
    assert (field.lower() + "-max") not in keys and keys[field.lower() + "-count"] == 1
    with pytest.raises(ParseError):
        parse_ethtool("\n".join(lines) + "\n", source="l.txt", strict=True)
