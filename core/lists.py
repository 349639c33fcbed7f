"""Lists that grow with the data, shown as their first rows and a count (a page never lists
every one of 10 000 cities: it links to the paginated directory for the rest)."""

from dataclasses import dataclass

CITY_LIMIT = 60
SPOTLIGHT_LIMIT = 24


@dataclass
class Excerpt:
    """The first rows of a queryset, and how many rows it has in all."""

    rows: list
    total: int

    @classmethod
    def of(cls, queryset, limit):
        # Two queries, always: the first rows (a top-N sort) and a bare COUNT. A window count
        # riding on the rows made the database sort every matching row with all its columns.
        return cls(list(queryset[:limit]), queryset.count())

    @property
    def is_partial(self):
        return self.total > len(self.rows)

    def __bool__(self):
        return bool(self.rows)

    def __len__(self):
        return self.total
