"""What a run saw and decided, independent of how it is shown: the evidence each scenario
gathers, the outcomes a claim can raise (breach, inconclusive, capability missing), the results
model and the one roll-up that decides verdicts."""
