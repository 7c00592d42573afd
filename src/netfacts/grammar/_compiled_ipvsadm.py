"""Generated from netfacts.grammar.ipvsadm: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'columns_title': 'Prot\\ LocalAddress:Port(?:[ \\t]+)(?P<columns>(?:[A-Za-z]+(?: +[A-Za-z]+)*))',
    'conn_header': 'pro\\ expire\\ state(?:[ \\t]+)source(?:[ \\t]+)virtual(?:[ \\t]+)destination(?P<pe>(?:(?:[ \\t]+)pe\\ name(?:[ \\t]+)pe_data)?)',
    'conn_title': 'IPVS\\ connection\\ entries',
    'connection': '(?P<protocol>(?:[A-Z]+))(?:[ \\t]+)(?P<expire>(?:[0-9]{1,20}:[0-9]{2}))(?:[ \\t]+)(?P<state>(?:[A-Z_]+))(?:[ \\t]+)(?P<source>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))(?:[ \\t]+)(?P<virtual>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))(?:[ \\t]+)(?P<destination>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))(?:(?:[ \\t]+)(?P<pe_name>(?:\\S+))(?:[ \\t]+)(?P<pe_data>(?:\\S+)))?',
    'daemon': '(?P<state>(?:master|backup))(?:[ \\t]+)sync\\ daemon\\ \\((?P<options>(?:[^()]*))\\)',
    'dest': '\\ \\ \\->(?:[ \\t]+)(?P<address>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))(?:[ \\t]+)(?P<forward>(?:[A-Z][A-Za-z]*))(?:(?:[ \\t]+)(?P<tunnel>(?:[a-z]+(?::[0-9]+)?(?::[a-z]+)?(?=[ \\t]+[0-9]))))?(?:[ \\t]+)(?P<weight>(?:-?[0-9]{1,20}))(?:[ \\t]+)(?P<active>(?:[0-9]{1,20}))(?:[ \\t]+)(?P<inactive>(?:[0-9]{1,20}))(?:(?:[ \\t]+))?',
    'dest_numbers4': '\\ \\ \\->(?:[ \\t]+)(?P<address>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))(?:[ \\t]+)(?P<n1>(?:[0-9]{1,20}))(?:[ \\t]+)(?P<n2>(?:[0-9]{1,20}))(?:[ \\t]+)(?P<n3>(?:[0-9]{1,20}))(?:[ \\t]+)(?P<n4>(?:[0-9]{1,20}))(?:(?:[ \\t]+))?',
    'dest_numbers5': '\\ \\ \\->(?:[ \\t]+)(?P<address>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))(?:[ \\t]+)(?P<n1>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n2>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n3>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n4>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n5>(?:[0-9]{1,20}[KMGT]?))',
    'dest_title': '\\ \\ \\->\\ RemoteAddress:Port(?:(?:[ \\t]+)(?P<columns>(?:Forward(?: TunnelInfo)? +Weight ActiveConn InActConn)))?',
    'list_title': 'Prot\\ LocalAddress:Port\\ Scheduler\\ Flags',
    'service': '(?:(?P<protocol>(?:TCP|UDP|SCTP))(?:[ \\t]+)(?P<address>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))|FWM(?:[ \\t]+)(?P<fwmark>(?:[0-9]{1,20}))(?:(?:[ \\t]+)(?P<ipv6>IPv6))?)(?:[ \\t]+)(?P<scheduler>(?:[a-z][a-z0-9_-]*))(?:(?:[ \\t]+)(?P<tail>(?:\\S.*)))?',
    'service_numbers': '(?:(?P<protocol>(?:TCP|UDP|SCTP))(?:[ \\t]+)(?P<address>(?:\\[[0-9A-Fa-f:.]+\\]:[^\\s\\[\\]]+|[^\\s:\\[\\]]+:[^\\s:\\[\\]]+))|FWM(?:[ \\t]+)(?P<fwmark>(?:[0-9]{1,20}))(?:(?:[ \\t]+)(?P<ipv6>IPv6))?)(?:[ \\t]+)(?P<n1>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n2>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n3>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n4>(?:[0-9]{1,20}[KMGT]?))(?:[ \\t]+)(?P<n5>(?:[0-9]{1,20}[KMGT]?))',
    'timeout': 'Timeout\\ \\(tcp\\ tcpfin\\ udp\\):(?:[ \\t]+)(?P<tcp>(?:[0-9]{1,20}))(?:[ \\t]+)(?P<tcpfin>(?:[0-9]{1,20}))(?:[ \\t]+)(?P<udp>(?:[0-9]{1,20}))',
    'version': 'IP\\ Virtual\\ Server\\ version(?:[ \\t]+)(?P<version>(?:[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}))(?:[ \\t]+)\\(size=(?P<size>(?:[0-9]{1,20}))\\)',
}
