"""Offline inspector mode: an export bundle (the extracts each recipient was sent, the audit
log, statistical returns) described by a bundle profile, read without the live system."""
