"""Token buckets on a clock the test moves: n at once, the (n+1)th refused with the wait in whole
seconds, refilled at n per window, independent per name, bounded in number, 0 turns a limit off."""

from __future__ import annotations

import pytest

from nzc_graph.api.ratelimit import TokenBuckets, rate_limits_for
from nzc_graph.config import Settings
from nzc_graph.errors import RateLimited


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_limit_then_says_how_long_to_wait() -> None:
    clock = Clock()
    buckets = TokenBuckets(3, 60.0, clock)
    assert [buckets.take("a") for _ in range(3)] == [0, 0, 0]
    assert buckets.take("a") == 20  # one token every 60/3 s
    clock.now += 19.5
    assert buckets.take("a") == 1  # never 0 while refusing: Retry-After is at least 1
    clock.now += 0.5
    assert buckets.take("a") == 0 and buckets.take("a") == 20
    clock.now += 60
    assert [buckets.take("a") for _ in range(4)] == [0, 0, 0, 20]  # full again after a window, not fuller


def test_names_are_independent_and_the_number_of_buckets_is_bounded() -> None:
    clock = Clock()
    buckets = TokenBuckets(1, 10.0, clock, max_buckets=2)
    assert buckets.take("a") == 0 and buckets.take("a") == 10
    assert buckets.take("b") == 0
    assert buckets.take("c") == 0  # 'a' was the least recently used: dropped, i.e. forgiven
    assert buckets.take("a") == 0


def test_settings_pick_the_limits_and_zero_turns_one_off(settings: Settings) -> None:
    limits = rate_limits_for(
        Settings.model_validate({**settings.model_dump(), "rate_limit_per_key": 0, "rate_limit_per_address": 1})
    )
    assert limits.per_key is None and limits.per_address is not None
    for _ in range(100):
        limits.check_key("k")
    limits.check_address("10.0.0.1")
    with pytest.raises(RateLimited, match="NZC_RATE_LIMIT_PER_ADDRESS") as refused:
        limits.check_address("10.0.0.1")
    assert refused.value.retry_after == 60
    defaults = Settings.model_validate(settings.model_dump())
    assert (defaults.rate_limit_per_key, defaults.rate_limit_per_address, defaults.rate_limit_window) == (600, 6000, 60)


@pytest.mark.parametrize(
    "field,value,words",
    [
        ("rate_limit_per_key", -1, "NZC_RATE_LIMIT_PER_KEY must be 0"),
        ("rate_limit_per_address", -5, "NZC_RATE_LIMIT_PER_ADDRESS must be 0"),
        ("rate_limit_window", 0, "NZC_RATE_LIMIT_WINDOW must be a positive"),
    ],
)
def test_bad_limits_fail_at_start_naming_the_setting(settings: Settings, field: str, value: float, words: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=words):
        Settings.model_validate({**settings.model_dump(), field: value})
