# The two commands of the README: `make site` then `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test deps chromium serve bench clean

## Build the demo site from datapackages/ into site/ (installs everything first).
site: deps
	$(BIN)/tdh build

## Run the whole test suite, browser tests included.
test: deps chromium
	$(BIN)/python -m pytest

## Live preview on http://127.0.0.1:8000/
serve: deps
	$(BIN)/tdh serve

deps: $(VENV)/.deps node_modules/.deps

$(VENV)/.deps: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

node_modules/.deps: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## Debian's chromium drives the browser tests (Playwright cannot download a browser here).
chromium:
	@command -v chromium >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

clean:
	rm -rf site .tdh-cache

## Benchmarks (not part of make test): validation vs frictionless-py, build, rebuild.
bench: deps
	$(BIN)/python -m bench.run
