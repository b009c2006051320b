"""Reporters: independent consumers of one RunResult. None of them decides a verdict."""
