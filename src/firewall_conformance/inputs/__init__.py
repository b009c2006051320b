"""Files a user hands the harness: YAML read against its JSON Schema, schema violations in
plain words, and paths a profile names kept inside the profile's folder."""
