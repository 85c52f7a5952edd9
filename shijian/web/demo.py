"""Demo-data steps contributed by the apps, in the order they run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Each step is called with actor=, seed=, size=, out= and returns summary counts.
STEPS: list[Callable[..., dict[str, Any]]] = []
