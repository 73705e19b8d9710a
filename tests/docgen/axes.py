"""Balanced choice of variations across consecutive seeds.

A plain ``rng.choice`` per axis would leave some variations out of a 40-doc
suite by bad luck. Instead, for an axis with n options, every block of n
consecutive seeds sees each option exactly once, in an order shuffled per axis
and block, so axes stay uncorrelated while coverage is guaranteed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def axis(seed: int, name: str, options: Sequence[T]) -> T:
    """The option this seed takes on axis ``name`` (balanced over blocks of seeds)."""
    n = len(options)
    block, pos = divmod(seed, n)
    order = list(range(n))
    random.Random(f"{name}:{block}").shuffle(order)
    return options[order[pos]]
