# goleash: `make demo` shows the whole app on this machine; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: demo test test-app bench install

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) scripts/demo.py

test: install
	$(PY) -m pytest

test-app: install
	$(PY) -m pytest tests/app

bench: install
	$(PY) bench/latency.py
	$(PY) bench/receiver_throughput.py
