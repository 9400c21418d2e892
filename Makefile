# Two commands set up everything on a fresh machine:
#   make run   - install, migrate, build the SPA, serve API + SPA on $(PORT) (SQLite by default)
#                with the webhook worker beside it
#   make test  - install what is missing and run every check
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
HOST ?= 127.0.0.1
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
FRONTEND := frontend

.PHONY: help install run serve migrate demo test lint format test-api test-frontend e2e \
        openapi frontend-types frontend-build chromium nginx bench clean

help:
	@echo "make run    install, migrate, build the SPA and serve on http://$(HOST):$(PORT)"
	@echo "make test   install what is missing and run every check"
	@echo "make format format the Python code"
	@echo "make openapi  regenerate openapi.yaml and the SPA's API types"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.installed

$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	@touch $@

frontend-install: $(FRONTEND)/node_modules/.installed

FRONTEND_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/index.html $(FRONTEND)/vite.config.* $(FRONTEND)/package.json -type f 2>/dev/null)
$(FRONTEND)/dist/index.html: $(FRONTEND)/node_modules/.installed $(FRONTEND_SOURCES)
	cd $(FRONTEND) && npm run build
	@touch $@

frontend-build: $(FRONTEND)/dist/index.html

migrate: install
	$(BIN)/rapport migrate

run: install frontend-build migrate
	$(BIN)/rapport offer-demo
	RAPPORT_STATIC_DIR=$(FRONTEND)/dist $(BIN)/rapport serve --with-worker --host $(HOST) --port $(PORT)

demo: install migrate
	$(BIN)/rapport demo

openapi: install frontend-install
	$(BIN)/rapport openapi --output openapi.yaml
	cd $(FRONTEND) && npm run gen:types

lint: install
	$(BIN)/ruff check api tests bench alembic
	$(BIN)/ruff format --check api tests bench

format: install
	$(BIN)/ruff format api tests bench
	$(BIN)/ruff check --fix api tests bench

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# nginx as the web service runs it (docker/nginx.conf in front of a real API): Debian's
# package unpacked under .tools, neither installed nor started as a service.
NGINX := $(TOOLS)/nginx/usr/sbin/nginx
$(NGINX):
	rm -rf $(TOOLS)/nginx && mkdir -p $(TOOLS)/nginx/debs
	cd $(TOOLS)/nginx/debs && { apt-get download -qq nginx nginx-common 2>/dev/null \
	  || { apt-get update -qq && apt-get download -qq nginx nginx-common 2>/dev/null; }; }
	for deb in $(TOOLS)/nginx/debs/*.deb; do dpkg-deb -x "$$deb" $(TOOLS)/nginx; done
	@touch $@

nginx: $(NGINX)

test-api: install nginx
	RAPPORT_NGINX=$(abspath $(NGINX)) $(BIN)/pytest -q -p no:cacheprovider -n 2 --durations=15

test-frontend: frontend-install
	cd $(FRONTEND) && npm run check:types-fresh && npm run typecheck && npm run lint && npm test

e2e: install frontend-build chromium
	cd $(FRONTEND) && npm run size && npm run e2e

test: lint test-api test-frontend e2e

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) $(TOOLS) $(FRONTEND)/node_modules $(FRONTEND)/dist
