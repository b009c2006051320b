# The two set-up commands of the README. Each installs what it needs, once: the virtual
# environment is rebuilt only when pyproject.toml or constraints.txt change.
VENV  := .venv
STAMP := $(VENV)/.installed
ARGS  ?=

.PHONY: run test

## Run the whole suite against the embedded reference system; reports go to reports/.
run: $(STAMP)
	$(VENV)/bin/firewall-conformance run $(ARGS)

## Lint and run the self-tests.
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)
