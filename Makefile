# Two commands set everything up on a fresh machine with Python 3.11+:
#   make demo   virtual environment, install, ingest the samples, replay, show FY2023 revenue
#   make test   virtual environment if needed, then the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_HOME ?= .ledger-demo

.PHONY: demo test lint venv clean

$(BIN)/ledger: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(BIN)/ledger

demo: $(BIN)/ledger
	@rm -rf $(DEMO_HOME)
	$(BIN)/ledger --home $(DEMO_HOME) ingest --manifest samples/manifest.toml
	@echo
	@echo "OneConnect FY2023 revenue (RMB'000), as the market knew it on each date:"
	@$(BIN)/ledger --home $(DEMO_HOME) query "\
	  SELECT a.value AS as_at_2024_06_30, b.value AS as_at_2025_06_30, \
	         printf('%,d', (b.v - a.v)::BIGINT) AS change, b.document AS restated_by \
	  FROM (SELECT printf('%,d', printed_value::BIGINT) AS value, printed_value AS v \
	        FROM facts_as_at('2024-06-30') WHERE issuer = 'oneconnect' \
	        AND concept = 'ifrs-full:Revenue' AND period = 'FY2023' AND dimensions = '') a, \
	       (SELECT printf('%,d', printed_value::BIGINT) AS value, printed_value AS v, document \
	        FROM facts_as_at('2025-06-30') WHERE issuer = 'oneconnect' \
	        AND concept = 'ifrs-full:Revenue' AND period = 'FY2023' AND dimensions = '') b" \
	  | sed 's/^/  /'

test: $(BIN)/ledger
	$(BIN)/python -m pytest

lint: $(BIN)/ledger
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy events domain

clean:
	rm -rf $(VENV) $(DEMO_HOME) .ledger .pytest_cache .mypy_cache .ruff_cache
