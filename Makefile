# One-command set-up, run and test. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STANDIN := $(wildcard ../shared/models/nl_udconll_sm-*.whl)

.PHONY: setup run test lint

setup:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@if $(BIN)/python -c "import spacy, sys; sys.exit(0 if spacy.util.is_package('nl_core_news_sm') else 1)"; then \
		echo "base pipeline: nl_core_news_sm already installed"; \
	elif [ -n "$(STANDIN)" ]; then \
		echo "base pipeline: installing the local stand-in $(STANDIN)"; \
		$(BIN)/python -m pip install --quiet "$(STANDIN)"; \
	else \
		echo "base pipeline: downloading nl_core_news_sm"; \
		timeout 300 $(BIN)/python -m spacy download nl_core_news_sm; \
	fi
	$(BIN)/policytext info

run:
	$(BIN)/policytext classify corpus/samples --out samples.jsonl

lint:
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

test:
	$(BIN)/python -m pytest -q
