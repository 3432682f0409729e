# Samabay: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
TODAY ?=

.PHONY: run test unit scan bench browser package lint clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip>=23,<26.3"  # chalice 1.34 needs pip < 26.3
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## make run: local stack (moto + chalice local), demo data, site and API URLs
run: $(VENV)/.installed
	$(PY) -m local.stack

## make test: every suite (unit, integration, end to end with Chromium)
test: $(VENV)/.installed browser
	$(PY) -m pytest

## make unit: only the fast suites (no running stack, no browser)
unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit tests/integration

## make scan TODAY=YYYY-MM-DD: run the daily scan once against the running `make run` stack
scan: $(VENV)/.installed
	@$(PY) -m local.scan --today "$(TODAY)"

## make bench: benchmark figures, one `name: value` per line
bench: $(VENV)/.installed
	$(PY) -m bench

## the browser the end-to-end tests drive (Debian chromium + a Bengali font)
browser:
	bash local/install-browser.sh

## make package: the deployable CloudFormation template in out/
package: $(VENV)/.installed
	rm -rf out && $(VENV)/bin/chalice package --pkg-format cloudformation --merge-template infra/resources.json out
	$(VENV)/bin/cfn-lint out/sam.json

clean:
	rm -rf $(VENV) .local out .pytest_cache
