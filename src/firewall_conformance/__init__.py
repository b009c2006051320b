"""firewall-conformance: executable firewall obligations for police data systems."""

__version__ = "0.1.0"
