"""Small numbers protected: no figure that leaves the platform reveals a person.

* **Primary suppression**: a person count from 1 up to, not including,
  ``settings.REPORTING_SUPPRESS_BELOW`` (default 5) shows as "< 5". Zero is shown: it
  reveals nobody.
* **Secondary suppression** (as SCB does): where a row or column is shown with its total,
  one hidden cell could be worked back by subtraction; so a second cell of that row or
  column is hidden too — the smallest one shown, or the total when no other is left. This
  repeats until no row or column has exactly one hidden cell.

Coordinators see the exact counts of their own platform (``exact=True``); everyone else
who sees a person count (steering members, observers, the public, the funder's report,
exports and the API for non-coordinators) gets the protected table.
"""

from dataclasses import dataclass

from django.conf import settings

from stodplattform.core.numbers import grouped

from .figures import Table


def threshold() -> int:
    return int(getattr(settings, "REPORTING_SUPPRESS_BELOW", 5))


@dataclass(frozen=True)
class Cell:
    """One number as it may be shown: ``value`` is None when hidden, and None too when it is
    not recorded (``hidden`` False: events record no gender)."""

    value: object
    hidden: bool = False

    def __str__(self):
        if self.hidden:
            return f"< {threshold()}"
        return grouped(self.value) if self.value is not None else "–"

    @property
    def not_recorded(self) -> bool:
        return self.value is None and not self.hidden

    @property
    def shown(self):
        """The number, or None when hidden (for exports and the API)."""
        return None if self.hidden else self.value

    @property
    def export(self):
        """The number, or "< 5" when hidden: what a spreadsheet cell holds."""
        return f"< {threshold()}" if self.hidden else self.value


def suppress_cells(values: dict, groups: list[list], *, below: int | None = None, plain=()) -> set:
    """The keys of ``values`` to hide.

    ``groups`` lists each sum that is shown: the keys of its parts, then the key of its
    total last (``[part, part, …, total]``). Keys in ``plain`` count things, not people:
    never hidden for being small.
    """
    below = threshold() if below is None else below
    hidden = {key for key, value in values.items() if 0 < value < below and key not in plain}
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(1 for key in group if key in hidden) != 1:
                continue
            parts, total = group[:-1], group[-1]
            candidates = [key for key in parts if key not in hidden]
            # The smallest non-zero part shown; a zero only when no other is left (hiding a
            # zero hides too: nobody knows it is one); the total last of all.
            nonzero = [key for key in candidates if values[key]]
            pool = nonzero or candidates
            if pool:
                hidden.add(min(pool, key=lambda key: (values[key], str(key))))
            else:
                hidden.add(total)
            changed = True
    return hidden


@dataclass
class ShownTable:
    """A ``Table`` as it is shown to one person: cells, and sums where they make sense."""

    table: Table
    cells: list[list[Cell]]
    row_totals: list[Cell] | None
    column_totals: list[Cell] | None
    total: Cell | None
    suppressed: bool

    @property
    def key(self):
        return self.table.key

    @property
    def title(self):
        return self.table.title

    @property
    def unit(self):
        return self.table.unit

    @property
    def columns(self):
        return self.table.columns

    @property
    def note(self):
        return self.table.note

    @property
    def rows(self):
        """(row key, label, cells, row total) for templates and exporters."""
        return [
            (key, label, self.cells[r], self.row_totals[r] if self.row_totals else None)
            for r, (key, label) in enumerate(self.table.rows)
        ]

    @property
    def has_hidden(self) -> bool:
        every = [c for row in self.cells for c in row]
        every += (self.row_totals or []) + (self.column_totals or []) + ([self.total] if self.total else [])
        return any(c.hidden for c in every)


def show(table: Table, *, exact: bool) -> ShownTable:
    """The table with its sums; person counts protected unless ``exact``."""
    n_rows, n_cols = len(table.rows), len(table.columns)
    row_totals = table.row_totals and n_cols > 1
    column_totals = table.column_totals and n_rows > 1
    # A cell not recorded (None) is no number: nothing to hide, and no part of any sum.
    values = {
        (r, c): table.values[r][c]
        for r in range(n_rows)
        for c in range(n_cols)
        if table.values[r][c] is not None
    }
    groups = []
    if row_totals:
        for r, total in enumerate(table.row_sums):
            if total is None:
                continue
            values[(r, "T")] = total
            parts = [(r, c) for c in range(n_cols) if (r, c) in values]
            # A row known only as a whole has no parts to work it back from: its total stands
            # alone (hidden when small, like any count).
            if parts:
                groups.append([*parts, (r, "T")])
    if column_totals:
        for c, total in enumerate(table.column_sums):
            values[("T", c)] = total
            groups.append([(r, c) for r in range(n_rows) if (r, c) in values] + [("T", c)])
    if row_totals and column_totals:
        values[("T", "T")] = table.total
        groups.append([(r, "T") for r in range(n_rows) if (r, "T") in values] + [("T", "T")])
        groups.append([("T", c) for c in range(n_cols)] + [("T", "T")])
    protect = table.sensitive and not exact
    plain_columns = [c for c, (key, _label) in enumerate(table.columns) if key in table.plain_columns]
    plain_rows = [r for r, (key, _label) in enumerate(table.rows) if key in table.plain_rows]
    plain = {key for key in values if key[1] in plain_columns or key[0] in plain_rows}
    hidden = suppress_cells(values, groups, plain=plain) if protect else set()

    def cell(key):
        if key not in values:
            return Cell(None)
        return Cell(None if key in hidden else values[key], key in hidden)

    return ShownTable(
        table=table,
        cells=[[cell((r, c)) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[cell((r, "T")) for r in range(n_rows)] if row_totals else None,
        column_totals=[cell(("T", c)) for c in range(n_cols)] if column_totals else None,
        total=cell(("T", "T")) if row_totals and column_totals else None,
        suppressed=protect,
    )
