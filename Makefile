# Two commands set everything up on a fresh machine with Python 3.11+:
#   make demo   virtual environment, install, ingest the samples, replay, show FY2023 revenue
#   make test   virtual environment if needed, then the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_HOME ?= .ledger-demo

.PHONY: demo test lint venv clean samples

$(BIN)/ledger: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# setuptools announces every editable install of a package whose folder sits beside it
	@# (ledger/ here, by design): information, not a problem, and it buried real warnings.
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(BIN)/ledger

demo: $(BIN)/ledger
	@rm -rf $(DEMO_HOME)
	$(BIN)/ledger --home $(DEMO_HOME) ingest --manifest samples/manifest.toml
	@echo
	@echo "OneConnect FY2023 revenue (RMB'000), as the market knew it on each date:"
	@$(BIN)/ledger --home $(DEMO_HOME) query "\
	  WITH revenue AS (SELECT series_id FROM series WHERE issuer = 'oneconnect' \
	         AND concept = 'ifrs-full:Revenue' AND period = 'FY2023' AND dimensions = '') \
	  SELECT printf('%,d', a.printed_value::BIGINT) AS as_at_2024_06_30, \
	         printf('%,d', b.printed_value::BIGINT) AS as_at_2025_06_30, \
	         printf('%,d', (b.printed_value - a.printed_value)::BIGINT) AS change, \
	         r.kind, r.explained, r.restated_document AS restated_by \
	  FROM revenue \
	  JOIN facts_as_at('2024-06-30') a USING (series_id) \
	  JOIN facts_as_at('2025-06-30') b USING (series_id) \
	  LEFT JOIN restatements r ON r.series_id = revenue.series_id \
	       AND r.restated_published_on BETWEEN DATE '2024-06-30' AND DATE '2025-06-30'" \
	  | sed 's/^/  /'

# Where PYTHONDONTWRITEBYTECODE is set, Python never caches the compiled modules, and every
# `ledger` process the crash and concurrency tests start would compile the package's
# modules again, 0.2 s each: compile them here, once (compileall writes them all the same).
test: $(BIN)/ledger
	@$(BIN)/python -m compileall -q -j 0 domain events ingest projections cli ledger >/dev/null
	$(BIN)/python -m pytest -n auto

# Style, formatting, types over every package, then the code's shape: layers respected and no
# function over 100 lines (tests/checks.py).
lint: $(BIN)/ledger
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy events domain ingest projections cli ledger
	$(BIN)/mypy bench
	$(BIN)/python -m tests.checks

# Regenerate samples/ from the real documents (needs ../shared); CI checks they match.
samples: $(BIN)/ledger
	$(BIN)/ledger extract --manifest ../shared/disclosures/manifest.toml --output-dir samples

clean:
	rm -rf $(VENV) $(DEMO_HOME) .ledger-tour exports .ledger .pytest_cache .mypy_cache .ruff_cache
