"""`python -m paastolaskuri.coursework.assignments`: rewrite the source notebooks."""

from paastolaskuri.coursework.assignments import write_sources

for path in write_sources():
    print(path)
