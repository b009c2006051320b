"""The test persons: canary personas made for each run, known persons a target already holds,
the written-down list of what was planted, the formats planted values must fit, and the texts
and cases planted for them."""
