"""Homeroom's test-suite: a package, so that tests write ``from tests.tools import ...``."""
