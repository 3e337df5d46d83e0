# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app eservices
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install install-test translations extract-messages \
        chromium migrate demo bench bench-casework bench-election bench-proposals bench-public \
        screenshots mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the pinned dependencies change.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-mutation: setup.cfg pyproject.toml $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations: install
	$(BIN)/pybabel compile -d eservices/translations >/dev/null

extract-messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_message --no-location --sort-output --omit-header \
		-o eservices/translations/messages.pot .
	$(BIN)/pybabel update -i eservices/translations/messages.pot -d eservices/translations \
		--no-fuzzy-matching --ignore-obsolete --width 100

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

run: translations demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests; installed when missing and we may (root).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "warning: /usr/bin/chromium is missing and cannot be installed here;" \
			     "browser tests will be skipped (or fail under CI=true)"; \
		fi; \
	fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The suite runs in one process per core (pytest-xdist); each process has its own database.
# TEST_PROCESSES=0 runs it in this process alone.
TEST_PROCESSES ?= auto
test: install-test translations chromium lint
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist worksteal

# Submissions per second through gunicorn, SQLite and PostgreSQL, against a bare Flask app.
bench: translations
	$(BIN)/python bench/submissions.py

# Handler-queue and Mina sidor latency with 1k and with 100k cases, SQLite and PostgreSQL.
bench-casework: translations
	$(BIN)/python bench/casework.py

# Votes per second (wrk) against bare Flask, then a school day of classes voting, with and
# without a gunicorn worker killed, each vote checked to be counted once; SQLite and PostgreSQL.
bench-election: translations
	$(BIN)/python bench/election.py

# Supports per second (spread and on one hot proposal) against bare Flask, then the list and
# a proposal page with 1k and with 100k proposals and 5M supports; then every public page.
bench-proposals: translations
	$(BIN)/python bench/proposals.py
	$(BIN)/python bench/proposal_pages.py

# Requests per second of every public page, Swedish and English, against bare Flask (wrk).
bench-public: translations
	$(BIN)/python bench/public_pages.py

# PNGs of the case page, the queue, statistics, Mina sidor and receipts at 1280 and 320 px,
# from the demo data, in screenshots/ (not committed). LANG=en for the English pages.
screenshots: install-test translations chromium
	$(BIN)/python scripts/screenshots.py --lang $(or $(SCREENSHOT_LANG),sv)

# Mutation testing of the domain modules with mutmut, configured in setup.cfg [mutmut]; see
# docs/mutation.md. Not in CI: it takes long. One module at a time:
#     make mutation MUTANTS='eservices.permissions.*'
# Results stay in mutants/ (a later run retests only what changed); `make clean` drops them.
mutation: $(VENV)/.installed-mutation translations
	$(BIN)/python -m mutmut run $(MUTANTS)
	$(BIN)/python scripts/mutation_report.py

clean:
	rm -rf $(VENV) mutants instance .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
