"""A table as every export draws it: raw cells, so Excel gets numbers as numbers and dates
as dates, and `printed()` for Word, PDF and the page (1.154 · 42,7% · 30/06/2025)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reports.formatting import format_date, format_number, format_percent

Cell = int | Decimal | date | str | None


@dataclass(frozen=True)
class Table:
    """`percent_columns` hold rates (Decimal, one decimal): printed 42,7%, stored 42.7."""

    title: str
    header: list[str]
    rows: list[list[Cell]]
    percent_columns: tuple[int, ...] = ()

    def printed(self) -> list[list[str]]:
        """The rows as Word and PDF print them: 1.154 · 42,7% · 30/06/2025."""
        return [
            [text(cell, percent=i in self.percent_columns) for i, cell in enumerate(row)]
            for row in self.rows
        ]


def text(cell: Cell, *, percent: bool = False) -> str:
    if percent:
        return format_percent(cell if isinstance(cell, Decimal) else None)
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        whole, _dot, fraction = f"{cell.normalize():f}".partition(".")
        return format_number(int(whole)) + (f",{fraction}" if fraction else "")
    if isinstance(cell, int):
        return format_number(cell)
    if isinstance(cell, date):
        return format_date(cell)
    return cell
