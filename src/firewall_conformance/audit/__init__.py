"""The target's audit log as the harness reads it (entries, hash chain, every read kept),
which operations it must record, and the harness's own books to reconcile it with."""
