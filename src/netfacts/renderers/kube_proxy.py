"""Render Services as the iptables rules kube-proxy (iptables mode) would program for them.

The output is ``iptables-restore`` input for the ``nat`` and ``filter`` tables, laid out
the way ``pkg/proxy/iptables/proxier.go`` of recent releases writes it (chain names hashed
from the Service port name, comments, masquerade marks, one statistic rule per endpoint).
``scripts/capture_k8s.py`` loads it into real iptables in each node namespace; tests and
benchmarks use it (with ``canonical=True``) as ``iptables-save`` text directly: rules are
then in the order and spelling ``iptables-save`` of iptables 1.8.9 (nf_tables) prints
(built-in chains first, user chains sorted by name, probabilities re-quantised to 31 bits,
``--or-mark M`` as ``--set-xmark M/M``, ``filter`` before ``nat``).

Every Service needs its ``name`` (``namespace/name:port``): kube-proxy hashes it into the
chain names.  A Service without endpoints gets the ``filter`` table's REJECT rules instead
of ``nat`` rules, as kube-proxy does.

    >>> import ipaddress
    >>> from netfacts.models.service import Endpoint, Service, ServiceProtocol
    >>> web = Service(name="demo/web:http", protocol=ServiceProtocol.TCP,
    ...               cluster_ip=ipaddress.ip_address("10.96.12.34"), port=80,
    ...               endpoints=(Endpoint(ip=ipaddress.ip_address("10.244.1.5"), port=8080),))
    >>> [line for line in kube_proxy_rules([web]).splitlines() if "cluster IP" in line][0]
    '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "demo/web:http cluster IP" \
-m tcp --dport 80 -j KUBE-SVC-XRY76EGRC3BSCIIJ'
"""

from __future__ import annotations

from collections.abc import Sequence

from netfacts.facts.kube_names import iptables_endpoint_chain, iptables_service_chain
from netfacts.models.firewall import BUILTIN_CHAINS, save_quote
from netfacts.models.service import Endpoint, Service

__all__ = ["kube_proxy_rules", "quantised_probability"]

_NODEPORTS_COMMENT = ("kubernetes service nodeports; NOTE: this must be the last rule in "
                      "this chain")


def quantised_probability(probability: float) -> str:
    """A probability as iptables 1.8.9 saves it (``0.3333333333`` → ``0.33333333349``)."""
    steps = round(probability * 0x80000000)
    return f"{steps / 0x80000000:.11f}"


def _host(address: object, family: int) -> str:
    return f"{address}/{32 if family == 4 else 128}"


def _endpoint_text(endpoint: Endpoint) -> str:
    return f"[{endpoint.ip}]:{endpoint.port}" if endpoint.ip.version == 6 else (
        f"{endpoint.ip}:{endpoint.port}")


class _Table:
    def __init__(self, name: str) -> None:
        self.name = name
        self.chains: list[str] = []
        self.rules: dict[str, list[str]] = {}

    def chain(self, name: str) -> None:
        if name not in self.rules:
            self.chains.append(name)
            self.rules[name] = []

    def add(self, chain: str, arguments: str) -> None:
        self.chain(chain)
        self.rules[chain].append(arguments)

    def text(self, policies: dict[str, str], canonical: bool) -> str:
        builtin = BUILTIN_CHAINS[self.name]
        users = [name for name in self.chains if name not in builtin]
        if canonical:
            users.sort()
        lines = [f"*{self.name}"]
        lines += [f":{name} {policies.get(name, 'ACCEPT')} [0:0]" for name in builtin]
        lines += [f":{name} - [0:0]" for name in users]
        for name in (*builtin, *users):
            lines += [f"-A {name} {arguments}" for arguments in self.rules.get(name, ())]
        lines.append("COMMIT")
        return "\n".join(lines) + "\n"


