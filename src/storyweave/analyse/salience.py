"""How likely an editor summarising a story's reports is to use each of its concepts: the
concept weights behind the summary's sentence choice.

Counting the reports that share a concept (Gillick & Favre 2009) misses what editors do: they
take the event from the titles and first sentences, keep names and numbers, and leave quoted
wording out. A logistic model over a few such features of each concept (learned concept weights,
as Li, Qian & Liu 2013 and Hong & Nenkova 2014) weighs them. The weights are fitted by
scripts/train_summary.py on neus-roundups-dev `train` only (editors' roundups of three outlets'
opening sentences) and ship in nlp/models/summary/salience.json, with its card beside it.

Known failure cases: a concept every outlet words differently counts as one outlet's; a name
that opens every sentence is not seen as a name (capitalisation is its only sign).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from storyweave.analyse.support import concepts, names
from storyweave.ingest.source_names import source_key
from storyweave.model import AnnotatedArticle

FEATURES = (
    "bias",
    "report_share",  # share of the story's reports that use the concept (text or title)
    "all_reports",  # every report uses it (stories of two reports or more)
    "one_report",
    "title_share",  # share of reports whose title uses it
    "first_share",  # share of reports whose first sentence uses it
    "earliest",  # 1 / (1 + the first sentence index it appears in)
    "occurrences",  # log(1 + sentences using it, all reports)
    "pair",  # a pair of neighbouring words, not a single word
    "number",
    "name",
    "quoted_share",  # share of the reports using it that use it only inside quotation marks
    "pair_x_report_share",
    "pair_x_title_share",
)

# Quoted stretches: curly or straight double quotes.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


@dataclass(frozen=True)
class SalienceModel:
    """Logistic weights, one per name in FEATURES."""

    weights: tuple[float, ...]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = features @ np.asarray(self.weights, dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@lru_cache(maxsize=1)
def packaged_model() -> SalienceModel:
    """The weights shipped with storyweave (fitted by scripts/train_summary.py)."""
    path = resources.files("storyweave.nlp").joinpath("models", "summary", "salience.json")
    data = json.loads(path.read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("salience.json was fitted on other features: rerun scripts/train_summary.py")
    return SalienceModel(tuple(float(w) for w in data["weights"]))


def concept_features(originals: Sequence[AnnotatedArticle]) -> tuple[list[str], np.ndarray]:
    """Every concept of the reports (see support.concepts) and its feature row (FEATURES)."""
    reports: dict[str, list[AnnotatedArticle]] = {}
    for member in originals:
        key = source_key(member.article.source) if member.article.source else member.id
        reports.setdefault(key, []).append(member)
    total = len(reports)
    used: dict[str, set[str]] = {}
    in_title: dict[str, set[str]] = {}
    in_first: dict[str, set[str]] = {}
    unquoted: dict[str, set[str]] = {}
    earliest: dict[str, int] = {}
    occurrences: dict[str, int] = {}
    named: set[str] = set()
    for key, members in reports.items():
        for member in members:
            text = member.article.text
            title = member.article.title or ""
            for c in concepts(title):
                in_title.setdefault(c, set()).add(key)
                used.setdefault(c, set()).add(key)
            named |= names(title)
            for index, sentence in enumerate(member.sentences):
                span = text[sentence.start : sentence.end]
                found = concepts(span)
                outside = concepts(_QUOTED.sub(" ", span))
                named |= names(span)
                for c in found:
                    used.setdefault(c, set()).add(key)
                    occurrences[c] = occurrences.get(c, 0) + 1
                    earliest[c] = min(earliest.get(c, index), index)
                    if index == 0:
                        in_first.setdefault(c, set()).add(key)
                    if c in outside:
                        unquoted.setdefault(c, set()).add(key)
    vocabulary = sorted(used)
    rows = np.zeros((len(vocabulary), len(FEATURES)), dtype=np.float64)
    for row, c in enumerate(vocabulary):
        n = len(used[c])
        share = n / total
        title = len(in_title.get(c, ())) / total
        pair = " " in c
        quoted = 1.0 - len(unquoted.get(c, set())) / n if c in occurrences else 0.0
        parts = c.split(" ")
        rows[row] = (
            1.0,
            share,
            float(n == total and total > 1),
            float(n == 1),
            title,
            len(in_first.get(c, ())) / total,
            1.0 / (1.0 + earliest.get(c, 3)),
            math.log1p(occurrences.get(c, 0)),
            float(pair),
            float(any(ch.isdigit() for ch in c)),
            float(any(p in named for p in parts)),
            quoted,
            share * pair,
            title * pair,
        )
    return vocabulary, rows


def concept_salience(
    originals: Sequence[AnnotatedArticle], model: SalienceModel | None = None
) -> dict[str, float]:
    """Concept -> the probability that an editor's summary of these reports uses it."""
    vocabulary, rows = concept_features(originals)
    if not vocabulary:
        return {}
    p = (model or packaged_model()).probabilities(rows)
    return dict(zip(vocabulary, p.tolist(), strict=True))
