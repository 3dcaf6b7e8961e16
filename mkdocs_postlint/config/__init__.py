"""The configuration shared by the plugin and the command line.

Both read the same ``postlint`` block (from mkdocs.yml, or given to the CLI)
and both go through `load_config`, so a setting means the same in each. Every
problem with a setting is a `ConfigError` whose message starts with
``invalid config:`` and names the key.

One module a job:

* `model`: `Config`, `RuleSetting`, `ConfigError` and the known keys;
* `loading`: `load_config`, which validates a block into a `Config`;
* `globs`: glob patterns, matched as MkDocs matches ``exclude_docs``;
* `discovery`: where the CLI finds its block (`discover`);
* `mkdocs_yml`: reading mkdocs.yml without running code or needing the
  site's packages;
* `slugs`: building the site's ``toc`` slugify from what mkdocs.yml names.
"""

from mkdocs_postlint.config.discovery import (
    SITE_CONFIGS,
    Discovered,
    discover,
    toc_from_mkdocs_yml,
)
from mkdocs_postlint.config.globs import glob_matcher
from mkdocs_postlint.config.loading import load_config
from mkdocs_postlint.config.mkdocs_yml import (
    PythonTag,
    _safe_mkdocs_loader,
    plugin_entries,
    read_yaml,
)
from mkdocs_postlint.config.model import (
    ALL_RULES,
    DEFAULT_MAX_FILE_SIZE,
    FAIL_ON,
    KNOWN_KEYS,
    PAGE_KEYS,
    REPORT_FORMATS,
    Config,
    ConfigError,
    RuleInfo,
    RuleSetting,
)

__all__ = [
    "ALL_RULES",
    "DEFAULT_MAX_FILE_SIZE",
    "FAIL_ON",
    "KNOWN_KEYS",
    "PAGE_KEYS",
    "REPORT_FORMATS",
    "SITE_CONFIGS",
    "Config",
    "ConfigError",
    "Discovered",
    "PythonTag",
    "RuleInfo",
    "RuleSetting",
    "_safe_mkdocs_loader",
    "discover",
    "glob_matcher",
    "load_config",
    "plugin_entries",
    "read_yaml",
    "toc_from_mkdocs_yml",
]
