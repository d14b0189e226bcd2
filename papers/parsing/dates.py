"""Digest dates as written on the pages: "Mar 12", "March 12, 2024", "2024-03-12"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$", re.I),
    re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$", re.I),
    # 2024-03-12, 2024/03/12, 2024.03.12, and an ISO timestamp (2024-03-12T00:00:00Z)
    re.compile(r"^(?P<year>\d{4})([-/.])(?P<monthnum>\d{1,2})\2(?P<day>\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"),
]
# Words pages put before a date ("Published on Oct 7, 2024", "Daily Papers Mar 12",
# "Hugging Face Daily Papers – 2025-09-30"), perhaps followed by a dash or colon.
_PREFIX = re.compile(
    r"^(?:(?:published|submitted) on|(?:hugging ?face\s+)?daily papers(?:\s+(?:for|of|on))?|papers(?: for)?|date|on)"
    r"(?:\s*[-–—:|]\s*|\s+)",
    re.I,
)
# The longest date line: "Hugging Face Daily Papers – Wednesday, September 30th, 2025".
LONGEST_DATE = 80
_WEEKDAYS = {name: number for number, names in enumerate(
    [("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "wednesday"), ("thu", "thur", "thurs", "thursday"),
     ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday")]) for name in names}
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
# "Tuesday, September 30, 2025", "Tue Sep 30" and "Sep 30, 2025 (Tuesday)".
_WEEKDAY_BEFORE = re.compile(rf"^{_WEEKDAY},?\s+(?P<rest>.+)$", re.I)
_WEEKDAY_AFTER = re.compile(rf"^(?P<rest>.+?),?\s+\(?{_WEEKDAY}\)?$", re.I)


@dataclass(frozen=True)
class WrittenDate:
    month: int
    day: int
    year: int | None
    text: str
    weekday: int | None = None  # Monday is 0, as in datetime; None when not written

    def resolve(self, today: dt.date) -> dt.date | None:
        """The date itself; without a year, the latest such date not after today
        (on the weekday written, when one is and some recent year has it)."""
        if self.year is not None:
            return _make(self.year, self.month, self.day)
        candidates = [
            candidate
            for year in range(today.year, today.year - 8, -1)  # 8 years reach back past Feb 29
            if (candidate := _make(year, self.month, self.day)) is not None and candidate <= today
        ]
        on_weekday = [c for c in candidates if c.weekday() == self.weekday]
        return (on_weekday or candidates or [None])[0]


def parse_written_date(line: str) -> WrittenDate | None:
    """A line that is only a date (perhaps after "Published on"); None otherwise."""
    text = line.strip()
    if len(text) > LONGEST_DATE:  # also keeps the patterns below linear in practice
        return None
    text = _PREFIX.sub("", text)
    weekday = None
    match = _WEEKDAY_BEFORE.match(text) or _WEEKDAY_AFTER.match(text)
    if match:
        weekday = _WEEKDAYS[match["weekday"].lower()]
        text = match["rest"]
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["monthnum"]) if groups.get("monthnum") else _MONTHS[groups["month"].lower()]
        day = int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else None
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return None
        return WrittenDate(month, day, year, line.strip(), weekday)
    return None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