def kube_proxy_rules(services: Sequence[Service], *, cluster_cidr: str = "10.244.0.0/16",
                     masquerade_mark: int = 0x4000, forward_policy: str = "ACCEPT",
                     forward_rules: Sequence[str] = (), canonical: bool = False,
                     family: int = 4) -> str:
    """``iptables-restore`` text (``nat`` then ``filter``) for ``services``.

    ``forward_rules`` are extra ``filter`` FORWARD rule arguments (a CNI's accepts, such as
    ``-s 10.244.0.0/16 -j ACCEPT``), appended after kube-proxy's jumps.
    """
    nat = _Table("nat")
    filter_ = _Table("filter")
    mark = f"{masquerade_mark:#x}"
    quote = save_quote
    for chain in ("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"):
        nat.chain(chain)
    nat.add("PREROUTING", f"-m comment --comment {quote('kubernetes service portals')} "
            "-j KUBE-SERVICES")
    nat.add("OUTPUT", f"-m comment --comment {quote('kubernetes service portals')} "
            "-j KUBE-SERVICES")
    nat.add("POSTROUTING", f"-m comment --comment {quote('kubernetes postrouting rules')} "
            "-j KUBE-POSTROUTING")
    nat.add("KUBE-MARK-MASQ", f"-j MARK --set-xmark {mark}/{mark}" if canonical
            else f"-j MARK --or-mark {mark}")
    nat.add("KUBE-POSTROUTING", f"-m mark ! --mark {mark}/{mark} -j RETURN")
    nat.add("KUBE-POSTROUTING", f"-j MARK --set-xmark {mark}/0x0" if canonical
            else f"-j MARK --xor-mark {mark}")
    nat.add("KUBE-POSTROUTING", "-m comment --comment "
            f"{quote('kubernetes service traffic requiring SNAT')} -j MASQUERADE --random-fully")
    for chain in ("KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS",
                  "KUBE-PROXY-FIREWALL", "KUBE-SERVICES"):
        filter_.chain(chain)
    new = "-m conntrack --ctstate NEW"
    for chain, comment, target, state in (
        ("INPUT", "kubernetes load balancer firewall", "KUBE-PROXY-FIREWALL", True),
        ("INPUT", "kubernetes health check service ports", "KUBE-NODEPORTS", False),
        ("INPUT", "kubernetes externally-visible service portals", "KUBE-EXTERNAL-SERVICES",
         True),
        ("FORWARD", "kubernetes load balancer firewall", "KUBE-PROXY-FIREWALL", True),
        ("FORWARD", "kubernetes forwarding rules", "KUBE-FORWARD", False),
        ("FORWARD", "kubernetes service portals", "KUBE-SERVICES", True),
        ("FORWARD", "kubernetes externally-visible service portals", "KUBE-EXTERNAL-SERVICES",
         True),
        ("OUTPUT", "kubernetes load balancer firewall", "KUBE-PROXY-FIREWALL", True),
        ("OUTPUT", "kubernetes service portals", "KUBE-SERVICES", True),
    ):
        prefix = f"{new} " if state else ""
        filter_.add(chain, f"{prefix}-m comment --comment {quote(comment)} -j {target}")
    for arguments in forward_rules:
        filter_.add("FORWARD", arguments)
    filter_.add("KUBE-FORWARD", "-m conntrack --ctstate INVALID -j DROP")
    filter_.add("KUBE-FORWARD", f"-m comment --comment {quote('kubernetes forwarding rules')} "
                f"-m mark --mark {mark}/{mark} -j ACCEPT")
    filter_.add("KUBE-FORWARD", "-m comment --comment "
                f"{quote('kubernetes forwarding conntrack rule')} "
                "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")

    last_nodeports = False
    for service in services:
        if service.name is None:
            raise ValueError(f"{service}: kube-proxy needs the Service port name")
        name = service.name
        proto = service.protocol.value
        port = service.port
        match = f"-p {proto} -m comment --comment"
        if not service.endpoints:
            if service.cluster_ip is not None:
                filter_.add("KUBE-SERVICES", f"-d {_host(service.cluster_ip, family)} {match} "
                            f"{quote(name + ' has no endpoints')} -m {proto} --dport {port} "
                            "-j REJECT --reject-with icmp-port-unreachable")
            for address in (*service.external_ips, *service.load_balancer_ips):
                filter_.add("KUBE-EXTERNAL-SERVICES", f"-d {_host(address, family)} {match} "
                            f"{quote(name + ' has no endpoints')} -m {proto} --dport {port} "
                            "-j REJECT --reject-with icmp-port-unreachable")
            if service.nodeport is not None:
                filter_.add("KUBE-EXTERNAL-SERVICES", f"{match} "
                            f"{quote(name + ' has no endpoints')} -m addrtype --dst-type LOCAL "
                            f"-m {proto} --dport {service.nodeport} "
                            "-j REJECT --reject-with icmp-port-unreachable")
            continue
        local = service.internal_traffic_policy == "Local"
        svc = iptables_service_chain("KUBE-SVL-" if local else "KUBE-SVC-", name, proto)
        cluster = iptables_service_chain("KUBE-SVC-", name, proto)
        ext = iptables_service_chain("KUBE-EXT-", name, proto)
        fw = iptables_service_chain("KUBE-FW-", name, proto)
        external = bool(service.nodeport is not None or service.external_ips
                        or service.load_balancer_ips)
        nat.chain(svc)
        if service.cluster_ip is not None:
            nat.add("KUBE-SERVICES", f"-d {_host(service.cluster_ip, family)} {match} "
                    f"{quote(name + ' cluster IP')} -m {proto} --dport {port} -j {svc}")
        for address in service.external_ips:
            nat.add("KUBE-SERVICES", f"-d {_host(address, family)} {match} "
                    f"{quote(name + ' external IP')} -m {proto} --dport {port} -j {ext}")
        for address in service.load_balancer_ips:
            entry = fw if service.source_ranges else ext
            nat.add("KUBE-SERVICES", f"-d {_host(address, family)} {match} "
                    f"{quote(name + ' loadbalancer IP')} -m {proto} --dport {port} -j {entry}")
        if service.nodeport is not None:
            last_nodeports = True
            nat.add("KUBE-NODEPORTS", f"{match} {quote(name)} -m {proto} "
                    f"--dport {service.nodeport} -j {ext}")
        if external:
            nat.chain(ext)
            if service.external_traffic_policy == "Local":
                nat.add(ext, f"-s {cluster_cidr} -m comment --comment "
                        f"{quote('pod traffic for ' + name + ' external destinations')} "
                        f"-j {cluster}")
                masquerade = f"masquerade LOCAL traffic for {name} external destinations"
                nat.add(ext, f"-m comment --comment {quote(masquerade)} "
                        "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ")
                nat.add(ext, "-m comment --comment "
                        f"{quote('route LOCAL traffic for ' + name + ' external destinations')}"
                        f" -m addrtype --src-type LOCAL -j {cluster}")
                nat.add(ext, f"-j {iptables_service_chain('KUBE-SVL-', name, proto)}")
            else:
                nat.add(ext, "-m comment --comment "
                        f"{quote('masquerade traffic for ' + name + ' external destinations')}"
                        " -j KUBE-MARK-MASQ")
                nat.add(ext, f"-j {svc}")
        if service.source_ranges and service.load_balancer_ips:
            nat.chain(fw)
            for network in service.source_ranges:
                nat.add(fw, f"-s {network} -m comment --comment "
                        f"{quote(name + ' loadbalancer IP')} -j {ext}")
            dropped = f"other traffic to {name} will be dropped by KUBE-PROXY-FIREWALL"
            nat.add(fw, f"-m comment --comment {quote(dropped)}")
        chains = [svc]
        if external and service.external_traffic_policy == "Local" and not local:
            chains.append(iptables_service_chain("KUBE-SVL-", name, proto))
        for chain in chains:
            _service_chain(nat, chain, service, cluster_cidr=cluster_cidr, family=family,
                           canonical=canonical)
    if last_nodeports or services:
        nat.add("KUBE-SERVICES", f"-m comment --comment {quote(_NODEPORTS_COMMENT)} "
                "-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS")
    policies = {"FORWARD": forward_policy}
    if canonical:  # iptables-save of the nf_tables build lists filter first
        return filter_.text(policies, canonical) + nat.text({}, canonical)
    return nat.text({}, canonical) + filter_.text(policies, canonical)


