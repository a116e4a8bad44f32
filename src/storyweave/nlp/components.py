"""The spaCy components storyweave adds to the trained pipeline, and its BLAS switch; imported
by `load_pipeline` only (spaCy takes a second to import, which a cached run never needs)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from storyweave.nlp import pos_tags  # noqa: F401 (registers storyweave_pos_from_tags)


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
