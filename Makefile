# Fresh machine: `make run` installs and runs the main job; `make test` installs and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= samples/article_fr.txt
DB ?= veille.db
PORT ?= 8000

.PHONY: install system-deps run extract test bench train clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ray,parquet]'
	@# bytecode for the sources, as a wheel install writes it: an editable install leaves it to the
	@# first import, which never writes it under PYTHONDONTWRITEBYTECODE (every start recompiles)
	$(BIN)/python -m compileall -q src >/dev/null
	touch $@

# Test-only system packages from Debian: chromium for the browser tests (no browser download
# from a hub), postgresql for the PostgreSQL store tests (a throwaway server on loopback).
SYSTEM_PACKAGES := chromium postgresql
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing (sudo apt-get install$$missing); those tests will be skipped"; fi; \
	fi

# The main job: one article's report as a table, then the sample corpus into the store and the
# map/API server (Ctrl-C stops it). `make extract` does only the first step.
run: install
	$(BIN)/veille extract $(SAMPLE) --format table
	$(BIN)/veille ingest samples/corpus --db $(DB)
	$(BIN)/veille events --db $(DB)
	$(BIN)/veille serve --db $(DB) --port $(PORT)

extract: install
	$(BIN)/veille extract $(SAMPLE) --format table

test: install system-deps
	$(BIN)/ruff check src tests training bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Rebuild the shipped models from their sources (training/README.md): the French glossary from
# Debian's FreeDict packages, the ACLED table from fetched public repositories (MIRROR), then the
# event and actor models. Needs the snapshots listed in training/acled_sources.tsv under MIRROR.
MIRROR ?= /work/.mirror
train: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	@ls /usr/share/dictd/freedict-fra-eng.dict.dz /usr/share/dictd/freedict-eng-fra.dict.dz >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dict-freedict-fra-eng dict-freedict-eng-fra >/dev/null; }
	$(BIN)/python training/build_lemma_en.py
	$(BIN)/python training/build_acled_table.py --mirror-root $(MIRROR)
	$(BIN)/python training/train_event_model.py
	VEILLE_MIRROR=$(MIRROR) $(BIN)/python training/train_event_filter.py
	$(BIN)/python training/build_place_prior.py

bench: install
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/cold_start_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
