"""The configuration's model: the settings, a rule's setting, and the error for a bad one.

`Config` is what the plugin and the command line run with once
`mkdocs_postlint.config.loading.load_config` has validated a ``postlint``
block; every problem with a setting is a `ConfigError` whose message starts
with ``invalid config:`` and names the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mkdocs_postlint import suppress
from mkdocs_postlint.config.globs import glob_matcher
from mkdocs_postlint.problem import Severity
from mkdocs_postlint.rules import RULES

__all__ = [
    "ALL_RULES",
    "DEFAULT_MAX_FILE_SIZE",
    "FAIL_ON",
    "KNOWN_KEYS",
    "REPORT_FORMATS",
    "Config",
    "ConfigError",
    "RuleInfo",
    "RuleSetting",
]

PAGE_KEYS = frozenset({"report_page", "report_page_search", "serve_notice"})
KNOWN_KEYS = (
    frozenset(
        {
            "enabled",
            "fail_on",
            "schema",
            "schemas",
            "exclude",
            "rules",
            "overrides",
            "baseline",
            "report_file",
            "report_format",
            "max_file_size",
        }
    )
    | PAGE_KEYS
)
FAIL_ON = ("error", "warning", "never")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
"""Pages larger than this are reported by ``file-too-large`` and not read (10 MiB)."""
REPORT_FORMATS = ("sarif", "json", "concise", "text", "github")
OVERRIDE_KEYS = ("files", "rules")


class RuleInfo(Protocol):
    """What configuration, ``rules``, ``explain`` and the docs need of a rule."""

    __doc__: str | None
    ID: str
    SEVERITY: Severity
    SUMMARY: str
    OPTIONS: Mapping[str, Any]


# Every rule a user can configure: the rules, and unused-suppression, which the
# suppression layer reports.
ALL_RULES: dict[str, RuleInfo] = {**RULES, suppress.ID: suppress}


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key."""


@dataclass(frozen=True)
class RuleSetting:
    """A rule as configured: on or off, its severity and its options."""

    enabled: bool
    severity: Severity
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Config:
    """A validated configuration.

    Attributes:
        base_dir: the folder relative paths (schema files) are resolved from:
            the folder of mkdocs.yml, or the current folder.
        fail_on: the lowest severity that fails the run; ``None`` for never.
        rules: every rule's setting, before ``overrides``.
        overrides: (globs, raw rule settings) pairs, applied in order on top
            of ``rules`` for the pages they match (`rules_for`).
        baseline: the baseline file, if one is configured.
        report_file: where the plugin writes a report, in ``report_format``.
        notices: what the run should say once, before any finding (a rule
            turned off because the site's settings cannot be reproduced).
    """

    base_dir: Path = field(default_factory=Path.cwd)
    enabled: bool = True
    fail_on: Severity | None = Severity.ERROR
    exclude: tuple[str, ...] = ()
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    overrides: tuple[tuple[tuple[str, ...], Mapping[str, Any]], ...] = ()
    baseline: Path | None = None
    report_file: Path | None = None
    report_format: str = "sarif"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    notices: tuple[str, ...] = ()
    _resolved: dict[tuple[int, ...], Mapping[str, RuleSetting]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def is_excluded(self, src_path: str) -> bool:
        return bool(self.exclude) and glob_matcher(self.exclude)(src_path)

    def rules_for(self, src_path: str) -> Mapping[str, RuleSetting]:
        """The rule settings for one page: ``rules`` with the matching overrides applied."""
        if not self.overrides:
            return self.rules
        matched = tuple(
            index
            for index, (files, _) in enumerate(self.overrides)
            if glob_matcher(files)(src_path)
        )
        resolved = self._resolved.get(matched)
        if resolved is None:
            from mkdocs_postlint.config.loading import apply_overrides

            chosen = [self.overrides[i] for i in matched]
            resolved = apply_overrides(self.rules, chosen, matched)
            self._resolved[matched] = resolved
        return resolved

    def fails(self, severity: Severity) -> bool:
        return self.fail_on is not None and severity.rank >= self.fail_on.rank
