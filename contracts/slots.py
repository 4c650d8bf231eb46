"""Business-matching slots: each fair day cut into meetings of a fixed length (pure)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def parse_clock(text: str) -> int:
    """Minutes after midnight of "HH:MM"; ValueError otherwise."""
    hours, minutes = text.strip().split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value < 24 * 60 or not 0 <= int(minutes) < 60:
        raise ValueError(text)
    return value


def clock(minute: int) -> str:
    """"HH:MM" of minutes after midnight."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def day_slots(*, opens: int, closes: int, length: int) -> list[int]:
    """The start minutes of the slots that fit whole between `opens` and `closes`."""
    if length <= 0:
        raise ValueError("slot length must be positive")
    return list(range(opens, closes - length + 1, length))


def fair_days(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def is_slot(day: date, start: int, *, first: date, last: date, opens: int, closes: int, length: int) -> bool:
    """True if (day, start) is one of the fair's slots."""
    return first <= day <= last and start in set(day_slots(opens=opens, closes=closes, length=length))


def first_free_table(taken: set[int], tables: int) -> int | None:
    """The lowest table number from 1 to `tables` not in `taken`, or None when all are taken."""
    return next((number for number in range(1, tables + 1) if number not in taken), None)


class MeetingRules:
    """The fair's matching grid: slot length, daily hours and number of tables."""

    def __init__(self, *, length: int, hours: str, tables: int, timezone: str = "Asia/Ho_Chi_Minh"):
        opens, closes = (parse_clock(part) for part in hours.split("-"))
        if closes <= opens or length <= 0 or tables < 0:
            raise ValueError("meeting hours, length or tables")
        self.length, self.opens, self.closes, self.tables = length, opens, closes, tables
        self.zone = ZoneInfo(timezone)

    @classmethod
    def from_config(cls, config) -> "MeetingRules":
        """The rules as configured (MEETING_SLOT_MINUTES, MEETING_HOURS, MEETING_TABLES, the local time zone)."""
        return cls(length=config["MEETING_SLOT_MINUTES"], hours=config["MEETING_HOURS"],
                   tables=config["MEETING_TABLES"], timezone=config["BABEL_DEFAULT_TIMEZONE"])

    def starts_at(self, day: date, start: int) -> datetime:
        """When a slot begins, as an aware datetime in the fair's time zone."""
        return datetime.combine(day, time(start // 60, start % 60), tzinfo=self.zone)

    def starts(self) -> list[int]:
        """The start minutes of one day's slots."""
        return day_slots(opens=self.opens, closes=self.closes, length=self.length)

    def is_slot(self, day: date, start: int, *, first: date, last: date) -> bool:
        """True if (day, start) is a slot of a fair running from `first` to `last`."""
        return is_slot(day, start, first=first, last=last, opens=self.opens, closes=self.closes, length=self.length)
