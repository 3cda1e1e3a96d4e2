"""Accounting: the activity catalogue, factor sets, unit conversions and the calculation engine.

Nothing here reads a partner's file: accounting never imports ``intake``, ``reporting`` or ``run``.
"""
