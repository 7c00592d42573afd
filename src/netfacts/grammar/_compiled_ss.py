"""Generated from netfacts.grammar.ss: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'continuation': '\\\t(?P<ext>(?:.*))',
    'header': '(?:(?P<has_netid>Netid)(?:[ \\t]+))?(?:(?P<has_state>State)(?:[ \\t]+))?Recv\\-Q(?:[ \\t]+)Send\\-Q(?:[ \\t]+)(?:(?:(?!Local\\ Address:Port)\\S(?:(?!Local\\ Address:Port).)*)?)Local\\ Address:Port(?:[ \\t]+)(?:(?:(?!Peer\\ Address:Port)\\S(?:(?!Peer\\ Address:Port).)*)?)Peer\\ Address:Port(?:(?:[ \\t]*)(?P<has_process>Process))?(?:(?:[ \\t]+))?',
    'inet': '(?P<local>(?:\\S+))(?:[ \\t]+)(?P<peer>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:\\S.*)))?',
    'inet_': '(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<local>(?:\\S+))(?:[ \\t]+)(?P<peer>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:\\S.*)))?',
    'inet_n': '(?P<netid>(?:[a-z][a-z0-9_]*))(?:[ \\t]+)(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<local>(?:\\S+))(?:[ \\t]+)(?P<peer>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:\\S.*)))?',
    'inet_ns': '(?P<netid>(?:[a-z][a-z0-9_]*))(?:[ \\t]+)(?P<state>(?:[A-Z][A-Z0-9_-]*))(?:[ \\t]+)(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<local>(?:\\S+))(?:[ \\t]+)(?P<peer>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:\\S.*)))?',
    'inet_s': '(?P<state>(?:[A-Z][A-Z0-9_-]*))(?:[ \\t]+)(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<local>(?:\\S+))(?:[ \\t]+)(?P<peer>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:\\S.*)))?',
    'row': '(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<rest>(?:\\S.*))',
    'row_n': '(?P<netid>(?:[a-z][a-z0-9_]*))(?:[ \\t]+)(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<rest>(?:\\S.*))',
    'row_ns': '(?P<netid>(?:[a-z][a-z0-9_]*))(?:[ \\t]+)(?P<state>(?:[A-Z][A-Z0-9_-]*))(?:[ \\t]+)(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<rest>(?:\\S.*))',
    'row_s': '(?P<state>(?:[A-Z][A-Z0-9_-]*))(?:[ \\t]+)(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<rest>(?:\\S.*))',
    'sub_row': '(?:[ \\t]*`-)(?:[ \\t]+)(?P<state>(?:[A-Z][A-Z0-9_-]*))(?:[ \\t]+)(?P<recv_q>(?:[0-9]+))(?:[ \\t]+)(?P<send_q>(?:[0-9]+))(?:[ \\t]+)(?P<rest>(?:\\S.*))',
    'tcp_summary': 'TCP:(?:[ \\t]+)(?P<tcp_total>(?:[0-9]+))(?:[ \\t]+)\\((?P<pairs>(?:[^)]*))\\)(?:,(?:[ \\t]+)ports(?:[ \\t]+)(?P<ports>(?:[0-9]+)))?',
    'total': 'Total:(?:[ \\t]+)(?P<total>(?:[0-9]+))(?:(?:[ \\t]+)\\(kernel(?:[ \\t]+)(?P<kernel>(?:[0-9]+))\\))?',
    'transport_header': 'Transport(?:[ \\t]+)Total(?:[ \\t]+)IP(?:[ \\t]+)IPv6',
    'transport_row': '(?P<name>(?:[A-Za-z*][A-Za-z0-9*]*))(?:[ \\t]+)(?P<total>(?:[0-9]+|-))(?:[ \\t]+)(?P<ip>(?:[0-9]+|-))(?:[ \\t]+)(?P<ipv6>(?:[0-9]+|-))(?:(?:[ \\t]+))?',
    'unix': '(?P<local>(?:.*?))\\ (?P<local_inode>(?:[0-9]+))(?:[ \\t]+)(?P<peer>(?:\\S.*?))\\ (?P<peer_inode>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:\\S.*)))?',
    'user': '(?:\\(\\"(?P<name>[^)]*?)\\",(?:pid=)?(?P<pid>[0-9]+),(?:fd=)?(?P<fd>[0-9]+)(?:,[^)]*)?\\))',
    'users': '(?:users:\\(\\((?:[^)]*\\))*?\\)(?=\\s|$))',
}
