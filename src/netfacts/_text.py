"""Input hygiene shared by every parser.

Captured text arrives with colour codes (``ip -c``), CRLF line ends (``script``,
tmux, Windows copies), terminal redraw carriage returns, a byte-order mark, shell
prompts, ``sudo`` chatter and stderr lines mixed in.  :func:`split_lines` removes
what can be removed without changing meaning while keeping a one-to-one mapping
to the original line numbers; :func:`classify_noise` names the foreign lines that
a parser meets where it expected a record, so they become warnings instead of
errors.  Tabs are kept: they are significant in ``ip route`` and ``ss`` output.
"""

from __future__ import annotations

import re

__all__ = ["classify_noise", "prompt_command", "split_lines", "strip_ansi"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]")


def strip_ansi(text: str) -> str:
    """Remove terminal escape sequences (colour and cursor control)."""
    if "\x1b" not in text:
        return text
    return _ANSI.sub("", text)


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines, cleaned, one entry per original line.

    Colour codes are removed, one trailing ``\\r`` per line is dropped and a
    lone ``\\r`` inside a line keeps only what follows it (a terminal redraw).
    A final newline does not produce an empty last line.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = strip_ansi(text)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" in text:
        fixed = []
        for line in lines:
            if line.endswith("\r"):
                line = line[:-1]
            if "\r" in line:
                line = line[line.rfind("\r") + 1 :]
            fixed.append(line)
        lines = fixed
    return lines


_PROMPT = re.compile(
    r"""^(?:
        \[[^\]\s]+@[^\]]+\]\s?[$#]            # [root@host ~]#
      | [\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#%]  # user@host:~$   root@host#
      | [\w.-]+-\d[\d.]*[$#]                  # bash-5.1#
      | [$#%>]                                # $  #  >
    )(?:\s+(?P<cmd>.*))?$""",
    re.VERBOSE,
)

_NOISE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), what)
    for pattern, what in (
        (r"^\[sudo\] password for ", "sudo password prompt"),
        (r"^sudo: ", "sudo message"),
        (r"^Password:\s*$", "password prompt"),
        (r"^Last (?:failed )?login: ", "login banner"),
        (r"^Warning: Permanently added ", "ssh message"),
        (r"^Device \".*\" does not exist\.$", "ip error message"),
        (r"^Cannot find device ", "ip error message"),
        (r"^RTNETLINK answers: ", "netlink error message"),
        (r"^Option \".*\" is unknown", "ip error message"),
        (r"^Error: ", "error message"),
        (r"^Truncated VF list: ", "ip warning"),
        (r"^Message truncated", "ip warning"),
        (r"^\(No info could be read for \"-p\"", "netstat -p warning"),
        (r"^\(Not all processes could be identified", "netstat -p warning"),
        (r"^ ?will not be shown, you would have to be root", "netstat -p warning"),
        (r"^netstat: ", "netstat error message"),
        (r"^(?:error parsing|Problem while parsing|cannot open) /proc/net/",
         "netstat error message (statistics it could not read are missing)"),
        (r'^exec of ".*" failed: ', "'ip netns exec' error message (the command did not run)"),
        (r"^setting the network namespace \".*\" failed: ",
         "'ip netns exec' error message (the command did not run)"),
        (r"^arp: ", "arp message"),
        (r"^ss: ", "ss error message"),
        (r"^sysctl: ", "sysctl error message"),
        (r"^cat: ", "cat error message"),
        (r"^(?:bash|sh|zsh): ", "shell error message"),
        (r"^.*: command not found$", "shell error message"),
        (r"^\^C$", "interrupt"),
        (r"^\(END\)$", "pager prompt"),
        (r"^--More--", "pager prompt"),
        (r"^lines \d+-\d+", "pager prompt"),
        (r"^logout$", "shell message"),
        (r"^exit$", "shell message"),
    )
)


def prompt_command(line: str) -> str | None:
    """The command typed after a shell prompt on ``line`` ("" for a bare prompt)."""
    match = _PROMPT.match(line.strip())
    if match is None:
        return None
    return (match.group("cmd") or "").strip()


def classify_noise(line: str) -> str | None:
    """Name the kind of foreign line (prompt, sudo, stderr message), or None."""
    stripped = line.strip()
    if not stripped:
        return "blank line"
    if _PROMPT.match(stripped):
        return "shell prompt"
    for pattern, what in _NOISE:
        if pattern.match(stripped):
            return what
    return None
