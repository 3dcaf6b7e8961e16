"""JSON Schemas for front matter: loading them offline and mapping errors to lines.

A schema is a file (JSON or YAML), a mapping written inline in the config, or a
built-in preset (`mkdocs_postlint.presets`). Pages are matched to schemas by a
`SchemaSet`: a page's own ``$schema`` key first, then the first matching glob
of ``schemas``, then ``schema``.

A schema is checked when the config loads, so an invalid schema is a
configuration error before any page is linted. Every ``$ref`` is resolved then
too, through a `referencing.Registry` whose only source is local files under
the project folder: remote (``http:``, ``https:``) and ``file:`` references are
errors and never fetched, and so are references that leave the folder, that
point nowhere, or that loop back to themselves without reaching into the value.

Validation sees the values PyYAML builds (what MkDocs and Material see), with
three additions to JSON Schema, documented in ``docs/schemas.md``:

* ``yamlType``: ``timestamp``, ``date`` or ``datetime``: the value must be a
  real YAML date or timestamp, not a string that looks like one;
* ``deprecated: true`` on a key makes its presence a warning;
* ``errorMessage``: a message replacing those of the keywords beside it.

``format`` is enforced (``date`` and ``date-time`` accept YAML dates and
timestamps), and ``pattern`` / ``patternProperties`` run with a time budget:
a regular expression that takes longer is reported, not waited on.
"""

from mkdocs_postlint.schema.keywords import PATTERN_TIMEOUT
from mkdocs_postlint.schema.loading import (
    Schema,
    SchemaError,
    SchemaSet,
    Site,
    load_schema,
    site_from_plugins,
)
from mkdocs_postlint.schema.messages import timestamp_fix

__all__ = [
    "PATTERN_TIMEOUT",
    "Schema",
    "SchemaError",
    "SchemaSet",
    "Site",
    "load_schema",
    "site_from_plugins",
    "timestamp_fix",
]
