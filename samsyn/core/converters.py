"""Path converters every app's URLs may use, registered in CoreConfig.ready()."""

from .lib.years import year_parse


class YearConverter:
    """`<year:year>`: four digits within the years a page can be about (core/lib/years.py); any other
    number does not match the pattern, so it is a 404 page, never an error inside the view."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = year_parse(value)
        if year is None:
            raise ValueError(value)
        return year

    def to_url(self, value: int | str) -> str:
        year = year_parse(str(value))
        if year is None:
            raise ValueError(value)
        return str(year)
