"""The obligations: the catalogue that declares each one, what a verdict means in each
jurisdiction, accountable waivers, the coverage table, and which obligations a run takes up
(its mode, live or export bundle, and its scope)."""
