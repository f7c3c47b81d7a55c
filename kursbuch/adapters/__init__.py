"""Thin adapters around the core: the Jupyter widget and the Sphinx extension."""
