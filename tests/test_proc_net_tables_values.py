"""/proc/net/dev, route, ipv6_route and if_inet6 captured in network namespaces: read
cleanly, rendered back byte for byte, equal to ip -j and netstat of the same moment."""

from __future__ import annotations

import json
from typing import Any

import pytest

from _proc_net import ROLES, proc_file, twin
from netfacts.errors import ParseError
from netfacts.jsonio.proc_net_dev import proc_net_dev_to_json
from netfacts.jsonio.proc_net_if_inet6 import proc_net_if_inet6_to_json
from netfacts.jsonio.proc_net_route import proc_net_ipv6_route_to_json, proc_net_route_to_json
from netfacts.parsers.netstat import parse_netstat
from netfacts.parsers.proc_net_dev import parse_proc_net_dev
from netfacts.parsers.proc_net_if_inet6 import parse_proc_net_if_inet6
from netfacts.parsers.proc_net_ipv6_route import parse_proc_net_ipv6_route
from netfacts.parsers.proc_net_route import parse_proc_net_route
from netfacts.renderers.proc_net_tables import (
    render_proc_net_dev,
    render_proc_net_if_inet6,
    render_proc_net_ipv6_route,
    render_proc_net_route,
)

TABLES = {
    "dev": (parse_proc_net_dev, render_proc_net_dev),
    "route": (parse_proc_net_route, render_proc_net_route),
    "ipv6_route": (parse_proc_net_ipv6_route, render_proc_net_ipv6_route),
    "if_inet6": (parse_proc_net_if_inet6, render_proc_net_if_inet6),
}
CASES = [(role, name) for role in ROLES for name in TABLES]


def _parse(role: str, name: str) -> Any:
    out = TABLES[name][0](proc_file(role, name).read_text(), source=name)
    assert out.diagnostics == (), [d.render() for d in out.diagnostics]
    return out


def _twin(role: str, name: str) -> Any:
    return json.loads(twin(role, name).read_text())


@pytest.mark.parametrize(("role", "name"), CASES)
def test_reads_cleanly_and_renders_back_byte_for_byte(role: str, name: str) -> None:
    text = proc_file(role, name).read_text()
    out = _parse(role, name)
    assert len(out.record_lines) == len(text.splitlines()) - (0 if name in (
        "ipv6_route", "if_inet6") else 1 if name == "route" else 2)
    assert TABLES[name][1](out) == text


@pytest.mark.parametrize("role", ROLES)
def test_dev_is_ip_s_s_links_stats64(role: str) -> None:
    """Every counter equals ``ip -j -s -s link``'s of the same moment, with the file's
    documented folds (dropped + missed, the four frame errors, the four carrier errors)."""
    ours = {d["ifname"]: d["stats64"] for d in proc_net_dev_to_json(_parse(role, "dev"))}
    theirs = {link["ifname"]: link["stats64"] for link in _twin(role, "ip_-j_-s_-s_link")}
    assert set(ours) == set(theirs) and len(ours) >= 2
    for name, stats in ours.items():
        rx, tx = theirs[name]["rx"], theirs[name]["tx"]
        assert stats["rx"] == {
            "bytes": rx["bytes"], "packets": rx["packets"], "errors": rx["errors"],
            "dropped": rx["dropped"] + rx["missed_errors"], "fifo_errors": rx["fifo_errors"],
            "frame_errors": rx["length_errors"] + rx["over_errors"] + rx["crc_errors"]
            + rx["frame_errors"], "compressed": rx.get("compressed", 0),
            "multicast": rx["multicast"]}, name
        assert stats["tx"] == {
            "bytes": tx["bytes"], "packets": tx["packets"], "errors": tx["errors"],
            "dropped": tx["dropped"], "fifo_errors": tx["fifo_errors"],
            "collisions": tx["collisions"],
            "carrier_errors": tx["carrier_errors"] + tx["aborted_errors"]
            + tx["window_errors"] + tx["heartbeat_errors"],
            "compressed": tx.get("compressed", 0)}, name
    single = {link["ifname"]: link["stats64"] for link in _twin(role, "ip_-j_-s_link")}
    for name, stats in ours.items():  # ip -s: the same numbers under the same keys
        for side in ("rx", "tx"):
            for key in ("bytes", "packets", "errors", "multicast", "collisions"):
                if key in single[name][side]:
                    assert stats[side][key] == single[name][side][key], (name, key)


@pytest.mark.parametrize("role", ROLES)
def test_route_is_what_netstat_rn_prints(role: str) -> None:
    """``netstat -rnee`` reads this file: every row equal, in order, reject routes too."""
    netstat = parse_netstat(twin(role, "netstat_-rnee").read_text())
    assert netstat.routes and _parse(role, "route").to_netstat_routes() == netstat.routes


