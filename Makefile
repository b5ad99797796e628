# Gamontj — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB_ASSETS := web/node_modules/.installed
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml constraints.txt
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Gamontj needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@echo "installing dependencies into $(VENV) (first run only)"
	@$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@$(BIN)/python -m pip check
	@touch $(STAMP)

# The web application's front-end packages (exact versions in web/package.json), from the npm
# registry through the machine's npm; never committed, no lock file.
$(WEB_ASSETS): web/package.json
	@command -v npm >/dev/null || { echo "the web application needs npm (Debian: apt-get install npm)" >&2; exit 1; }
	@npm install --no-package-lock --no-audit --no-fund --silent --prefix web
	@touch $(WEB_ASSETS)

.PHONY: venv
venv: $(STAMP) $(WEB_ASSETS) ## Create or update the virtual environment and web assets (idempotent)

.PHONY: run
run: $(STAMP) $(WEB_ASSETS) ## Start the whole platform locally (NATS, MongoDB-compatible store, services, gateway)
	@$(BIN)/python -m shared.localstack

.PHONY: test
test: $(STAMP) $(WEB_ASSETS) ## Run the whole test suite against real servers started on free ports
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: $(STAMP) ## ruff check, ruff format --check, mypy --strict, import-linter contracts
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy
	@$(BIN)/lint-imports

.PHONY: fmt
fmt: $(STAMP) ## Format the code and apply safe lint fixes
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

.PHONY: fuzz
fuzz: $(STAMP) ## Fuzz the gateway's OpenAPI surface for longer than `make test` does
	@GAMONTJ_FUZZ_EXAMPLES=$${GAMONTJ_FUZZ_EXAMPLES:-300} $(BIN)/python -m pytest tests/fuzz -q

.PHONY: demo
demo: $(STAMP) ## Tell the whole story against a running `make run` (sign up → publish → attempts)
	@$(BIN)/python -m demo

.PHONY: bench
bench: $(STAMP) ## Measure throughput figures and print them as one JSON document
	@$(BIN)/python -m bench

.PHONY: screenshots
screenshots: $(STAMP) $(WEB_ASSETS) ## Refresh docs/screenshots (calendar, composer) from the browser story
	@GAMONTJ_WEB_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/web -q -p no:randomly

.PHONY: clean-data
clean-data: ## Remove local run data (.data/)
	rm -rf .data

.PHONY: images
images: ## Build the container image of every service (needs Docker)
	@docker info >/dev/null 2>&1 || { echo "make images needs a running Docker engine" >&2; exit 1; }
	@version=$$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml); \
	docker build --build-arg VERSION=$$version -t gamontj:$$version . || exit 1; \
	for service in gateway auth media publisher audit web; do \
		docker build --build-arg VERSION=$$version --build-arg SERVICE=$$service \
			-t gamontj-$$service:$$version . || exit 1; \
	done

.PHONY: help
help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'
