import os


def worker_redis_url():
    """A local Redis database per pytest-xdist worker (15, 14, …; 15 without xdist): tests
    that flush theirs do not empty another's."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return f"redis://127.0.0.1:6379/{15 - worker}"
