"""How many examples each property test tries: the full number in `make test` and CI, a
tenth in the quick loop (`make quick` sets HYPOTHESIS_PROFILE=quick)."""

import os

QUICK = os.environ.get("HYPOTHESIS_PROFILE") == "quick"


def examples(full):
    return max(5, full // 10) if QUICK else full
