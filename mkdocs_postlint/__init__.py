"""mkdocs-postlint: a content linter for MkDocs sites and blogs."""

__version__ = "0.1.0"
