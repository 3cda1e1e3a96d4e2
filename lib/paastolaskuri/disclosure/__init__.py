"""Disclosure control: the one layer every figure passes before it leaves the coordinator.

``rules`` holds the thresholds and the cell tests (threshold, p %-rule dominance, rounding, order
statistics); the other modules of this package apply them to tables, peer comparisons, pathways
and research tables. Nothing outside this package decides whether a figure may be shown.
"""
