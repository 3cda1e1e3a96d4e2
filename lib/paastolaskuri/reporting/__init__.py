"""Reporting: processed tables, report sections, charts, HTML helpers, Excel summaries, method docs.

Reporting reads what ``run`` wrote under ``data/processed/`` and never imports ``run``.
"""
