"""Who receives what a target sends out: the sink that stands in for recipients, the ledger
of everything they received in a run, outbound feeds recorded per scenario, and the test
recipients registered in the target."""
