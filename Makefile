# Familienwegweiser: every target creates and uses its own virtual environment in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install site print serve serve-redaktion check schema i18n test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml package.json
	npm install --no-audit --no-fund --silent  # the map library and Decap CMS, from the npm registry (before pip: the package copies them)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
# setuptools warns about folders named like the package in the working directory; ours is generator/, so
# that warning is always false here (issue 29: install prints no false warnings)
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m wegweiser.search.prepack  # Pagefind's search programs compressed once, not in every build
	touch $(STAMP)

## The main job: check and build the demo content into site/, with the printed booklets in site/druck/.
site: $(STAMP)
	$(BIN)/wegweiser build .
	$(BIN)/wegweiser print .
	@echo "Ansehen: make serve – dann http://127.0.0.1:8000/ im Browser öffnen (die Hefte unter /druck/)."

print: $(STAMP)
	$(BIN)/wegweiser print .

serve: $(STAMP)
	$(BIN)/wegweiser serve .

## The preview plus the browser form at http://127.0.0.1:8000/redaktion/ (Decap CMS, local backend).
serve-redaktion: $(STAMP)
	$(BIN)/wegweiser serve . --redaktion

check: $(STAMP)
	$(BIN)/wegweiser check .

schema: $(STAMP)
	$(BIN)/wegweiser schema -o schema --doku docs/felder.md

## UI strings: extract them into generator/locale/wegweiser.pot and update every language's .po (Babel).
i18n: $(STAMP)
	$(BIN)/python -m wegweiser.i18n.catalogue_update

## The suite in parallel (pytest-xdist): one worker per core, at most four (each runs its own builds and Chromium);
## a test file stays on one worker, so its module fixtures are built once. `make test WORKERS=0` runs it in one process.
## The 25 slowest tests are listed at the end, so that every run shows where the suite's time goes (issue 31).
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)
test: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --durations=25

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	mkdir -p .lint && ln -sfn ../generator .lint/wegweiser
	$(BIN)/mypy
	$(BIN)/lint-imports  # the layers of docs/architektur.md, imports inside functions included

## Benchmark at 1,000 and 10,000 entries; `make bench GROESSEN=1000,10000,100000` for more.
GROESSEN ?= 1000,10000
bench: $(STAMP)
	$(BIN)/python bench/run.py --groessen $(GROESSEN) $(if $(shell command -v hugo),--peer,)

clean:
	rm -rf $(VENV) site build *.egg-info
