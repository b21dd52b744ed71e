"""Tasks not yet overdue but likely to be: a score from 0 to 100 that explains itself.

The parts, each capped, add up:
- time against work: share of the time from assignment to deadline already gone, minus
  the percent reported (80% of time gone, 20% done → 60 of up to 50 points, capped);
- silence: days since the last progress report beyond 30 (up to 20 points at 90 days);
- extensions: 10 points for each extension already granted (up to 20);
- blockers: 10 points for each blocker (vướng mắc) open on the day (up to 20);
- the unit's record: its on-time rate among tasks already due, below 80% (up to 10).
A task scoring `AT_RISK_SCORE` or more is listed, highest first.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.formatting import format_percent

AT_RISK_SCORE = 30
QUIET_DAYS = 30


@dataclass(frozen=True)
class Risk:
    score: int
    reasons: list[str] = field(default_factory=list)


def risk_of(
    *,
    as_of: date,
    assigned_on: date,
    deadline: date,
    percent: int,
    last_report_on: date | None,
    extensions: int,
    open_blockers: int,
    unit_on_time_rate: Decimal | None,
) -> Risk:
    """The score of one open task on `as_of` and the reasons behind it, in words."""
    score, reasons = 0.0, []
    span = max((deadline - assigned_on).days, 1)
    elapsed = min(max((as_of - assigned_on).days / span, 0.0), 1.0)
    behind = elapsed - percent / 100
    if behind > 0:
        score += min(behind * 80, 50)
        reasons.append(
            _("%(elapsed)s%% of time gone, %(done)s%% done")
            % {"elapsed": round(elapsed * 100), "done": percent}
        )
    silent_days = (as_of - (last_report_on or assigned_on)).days
    if silent_days > QUIET_DAYS:
        score += min((silent_days - QUIET_DAYS) / 60 * 20, 20)
        reasons.append(_("no report for %(days)s days") % {"days": silent_days})
    if extensions:
        score += min(extensions * 10, 20)
        reasons.append(_("extended %(count)s times") % {"count": extensions})
    if open_blockers:
        score += min(open_blockers * 10, 20)
        reasons.append(
            ngettext("%(count)s open blocker", "%(count)s open blockers", open_blockers)
            % {"count": open_blockers}
        )
    if unit_on_time_rate is not None and unit_on_time_rate < 80:
        score += float(80 - unit_on_time_rate) / 8
        reasons.append(
            _("lead unit on time in %(rate)s of due tasks")
            % {"rate": format_percent(unit_on_time_rate)}
        )
    return Risk(score=min(round(score), 100), reasons=reasons)
