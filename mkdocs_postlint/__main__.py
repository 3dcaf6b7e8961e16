"""Allow ``python -m mkdocs_postlint``."""

from mkdocs_postlint.cli import main

raise SystemExit(main())
