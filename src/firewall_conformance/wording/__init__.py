"""Plain words every message shares: counts that agree with their number, and an unexpected
exception told in one line."""
