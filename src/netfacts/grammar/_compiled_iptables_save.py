"""Generated from netfacts.grammar.iptables_save: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'chain': ':(?P<chain>(?:[^\\s\\[\\]]+))(?:[ \\t]+)(?P<policy>(?:\\S+))(?:(?:[ \\t]+)\\[(?P<packets>(?:[0-9]{1,20})):(?P<bytes>(?:[0-9]{1,20}))\\])?(?:(?:[ \\t]+))?',
    'comment': '\\#(?P<text>(?:.*))',
    'commit': 'COMMIT(?:(?:[ \\t]+))?',
    'completed': '\\#\\ Completed\\ on(?P<date>(?:(?:[ \\t].*)?))',
    'generated': '\\#\\ Generated\\ by(?:[ \\t]+)(?P<tool>(?:\\S+-save))(?:[ \\t]+)(?P<version>(?:v\\S+))(?:(?:[ \\t]+)\\((?P<backend>(?:[^()\\s]+))\\))?(?:[ \\t]+)on(?P<date>(?:(?:[ \\t].*)?))',
    'rule': '(?:\\[(?P<packets>(?:[0-9]{1,20})):(?P<bytes>(?:[0-9]{1,20}))\\](?:[ \\t]+))?(?:-A(?=[ \\t])|--append(?=[ \\t]))(?:[ \\t]+)(?P<chain>(?:[^\\s\\[\\]]+))(?P<body>(?:(?:[ \\t]+)(?:(?:(?:!(?=[ \\t]))(?:[ \\t]+))?(?:(?:-[sdiop](?=[ \\t]))(?:[ \\t]+)(?:(?:"(?:[^"\\\\]|\\\\.)*"(?![^ \\t])|(?!--[^\\s"]|-[sdiopfcmjg](?![^ \\t])|!(?![^ \\t]))[^\\s"]+))|(?:-f(?![^ \\t])))|(?:-c(?=[ \\t]))(?:[ \\t]+)(?:[0-9]{1,20})(?:[ \\t]+)(?:[0-9]{1,20})|(?:-m(?=[ \\t]))(?:[ \\t]+)(?:(?:"(?:[^"\\\\]|\\\\.)*"(?![^ \\t])|(?!--[^\\s"]|-[sdiopfcmjg](?![^ \\t])|!(?![^ \\t]))[^\\s"]+))|(?:-[jg](?=[ \\t]))(?:[ \\t]+)(?:(?:"(?:[^"\\\\]|\\\\.)*"(?![^ \\t])|(?!--[^\\s"]|-[sdiopfcmjg](?![^ \\t])|!(?![^ \\t]))[^\\s"]+))|(?:(?:!(?=[ \\t]))(?:[ \\t]+))?(?:(?:--(?:comment|log-prefix|nflog-prefix|ulog-prefix|string|hex-string)(?=[ \t]))(?:[ \\t]+)(?:"(?:[^"\\\\]|\\\\.)*"(?![^ \\t])|[^\\s"]+)|(?:--(?!(?:comment|log-prefix|nflog-prefix|ulog-prefix|string|hex-string)(?![^\\s\\"]))[^\\s"]+)(?:(?:[ \\t]+)(?:(?:!(?=[ \\t]))(?:[ \\t]+))?(?:(?:"(?:[^"\\\\]|\\\\.)*"(?![^ \\t])|(?!--[^\\s"]|-[sdiopfcmjg](?![^ \\t])|!(?![^ \\t]))[^\\s"]+)))*)))*(?:(?:[ \\t]+))?)',
    'table': '\\*(?P<table>(?:\\S+))',
}
