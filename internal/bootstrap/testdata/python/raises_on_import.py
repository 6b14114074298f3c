"""Fails while its module body runs."""

raise RuntimeError("bad configuration")
