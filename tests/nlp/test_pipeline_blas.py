"""The pipeline's matrix products run on numpy's BLAS and parse exactly as thinc's own BLIS."""

from pathlib import Path

from storyweave.nlp.pipeline import PipelineConfig, load_pipeline

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


def _analysis(nlp, texts):
    return [
        [(t.tag_, t.pos_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc]
        for doc in nlp.pipe(texts)
    ]


def test_numpy_blas_gives_the_same_parse_as_blis():
    paths = sorted(SEEDS.glob("*")) + sorted(DEMO.glob("*"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths if p.is_file()]
    assert len(texts) > 10
    fast = load_pipeline()
    stock = load_pipeline(PipelineConfig(numpy_blas=False))
    assert not fast.get_pipe("ner").model.ops.use_blis
    assert stock.get_pipe("ner").model.ops.use_blis
    assert _analysis(fast, texts) == _analysis(stock, texts)
