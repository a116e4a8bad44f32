"""The compiled POS rules must tag exactly as the attribute ruler they replace."""

import numpy
import spacy
from spacy.attrs import POS
from spacy.pipeline import AttributeRuler

from storyweave.nlp.pipeline import load_pipeline
from storyweave.nlp.pos_tags import compile_pos_rules


def _texts(news_texts: list[str]) -> list[str]:
    texts = list(news_texts)
    # Words the ruler's exceptions are about: existential "there is", "that" as pronoun and
    # conjunction, "but" as adverb, indefinite pronouns tagged NN, auxiliaries.
    texts.append(
        "There are doubts. That is what she said, but all but two agreed that nothing was done. "
        "Those who would not go were told to. 'd you? Somebody has been there.\n\n  Next line."
    )
    return texts


def test_tags_match_the_attribute_ruler_on_real_news(news_texts):
    nlp = load_pipeline()
    assert "attribute_ruler" not in nlp.pipe_names, "the slow ruler should be replaced"
    ruler = nlp.get_pipe("attribute_ruler")  # loaded, disabled
    texts = _texts(news_texts)
    for doc in nlp.pipe(texts):
        # The ruler's answer on the same parse, starting from no tags at all.
        reference = doc.copy()
        reference.from_array([POS], numpy.zeros((len(doc), 1), dtype=numpy.uint64))
        ruler(reference)
        assert [(t.text, t.pos_) for t in doc] == [(t.text, t.pos_) for t in reference]


def _ruler(patterns):
    ruler = AttributeRuler(spacy.blank("en").vocab)
    ruler.add_patterns(patterns)
    return ruler


def test_later_patterns_win_and_neighbours_count():
    ruler = _ruler(
        [
            {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}},
            {"patterns": [[{"TAG": "DT", "DEP": {"NOT_IN": ["det"]}}]], "attrs": {"POS": "PRON"}},
            {
                "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]],
                "attrs": {"POS": "VERB"},
                "index": 1,
            },
        ]
    )
    rules = compile_pos_rules(ruler)
    assert rules is not None
    words = ["there", "is", "that", "that"]
    doc = spacy.tokens.Doc(
        ruler.vocab,
        words=words,
        tags=["EX", "VBZ", "DT", "DT"],
        deps=["expl", "ROOT", "det", "nsubj"],
        heads=[1, 1, 1, 1],
    )
    rules(doc)
    assert [t.pos_ for t in doc] == ["", "VERB", "DET", "PRON"]


def test_patterns_it_cannot_compile_keep_the_ruler():
    ruler = _ruler([{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    assert compile_pos_rules(ruler) is None
