"""One rule for every search by name or text: case- and accent-insensitive.

`fold(text)` decomposes the text (NFD), drops the combining accents (U+0300 to U+036F) and
lowers the case, as the SPA's own searches do (frontend/src/lib/fold.ts). So "zoe" finds
"Zoë", and "ÉLODIE" finds "Élodie", in every list, on either database.

`folded(column)` is the same rule in SQL:

- on SQLite, `fold` itself, registered on each connection as `rapport_fold` (api/db.py);
- on PostgreSQL, which has no NFD without an extension, `translate(lower(x), FROM, TO)`:
  every precomposed Latin letter becomes its base letter, and a stray combining accent is
  dropped. The table is made from `fold`, so both databases agree on every letter in it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

_MARKS = re.compile("[\u0300-\u036f]")

# The SQLite function's name (registered in api/db.py).
SQLITE_FUNCTION = "rapport_fold"


def fold(text: str) -> str:
    """`text` without accents, in lower case."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


# Names repeat from one request to the next (the scores list folds every name it searches).
fold_name = lru_cache(maxsize=65_536)(fold)


def sqlite_fold(value: object) -> object:
    """`fold` as a SQLite function: NULL and non-text values pass through."""
    return fold(value) if isinstance(value, str) else value


def _translate_table() -> tuple[str, str]:
    """(FROM, TO) for PostgreSQL's `translate`: each precomposed letter of the Latin blocks
    that folds to one character, mapped to it, then the combining accents (no TO character,
    so `translate` deletes them)."""
    source, target = [], []
    latin = [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    for code in latin:
        letter = chr(code)
        base = fold(letter)
        if len(base) == 1 and base != letter.lower() and base.isascii():
            # lower() runs first in SQL, but a database whose ctype is "C" leaves non-ASCII
            # letters as they are: list both cases.
            for form in (letter, letter.lower()):
                if len(form) == 1 and form not in source:
                    source.append(form)
                    target.append(base)
    source.extend(chr(c) for c in range(0x0300, 0x0370))
    return "".join(source), "".join(target)


TRANSLATE_FROM, TRANSLATE_TO = _translate_table()


class folded(FunctionElement):
    """`fold(column)` in SQL (see the module's docstring)."""

    type = String()
    name = "folded"
    inherit_cache = True


@compiles(folded, "sqlite")
def _folded_sqlite(element, compiler, **kw):
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(folded)
def _folded_default(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"translate(lower({column}), '{TRANSLATE_FROM}', '{TRANSLATE_TO}')"
