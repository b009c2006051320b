"""One conformance run as a pipeline: options (declared once), a pure plan, the scenarios,
a pure decision, then publishing. `firewall_conformance.run.runner` runs it end to end."""
