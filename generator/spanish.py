"""Spanish (Chile) forms of dates and numbers, as the documents write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "es_CL"


def long_date(date: dt.date) -> str:
    """``15 de septiembre de 2011``."""
    return format_date(date, "d 'de' MMMM 'de' y", locale=LOCALE)


def stamp_date(date: dt.date, place: str = "SANTIAGO") -> str:
    """The stamp form of circulars and decrees: ``SANTIAGO, 15 SEP 2011``."""
    month = format_date(date, "MMM", locale=LOCALE).rstrip(".").upper()[:3]
    return f"{place}, {date.day} {month} {date.year}"


def number(value: Decimal | int | float) -> str:
    """Decimal comma and thousands point: ``98,6``, ``19.553``."""
    return format_decimal(value, locale=LOCALE, group_separator=True)


def percent(value: Decimal | int | float) -> str:
    """``60%``, ``2,5%`` (the documents write the sign without a space)."""
    return f"{number(value)}%"


def de(phrase: str) -> str:
    """``de`` + phrase with the contraction: ``del Instituto``, ``de la Unidad``."""
    return f"del {phrase[3:]}" if phrase.startswith("el ") else f"de {phrase}"


def a(phrase: str) -> str:
    """``a`` + phrase with the contraction: ``al artículo``, ``a la Ley``."""
    return f"al {phrase[3:]}" if phrase.startswith("el ") else f"a {phrase}"
