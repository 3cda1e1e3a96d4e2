"""Intake: files in, validated lines out.

File safety checks, reading templates (xlsx) and CSV, line parsing and validation, the annotated
copy of a checked file, the template writer and next year's pre-filled templates. Intake may use
``accounting`` (the catalogue, units) but never ``reporting`` or ``run``.
"""
