"""Reading mkdocs.yml without running code and without the site's Python packages.

MkDocs reads mkdocs.yml with PyYAML's full loader, which imports and runs
whatever a ``!!python/name:`` or ``!!python/object/apply:`` tag names. A linter
must never run code that the repository it checks chooses, and it runs where
the site's packages may be missing (pre-commit's isolated environment has no
Material and no pymdown-extensions). So every Python tag becomes an inert
`PythonTag`: the text of its tag, with the name and arguments it carries, for
the one setting the linter uses (the ``toc`` slugify, built by
`mkdocs_postlint.config.slugs`). ``!ENV`` and ``INHERIT`` work as in MkDocs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs_postlint.config.model import ConfigError

__all__ = ["PythonTag", "plugin_entries", "postlint_block", "read_yaml"]


class PythonTag(str):
    """A ``!!python/name:`` or ``!!python/object/apply:`` value, kept as text and never run.

    It equals its tag's text (``tag:yaml.org,2002:python/name:x.y``), so it
    reads as a plain string anywhere a setting is shown.

    Attributes:
        kind: ``name`` or ``object/apply``.
        name: the dotted name of the Python object.
        args, kwds: the arguments an ``object/apply`` tag gives.
    """

    kind: str
    name: str
    args: tuple[Any, ...]
    kwds: Mapping[str, Any]

    def __new__(cls, tag: str, kind: str, name: str, args: Any = (), kwds: Any = None) -> PythonTag:
        value = super().__new__(cls, tag)
        value.kind, value.name = kind, name
        value.args = tuple(args) if isinstance(args, (list, tuple)) else ()
        value.kwds = dict(kwds) if isinstance(kwds, Mapping) else {}
        return value


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML file as MkDocs reads it (``!ENV`` and ``INHERIT`` work), but safely."""
    try:
        with path.open("rb") as stream:
            data = _yaml_load(stream, _safe_mkdocs_loader())
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    except Exception as error:  # the YAML loader raises many kinds
        raise ConfigError(f"config file {path} cannot be parsed: {_one_line(error)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} is not a mapping")
    return data


def _safe_mkdocs_loader() -> Any:
    """MkDocs' YAML loader built on PyYAML's safe loader, with Python tags kept inert.

    ``!relative`` and other unknown tags become their tag as text.
    """
    import yaml
    import yaml_env_tag  # type: ignore[import-untyped]

    def python(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        kind, _, dotted = suffix.partition(":")
        args: Any = ()
        kwds: Any = {}
        if isinstance(node, yaml.SequenceNode):
            args = loader.construct_sequence(node, deep=True)
        elif isinstance(node, yaml.MappingNode):
            value = loader.construct_mapping(node, deep=True)
            args, kwds = value.get("args", ()), value.get("kwds", {})
        return PythonTag(str(node.tag), kind, dotted, args, kwds)

    class SafeLoader(yaml.SafeLoader):
        pass

    SafeLoader.add_multi_constructor("tag:yaml.org,2002:python/", python)
    SafeLoader.add_multi_constructor("", lambda loader, suffix, node: str(node.tag))
    SafeLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)  # as MkDocs adds it
    return SafeLoader


class _MkDocsYamlError(Exception):
    """What MkDocs raises for a config file it cannot read (its ConfigurationError)."""


def _yaml_load(stream: Any, loader: Any) -> Any:
    """``mkdocs.utils.yaml.yaml_load`` of MkDocs 1.6, step for step, with its messages.

    Importing MkDocs to call it costs more than the rest of a small run
    (MkDocs' package imports click and importlib.metadata); a test compares
    the two. ``INHERIT`` names a parent file, relative to this one, whose
    settings this one's are merged over (mergedeep, as MkDocs does).
    """
    import mergedeep  # type: ignore[import-untyped]
    import yaml

    try:
        result = yaml.load(stream, Loader=loader)  # a safe loader: see _safe_mkdocs_loader
    except yaml.YAMLError as error:
        message = f"MkDocs encountered an error parsing the configuration file: {error}"
        raise _MkDocsYamlError(message)  # noqa: B904 - the YAML error is the context
    if result is None:
        return {}
    if "INHERIT" in result and not isinstance(stream, str):
        relpath = result.pop("INHERIT")
        abspath = os.path.normpath(os.path.join(os.path.dirname(stream.name), relpath))
        if not os.path.exists(abspath):
            raise _MkDocsYamlError(
                f"Inherited config file '{relpath}' does not exist at '{abspath}'."
            )
        with open(abspath, "rb") as parent_stream:
            parent = _yaml_load(parent_stream, loader)
        result = mergedeep.merge(parent, result)
    return result


def _one_line(error: Exception) -> str:
    """A loader error on one line, with the line number of the file when known."""
    import yaml

    cause = error.__cause__ or error.__context__
    marked = next((e for e in (error, cause) if isinstance(e, yaml.MarkedYAMLError)), None)
    if marked is not None and marked.problem_mark is not None:
        where = f"line {marked.problem_mark.line + 1}, column {marked.problem_mark.column + 1}"
        context = f" ({marked.context})" if marked.context else ""
        return f"{where}: {marked.problem}{context}"
    return " ".join(str(error).split())


def plugin_entries(mkdocs_config: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The ``plugins`` of mkdocs.yml as (name, options), in either YAML shape."""
    plugins = mkdocs_config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else plugins
    if not isinstance(entries, Iterable) or isinstance(entries, (str, bytes)):
        return ()
    return tuple((entry, {}) if isinstance(entry, str) else _pair(entry) for entry in entries)


def postlint_block(mkdocs_config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The options of the ``postlint`` plugin; ``None`` when it is not listed."""
    for name, options in plugin_entries(mkdocs_config):
        if name == "postlint":
            if options is not None and not isinstance(options, Mapping):
                raise ConfigError("invalid config: the postlint plugin's options must be a mapping")
            return dict(options or {})
    return None


def _pair(entry: Any) -> tuple[str, Any]:
    if isinstance(entry, tuple):
        return str(entry[0]), entry[1]
    if isinstance(entry, dict) and len(entry) == 1:
        ((name, options),) = entry.items()
        return str(name), options
    return "", {}
