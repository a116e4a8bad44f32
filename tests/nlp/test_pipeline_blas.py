"""The pipeline's matrix products run on numpy's BLAS and parse exactly as thinc's own BLIS."""

from storyweave.nlp.pipeline import PipelineConfig, load_pipeline


def _analysis(nlp, texts):
    return [
        [(t.tag_, t.pos_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc]
        for doc in nlp.pipe(texts)
    ]


def test_numpy_blas_gives_the_same_parse_as_blis(news_texts):
    fast = load_pipeline()
    stock = load_pipeline(PipelineConfig(numpy_blas=False))
    assert not fast.get_pipe("ner").model.ops.use_blis
    assert stock.get_pipe("ner").model.ops.use_blis
    assert _analysis(fast, news_texts) == _analysis(stock, news_texts)
