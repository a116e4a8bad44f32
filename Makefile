# What a newcomer runs is what CI runs: README and .ci/run use these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := out/demo.db

.PHONY: install demo test test-fast lint eval bench distill stance clean screenshot screenshot-serve serve

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: install
	@mkdir -p out
	$(BIN)/storyweave ingest examples/demo --db $(DEMO_DB)
	$(BIN)/storyweave brief --db $(DEMO_DB)
	$(BIN)/storyweave brief --db $(DEMO_DB) --format html -o out/demo.html
	@echo "HTML report: out/demo.html (open it in a browser; it works offline)"

# The whole suite, slow-marked tests included (CI runs exactly this).
test: install
	$(BIN)/pytest -q

# The quick inner loop: everything but the slow-marked tests.
test-fast: install
	$(BIN)/pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check src tests eval bench scripts
	$(BIN)/ruff format --check src tests eval bench scripts
	$(BIN)/mypy src

eval: install
	$(BIN)/python eval/run_all.py

bench: install
	$(BIN)/python bench/ingest.py

# Rebuilds the packaged embedding model; needs torch, so it uses a separate environment.
distill:
	bash scripts/distill.sh

# Rebuilds the packaged stance model and its card from ../shared/data/fnc1-dev (a few minutes;
# the cross-validated figures go into src/storyweave/nlp/models/stance/CARD.md).
stance: install
	$(BIN)/python scripts/train_stance.py

# The README's report screenshot, from the demo corpus (needs chromium: scripts/install-chromium.sh).
screenshot: demo
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1500 \
		--screenshot=docs/report.png file://$(CURDIR)/out/demo.html

# The web UI's screenshots (docs/story-page.png, docs/article-page.png), taken by the browser test
# that walks story list -> story -> citation -> article (needs chromium and chromium-driver).
screenshot-serve: install
	STORYWEAVE_SCREENSHOTS=docs $(BIN)/pytest -q -m browser tests/web/test_browser.py

# The web UI over the demo store on http://127.0.0.1:8000/ (docs/serve.md).
serve: demo
	$(BIN)/storyweave serve --db $(DEMO_DB)

clean:
	rm -rf out $(VENV) build *.egg-info
