"""Trim what a text dump of a news page carries besides the article, so later stages see reporting.

Page extractors and copy-pasted dumps leave author bios, "Read also:" link lines, credits,
navigation, subscribe prompts and duplicated headlines around the article. This module removes them
with general line heuristics (position in the article, shape of the line, absence of reporting
content), never with phrases taken from particular outlets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz


@dataclass(frozen=True)
class BoilerplateConfig:
    """Thresholds for `trim_boilerplate`; the defaults suit plain-text dumps of news pages."""

    max_heading_words: int = 20  # longer lines are paragraphs, never headlines or subheadings
    max_boilerplate_words: int = 12  # a credit or UI line longer than this probably says something
    max_prompt_words: int = 30  # subscribe prompts and copyright notices run a little longer
    max_link_lines: int = 3  # headline lines taken as links after a "Read also:" label
    max_head_lines: int = 3  # headline variants removed at the top before the first paragraph
    tail_section_fraction: float = 0.4  # "References"-like headers only end the article this late
    title_similarity: float = 90.0  # rapidfuzz ratio above which a line repeats the title
    variant_similarity: float = 65.0  # token_set_ratio for another headline variant at the top
    bio_min_score: int = 2
    drop_empty_headings: bool = True  # a heading with no text under it is an inline related link


@dataclass(frozen=True)
class TrimResult:
    text: str  # cleaned article text; later character offsets point into it
    title: str | None  # the headline found at the top when none was given, else the given title
    removed: tuple[str, ...]  # every removed line, in article order


# Zero-width characters and the BOM are invisible but break matching; the soft hyphen likewise.
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
_QUOTE = re.compile(r"[\"“”«»„]")
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|stated|according to|announced|added|asked|confirmed|"
    r"claimed|reported|warned|wrote|noted|explained|insisted|argued|denied|urged|declared)\b",
    re.I,
)
# Bios use "reported", "wrote" and "noted" of their subject; only attribution vetoes a bio.
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according to)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’»)\]]*$")
_BULLET = re.compile(r"^[-–—•*·▪►]\s*")
_SMALL_WORDS = frozenset(
    ("a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by")
    + ("from", "as", "vs", "via", "amid", "over", "into", "per", "than", "is", "are", "was", "be")
)

# Whole lines that are page furniture (after stripping arrows, bullets and trailing colons).
_NAV = re.compile(
    r"(?:back to top|top|share|share this(?: article| story| post| page)?|share (?:on|via) \w+|"
    r"share(?: this \w+)?(?:\s*:|\s+(?:on|via))\s*[\w+.]+(?:\s*[|,/·•]\s*[\w+.]+(?: [\w+.]+)?)*|"
    r"tweet|print|e-?mail|print this (?:page|article)|advertisement|advert|ad|"
    r"sponsored(?: content)?|"
    r"skip to (?:main )?content|continue reading|read more|see more|show more|load more|"
    r"(?:view|show|hide) comments|leave a comment|comments?|\d+ comments?|click here.*|"
    r"listen to this article|listen|\d+\s*min(?:ute)?s? read|reading time.*|"
    r"(?:next|previous)(?: article| story| post)?|menu|home|close|loading\.*|"
    r"watch(?: video| now)?|video|photos?|gallery|image|"
    r"(?:tags?|topics?|filed under|categories|keywords)(?:\s*:.*)?)",
    re.I,
)
_PROMPT = re.compile(
    r"^(?:subscribe|sign up|sign in|log in|register|join (?:us|our|the)|get (?:our|the latest)|"
    r"support (?:our|independent)|donate|become a (?:member|subscriber|patron)|"
    r"download (?:our|the) app|follow us|like us)\b|"
    r"\bnewsletter\b.*\b(?:subscribe|sign up|inbox)\b|"
    r"\b(?:subscribe|sign up)\b.*\bnewsletter\b",
    re.I,
)
_CREDIT = re.compile(
    r"^\(?(?:courtesy|photo(?:graph)?s?|images?|picture|video|illustration|graphic|credits?|"
    r"(?:photo|image) (?:credit|source)|source|file photo|(?:header|featured|cover|main|top) image)"
    r"(?:\s*:|\s+by\s|\s+[-–—/]\s)",
    re.I,
)
# "Name/Agency" on a line of its own is a photo credit.
_AGENCY_CREDIT = re.compile(r"/\s*(?:getty images|afp|reuters|ap|epa|shutterstock|alamy)\b", re.I)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\s+(?:©|\(c\)|\d{4}))|\ball rights reserved\b", re.I
)
# Longer prompts speak to the reader; "Sign up rates fell" does not.
_TO_READER = re.compile(r"\b(?:you|your|our|us|here|now|today|free|below)\b|!$", re.I)
# A person's name: capitalised words, with the particles of "Ana de la Cruz".
_PARTICLE = r"(?:(?:van|von|de|der|den|del|da|di|du|la|le|al|bin)\s+)"
_NAME = rf"[A-Z][\w.'’-]*(?:\s+{_PARTICLE}*[A-Z][\w.'’-]*){{0,3}}"
_PRESS_JOBS = (
    r"(?:editor|writer|reporter|correspondent|columnist|journalist|contributor|critic|photographer)"
)
_DESK = rf"(?i:(?:[\w'’-]+\s+){{0,3}}(?:{_PRESS_JOBS}|staff|desk|bureau|team)s?)"
# "By Ana Ruiz and Tom Brill", "By Ana Ruiz | The Courier", "By Ana Ruiz, metro desk".
_BYLINE = re.compile(
    rf"^[Bb][Yy]\s+{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME}){{0,3}}"
    rf"(?:(?:\s*[|/•·]\s*|\s+[-–—]\s+).{{1,80}}|\s*,\s*{_DESK})?$"
)
# "Ana Ruiz, Staff Writer": a name and a newsroom role, without the "By".
_NAME_ROLE = re.compile(rf"^{_NAME}\s*,\s*{_DESK}$")
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:published|updated|posted|last|first|"
    r"modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|[ecmp][sd]?t)\b|[\d\W_]+",
    re.I,
)
_MONTH_OR_ISO = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{4}-\d\d-\d\d", re.I
)
# A label that introduces links to other articles; the headline lines after it are links too.
_RELATED = re.compile(
    r"^(?:read also|also read|read more|read next|related(?: articles?| stories| news| coverage| "
    r"content| posts?| reading)?|see also|more on this(?: story| topic)?|recommended(?: for you| "
    r"stories| reading)?|you (?:may|might) also like|don'?t miss|must read|editor'?s picks?|"
    r"trending(?: now)?|most (?:read|popular)|more stories|top stories|latest news|watch|listen|"
    r"further reading)\s*(?P<sep>[:»›|>]|\s[-–—])?\s*(?P<rest>.*)$",
    re.I,
)
# Headers after which, late in an article, nothing is reporting any more.
_TAIL_SECTION = re.compile(
    r"(?:references|sources|bibliography|footnotes|endnotes|citations|works cited|"
    r"about the (?:authors?|writer)|author bio|\d* ?comments)\s*:?",
    re.I,
)
# Sentences that only make sense at the end: republication notes, disclaimers, wire credits.
_TAIL_NOTE = re.compile(
    r"^\(?(?:this (?:article|story|piece|post) (?:was (?:first |originally )?(?:published|updated|"
    r"amended|corrected|produced)|(?:first|originally) appeared|is developing|has been updated)|"
    r"(?:originally|first) (?:published|appeared)|a version of this (?:article|story)|"
    r"the views (?:and opinions )?expressed|disclaimer\b|editor'?s note\b|"
    r"(?:additional )?(?:reporting|writing|editing) by\b|"
    r"this (?:report|article|story|piece|content) (?:was|is|has been) (?:supplied|provided|"
    r"syndicated|distributed|republished|reproduced|licensed))|"
    r"\b(?:republished|reproduced|reprinted|syndicated) (?:here )?(?:under (?:a )?licen[cs]e|with "
    r"(?:the )?permission)\b|\bnot responsible for the content of (?:syndicated|external) \w+",
    re.I,
)
# The reader told to act, as an outlet signs off: "If you can, join ...", "Please donate".
_CALL_TO_ACTION = re.compile(
    r"^(?:(?:if you\b[^.!?,]{0,40},|please)\s*)?(?:join|sign up|subscribe|donate|chip in|"
    r"become a (?:member|subscriber|supporter|patron)|support (?:us|our|this|independent)|"
    r"follow us|tell us|send us|email us|write to us|get in touch|help us)\b",
    re.I,
)
_JOBS = (
    r"(?:editor|writer|author|journalist|reporter|correspondent|columnist|contributor|analyst|"
    r"commentator|blogger|host|producer|fellow|engineer|consultant|researcher|freelancer|founder)"
)
# "Jane Roe is a freelance writer ...", "Jane Roe is The Courier's health reporter": a person's job
# told in the present tense, after an article or an outlet's possessive.
_NAME_IS_JOB = (
    r"^\W*(?:[A-Z][\w.'’-]+\s+){1,4}(?:is|was)\s+(?:(?:[Aa]n?|[Tt]he)\s+|(?=[^.]{0,40}?['’]s\s))"
    rf"(?:\S+\s+){{0,5}}?{_JOBS}s?\b"
)
_PRONOUN_DOES = (
    r"(?:^|[.!?]\s+)(?:He|She|They)\s+(?:also\s+)?(?:hosts|writes|covers|lives|holds|teaches|"
    r"previously|has worked|worked|has taught|joined|graduated)\b"
)
# Bio cues, weighted: 2 for what only bios say, 1 for what reporting sometimes says too.
_BIO_CUES = (
    (re.compile(r"\b(?:has|have) (?:written|reported|contributed) (?:for|to|on)\b", re.I), 2),
    (re.compile(r"\b(?:his|her|their) (?:work|writing|articles?) (?:has|have) appeared", re.I), 2),
    (re.compile(r"\bfollow (?:him|her|them|me) (?:on|at)\b|[\w.+-]+@[\w-]+\.\w", re.I), 2),
    (re.compile(r"(?<![\w@])@\w{2,}|\b(?:twitter|instagram|linkedin|facebook|bluesky)\b", re.I), 1),
    (re.compile(r"^\W*(?:[A-Z][\w.'’-]+\s+){1,4}Profile\b"), 2),
    (re.compile(r"\b(?:is|was) (?:the |an? )?(?:author|co-author) of\b", re.I), 2),
    (re.compile(r"\b\d+\+?\s+years?\b[^.]{0,40}\bexperience\b", re.I), 1),
    (re.compile(r"\bco-?host(?:s|ed)?\b|\bpodcast\b", re.I), 1),
    (re.compile(r"\bbased in\b|\b(?:writes|reports) (?:on|about)\b", re.I), 1),
    (re.compile(_NAME_IS_JOB), 1),
    (re.compile(r"\bbefore joining\b", re.I), 1),
    (re.compile(r"\bwrites (?:a|an|the) (?:\w+\s+){0,2}(?:column|newsletter|blog)\b", re.I), 1),
    (re.compile(r"\blives (?:in|outside|near|on)\b[^.]{0,60}\bwith (?:his|her|their)\b", re.I), 1),
    (
        re.compile(
            r"\b(?:has|have) (?:covered|been (?:covering|writing about|reporting on))\b", re.I
        ),
        1,
    ),
    (re.compile(_PRONOUN_DOES), 1),
)


def trim_boilerplate(
    text: str, title: str | None = None, config: BoilerplateConfig = BoilerplateConfig()
) -> TrimResult:
    """Remove page furniture from an article's text and find its headline.

    Lines are judged, not rewritten: a kept line keeps its characters (only line endings, trailing
    whitespace, invisible characters and runs of blank lines are normalised), so offsets into the
    result are stable. Rules, in order: explicit furniture anywhere (navigation, share lines,
    subscribe prompts, credits, copyright) unless the line quotes or reports, and above the second
    paragraph or below the last one bylines ("By A | Outlet", "By A, metro desk", "A, Staff
    Writer") and bare dates; "Read also:" labels and the headline lines after them; duplicated,
    variant and "..."-truncated headlines at the top; a late "References"-like header and
    everything after it; from the end upwards, bios (job at an outlet, "before joining", a column,
    where they live and with whom), republication, wire-credit and syndication notes, a last line
    that tells the reader to join, sign up or donate, and dangling headline-shaped lines, until the
    first line of reporting; a body heading followed directly by another heading. Subheadings
    between paragraphs are kept on their own line.

    Known failure cases: a bio in the middle of an article, or one without any bio cue ("X lives
    in Y."), is kept; a final paragraph introducing a person by job ("Smith is a senior analyst at
    a think tank. He previously worked ...") is taken for a bio; link lines without a label are
    kept unless they sit between two headings or after the last paragraph; a genuine "Sources"
    section header late in an article cuts what follows; a subheading glued to its paragraph on
    one line cannot be separated; a list of short title-case items right after the headline is
    taken for headline variants; a one-sentence bio ("X is the Courier's health reporter.") has
    one cue and is kept; a call to action without "you", "our" or the like ("Join the picket at
    Gate 3.") is kept; a top line shaped like a byline ("By The Numbers") goes.
    """
    lines = [ln.rstrip() for ln in _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", text)).split("\n")]
    removed: set[int] = set()
    _remove_furniture(lines, removed, config)
    found = _trim_head(lines, removed, title, config)
    _trim_tail_section(lines, removed, config)
    _trim_tail(lines, removed, config)
    if config.drop_empty_headings:
        _drop_empty_headings(lines, removed, config)
    kept = "\n".join(ln for i, ln in enumerate(lines) if i not in removed)
    cleaned = re.sub(r"\n{3,}", "\n\n", kept).strip("\n")
    return TrimResult(cleaned, found, tuple(lines[i].strip() for i in sorted(removed)))


def _words(line: str) -> int:
    return len(line.split())


def _says_something(line: str) -> bool:
    """A quotation or a reporting verb: such a line is reporting, whatever its shape."""
    return bool(_QUOTE.search(line) or _REPORTING.search(line))


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _is_headline(line: str, config: BoilerplateConfig) -> bool:
    """Short, unpunctuated at the end, starting like a title: a headline or a subheading."""
    line = line.strip()
    if not line or _BULLET.match(line) or _words(line) > config.max_heading_words:
        return False
    if not (line[0].isupper() or line[0].isdigit() or _QUOTE.match(line)):
        return False
    if line[-1] in "?!":  # headlines may ask or exclaim, sentences more often do
        return _title_case(line) and _words(line) <= 12
    return not _SENTENCE_END.search(line)


def _is_date_line(line: str) -> bool:
    """A publication date: nothing but date words, with a day, a time or a label; a bare "March
    2022" is more often a timeline's heading."""
    if not _MONTH_OR_ISO.search(line) or _DATE_WORDS.sub("", line).strip():
        return False
    return bool(re.search(r"\b\d{1,2}\b|\d-\d|published|updated|posted", line, re.I))


def _is_prose(line: str) -> bool:
    """A line of running text: several words and a sentence's end."""
    return _words(line) >= 6 and bool(_SENTENCE_END.search(line))


def _is_furniture(line: str, config: BoilerplateConfig, near_edge: bool) -> bool:
    """Navigation, prompts, credits and copyright anywhere; bylines and dates only near the top or
    below the running text, where they are not a "By Land and Sea" or "May 9, 1945" heading."""
    bare = _BULLET.sub("", line.strip()).strip("»›|>:·. ")
    words = _words(bare)
    # Paragraphs are never furniture; testing length first keeps the regexes off them.
    if not bare or words > config.max_prompt_words or _says_something(bare):
        return False
    if _NAV.fullmatch(bare):
        return True
    if words <= config.max_boilerplate_words and (
        (_CREDIT.match(bare) and not _is_prose(line))
        or (_AGENCY_CREDIT.search(bare) and not _SENTENCE_END.search(line))
        or (near_edge and (_BYLINE.match(bare) or _NAME_ROLE.match(bare) or _is_date_line(bare)))
    ):
        return True
    to_reader = _TO_READER.search(line) or (words <= 6 and not _SENTENCE_END.search(line))
    prompt = (_PROMPT.search(bare) and to_reader) or _COPYRIGHT.search(bare)
    return words <= config.max_prompt_words and bool(prompt)


def _nonblank(lines: list[str], removed: set[int], start: int = 0) -> list[int]:
    return [i for i in range(start, len(lines)) if lines[i].strip() and i not in removed]


def _next_nonblank(lines: list[str], removed: set[int], start: int, count: int) -> list[int]:
    """The first `count` kept non-blank lines from `start` on. Stops there: listing all of them
    for every label made a text of many "Read also:" lines quadratic (8 s for 10,000)."""
    found: list[int] = []
    for i in range(start, len(lines)):
        if len(found) >= count:
            break
        if lines[i].strip() and i not in removed:
            found.append(i)
    return found


def _remove_furniture(lines: list[str], removed: set[int], config: BoilerplateConfig) -> None:
    body = _nonblank(lines, removed)
    prose = [i for i in body if _is_prose(lines[i])]
    # Bylines and dates stand above the second paragraph (a standfirst may come first) or below
    # the last one.
    first, last = (prose[min(1, len(prose) - 1)], prose[-1]) if prose else (len(lines), -1)
    for i in body:
        if i in removed:  # already taken as a link after a label
            continue
        line = _BULLET.sub("", lines[i].strip())
        if _is_furniture(line, config, not first < i <= last):
            removed.add(i)
            continue
        match = _RELATED.match(line)
        if not match:
            continue
        rest = match.group("rest")
        if rest and not (match.group("sep") and _words(rest) <= config.max_heading_words + 5):
            continue  # "Watch the vote ..." is a sentence: a label needs its colon or arrow
        removed.add(i)
        if rest:
            continue
        # The link headlines after a bare label are headline-shaped, even when they quote someone.
        for j in _next_nonblank(lines, removed, i + 1, config.max_link_lines):
            link = _BULLET.sub("", lines[j].strip())
            if not (_is_headline(link, config) or re.fullmatch(r"https?://\S+", link)):
                break
            removed.add(j)


def _norm(line: str) -> str:
    line = line.casefold().replace("’", "").replace("'", "")
    return " ".join(re.findall(r"\w+", line))


def _repeats(line: str, title: str, config: BoilerplateConfig) -> bool:
    """The line is the title again: equal, a strong fuzzy match, or, for a headline-shaped line,
    a truncation of it, the title plus an outlet's name, or a close variant."""
    a, b = _norm(line), _norm(title)
    if not a or not b:
        return False
    if line.endswith(("…", "...")):  # "River Barriers Raised as Ra...": cut, maybe mid-word
        return _words(a) >= 3 and b.startswith(a)
    if a == b or fuzz.ratio(a, b) >= config.title_similarity:
        return True
    if not _is_headline(line, config):
        return False
    if (_words(a) >= 3 and a in b) or (a.startswith(b) and _words(a) - _words(b) <= 6):
        return True
    return fuzz.token_set_ratio(a, b) >= config.variant_similarity


def _truncates(line: str, following: str) -> bool:
    """The line is the start of the next one, cut off: a duplicated headline or lead."""
    a, b = _norm(line), _norm(following)
    cut = line.endswith(("…", "...")) or not _SENTENCE_END.search(line)
    return cut and _words(a) >= 3 and len(b) > len(a) and b.startswith(a)


def _trim_head(
    lines: list[str], removed: set[int], title: str | None, config: BoilerplateConfig
) -> str | None:
    """Remove the headline lines above the first paragraph; find the title if none was given.

    Without a given title, every headline-shaped line there goes (the first becomes the title):
    two different headlines in a row are the page's title and its display headline. With one,
    only lines that repeat it go: a dissimilar short line may be the body's first subheading.
    """
    body = _nonblank(lines, removed)
    found = title
    # The last line of a text always stays, so a one-line text is never emptied.
    for n, i in enumerate(body[: min(config.max_head_lines, len(body) - 1)]):
        line, following = lines[i].strip(), lines[body[n + 1]].strip()
        if _truncates(line, following) or (found and _repeats(line, found, config)):
            removed.add(i)
        elif title is None and _is_headline(line, config):
            found = found or line
            removed.add(i)
        else:
            break
    return found


def _trim_tail_section(lines: list[str], removed: set[int], config: BoilerplateConfig) -> None:
    """A late "References"-like header ends the article: remove it and the lines under it, up to
    a paragraph that reports (reference lists and bios do not say "said")."""
    body = _nonblank(lines, removed)
    start = max(int(len(body) * (1 - config.tail_section_fraction)), 1)
    for n, i in enumerate(body[start:], start):
        if _TAIL_SECTION.fullmatch(_BULLET.sub("", lines[i].strip())):
            removed.add(i)
            for j in body[n + 1 :]:
                if _is_prose(lines[j]) and _ATTRIBUTION.search(lines[j]):
                    return
                removed.add(j)
            return


def _bio_score(line: str) -> int:
    if _ATTRIBUTION.search(line):
        return 0
    return sum(weight for cue, weight in _BIO_CUES if cue.search(line))


def _trim_tail(lines: list[str], removed: set[int], config: BoilerplateConfig) -> None:
    """From the end up, remove bios, notes and dangling headline lines until reporting starts."""
    body = _nonblank(lines, removed)
    # Headline-shaped lines may only go when prose stands above them, so that a text made of
    # short lines is not eaten whole.
    has_prose = any(_is_prose(lines[i]) for i in body)
    dangling: list[int] = []  # headline-shaped lines below the text, removed once it is found
    for i in reversed(body[1:]):
        line = lines[i].strip()
        short = _words(line) <= config.max_prompt_words
        note = (short and _TAIL_NOTE.search(line) and not _ATTRIBUTION.search(line)) or (
            # only the article's last line, below which nothing but notes and bios was found
            not dangling
            and short
            and _CALL_TO_ACTION.match(line)
            and _TO_READER.search(line)  # "Sign up rates doubled" is reporting
            and not _says_something(line)
        )
        if note or _bio_score(line) >= config.bio_min_score:
            removed.add(i)
        elif (
            has_prose
            and _is_headline(line, config)
            and (_title_case(line) or _words(line) <= 3)
            and not _says_something(line)
        ):
            # A heading with nothing under it, a credit, a section label: not an article's end.
            dangling.append(i)
        else:
            # ... unless a colon above introduces them: then they are the items of a list.
            if not line.endswith(":"):
                removed.update(dangling)
            return
    removed.update(dangling)


def _drop_empty_headings(lines: list[str], removed: set[int], config: BoilerplateConfig) -> None:
    """A title-case heading directly followed by another has no text of its own: in dumps it is
    the headline of a linked article. Three or more in a row are a list, and are kept."""
    body = _nonblank(lines, removed)

    def heading(k: int) -> bool:
        if not 0 <= k < len(body):
            return False
        line = lines[body[k]].strip()
        return _is_headline(line, config) and _title_case(line) and not _says_something(line)

    for k in range(1, len(body) - 2):
        run_of_two = heading(k) and heading(k + 1) and not (heading(k - 1) or heading(k + 2))
        if run_of_two and not lines[body[k - 1]].endswith(":"):  # a colon introduces a list
            removed.add(body[k])
