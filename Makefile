# Two commands set everything up on a fresh machine (see README.md):
#   make serve   install the site's dependencies and preview it on http://127.0.0.1:8000
#                (the Spanish guide: make serve SITE_CONFIG=mkdocs.es.yml)
#   make test    install the test dependencies and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SITE_CONFIG ?= mkdocs.yml
PREVIEW_ADDR ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

# Reproducible builds: the built files are dated with the last commit (scripts/source_date_epoch.py),
# not with the day of the build, so the same commit builds the same files on any day.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell $(PYTHON) scripts/source_date_epoch.py 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build build-example build-properdocs test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site-deps: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt -c constraints.txt
	touch $@

# The preview is not strict: it keeps serving while a page has a problem, lists the problems after
# each rebuild and in build-report/report.md. make build, CI and the tests stay strict.
serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve -f $(SITE_CONFIG) --dev-addr $(PREVIEW_ADDR)

# The main guide, then the guide in each of its other languages (extra.languages: mkdocs.es.yml into site/es/).
build: $(VENV)/.site-deps
	$(BIN)/python scripts/check_settings_file.py $(SITE_CONFIG)
	$(BIN)/mkdocs build --strict -f $(SITE_CONFIG)
	@configs="$$($(BIN)/python scripts/language_configs.py $(SITE_CONFIG))" || exit 1; \
	for other in $$configs; do \
	  $(BIN)/python scripts/check_settings_file.py $$other && $(BIN)/mkdocs build --strict -f $$other || exit 1; \
	done

build-example: $(VENV)/.site-deps
	$(BIN)/python scripts/check_settings_file.py examples/uk-clinic/mkdocs.yml
	$(BIN)/mkdocs build --strict -f examples/uk-clinic/mkdocs.yml

# The same site built by ProperDocs, a maintained fork of MkDocs 1.6 (README: "When Material ends").
build-properdocs: $(VENV)/.test-deps
	$(BIN)/properdocs build --strict -f $(SITE_CONFIG) -d site-properdocs

# HTML_CodeSniffer, the second accessibility checker (the rules pa11y runs; tests/test_browser.py loads it into the
# pages it visits), at the version in tests/a11y/package-lock.json. No install script runs.
# Without npm the check is skipped (it fails in CI).
A11Y := tests/a11y
$(A11Y)/node_modules/.installed: $(A11Y)/package.json $(A11Y)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(A11Y) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
	  && touch node_modules/.installed; \
	else echo "npm was not found, so the HTML_CodeSniffer check will be skipped: install Node.js 20 or newer to run it."; fi

test: $(VENV)/.test-deps $(A11Y)/node_modules/.installed
	$(BIN)/ruff check hooks scripts tests bench
	$(BIN)/mypy
	sh scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

clean:
	rm -rf site site-uk-clinic site-properdocs build-report .pytest_cache .cache $(A11Y)/node_modules

bench: $(VENV)/.test-deps
	$(BIN)/python bench/run.py
