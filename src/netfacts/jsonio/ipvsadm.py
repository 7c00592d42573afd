"""JSON for ``ipvsadm -L`` output (ipvsadm has no JSON of its own).

The shape follows the kernel's IPVS netlink attributes and ``ipvsadm``'s column names::

    {"version": "1.2.1", "size": 4096, "mode": "list",
     "services": [{"protocol": "TCP", "address": "10.96.0.1", "port": 443,
                   "scheduler": "rr", "persistent": 10800,
                   "real_servers": [{"address": "192.168.49.2", "port": 8443,
                                     "forward": "Masq", "weight": 1,
                                     "active_conns": 2, "inactive_conns": 0}]}],
     "connections": [...], "timeout": {"tcp": 900, "tcpfin": 120, "udp": 300}}

Keys appear only when the listing shows them: ``--stats`` adds ``conns``, ``inpkts``,
``outpkts``, ``inbytes``, ``outbytes`` (``--rate``: ``cps``, ``inpps``, ``outpps``,
``inbps``, ``outbps``) to services and real servers, with the values ipvsadm rounded to
``K``/``M``/``G``/``T`` multiplied out (``"approximate": true`` then says so).  Firewall-mark
services have ``"fwmark"`` (and ``"ipv6": true``) instead of address and port.  Addresses
and ports that ipvsadm printed as names (no ``-n``) stay text.
"""

from __future__ import annotations

from typing import Any

from netfacts.models.ipvs import (
    IpvsadmOutput,
    IpvsConnection,
    IpvsCounters,
    IpvsRealServer,
    IpvsService,
    ListingMode,
)
from netfacts.models.values import ip_text

__all__ = ["ipvsadm_to_json", "service_to_json"]

_COUNTER_KEYS = {
    ListingMode.STATS: ("conns", "inpkts", "outpkts", "inbytes", "outbytes"),
    ListingMode.RATE: ("cps", "inpps", "outpps", "inbps", "outbps"),
}


def _address(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    return ip_text(value)


def _counters(out: dict[str, Any], counters: IpvsCounters | None, mode: ListingMode) -> None:
    if counters is None:
        return
    keys = _COUNTER_KEYS.get(mode, _COUNTER_KEYS[ListingMode.STATS])
    out.update(zip(keys, counters.values, strict=True))
    if counters.approximate:
        out["approximate"] = True


def _real_server(server: IpvsRealServer, mode: ListingMode) -> dict[str, Any]:
    out: dict[str, Any] = {"address": _address(server.address), "port": server.port}
    if server.forward is not None:
        out["forward"] = server.forward.value
    for key in ("tunnel_info", "weight", "upper_threshold", "lower_threshold",
                "persistent_conns", "active_conns", "inactive_conns"):
        value = getattr(server, key)
        if value is not None:
            out[key] = value
    _counters(out, server.counters, mode)
    return out


def service_to_json(service: IpvsService, mode: ListingMode = ListingMode.LIST
                    ) -> dict[str, Any]:
    """One virtual service with its real servers."""
    out: dict[str, Any] = {"protocol": service.protocol}
    if service.fwmark is not None:
        out["fwmark"] = service.fwmark
        if service.ipv6:
            out["ipv6"] = True
    else:
        out["address"] = _address(service.address)
        out["port"] = service.port
    if service.scheduler is not None:
        out["scheduler"] = service.scheduler
    if service.persistent is not None:
        out["persistent"] = service.persistent
    if service.mask is not None:
        out["mask"] = service.mask
    if service.pe is not None:
        out["pe"] = service.pe
    if service.ops:
        out["ops"] = True
    if service.flags:
        out["flags"] = list(service.flags)
    _counters(out, service.counters, mode)
    out["real_servers"] = [_real_server(s, mode) for s in service.real_servers]
    return out


def _endpoint(value: tuple[Any, Any]) -> dict[str, Any]:
    return {"address": _address(value[0]), "port": value[1]}


def _connection(connection: IpvsConnection) -> dict[str, Any]:
    out: dict[str, Any] = {
        "protocol": connection.protocol, "expire": connection.expire,
        "state": connection.state, "source": _endpoint(connection.source),
        "virtual": _endpoint(connection.virtual),
        "destination": _endpoint(connection.destination),
    }
    if connection.pe_name is not None:
        out["pe_name"] = connection.pe_name
        out["pe_data"] = connection.pe_data
    return out


def ipvsadm_to_json(output: IpvsadmOutput) -> dict[str, Any]:
    """The whole listing (see the module docstring)."""
    mode = output.form.mode
    out: dict[str, Any] = {"mode": mode.value}
    if output.version is not None:
        out["version"] = output.version
        out["size"] = output.size
    if output.services or mode not in (ListingMode.CONNECTION, ListingMode.TIMEOUT,
                                       ListingMode.DAEMON):
        out["services"] = [service_to_json(s, mode) for s in output.services]
    if output.connections or mode is ListingMode.CONNECTION:
        out["connections"] = [_connection(c) for c in output.connections]
    if output.timeout is not None:
        tcp, tcpfin, udp = output.timeout
        out["timeout"] = {"tcp": tcp, "tcpfin": tcpfin, "udp": udp}
    if output.daemons:
        out["daemons"] = [{"state": d.state, **dict(d.options)} for d in output.daemons]
    return out
