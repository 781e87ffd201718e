"""Knowledge checks: questions with per-option feedback, graded live, in the book and in
the browser, from one YAML file per check (``kind: knowledge-check``)."""

from widgets.knowledge_check.content import load_check
from widgets.knowledge_check.model import Grade, Score, grade, score

__all__ = ["Grade", "Score", "grade", "load_check", "score"]
