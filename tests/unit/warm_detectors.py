"""Imported by the worker server of `forked_workers.py`: the package and the status vocabulary
and literal search, built once there so that every forked worker holds them."""

from firewall_conformance.detect import one_pass  # noqa: F401 (the workers' jobs live there)
from firewall_conformance.detect.status_literals import status_literals
from firewall_conformance.detect.vocabulary import vocabulary

vocabulary()
status_literals()
