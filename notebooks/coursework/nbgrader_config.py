"""nbgrader configuration of the Päästölaskuri coursework (docs/coursework.md).

The course root is the folder nbgrader runs in: `make coursework` copies this file into
build/coursework/ and the sources, with the worked answers, into build/coursework/private/source/, and
runs nbgrader there, so release/, submitted/, autograded/, feedback/ and the
gradebook never enter the repository.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

# the course root is this file's folder, wherever JupyterLab was started (`make lab` starts it in the
# course folder, so that the formgrader finds this file and lists the assignments)
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "paastolaskuri"
# the sources hold the worked answers: they live with the secret and the keys in private/, the part of
# the course folder that is never handed out
c.CourseDirectory.source_directory = os.path.join("private", "source")
# the solution region of an answer cell becomes this line in the student release (no raise: the
# release runs top to bottom, and the check cells say what is missing)
c.ClearSolutions.code_stub = {"python": "# KIRJOITA VASTAUKSESI TÄHÄN / WRITE YOUR ANSWER HERE"}
c.ClearSolutions.text_stub = "KIRJOITA VASTAUKSESI TÄHÄN / WRITE YOUR ANSWER HERE"
c.ExecutePreprocessor.timeout = 300
c.ExecutePreprocessor.kernel_name = "python3"
# students may not edit the check cells: a changed check is restored from the release when grading
c.LockCells.lock_grade_cells = True
c.LockCells.lock_readonly_cells = True
