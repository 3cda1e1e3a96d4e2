"""The core every stage stands on.

Errors and exit codes, the workspace's paths, the message catalogue, number formatting, atomic and
formula-safe outputs, the output guard, confidence marks, and the shipped data (``packaged``).
"""
