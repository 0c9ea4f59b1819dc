"""Calendar arithmetic shared by the normalisation rules: ISO formats, shifting a day by units, the
value of a day at a given grain."""
from __future__ import annotations

import datetime as dt
import re


def fmt_day(d: dt.date) -> str:
    return d.isoformat()


def fmt_year(year: int) -> str:
    """A TIMEX3 year has four digits: "a thousand years ago" from 1991 is 0991."""
    return f"{year:04d}"


def fmt_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


GRAIN = {"day": "D", "night": "D", "week": "W", "weekend": "WE", "month": "M", "year": "Y",
         "quarter": "Q", "decade": "DE", "century": "CE"}


def grain_value(unit: str, day: dt.date) -> str | None:
    if unit in ("day", "night"):
        return fmt_day(day)
    if unit == "week":
        return fmt_week(day)
    if unit == "weekend":
        return fmt_week(day) + "-WE"
    if unit == "month":
        return f"{day.year}-{day.month:02d}"
    if unit == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if unit == "year":
        return fmt_year(day.year)
    if unit == "decade":
        return fmt_year(day.year)[:3] + "X"
    if unit == "century":
        return fmt_year(day.year)[:2] + "XX"
    return None


def shift(day: dt.date, unit: str, n: int) -> dt.date:
    if unit in ("day", "night"):
        return day + dt.timedelta(days=n)
    if unit in ("week", "weekend"):
        return day + dt.timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit] * n
    year, month = shift_months(day.year, day.month, months)
    return dt.date(year, month, min(day.day, 28))


def previous_day(previous: str | None) -> dt.date | None:
    """The day of the date last mentioned, when it names one ("1989-10-27", "1989-10-27TEV")."""
    if previous and re.match(r"\d{4}-\d\d-\d\d", previous):
        try:
            return dt.date.fromisoformat(previous[:10])
        except ValueError:
            return None
    return None
