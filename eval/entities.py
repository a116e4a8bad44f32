"""Entity alias merging across a story's articles, on ECB+'s cross-document entity chains.

    python eval/entities.py [--data DIR] [--topics 1,2] [--show-errors] [--cache FILE]

Data: `../shared/data/ecbplus-dev` (ECB+ topics 1-35, Cybulska & Vossen 2014). Each subtopic
(`N_Kecb` / `N_Kecbplus` files of topic N) is one story: its documents are annotated by the
article stages and merged by the `entities` story stage exactly as a brief runs it.

Gold: participant markables (HUMAN_PART_*, LOC_*) tied by CROSS_DOC_COREF to an instance id,
kept only when they are proper names: every word of the span, once a leading "the/a/an" and a
trailing possessive are dropped, is capitalised or a name particle (of, the, and, de ...), so
"Tara Reid" and "Promises Treatment Center" count and "the actress" or "the Los Angeles
coroner" do not. A *name* is such a span's text, case- and spacing-blind, per story.

Scores, summed over stories:
- pairwise precision / recall / F1 over pairs of distinct gold names of one story: a gold pair
  when the two names share a chain, a predicted pair when the brief's entities put them
  together. A gold mention maps to the brief entity of the article mention that overlaps it
  most (through the entity's name and aliases, as the quotes stage looks them up); a name
  maps to the entity most of its mentions map to.
- names in the brief: the share of gold names with at least one mention in a brief entity
  (target >= 0.70; a name dropped from the brief cannot be merged wrongly, so read it with F1).
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_NO_SPACE = re.compile(r"^(?:[.,;:!?%)\]}'\"]|n't)")
_ENTITY_TAGS = ("HUMAN_PART", "LOC_")
_PARTICLES = {
    "of",
    "the",
    "and",
    "for",
    "de",
    "del",
    "da",
    "la",
    "le",
    "von",
    "van",
    "al",
    "bin",
    "&",
    "-",
    "'",
    ".",
}
_LEADING = re.compile(r"^(?:(?:the|a|an|of|in|at|on|from|to)\s+)+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*(?:'s|')$")


@dataclass
class Document:
    id: str
    story: str
    title: str
    text: str
    # (start, end, chain) of each gold name mention, offsets into `text`.
    names: list[tuple[int, int, str]] = field(default_factory=list)


def clean_name(span: str, lower_words: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The span as a name ("the Kremlin's" -> "Kremlin"), or None when it is not a proper name.
    `lower_words`: words the story also writes in lower case; one of them alone is a common
    word capitalised at the start of a sentence ("Rehab", "Where"), not a name."""
    from storyweave.nlp.names import strip_titles

    text = strip_titles(_POSSESSIVE.sub("", _LEADING.sub("", span.strip())).strip())
    words = text.split()
    if not words or "," in text or not any(w[0].isupper() for w in words):
        return None
    if len(words) == 1 and words[0].lower() in lower_words:
        return None
    for word in words:
        if word.lower() in _PARTICLES or not any(ch.isalpha() for ch in word):
            continue
        if not word[0].isupper():
            return None
    return text


def read_document(path: Path, story: str) -> Document:
    """Text rebuilt from the tokens (sentence per line, as eval/grouping_data.py does) with
    the offsets of each token, and the gold name mentions."""
    root = ET.parse(path).getroot()
    spans: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    length = 0
    sentence = None
    opened = glue = False  # inside a quotation; no space after an opening quote mark
    for token in root.iter("token"):
        word = token.text or ""
        number = token.get("sentence")
        marks = ('"', "\u201c", "\u201d", "``", "''")
        alone = word in marks
        opening = (alone and not opened) or (len(word) > 1 and word[0] in '"\u201c')
        if sentence is not None and number != sentence:
            parts.append("\n")
            length += 1
            opened = False
        elif (
            sentence is not None
            and not glue
            and (opening or (not alone and not _NO_SPACE.match(word) and word != "'s"))
        ):
            parts.append(" ")
            length += 1
        glue = alone and opening
        if opening:
            opened = True
        elif alone or word[-1:] in '"\u201d':
            opened = False
        sentence = number
        spans[token.get("t_id", "")] = (length, length + len(word))
        parts.append(word)
        length += len(word)
    text = "".join(parts)
    title, _, _ = text.partition("\n")
    anchors: dict[str, list[str]] = {}
    chain_of_instance: dict[str, str] = {}
    for markable in root.find("Markables") or ():
        if not markable.tag.startswith(_ENTITY_TAGS):
            continue
        tokens = [a.get("t_id", "") for a in markable.iter("token_anchor")]
        if tokens:
            anchors[markable.get("m_id", "")] = tokens
        elif markable.get("instance_id"):
            chain_of_instance[markable.get("m_id", "")] = markable.get("instance_id", "")
    document = Document(path.stem, story, title, text)
    # The headline is title case ("Perennial Party Girl Tara Reid"): capitals say nothing there.
    body_start = len(title) + 1
    for relation in root.iter("CROSS_DOC_COREF"):
        target = relation.find("target")
        chain = chain_of_instance.get(target.get("m_id", "")) if target is not None else None
        if chain is None:
            continue
        for source in relation.iter("source"):
            tokens = anchors.get(source.get("m_id", ""))
            if not tokens or any(t not in spans for t in tokens):
                continue
            start, end = spans[tokens[0]][0], spans[tokens[-1]][1]
            if start < body_start:
                continue
            document.names.append((start, end, chain))
    return document


