"""Finding planted canary values in egress: matching, streaming readers, located findings."""
