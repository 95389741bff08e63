# Fresh machine: `make run` installs and runs the main job; `make test` installs and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= samples/article_fr.txt
DB ?= veille.db
PORT ?= 8000

.PHONY: install browser run extract test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Browser tests drive Debian's chromium (no browser download from a hub).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium (browser tests will be skipped)"; fi; }

# The main job: one article's report as a table, then the sample corpus into the store and the
# map/API server (Ctrl-C stops it). `make extract` does only the first step.
run: install
	$(BIN)/veille extract $(SAMPLE) --format table
	$(BIN)/veille ingest samples/corpus --db $(DB)
	$(BIN)/veille events --db $(DB)
	$(BIN)/veille serve --db $(DB) --port $(PORT)

extract: install
	$(BIN)/veille extract $(SAMPLE) --format table

test: install browser
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/ingest_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