def read_stories(folder: Path, topics: set[str] | None) -> dict[str, list[Document]]:
    stories: dict[str, list[Document]] = defaultdict(list)
    for path in sorted(folder.glob("*/*.xml")):
        match = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", path.name)
        if not match or (topics and match.group(1) not in topics):
            continue
        story = f"{match.group(1)}-{match.group(3)}"
        stories[story].append(read_document(path, story))
    return stories


def annotate(documents: list[Document], cache: Path | None) -> dict:
    """Annotated articles by id, as `storyweave annotate` makes them (optionally cached: the
    annotation is most of the run time and does not change while the merging is tuned)."""
    if cache and cache.is_file():
        stored = pickle.loads(cache.read_bytes())
        if all(d.id in stored for d in documents):
            return stored
    from storyweave import pipeline
    from storyweave.ingest.loader import load_articles
    from storyweave.model import Article

    with pipeline.open_workspace(None) as ws:
        rows = [Article(id=d.id, text=d.text, title=d.title, origin=d.id) for d in documents]
        load_articles(ws.store, rows)
        annotated = dict(ws.annotations().annotated)
    if cache:
        cache.write_bytes(pickle.dumps(annotated))
    return annotated


def brief_entities(story: str, members: list) -> list:
    """The story's entities from the registered `entities` story stage, as a brief runs it."""
    from storyweave.analyse.stages import STORY_STAGES, StoryContext
    from storyweave.model import Event, Story

    stage = next(s for s in STORY_STAGES if s.name == "entities")
    ids = tuple(m.article.id for m in members)
    context = StoryContext(
        Story(story, story, ids, (Event(f"e-{story}", story, ids),)), tuple(members)
    )
    return list(stage.run(context, {}, stage.config))


def _entity_of_mentions(annotated, entities: list) -> list[tuple[int, int, str, str]]:
    """(start, end, text, entity name) of the article's mentions that belong to a brief entity."""
    from storyweave.analyse.entities import alias_index, name_key, strip_titles

    index = alias_index(entities)
    found = []
    for mention in annotated.entities:
        name = index.get(name_key(strip_titles(mention.text))) or index.get(name_key(mention.text))
        if name is not None:
            found.append((mention.start, mention.end, mention.text, name))
    return found


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fn_shown: int = 0  # gold pairs missed although both names are in the brief
    names: int = 0
    shown: int = 0
    errors: list[str] = field(default_factory=list)


def score_story(story: str, documents: list[Document], annotated: dict, tally: Tally) -> None:
    from storyweave.analyse.entities import name_key

    members = [annotated[d.id] for d in documents if d.id in annotated]
    lower_words = {w for d in documents for w in re.findall(r"\b[a-z]+\b", d.text)}
    entities = brief_entities(story, members)
    chains: dict[str, set[str]] = defaultdict(set)  # name -> gold chains
    votes: dict[str, Counter[str]] = defaultdict(Counter)  # name -> brief entities
    for document in documents:
        found = (
            _entity_of_mentions(annotated[document.id], entities)
            if document.id in annotated
            else []
        )
        for start, end, chain in document.names:
            cleaned = clean_name(document.text[start:end], lower_words)
            if cleaned is None:
                continue
            name = name_key(cleaned)
            chains[name].add(chain)
            overlaps = [
                (min(end, e) - max(start, s), n) for s, e, _, n in found if s < end and e > start
            ]
            if overlaps:
                votes[name][max(overlaps)[1]] += 1
    entity_of = {n: v.most_common(1)[0][0] for n, v in votes.items()}
    tally.names += len(chains)
    tally.shown += len(entity_of)
    for a, b in combinations(sorted(chains), 2):
        gold = bool(chains[a] & chains[b])
        predicted = a in entity_of and entity_of.get(a) == entity_of.get(b)
        if gold and predicted:
            tally.tp += 1
        elif predicted:
            tally.fp += 1
            tally.errors.append(f"  wrong merge {story}: {a!r} + {b!r} -> {entity_of[a]!r}")
        elif gold:
            tally.fn += 1
            tally.fn_shown += a in entity_of and b in entity_of
            tally.errors.append(
                f"  missed      {story}: {a!r} ({entity_of.get(a)!r})"
                f" ~ {b!r} ({entity_of.get(b)!r})"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--topics", default="", help="comma-separated topic numbers (default all)")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the annotations")
    args = parser.parse_args(argv)
    folder = args.data / "ecbplus-dev" / "ECB+"
    if not folder.is_dir():
        print(f"skipped: {folder} not found")
        return 0
    topics = set(args.topics.split(",")) if args.topics else None
    stories = read_stories(folder, topics)
    started = time.perf_counter()
    annotated = annotate([d for docs in stories.values() for d in docs], args.cache)
    tally = Tally()
    for story, documents in sorted(stories.items()):
        score_story(story, documents, annotated, tally)
    precision = tally.tp / (tally.tp + tally.fp) if tally.tp + tally.fp else 0.0
    recall = tally.tp / (tally.tp + tally.fn) if tally.tp + tally.fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if args.show_errors:
        print("\n".join(tally.errors))
    print(
        f"ecbplus-dev: {len(stories)} stories, {tally.names} gold names, "
        f"{tally.tp + tally.fn} gold pairs ({time.perf_counter() - started:.0f} s)"
    )
    print(f"pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"names in the brief {tally.shown / max(tally.names, 1):.3f} (target >= 0.70)")
    both = tally.tp + tally.fn_shown
    print(
        f"recall over the {both} gold pairs with both names in the brief "
        f"{tally.tp / max(both, 1):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
