"""`mkdocs_postlint.linter` helpers that the command line and the plugin share."""

from __future__ import annotations

import gc

from mkdocs_postlint.linter import few_collections


def test_few_collections_raises_the_threshold_and_restores_it() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with few_collections():
        assert gc.get_threshold()[0] > before[0]
        assert gc.get_freeze_count() > frozen  # what existed before is not walked again
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


def test_few_collections_leaves_a_hosts_frozen_objects_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with few_collections():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_few_collections_restores_after_an_error() -> None:
    before = gc.get_threshold()
    try:
        with few_collections():
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
