"""Step definitions: thin, plain, one phrasing per concept; the logic lives in the library."""