def test_route_against_ip_route() -> None:
    """The main table of ``ip -j -4 route``: destination, gateway, device, metric; the file
    has no route of table 100 and no route type."""
    routes = _parse("host", "route").routes
    table = _twin("host", "ip_-j_-4_route_show_table_main")
    assert len(routes) == len(table) == 9
    for route, item in zip(sorted(routes, key=lambda r: (int(r.destination), r.mask)),
                           sorted(table, key=_ip_route_key)):
        network = route.network
        assert network is not None
        assert (item["dst"] == "default" and network.prefixlen == 0) or \
            item["dst"] in (str(network), str(network.network_address))
        if "gateway" in item:
            assert str(route.gateway) == item["gateway"] and "gateway" in route.flag_words
        assert route.metric == item.get("metric", 0)
        if item.get("type") in ("unreachable", "prohibit"):
            assert route.iface is None and route.flag_words == ("up", "reject")
        elif item.get("type") == "blackhole":
            assert route.iface is None and route.flag_words == ("up",)
        else:
            assert route.iface == item["dev"]


def _ip_route_key(item: dict[str, Any]) -> tuple[int, int]:
    import ipaddress

    network = ipaddress.IPv4Network("0.0.0.0/0" if item["dst"] == "default" else item["dst"])
    return int(network.network_address), int(network.netmask)


@pytest.mark.parametrize("role", ROLES)
def test_ipv6_route_is_what_netstat_6_rn_prints(role: str) -> None:
    netstat = parse_netstat(twin(role, "netstat_-6_-rn").read_text())
    assert netstat.routes and _parse(role, "ipv6_route").to_netstat_routes() == netstat.routes


def test_ipv6_route_values() -> None:
    routes = proc_net_ipv6_route_to_json(_parse("host", "ipv6_route"))
    local = [r for r in routes if "local" in r["flag_words"]]
    assert local and all(r["flags"] == "Un" for r in local)
    reject = [r for r in routes if r["destination"] == "fd00:97::/64"]
    assert reject == [{"destination": "fd00:97::/64", "source": "::/0", "next_hop": "::",
                       "metric": 1024, "refcnt": 1, "use": 0, "flags": "!n",
                       "flag_words": ["reject", "nonexthop"], "device": "lo"}]
    assert {r["metric"] for r in routes if r["destination"] == "::/0"} >= {0xFFFFFFFF}


@pytest.mark.parametrize("role", ROLES)
def test_if_inet6_is_ip_addrs_inet6_addresses(role: str) -> None:
    ours = {(a["ifname"], a["local"]): a for a in
            proc_net_if_inet6_to_json(_parse(role, "if_inet6"))}
    theirs = {(link["ifname"], info["local"]): {**info, "ifindex": link["ifindex"]}
              for link in _twin(role, "ip_-j_addr") for info in link["addr_info"]
              if info["family"] == "inet6"}
    assert set(ours) == set(theirs) and len(ours) >= 3
    flags = ("temporary", "nodad", "optimistic", "dadfailed", "home", "deprecated",
             "tentative", "dynamic")
    for key, mine in ours.items():
        them = theirs[key]
        assert (mine["ifindex"], mine["prefixlen"], mine["scope"]) == (
            them["ifindex"], them["prefixlen"], them["scope"]), key
        assert {f for f in flags if mine.get(f)} == {f for f in flags if them.get(f)}, key


def test_route_json_and_big_endian() -> None:
    text = proc_file("host", "route").read_text()
    items = proc_net_route_to_json(parse_proc_net_route(text))
    assert items[0] == {"iface": "eth0", "destination": "0.0.0.0", "gateway": "10.20.0.2",
                        "mask": "0.0.0.0", "prefixlen": 0, "flags": "UG",
                        "flag_words": ["up", "gateway"], "refcnt": 0, "use": 0, "metric": 0,
                        "mtu": 0, "window": 0, "irtt": 0}
    big_text = text.replace("0200140A", "0A140002")
    big = parse_proc_net_route(big_text, byte_order="big")
    assert str(big.routes[0].gateway) == "10.20.0.2"
    assert render_proc_net_route(big).splitlines()[1] == big_text.splitlines()[1]
    with pytest.raises(ParseError):
        parse_proc_net_route(text, byte_order="middle")


@pytest.mark.parametrize("name", list(TABLES))
def test_a_garbled_line_loses_only_its_own_record(name: str) -> None:
    parse = TABLES[name][0]
    lines = proc_file("host", name).read_text().splitlines()
    whole = parse("\n".join(lines) + "\n")
    first = {"dev": 2, "route": 1}.get(name, 0)
    for index in range(first, len(lines)):
        damaged = list(lines)
        damaged[index] = damaged[index][:8] + "#" + damaged[index][9:]
        out = parse("\n".join(damaged) + "\n", source=name)
        assert len(out.record_lines) == len(whole.record_lines) - 1
        assert [(d.line, d.severity.value) for d in out.diagnostics] == [(index + 1, "error")]
        with pytest.raises(ParseError, match=f"{name}:{index + 1}:"):
            parse("\n".join(damaged) + "\n", source=name, strict=True)
