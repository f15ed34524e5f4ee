"""Lecture quizzes: banks and their schema, grading per item type, notebooks, item analysis."""
