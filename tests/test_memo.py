"""A bounded memo keeps at most its size of answers, dropping the least recently used first."""

from __future__ import annotations

import threading

from pipeline._memo import BoundedMemo


def test_the_least_recently_used_answer_goes_first() -> None:
    memo: BoundedMemo[str, int] = BoundedMemo(2)
    memo.put("first", 1)
    memo.put("second", 2)
    assert memo.get("first") == 1  # asked again: now the most recent
    memo.put("third", 3)
    assert memo.get_all(["first", "second", "third"]) == [1, None, 3]
    assert len(memo) == 2


def test_putting_a_known_key_replaces_its_answer_without_growing() -> None:
    memo: BoundedMemo[str, int] = BoundedMemo(3)
    memo.put_all([("a", 1), ("b", 2), ("a", 3)])
    assert memo.get("a") == 3 and len(memo) == 2


def test_threads_writing_at_once_leave_it_within_its_size() -> None:
    memo: BoundedMemo[int, int] = BoundedMemo(50)

    def fill(start: int) -> None:
        for n in range(start, start + 500):
            memo.put(n, n)
            memo.get(n - 1)

    threads = [threading.Thread(target=fill, args=(k * 1000,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(memo) == 50
