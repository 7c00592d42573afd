"""Generated from netfacts.grammar.proc_net_dev: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'header1': '(?:Inter-\\| +Receive +\\| +Transmit)',
    'header2': '(?: *face +\\|bytes +packets +errs +drop +fifo +frame +compressed +multicast\\|bytes +packets +errs +drop +fifo +colls +carrier +compressed)',
    'row': '(?:(?: +))?(?P<ifname>(?:[^\\s:]{1,16})):(?:(?: +))?(?P<counters>(?:(?:0|[1-9][0-9]{0,19})(?: +(?:0|[1-9][0-9]{0,19})){15,31}))',
}
