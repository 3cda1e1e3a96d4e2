"""Päästölaskuri: greenhouse-gas footprints for a climate-partner network."""

__version__ = "0.1.0"
