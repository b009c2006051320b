"""The Gherkin suite as shipped (features, steps, conftest, target profiles): where it is,
that it agrees with the catalogue, and its hash against the released suite. The installed copy
of the suite itself is the data folder `suite/` beside this package, hence the longer name."""
