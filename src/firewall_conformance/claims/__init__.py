"""The claims scenarios make, as plain functions: each returns a Claim or raises Breach or
Inconclusive, with a reason an inspector can read."""

PROTECTED_ROLES = ("victim", "witness")
