"""One rule for every search by name or text: case- and accent-insensitive.

`fold(text)` decomposes the text (NFD), drops the combining accents (U+0300 to U+036F),
lowers the case and spells out the few letters that do not decompose ("ł" as "l", "ø" as "o",
"ß" as "ss": `SPELLED`), as the SPA's own searches do (frontend/src/lib/fold.ts). So "zoe"
finds "Zoë", "ÉLODIE" finds "Élodie" and "lukasz" finds "Łukasz", in every list, on either
database.

`folded(column)` is the same rule in SQL:

- on SQLite, `fold` itself, registered on each connection as `rapport_fold` (api/db.py);
- on PostgreSQL, `lower(regexp_replace(normalize(x, NFD), '[accents]', '', 'g'))`, then
  `replace` and `translate` for the spelled-out letters: the same steps (`normalize` needs
  PostgreSQL 13 and a UTF-8 database).

`python -m api.kit.fold` prints the rule's cases for the SPA's test
(frontend/src/lib/fold.cases.json), which a test here keeps in step.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

_MARKS = re.compile("[\u0300-\u036f]")

# Lower-case letters with a stroke, and ligatures, which NFD leaves whole: as their letters.
SPELLED = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ŧ": "t",
    "ı": "i",  # noqa: RUF001 - the dotless i, on purpose
    "ð": "d",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}
_SPELL = str.maketrans(SPELLED)

# The SQLite function's name (registered in api/db.py).
SQLITE_FUNCTION = "rapport_fold"


def fold(text: str) -> str:
    """`text` without accents, in lower case."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower().translate(_SPELL)


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
    sql = f"lower(regexp_replace(normalize({column}, NFD), '{_MARKS.pattern}', '', 'g'))"
    singles = {k: v for k, v in SPELLED.items() if len(v) == 1}
    for letter, spelled in SPELLED.items():
        if len(spelled) > 1:
            sql = f"replace({sql}, '{letter}', '{spelled}')"
    return f"translate({sql}, '{''.join(singles)}', '{''.join(singles.values())}')"


# The letters the rule is checked on, here and in the SPA: the Latin, Greek and Cyrillic
# blocks, both cases, with and without accents.
CASE_BLOCKS = [(0x41, 0x5B), (0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00)]


def cases() -> dict[str, str]:
    """Each letter of `CASE_BLOCKS`, and a few whole names, with what `fold` makes of them."""
    texts = [chr(c) for start, stop in CASE_BLOCKS for c in range(start, stop)]
    texts += ["Zoë ÉLODIE Müller Nguyễn Ångström", "Łukasz Ødegaard STRAẞE Æsir Œuvre Þór"]
    return {text: fold(text) for text in texts}


if __name__ == "__main__":
    import json
    import sys

    json.dump(cases(), sys.stdout, ensure_ascii=False, indent=0, sort_keys=True)
    sys.stdout.write("\n")
