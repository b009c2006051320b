"""Preloaded by each pytest worker's fork server (tests/fork_server.py): the status vocabulary
and literal search, built once there so that every scan worker forked from it holds them."""

from firewall_conformance.detect import one_pass  # noqa: F401 (the workers' jobs live there)
from firewall_conformance.detect.status_literals import status_literals
from firewall_conformance.detect.vocabulary import vocabulary

vocabulary()
status_literals()
