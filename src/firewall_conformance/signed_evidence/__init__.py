"""The signed evidence (the "evidence bundle"; not an agency's export bundle, which offline/
reads): a signed manifest of every artefact a run wrote, and its verification."""

EVIDENCE_DIR = "evidence"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "public_key.pem"
BUNDLE_FILES = (MANIFEST, SIGNATURE, PUBLIC_KEY)
FORMAT = "firewall-conformance-evidence/1"
