"""`python -m firewall_conformance` is the same as the `firewall-conformance` command."""

from firewall_conformance.cli.main import main

# Guarded: worker processes started by "spawn" import this module under another name.
if __name__ == "__main__":
    main()
