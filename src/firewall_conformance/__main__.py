"""`python -m firewall_conformance` is the same as the `firewall-conformance` command."""

from firewall_conformance.cli.main import main

main()
