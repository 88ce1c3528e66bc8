"""A bounded memory of answers shared by threads: what costs a subprocess to find out (tidying
a tree, checking it) is kept by key, so asking again is answered without running it.

Agents and DEBUG ask from worker threads, so every read and write takes the memo's lock. It
keeps at most ``size`` answers; the least recently used go first, so a run's own trees stay
while those of runs long finished make room.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            if key not in self._answers:
                return None
            self._answers.move_to_end(key)
            return self._answers[key]

    def get_all(self, keys: Iterable[K]) -> list[V | None]:
        """Each key's answer (None where there is none), read under one hold of the lock."""
        with self._lock:
            found: list[V | None] = []
            for key in keys:
                if key in self._answers:
                    self._answers.move_to_end(key)
                found.append(self._answers.get(key))
            return found

    def put(self, key: K, value: V) -> None:
        self.put_all([(key, value)])

    def put_all(self, items: Iterable[tuple[K, V]]) -> None:
        with self._lock:
            for key, value in items:
                self._answers[key] = value
                self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._answers)
