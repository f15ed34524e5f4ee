"""Grades for the platforms a course already uses: a Gradescope autograder, Canvas and Moodle
grade import files, all from the same typed records (`grades.Grade`)."""
