"""A paginator whose count is bounded: a list's first view must not count every row of a table."""

from functools import cached_property

from django.core.paginator import Paginator

# 20 pages of 50: past that a person narrows the list with its filters (or downloads it).
COUNT_LIMIT = 1000


class BoundedPaginator(Paginator):
    """Counts at most ``limit`` rows (``SELECT COUNT(*) FROM (… LIMIT limit + 1)``), so the count
    stops early on a large table instead of reading every match; ``capped`` says there were more.
    The pages end at the limit. ``object_list`` is a QuerySet.

    With ``rows`` (a QuerySet of the same model, e.g. with its ``select_related``), a page is
    read in two steps: the ids of the page in ``object_list``'s order (the filters and the sort
    on the ids and sort keys alone, often off an index without reading a row), then those rows
    from ``rows``. Without it, a sort that no index gives orders every match's whole row with
    its joined rows to keep 50 (a coordinator's inbox at 200 000 cases: 12 ms against 2).
    One query more, the same number whatever the data."""

    def __init__(self, object_list, per_page, *, limit=None, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit or COUNT_LIMIT
        self.rows = rows

    @cached_property
    def found(self) -> int:
        # Unordered: the count needs no order, and one the database cannot read off an index
        # would sort every match first.
        return self.object_list.order_by()[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)

    @property
    def capped(self) -> bool:
        return self.found > self.limit

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.rows is None:
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = self.rows.in_bulk(ids)
        # In the page's order; a row deleted between the two reads is left out.
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)
