"""Vietnamese text: accent-insensitive normalisation, search and sort order.

One function per concern, with the database difference wrapped here and nowhere else:
PostgreSQL uses the `unaccent` extension and the `vi-x-icu` collation; SQLite gets the same
behaviour from Python functions registered on each connection.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.models import Func, Q, QuerySet, TextField
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

from pcmd.core.errors import PcmdError

_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Lower-case, accent-free, single-spaced: "Đầm Dơi" -> "dam doi"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return _SPACES.sub(" ", _COMBINING.sub("", decomposed)).strip().lower()


# --- Vietnamese collation -------------------------------------------------------------
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
                 ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}  # fmt: skip
_DIGITS = re.compile(r"(\d+)")


def _letters(word: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Split into (rank, char) per base letter and the tone of each letter."""
    ranks: list[tuple[int, int]] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch):
            if not ranks:
                continue
            _, prev_code = ranks[-1]
            merged = _LETTER_MARKS.get((chr(prev_code), ch))
            if merged:
                ranks[-1] = (_LETTER_RANK[merged] * 10 + 5, ord(merged))
            elif ch in _TONE_RANK:
                tones[-1] = _TONE_RANK[ch]
            continue
        rank = _LETTER_RANK.get(ch)
        ranks.append(((rank * 10 + 5) if rank is not None else 1000 + ord(ch), ord(ch)))
        tones.append(0)
    return ranks, tones


def sort_key(text: str | None) -> tuple[Any, ...]:
    """Key for sorting Vietnamese strings: letters first (a < ă < â < b … đ after d), then tones,
    and numbers by value ("Phường 2" before "Phường 10")."""
    primary: list[Any] = []
    secondary: list[int] = []
    for i, chunk in enumerate(_DIGITS.split(text or "")):
        if i % 2:
            primary.append((0, int(chunk)))
            continue
        for word in chunk.split():
            ranks, tones = _letters(word)
            primary.append((1, tuple(r for r, _ in ranks)))
            secondary.extend(tones)
    return tuple(primary), tuple(secondary)


def vi_sorted(items: list[Any], key: Any = None) -> list[Any]:
    return sorted(items, key=lambda x: sort_key(key(x) if key else x))


def _sqlite_collate(a: str, b: str) -> int:
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


# --- database side ----------------------------------------------------------------------
SQLITE_UNACCENT = "pcmd_unaccent"
SQLITE_COLLATION = "pcmd_vi"
PG_COLLATION = "vi-x-icu"


def install_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function(SQLITE_UNACCENT, 1, normalise, deterministic=True)
    raw.create_collation(SQLITE_COLLATION, _sqlite_collate)


class Normalised(Func):
    """normalise(field) in SQL: lower(unaccent(x)) on PostgreSQL, a Python function on SQLite."""

    output_field = TextField()

    def __init__(self, expression: Combinable | str, **extra: Any) -> None:
        super().__init__(expression, **extra)

    def as_sql(self, compiler: Any, connection: Any, function: Any = None, template: Any = None,
               arg_joiner: Any = None, **extra_context: Any) -> Any:  # fmt: skip
        if connection.vendor == "postgresql":
            return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))")
        return super().as_sql(compiler, connection, function=SQLITE_UNACCENT)


def vi_collate(field: str) -> Collate:
    """An order_by expression in Vietnamese dictionary order."""
    from django.db import connection

    return Collate(field, PG_COLLATION if connection.vendor == "postgresql" else SQLITE_COLLATION)


def search(queryset: QuerySet[Any], fields: list[str], term: str) -> QuerySet[Any]:
    """Accent-insensitive "contains" over several fields: "dam doi" finds "Đầm Dơi"."""
    needle = normalise(term)
    if not needle:
        return queryset
    names = {f: f"_norm_{i}" for i, f in enumerate(fields)}
    annotated = queryset.annotate(**{alias: Normalised(f) for f, alias in names.items()})
    condition = Q()
    for alias in names.values():
        condition |= Q(**{f"{alias}__contains": needle})
    return annotated.filter(condition)


def find_one(queryset: QuerySet[Any], ref: str, *, code_field: str, where: str, what: str, field: str) -> Any:
    """One record by its code (exact) or its name (accent-insensitive "contains"), for a reference an official
    typed; PcmdError naming the candidates when there is none or more than one. None for an empty reference."""
    ref = ref.strip()
    if not ref:
        return None
    by_code = list(queryset.model._default_manager.filter(**{code_field: ref})[:2])
    if len(by_code) == 1:
        return by_code[0]
    found = list(search(queryset, ["name"], ref)[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        raise PcmdError(f"Không tìm thấy {what} «{ref}» ở {where} (ghi mã số hoặc tên).", field=field)
    names = "; ".join(str(r) for r in found[:5])
    raise PcmdError(f"Có nhiều {what} khớp «{ref}»: {names}… Ghi mã số hoặc tên đầy đủ hơn.", field=field)
