"""Binds every scenario under features/ (bdd_features_base_dir) to a test."""

from pytest_bdd import scenarios

scenarios(".")
