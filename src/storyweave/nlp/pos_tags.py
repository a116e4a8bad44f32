"""Coarse part-of-speech tags from fine tags, without running spaCy's attribute ruler.

The trained English pipeline gets `token.pos_` from its `attribute_ruler`: about 180 Matcher
patterns (a tag map plus exceptions such as "that"/WDT -> PRON) that also set morphology and
lemmas. Measured on 300 real articles it cost 2.1 s of a 16.6 s parse, while storyweave reads only
`pos_` from it. `PosRules` compiles the ruler's POS-setting patterns into lookup tables and applies
them in one pass over the token array with the ruler's precedence (a later pattern overrides an
earlier one), so the tags are identical (tests/nlp/test_pos_tags.py compares them); morphology
and lemmas are not set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

# Token attributes a compiled rule may test, in the column order of Doc.to_array below.
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_TAG, _LOWER = 0, 1

Row = Sequence[int]


@dataclass(frozen=True)
class ValueTest:
    """One attribute of one token: its value (a string hash) is in `values`, or not in it."""

    column: int
    values: frozenset[int]
    negated: bool = False

    def passes(self, row: Row) -> bool:
        return (row[self.column] in self.values) != self.negated


@dataclass(frozen=True)
class PosRule:
    """One ruler pattern: a run of token tests; `pos` goes to the token at `target`."""

    order: int
    pos: int
    tokens: tuple[tuple[ValueTest, ...], ...]
    target: int

    def matches(self, rows: Sequence[Row], i: int) -> bool:
        start = i - self.target
        if start < 0 or start + len(self.tokens) > len(rows):
            return False
        return all(
            test.passes(rows[start + offset])
            for offset, tests in enumerate(self.tokens)
            for test in tests
        )

    def key(self, column: int) -> frozenset[int] | None:
        """The values the target token must have in `column`, when the rule says."""
        for test in self.tokens[self.target]:
            if test.column == column and not test.negated:
                return test.values
        return None


class PosRules:
    """The ruler's POS patterns, filed by the values that make a rule worth testing."""

    def __init__(self, rules: Sequence[PosRule]) -> None:
        # A rule that names its target's words is filed under each word, else under each tag,
        # else it applies to every token: a token tests a handful of rules instead of all.
        self._by_lower: dict[int, list[PosRule]] = {}
        self._by_tag: dict[int, list[PosRule]] = {}
        self._any: list[PosRule] = []
        for rule in rules:
            lowers, tags = rule.key(_LOWER), rule.key(_TAG)
            if lowers is not None:
                for value in lowers:
                    self._by_lower.setdefault(value, []).append(rule)
            elif tags is not None:
                for value in tags:
                    self._by_tag.setdefault(value, []).append(rule)
            else:
                self._any.append(rule)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        # Most tokens repeat a (tag, word, dep, space) seen before: decide each once per doc,
        # unless a rule that looks at neighbours was involved.
        decided: dict[tuple[int, ...], int] = {}
        pos = []
        for i, row in enumerate(rows):
            key = tuple(row)
            value = decided.get(key)
            if value is None:
                value, local = self.pos_at(rows, i)
                if local:
                    decided[key] = value
            pos.append(value)
        doc.from_array([POS], np.array(pos, dtype=np.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        return doc

    def pos_at(self, rows: Sequence[Row], i: int) -> tuple[int, bool]:
        """The POS hash for token `i` (0 when no rule applies), and whether it depends on
        this token alone."""
        row = rows[i]
        best: PosRule | None = None
        local = True
        groups = (self._by_lower.get(row[_LOWER], ()), self._by_tag.get(row[_TAG], ()), self._any)
        for group in groups:
            for rule in group:
                if best is not None and rule.order < best.order:
                    continue
                local = local and len(rule.tokens) == 1
                if rule.matches(rows, i):
                    best = rule
        return (best.pos if best is not None else 0), local


def compile_pos_rules(ruler: object) -> PosRules | None:
    """The attribute ruler's POS patterns as `PosRules`, or None when `ruler` is not an
    attribute ruler or a pattern uses something this compiler does not handle (operators,
    other attributes or predicates): the caller then keeps the ruler, slower but never wrong."""
    if not isinstance(ruler, AttributeRuler):
        return None
    strings = ruler.vocab.strings
    rules = []
    entries: list[dict[str, Any]] = list(ruler.patterns)  # type: ignore[arg-type]
    for order, entry in enumerate(entries):
        pos = entry["attrs"].get("POS")
        if pos is None:
            continue
        for pattern in entry["patterns"]:
            tokens = [_token_tests(token, strings) for token in pattern]
            if not pattern or any(tests is None for tests in tokens):
                return None
            target = entry.get("index", 0) % len(pattern)
            rules.append(PosRule(order, strings.add(pos), tuple(tokens), target))  # type: ignore[arg-type]
    return PosRules(rules)


def _token_tests(pattern: Mapping[str, Any], strings: StringStore) -> tuple[ValueTest, ...] | None:
    if not set(pattern) <= set(_COLUMNS):
        return None
    tests = []
    for column, wanted in pattern.items():
        index = _COLUMNS.index(column)
        if isinstance(wanted, bool) and column == "IS_SPACE":
            tests.append(ValueTest(index, frozenset({int(wanted)})))
        elif isinstance(wanted, str):
            tests.append(ValueTest(index, frozenset({strings.add(wanted)})))
        elif isinstance(wanted, dict) and len(wanted) == 1 and set(wanted) <= {"IN", "NOT_IN"}:
            ((operator, values),) = wanted.items()
            hashes = frozenset(strings.add(value) for value in values)
            tests.append(ValueTest(index, hashes, negated=operator == "NOT_IN"))
        else:
            return None
    return tuple(tests)


@Language.factory("storyweave_pos_from_tags")
def make_pos_from_tags(nlp: Language, name: str) -> PosRules:
    """Reads the pipeline's attribute ruler, which must be loaded (it may be disabled)."""
    rules = compile_pos_rules(nlp.get_pipe("attribute_ruler"))
    if rules is None:
        raise ValueError("the attribute ruler's POS patterns cannot be compiled")
    return rules
