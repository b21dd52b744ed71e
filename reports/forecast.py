"""Will the remaining tasks be finished by the document's horizon? A Monte Carlo estimate.

Assumptions (shown on the pages beside every forecast):
- each month left until the horizon completes as many tasks as one month drawn at random
  from the last `PACE_MONTHS` months (months with no completion count as zero);
- no new tasks are assigned and none is cancelled;
- the chance is computed exactly when the work is small (a unit's few tasks), otherwise
  estimated from `TRIALS` simulated futures with a fixed seed; the same data always gives
  the same figure.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reports.counting import ONE_DECIMAL, rate

PACE_MONTHS = 12
TRIALS = 1000
SEED = 2025
# Below this many states per month the exact chance costs less than the simulation.
EXACT_LIMIT = 2000


@dataclass(frozen=True)
class Forecast:
    horizon: date | None
    remaining: int
    monthly_pace: Decimal | None
    probability: Decimal | None  # percent; None when there is no horizon to judge against


def recent_months(as_of: date, count: int = PACE_MONTHS) -> list[date]:
    """The first days of the `count` months up to and including `as_of`'s, oldest first."""
    months = []
    year, month = as_of.year, as_of.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def months_between(start: date, end: date) -> int:
    """Whole months after `start`'s month up to and including `end`'s."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def finish_forecast(
    *, remaining: int, monthly: list[int], as_of: date, horizon: date | None, seed: int = SEED
) -> Forecast:
    """The chance that `remaining` tasks are completed by `horizon`, drawing each future
    month's completions from `monthly`, the completions of recent months."""
    pace = (
        (Decimal(sum(monthly)) / len(monthly)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
        if monthly
        else None
    )
    if horizon is None:
        return Forecast(horizon, remaining, pace, None)
    months_left = months_between(as_of, horizon)
    if remaining <= min(monthly, default=0) * months_left:
        probability = Decimal(100)  # even the slowest month, every month, is enough
    elif remaining > max(monthly, default=0) * months_left:
        probability = Decimal(0)  # even the fastest month, every month, is not
    elif (remaining + 1) * len(set(monthly)) <= EXACT_LIMIT:
        probability = _exact_chance(remaining, monthly, months_left)
    else:
        rng = random.Random(seed)
        draws = rng.choices(monthly, k=TRIALS * months_left)
        finished = sum(
            sum(draws[trial * months_left : (trial + 1) * months_left]) >= remaining
            for trial in range(TRIALS)
        )
        probability = rate(finished, TRIALS) or Decimal(0)
    return Forecast(horizon, remaining, pace, probability)


def _exact_chance(remaining: int, monthly: list[int], months_left: int) -> Decimal:
    """P(the completions of `months_left` months, each drawn from `monthly`, reach
    `remaining`), by dynamic programming over the running total capped at `remaining`."""
    weights = {value: count / len(monthly) for value, count in Counter(monthly).items()}
    chances = [1.0] + [0.0] * remaining
    for _ in range(months_left):
        following = [0.0] * (remaining + 1)
        for total, chance in enumerate(chances):
            if chance:
                for value, weight in weights.items():
                    following[min(total + value, remaining)] += chance * weight
        chances = following
    return Decimal(f"{chances[remaining] * 100:.6f}").quantize(ONE_DECIMAL, ROUND_HALF_UP)
