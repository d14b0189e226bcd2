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
    re.compile(r"^(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})$"),
]
# Words pages put around a date ("Published on Oct 7, 2024", "Daily Papers Mar 12").
_PREFIX = re.compile(r"^(?:published on|submitted on|daily papers|papers(?: for)?|date:?|on)\s+", re.I)


@dataclass(frozen=True)
class WrittenDate:
    month: int
    day: int
    year: int | None
    text: str

    def resolve(self, today: dt.date) -> dt.date | None:
        """The date itself; without a year, the latest such date not after today."""
        if self.year is not None:
            return _make(self.year, self.month, self.day)
        for year in range(today.year, today.year - 8, -1):  # 8 years reach back past Feb 29
            candidate = _make(year, self.month, self.day)
            if candidate is not None and candidate <= today:
                return candidate
        return None


def parse_written_date(line: str) -> WrittenDate | None:
    """A line that is only a date (perhaps after "Published on"); None otherwise."""
    text = line.strip()
    text = _PREFIX.sub("", text)
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
        return WrittenDate(month, day, year, line.strip())
    return None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
