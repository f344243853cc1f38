# Every target creates .venv and installs the project on first use, so a fresh clone needs only
# Python 3.11 and access to the package registries.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export FLASK_APP := webapp:create_app

# The catalogues: webapp/translations/messages.pot and <locale>/LC_MESSAGES/messages.po; the
# compiled .mo files are made from the .po on install (they are not committed).
CATALOGUES := webapp/translations
PO_FILES   := $(wildcard $(CATALOGUES)/*/LC_MESSAGES/messages.po)
MO_FILES   := $(PO_FILES:.po=.mo)

.PHONY: run worker test lint format bench load install translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund; \
	 else echo "npm not found: browser accessibility checks (axe-core) will be skipped"; fi
	@touch $(STAMP)

install: $(STAMP) $(MO_FILES)

$(CATALOGUES)/%/LC_MESSAGES/messages.mo: $(CATALOGUES)/%/LC_MESSAGES/messages.po $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -l $* -i $< -o $@

# Extract every message (babel.cfg), update each locale's catalogue, compile. Commit the .pot
# and .po files; tests/test_translations.py fails while a message is missing from them.
translations: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k plural_forms:1,2 --add-location=file \
	  --ignore-dirs ".* __pycache__ node_modules" \
	  --sort-by-file --no-wrap --project=write-to-your-mp -o $(CATALOGUES)/messages.pot .
	$(VENV)/bin/pybabel update -i $(CATALOGUES)/messages.pot -d $(CATALOGUES) \
	  --no-fuzzy-matching --no-wrap --ignore-obsolete
	$(VENV)/bin/pybabel compile -d $(CATALOGUES)

run: $(STAMP) $(MO_FILES)
	$(PY) -m flask db-upgrade
	$(PY) -m flask run --port $${PORT:-5000}

# Background jobs from the Redis queue (needs REDIS_URL; without it jobs run inside `make run`).
worker: $(STAMP)
	$(PY) -m flask worker

test: $(STAMP) $(MO_FILES)
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, then the import contracts of ARCHITECTURE.md (pyproject.toml, [tool.importlinter]).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) -m bench

# The supporter journey under load (locust, 127.0.0.1 only, stops by itself): SQLite, and
# PostgreSQL when LOAD_DATABASE_URL names a database it may wipe. See bench/load.py.
load: $(STAMP)
	@$(PY) -c "import locust" 2>/dev/null || $(PY) -m pip install --quiet -e '.[load]'
	$(PY) -m bench.load

clean:
	rm -rf $(VENV) node_modules instance/*.sqlite3 $(MO_FILES)
