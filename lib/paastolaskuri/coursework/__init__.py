"""Coursework: a generated case per student, answer keys from the engine, checks with named hints.

``case`` generates a student's fictional partner from a hash of the ID (``case_data``: what that
partner typed: name, places, contact), ``files`` writes its template, broken copy and facts sheet,
``key`` computes the answer key with the ordinary engine,
``checks`` compares a student's answers with it (failing with a Finnish and English hint),
``build`` and ``grade`` wrap nbgrader for the teacher, ``command`` is `paastolaskuri coursework`.
Every text a student reads comes from the message catalogue (keys ``coursework.*``).
"""

from paastolaskuri.coursework.case import Case, make_case
from paastolaskuri.coursework.checks import check_answer, check_fixed_file, judge, judge_fixed_file
from paastolaskuri.coursework.constants import VAT_RATE
from paastolaskuri.coursework.key import AnswerKey, answer_key
from paastolaskuri.coursework.student_files import CaseFiles, ensure_case, write_case_folder

__all__ = [
    "VAT_RATE",
    "AnswerKey",
    "Case",
    "CaseFiles",
    "answer_key",
    "check_answer",
    "check_fixed_file",
    "ensure_case",
    "judge",
    "judge_fixed_file",
    "make_case",
    "write_case_folder",
]
