"""Calendar quarters: Q1 is January to March, on the collective's calendar."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4 or not 2000 <= self.year <= 2100:
            raise ValueError(f"no such quarter: {self.year} {self.number}")

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """From its slug, "2026-2"; ValueError if it is not one."""
        year, _dash, number = text.partition("-")
        return cls(int(year), int(number))

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        return self.next().start

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> "Quarter":
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"
