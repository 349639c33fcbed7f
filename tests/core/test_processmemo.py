"""Values kept in a process until the content changes (site search's index, the city names):
after a change the next reader gets the new value, or, for a slow one, the previous value at
once while the new one is computed in the background."""

import threading

from core.pagecache import invalidate_pages
from core.processmemo import ProcessMemo


def counting(release=None):
    calls = []

    def compute():
        if release is not None and calls:
            release.wait(5)
        calls.append(len(calls) + 1)
        return len(calls)

    return compute, calls


def test_a_value_is_computed_once_per_content_change():
    compute, calls = counting()
    memo = ProcessMemo(compute)
    assert [memo.get(), memo.get()] == [1, 1]
    invalidate_pages()
    assert memo.get() == 2
    assert calls == [1, 2]


def test_a_slow_value_is_renewed_in_the_background_the_old_one_served_meanwhile():
    release = threading.Event()
    compute, calls = counting(release)
    memo = ProcessMemo(compute, background_after=-1)  # every computation counts as slow
    assert memo.get() == 1
    invalidate_pages()
    assert memo.get() == 1  # answered at once, not after the new computation
    release.set()
    for _attempt in range(100):
        if memo.get() == 2:
            break
        threading.Event().wait(0.05)
    assert memo.get() == 2
