"""Thin ipywidgets layers over the pure modules of :mod:`widgets`."""
