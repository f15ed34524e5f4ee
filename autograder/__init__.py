"""aimath: auto-graded exercises and quizzes for the AI Math track."""

__version__ = "0.1.0"
