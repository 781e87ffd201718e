"""Pydantic schemas of the content kinds; every module here registers one kind.

:func:`widgets.core.content.kinds` imports each module of this package, so a new kind of
content joins the validator by adding a file here, with no other code change.
"""
