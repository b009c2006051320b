"""Reaching a system under test: profiles, the adapter interface and its HTTP implementation."""
