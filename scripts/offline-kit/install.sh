#!/bin/sh
# Install firewall-conformance from this kit with no network: check every file against
# SHA256SUMS, make a virtual environment (VENV, default ./venv), install the wheels in it, then
# the Allure report generator from the kit's npm cache. Run it again to repair; it is idempotent.
set -eu
kit=$(cd "$(dirname "$0")" && pwd)
venv=${VENV:-$kit/venv}
python=${PYTHON:-python3}
cd "$kit"
echo "Checking the kit's files against SHA256SUMS"
sha256sum --quiet --check SHA256SUMS
echo "Installing firewall-conformance into $venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --find-links "$kit/wheels" -c "$kit/constraints.txt" "firewall-conformance[report]"
"$venv/bin/firewall-conformance" install-report-generator --offline-cache "$kit/npm-cache"
echo "Done: $venv/bin/firewall-conformance run --help"