def _service_chain(nat: _Table, chain: str, service: Service, *, cluster_cidr: str,
                   family: int, canonical: bool) -> None:
    name = service.name or ""
    proto = service.protocol.value
    quote = save_quote
    nat.chain(chain)
    if service.cluster_ip is not None and chain.startswith("KUBE-SVC-"):
        nat.add(chain, f"! -s {cluster_cidr} -d {_host(service.cluster_ip, family)} -p {proto} "
                f"-m comment --comment {quote(name + ' cluster IP')} -m {proto} "
                f"--dport {service.port} -j KUBE-MARK-MASQ")
    endpoints = service.endpoints
    seps = [iptables_endpoint_chain(name, proto, str(e.ip), e.port) for e in endpoints]
    affinity = service.session_affinity == "ClientIP"
    timeout = service.affinity_timeout or 10800
    mask = "255.255.255.255" if family == 4 else "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
    if affinity:
        for endpoint, sep in zip(endpoints, seps):
            comment = quote(f"{name} -> {_endpoint_text(endpoint)}")
            recent = (f"-m recent --rcheck --seconds {timeout} --reap --name {sep} "
                      f"--mask {mask} --rsource" if canonical else
                      f"-m recent --name {sep} --mask {mask} --rsource --rcheck "
                      f"--seconds {timeout} --reap")
            nat.add(chain, f"-m comment --comment {comment} {recent} -j {sep}")
    count = len(endpoints)
    for index, (endpoint, sep) in enumerate(zip(endpoints, seps)):
        comment = quote(f"{name} -> {_endpoint_text(endpoint)}")
        statistic = ""
        if index < count - 1:
            probability = 1.0 / (count - index)
            text = quantised_probability(probability) if canonical else f"{probability:0.10f}"
            statistic = f" -m statistic --mode random --probability {text}"
        nat.add(chain, f"-m comment --comment {comment}{statistic} -j {sep}")
    for endpoint, sep in zip(endpoints, seps):
        nat.chain(sep)
        nat.add(sep, f"-s {_host(endpoint.ip, family)} -m comment --comment {quote(name)} "
                "-j KUBE-MARK-MASQ")
        recent = ""
        if affinity:
            recent = f" -m recent --set --name {sep} --mask {mask} --rsource"
        nat.add(sep, f"-p {proto} -m comment --comment {quote(name)}{recent} -m {proto} "
                f"-j DNAT --to-destination {_endpoint_text(endpoint)}")
