"""``$ref`` stays local: resolved at load, inside the project, never fetched, no loops."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from mkdocs_postlint.config import ConfigError, load_config
from mkdocs_postlint.linter import lint_bytes


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every test here runs with sockets that refuse to connect, and records attempts."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    return attempts


def write(base: Path, name: str, data: Any) -> None:
    path = base / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def load_error(base: Path, schema: Any) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config({"schema": schema}, base)
    return str(raised.value)


def test_local_refs_resolve_relative_to_the_referring_file(tmp_path: Path) -> None:
    write(tmp_path, "schemas/post.json", {"properties": {"date": {"$ref": "defs/date.json"}}})
    write(tmp_path, "schemas/defs/date.json", {"$ref": "../common.json#/$defs/timestamp"})
    write(tmp_path, "schemas/common.json", {"$defs": {"timestamp": {"yamlType": "timestamp"}}})
    config = load_config({"schema": "schemas/post.json"}, tmp_path)
    problems = lint_bytes(b"---\ndate: soon\n---\n", "p.md", config)
    assert [(p.rule, p.line) for p in problems] == [("frontmatter-schema", 2)]
    assert "YAML date or timestamp" in problems[0].message
    assert lint_bytes(b"---\ndate: 2025-09-18\n---\n", "p.md", config) == []


def test_inline_schema_refs_resolve_from_the_project_folder(tmp_path: Path) -> None:
    write(tmp_path, "schemas/title.json", {"type": "string"})
    config = load_config(
        {"schema": {"properties": {"title": {"$ref": "schemas/title.json"}}}}, tmp_path
    )
    problems = lint_bytes(b"---\ntitle: 3\n---\n", "p.md", config)
    assert [p.line for p in problems] == [2]


def test_recursion_through_the_value_is_allowed(tmp_path: Path) -> None:
    tree = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
            }
        },
        "properties": {"tree": {"$ref": "#/$defs/node"}},
    }
    config = load_config({"schema": tree}, tmp_path)
    problems = lint_bytes(b"---\ntree: {kids: [{kids: [{kids: 3}]}]}\n---\n", "p.md", config)
    assert [(p.line, p.column) for p in problems] == [(2, 30)]
    assert "'tree.kids[0].kids[0].kids' must be a list" in problems[0].message


@pytest.mark.parametrize(
    "ref",
    [
        "https://example.com/schema.json",
        "http://127.0.0.1:9/schema.json",
        "https://json-schema.org/draft/2020-12/schema",
    ],
)
def test_remote_ref_is_a_config_error_and_never_fetched(
    tmp_path: Path, no_network: list[Any], ref: str
) -> None:
    message = load_error(tmp_path, {"properties": {"a": {"$ref": ref}}})
    assert f"$ref '{ref}'" in message and "never fetched" in message
    assert no_network == []


def test_relative_ref_under_a_remote_id_is_not_fetched(
    tmp_path: Path, no_network: list[Any]
) -> None:
    write(tmp_path, "s.json", {"$id": "https://example.com/s.json", "$ref": "other.json"})
    message = load_error(tmp_path, "s.json")
    assert "'https://example.com/other.json' is not a local file" in message
    assert no_network == []


def test_file_url_ref_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, "inside.json", {"type": "string"})
    ref = (tmp_path / "inside.json").as_uri()
    message = load_error(tmp_path, {"$ref": ref})
    assert "file: references are not allowed" in message


def test_ref_escaping_the_project_is_a_config_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(tmp_path, "secret.json", {"type": "string"})
    write(project, "schemas/s.json", {"$ref": "../../secret.json"})
    message = load_error(project, "schemas/s.json")
    assert "$ref '../../secret.json' in schema schemas/s.json" in message
    assert "outside the project folder" in message


def test_ref_through_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(tmp_path, "secret.json", {"type": "string"})
    project.mkdir()
    (project / "link.json").symlink_to(tmp_path / "secret.json")
    message = load_error(project, {"$ref": "link.json"})
    assert "outside the project folder" in message


@pytest.mark.parametrize(
    ("files", "schema", "needles"),
    [
        ({}, {"$ref": "missing.json"}, ["$ref 'missing.json'", "missing.json does not exist"]),
        ({}, {"$ref": "#/$defs/nope"}, ["$ref '#/$defs/nope'", "points to no location"]),
        (
            {"defs.json": {"$defs": {}}},
            {"$ref": "defs.json#/$defs/nope"},
            ["$ref 'defs.json#/$defs/nope'", "points to no location"],
        ),
        ({"broken.json": "["}, {"$ref": "broken.json"}, ["broken.json cannot be parsed"]),
        (
            {"deep.json": {"properties": {"x": {"$ref": "gone.json"}}}},
            {"$ref": "deep.json"},
            ["$ref 'gone.json' in schema deep.json", "does not exist"],
        ),
    ],
)
def test_missing_refs_name_themselves(
    tmp_path: Path, files: dict[str, Any], schema: Any, needles: list[str]
) -> None:
    for name, data in files.items():
        if isinstance(data, str):
            (tmp_path / name).write_text(data, encoding="utf-8")
        else:
            write(tmp_path, name, data)
    message = load_error(tmp_path, schema)
    for needle in needles:
        assert needle in message, message


@pytest.mark.parametrize(
    ("files", "schema", "cycle"),
    [
        ({}, {"$ref": "#"}, "#"),
        (
            {},
            {
                "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"not": {"$ref": "#/$defs/a"}}},
                "properties": {"x": {"$ref": "#/$defs/a"}},
            },
            "#/$defs/a -> #/$defs/b",
        ),
        (
            {"a.json": {"$ref": "b.json"}, "b.json": {"allOf": [{"$ref": "a.json"}]}},
            "a.json",
            "b.json -> a.json",
        ),
    ],
)
def test_circular_refs_are_errors_naming_the_cycle(
    tmp_path: Path, files: dict[str, Any], schema: Any, cycle: str
) -> None:
    for name, data in files.items():
        write(tmp_path, name, data)
    message = load_error(tmp_path, schema)
    assert "circular $ref" in message, message
    # The loop is named from wherever the walk entered it.
    named = message.split(": ")[-1].split(" leads back")[0].split(" -> ")
    expected = cycle.split(" -> ")
    assert sorted(named) == sorted(expected), message


def test_page_schema_with_a_remote_ref_is_a_finding(tmp_path: Path, no_network: list[Any]) -> None:
    write(tmp_path, "s.json", {"$ref": "https://example.com/s.json"})
    config = load_config({}, tmp_path)
    problems = lint_bytes(b"---\n$schema: s.json\ntitle: x\n---\n", "p.md", config)
    assert [(p.rule, p.line) for p in problems] == [("frontmatter-schema", 2)]
    assert "never fetched" in problems[0].message
    assert no_network == []


def test_yaml_schema_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    (tmp_path / "bomb.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = load_error(tmp_path, "bomb.yml")
    assert "expands to more than" in message
