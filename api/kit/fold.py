"""One rule for every search by name or text: case- and accent-insensitive.

`fold(text)` decomposes the text (NFD), drops the combining accents (U+0300 to U+036F) and
lowers the case, as the SPA's own searches do (frontend/src/lib/fold.ts). So "zoe" finds
"Zoë", and "ÉLODIE" finds "Élodie", in every list, on either database.

`folded(column)` is the same rule in SQL:

- on SQLite, `fold` itself, registered on each connection as `rapport_fold` (api/db.py);
- on PostgreSQL, `lower(regexp_replace(normalize(x, NFD), '[accents]', '', 'g'))`: the same
  three steps (`normalize` needs PostgreSQL 13 and a UTF-8 database).
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
    # The accents' character class holds the characters themselves, not escapes that would
    # depend on the server's regular expression flavour.
    column = compiler.process(element.clauses, **kw)
    return f"lower(regexp_replace(normalize({column}, NFD), '{_MARKS.pattern}', '', 'g'))"
