"""Spanish (Chile) forms of dates and numbers, as the documents write them.
They are also the filters of content templates (``fecha``, ``fecha_sello``,
``numero``, ``porcentaje``, ``de``, ``a``), so each refuses what it cannot
write with a :class:`~generator.errors.TemplateInputError`."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from .errors import TemplateInputError

LOCALE = "es_CL"


def _described(value: Any) -> str:
    return "nothing" if value is None else f"{value!r}"


def _date(value: Any, what: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise TemplateInputError(f"{what}: expected a date (got {_described(value)})")
    return value


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TemplateInputError(f"{what}: expected text (got {_described(value)})")
    return value


def long_date(date: dt.date) -> str:
    """``15 de septiembre de 2011``."""
    return format_date(_date(date, "fecha"), "d 'de' MMMM 'de' y", locale=LOCALE)


def stamp_date(date: dt.date, place: str = "SANTIAGO") -> str:
    """The stamp form of circulars and decrees: ``SANTIAGO, 15 SEP 2011``."""
    date, place = _date(date, "fecha_sello"), _text(place, "fecha_sello")
    month = format_date(date, "MMM", locale=LOCALE).rstrip(".").upper()[:3]
    return f"{place}, {date.day} {month} {date.year}"


def number(value: Decimal | int | float, what: str = "numero") -> str:
    """Decimal comma and thousands point: ``98,6``, ``19.553``."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)) or (
            isinstance(value, (Decimal, float)) and not math.isfinite(value)):
        raise TemplateInputError(f"{what}: expected a number (got {_described(value)})")
    return format_decimal(value, locale=LOCALE, group_separator=True)


def percent(value: Decimal | int | float) -> str:
    """``60%``, ``2,5%`` (the documents write the sign without a space)."""
    return f"{number(value, 'porcentaje')}%"


def de(phrase: str) -> str:
    """``de`` + phrase with the contraction: ``del Instituto``, ``de la Unidad``."""
    phrase = _text(phrase, "de")
    return f"del {phrase[3:]}" if phrase.startswith("el ") else f"de {phrase}"


def a(phrase: str) -> str:
    """``a`` + phrase with the contraction: ``al artículo``, ``a la Ley``."""
    phrase = _text(phrase, "a")
    return f"al {phrase[3:]}" if phrase.startswith("el ") else f"a {phrase}"
