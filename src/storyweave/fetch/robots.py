"""robots.txt rules as RFC 9309 defines them, so a site's wishes are read the way its operator
meant: the longest matching rule wins, `*` and `$` are patterns, and groups naming storyweave
beat the `*` group.

The standard library's urllib.robotparser takes the first matching rule instead of the longest
("Disallow: /" before "Allow: /news/" blocks /news/) and treats `*` and `$` literally, so it is
not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote


@dataclass(frozen=True)
class RobotsRule:
    allow: bool
    path: str  # the pattern as normalised, e.g. "/news/*.html$"

    def matches(self, target: str) -> bool:
        return _wildcard_match(self.path, target)


@dataclass(frozen=True)
class RobotsRules:
    """The rules that apply to one product token on one site."""

    rules: tuple[RobotsRule, ...] = ()
    crawl_delay_s: float | None = None

    def allows(self, path: str) -> bool:
        """Whether `path` (the URL's path and query, "/a/b?c=1") may be fetched.

        The longest matching pattern decides; on a tie Allow wins (RFC 9309 section 2.2.2:
        "the least restrictive"). /robots.txt itself is always allowed.
        """
        target = _normalise(path or "/")
        if target == "/robots.txt":
            return True
        best: RobotsRule | None = None
        for rule in self.rules:
            if not rule.matches(target):
                continue
            longer = best is None or len(rule.path) > len(best.path)
            tie_won = best is not None and len(rule.path) == len(best.path) and rule.allow
            if longer or tie_won:
                best = rule
        return best is None or best.allow


ALLOW_ALL = RobotsRules()


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules for product token `agent` ("storyweave") from a robots.txt.

    Groups whose user-agent names the token (case-insensitively, ignoring a "/version") are
    merged; when none does, the `*` groups are; when neither exists, everything is allowed.
    Crawl-delay, which RFC 9309 leaves out but many sites use, is kept from the chosen groups.
    Lines that are not `key: value`, and keys other than user-agent, allow, disallow and
    crawl-delay (sitemap, host), are skipped, as the RFC asks.
    """
    agent = agent.lower()
    named: list[_Group] = []
    anyone: list[_Group] = []
    for group in _groups(text):
        if agent in group.agents:
            named.append(group)
        elif "*" in group.agents:
            anyone.append(group)
    chosen = named or anyone
    rules = tuple(rule for group in chosen for rule in group.rules)
    delays = [group.crawl_delay_s for group in chosen if group.crawl_delay_s is not None]
    return RobotsRules(rules, max(delays) if delays else None)


@dataclass
class _Group:
    agents: set[str]
    rules: list[RobotsRule]
    crawl_delay_s: float | None = None


def _groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    last_was_agent = False
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        key, colon, value = line.partition(":")
        if not colon:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if current is None or not last_was_agent:
                current = _Group(set(), [])
                groups.append(current)
            current.agents.add(_product_token(value))
            last_was_agent = True
            continue
        last_was_agent = False
        if current is None:
            continue  # rules before any user-agent line belong to no group
        if key in ("allow", "disallow") and value:  # an empty Disallow allows everything
            current.rules.append(RobotsRule(key == "allow", _normalise(value)))
        elif key == "crawl-delay":
            try:
                delay = float(value)
            except ValueError:
                continue
            if delay >= 0:
                current.crawl_delay_s = delay
    return groups


def _product_token(value: str) -> str:
    # "Storyweave/1.0 (+https://...)" names the product token "storyweave".
    token = re.split(r"[/\s]", value.strip(), maxsplit=1)[0]
    return token.lower() or "*"


_KEEP = "/?&=;:@!$'()*+,-._~"


def _normalise(path: str) -> str:
    """One spelling per path, so "/caf%C3%A9" and "/café" compare equal (RFC 9309 section
    2.2.2 compares percent-encoded octets); "%2F" stays encoded, as it is not a "/"."""
    parts = re.split(r"(%2[fF])", path)
    return "".join(
        "%2F" if part.lower() == "%2f" else quote(unquote(part), safe=_KEEP) for part in parts
    )


def _wildcard_match(pattern: str, target: str) -> bool:
    """Whether `target` starts with something `pattern` matches (`*`: any run of characters,
    a final `$`: the end). The classic two-pointer glob match, at worst len(pattern) *
    len(target) steps, where a regular expression of many `.*` can backtrack far longer on a
    hostile robots.txt."""
    if pattern.endswith("$"):
        pattern = pattern[:-1]
    else:
        pattern += "*"  # a rule is a prefix: "/news" matches "/news/today"
    p = t = 0
    star, resume = -1, 0
    while t < len(target):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p, t
            p += 1
        elif p < len(pattern) and pattern[p] == target[t]:
            p += 1
            t += 1
        elif star >= 0:
            resume += 1  # let the last `*` swallow one more character and try again
            p, t = star + 1, resume
        else:
            return False
    return all(char == "*" for char in pattern[p:])
