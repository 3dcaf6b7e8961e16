"""A hang guard shared by the hardening tests."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging when the block takes longer than ``seconds``.

    A guard against blocking and runaway (quadratic, exponential) work, set
    far above the real time: speed itself is measured by the benchmarks.
    """

    def fail(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: it blocked or ran away")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
