# Every target brings in what it needs: uv is bootstrapped into .tools/ when it is missing,
# and `uv sync --locked` installs exactly what uv.lock pins.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --locked --no-sync
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint fmt bench migrate demo sync eval screenshots clean

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

sync: .venv/.synced

run: sync ## Serve Jobboard on http://$(HOST):$(PORT) (embedded SQLite, demo data on first start)
	$(RUN) jobboard serve --host $(HOST) --port $(PORT) --demo

test: sync ## Run the whole test suite (PostgreSQL/Redis too when JOBBOARD_TEST_* are set)
	$(RUN) pytest $(PYTEST_ARGS)

lint: sync
	$(RUN) ruff check src tests bench migrations scripts
	$(RUN) ruff format --check src tests bench migrations scripts
	$(RUN) mypy
	$(RUN) lint-imports --no-cache
	$(RUN) vulture

fmt: sync
	$(RUN) ruff format src tests bench migrations scripts
	$(RUN) ruff check --fix src tests bench migrations scripts

migrate: sync
	$(RUN) jobboard migrate

demo: sync
	$(RUN) jobboard demo

bench: sync
	$(RUN) python -m bench

eval: sync ## Score posting analysis against the real and the written hand-labelled postings, per source, with the misses
	$(RUN) python -m jobboard.analysis.evaluation tests/analysis/eval --verbose

screenshots: sync ## PNGs of the main pages in docs/screenshots/ (needs the chromium browser)
	$(RUN) python scripts/screenshots.py

clean:
	rm -rf .venv .tools var .pytest_cache .mypy_cache .ruff_cache
