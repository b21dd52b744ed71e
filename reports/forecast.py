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
import struct
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reports.counting import ONE_DECIMAL, rate

PACE_MONTHS = 12
TRIALS = 1000
SEED = 2025
# Below this many steps (states × distinct paces × months) the exact chance costs no more
# than the simulation, about a millisecond.
EXACT_LIMIT = 20_000


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
    elif (remaining + 1) * len(set(monthly)) * months_left <= EXACT_LIMIT:
        probability = _exact_chance(remaining, monthly, months_left)
    else:
        probability = _simulated_chance(remaining, monthly, months_left, seed)
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


def _simulated_chance(remaining: int, monthly: list[int], months_left: int, seed: int) -> Decimal:
    """The share of `TRIALS` simulated futures in which `months_left` months, each drawn
    at random from `monthly`, complete `remaining` tasks. Every trial runs at once: a month
    is one big integer holding each trial's completions in its own 64-bit field, so a month
    costs a few C-level operations instead of a Python step per trial (a unit's dashboard
    simulates some forty documents, each over tens of thousands of months)."""
    choices = len(monthly)
    if choices > 256:
        raise ValueError("One random byte picks a month: at most 256 months to draw from.")
    rng = random.Random(seed)
    # A random byte picks uniformly once those above the last multiple of `choices` are dropped.
    pick = bytes(b % choices for b in range(256))
    uneven = bytes(range(256 - 256 % choices, 256))
    # The k-th byte of the completions of the month picked.
    digits = [
        bytes((monthly[b] >> (8 * k)) & 0xFF if b < choices else 0 for b in range(256))
        for k in range((max(monthly).bit_length() + 7) // 8)
    ]
    fields, totals = bytearray(8 * TRIALS), 0
    for _ in range(months_left):
        picks = b""
        while len(picks) < TRIALS:
            picks += rng.randbytes(TRIALS).translate(pick, uneven)
        for k, digit in enumerate(digits):
            fields[k::8] = picks[:TRIALS].translate(digit)
        totals += int.from_bytes(fields, "little")
    finished = sum(
        total >= remaining
        for total in struct.unpack(f"<{TRIALS}Q", totals.to_bytes(8 * TRIALS, "little"))
    )
    return rate(finished, TRIALS) or Decimal(0)
