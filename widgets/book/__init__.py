"""Book tooling: the Sphinx extension, notebook output tools and the two builds."""
