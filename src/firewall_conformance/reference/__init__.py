"""Exampleshire Constabulary RMS: the embedded reference target and test oracle.

A small but real record-management system (FastAPI, SQLite) that keeps the firewall
between victim/witness data and immigration enforcement, with one fault switch per
obligation that breaks exactly that obligation. Read in this order:

- ``policy.py``      the firewall rules, and where faults FW-01..FW-03 weaken them
- ``faults.py``      what each fault switch does (``FW-01/outbound``: a second FW-01 fault)
- ``outbound.py``    outbound feeds pushed to recipients' endpoints; ``scheduler.py`` times them
- ``audit.py``       the hash-chained audit log and its hash rule
- ``routes/``        the HTTP API, one module per resource
- ``records.py``, ``egress.py``, ``bulk_export.py``, ``db.py``   storage
- ``users.py``, ``deps.py``, ``errors.py``, ``schemas.py``         plumbing
- ``seed.py``        synthetic background data; ``app.py`` and ``server.py`` to run it
"""
