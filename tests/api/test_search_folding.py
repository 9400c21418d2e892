"""Searches ignore case and accents, the same way on SQLite, on PostgreSQL and in Python.

"zoe" finds "Zoë", "ÉLODIE" finds "Élodie" and "lukasz" finds "Łukasz" in every list that
takes `q`: stakeholders, scores (now and as of a past time), concerns, and their CSV exports;
and a sort by name puts "Élodie" among the E's. The rule is api/kit/fold.py's, which the SPA's
searches share.
"""

import csv
import io
import json
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from api.kit.fold import CASE_BLOCKS, cases, fold, folded

ROOT = Path(__file__).resolve().parents[2]

# One name decomposed ("e" + U+0301, as some keyboards and pasted text give it).
DECOMPOSED_JOSE = unicodedata.normalize("NFD", "José Díaz")
NAMES = ["Zoë Ångström", "Élodie Müller", "Nguyễn Văn An", "Zoe Plain", DECOMPOSED_JOSE, "Eve"]
NAMES += ["Łukasz Ødegaard", "Jörg Straße"]


def test_fold_drops_accents_and_case():
    assert fold("Zoë ÉLODIE Müller Nguyễn Ångström") == "zoe elodie muller nguyen angstrom"
    assert fold(DECOMPOSED_JOSE) == fold("José Díaz") == "jose diaz"
    # Letters with a stroke, and ligatures, do not decompose: they are spelled out.
    assert fold("Łukasz Ødegaard STRAẞE Đorđe Æsir Œuvre Þór") == (
        "lukasz odegaard strasse dorde aesir oeuvre thor"
    )
    assert fold("100% SURE_") == "100% sure_"


def test_the_database_folds_as_python_does(db):
    # Every letter of the Latin, Greek and Cyrillic blocks (both cases, with and without
    # accents), a decomposed accent and plain text: the SQL rule of this database gives exactly
    # what `fold` gives.
    letters = " ".join(chr(c) for start, stop in CASE_BLOCKS for c in range(start, stop))
    with db.connect() as conn:
        for text in (letters, *NAMES, "Plain ASCII Text", ""):
            got = conn.execute(sa.select(folded(sa.literal(text, sa.String)))).scalar_one()
            assert got == fold(text), text


def test_the_spa_is_checked_against_these_cases():
    # frontend/src/lib/fold.test.ts checks the SPA's rule against this file; regenerate it with
    # `python -m api.kit.fold > frontend/src/lib/fold.cases.json` when the rule changes.
    path = ROOT / "frontend" / "src" / "lib" / "fold.cases.json"
    assert json.loads(path.read_text(encoding="utf-8")) == cases()


def _names(r) -> list[str]:
    assert r.status_code == 200, r.text
    return [item["name"] for item in r.json()["items"]]


def _csv_names(r) -> list[str]:
    assert r.status_code == 200, r.text
    return [row["name"] for row in csv.DictReader(io.StringIO(r.text))]


def test_stakeholder_and_score_searches_ignore_case_and_accents(ws, other_ws):
    for name in NAMES:
        ws.stakeholder(name=name)
    other_ws.stakeholder(name="Zoë Elsewhere")
    at = (datetime.now(UTC) + timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    cases = {
        "zoe": ["Zoe Plain", "Zoë Ångström"],
        "ZOË": ["Zoe Plain", "Zoë Ångström"],
        "ångström": ["Zoë Ångström"],
        "ANGSTROM": ["Zoë Ångström"],
        "elodie": ["Élodie Müller"],
        "ÉLODIE MÜLLER": ["Élodie Müller"],
        "josé": [DECOMPOSED_JOSE],
        "jose diaz": [DECOMPOSED_JOSE],
        "van an": ["Nguyễn Văn An"],
        "nguyen": ["Nguyễn Văn An"],
        "zoë_": [],  # `_` is a character, not a wildcard
        "lukasz odegaard": ["Łukasz Ødegaard"],
        "ØDE": ["Łukasz Ødegaard"],
        "strasse": ["Jörg Straße"],
        "jorg straß": ["Jörg Straße"],
    }
    for q, expected in cases.items():
        stakeholders = ws.client.get(ws.url("/stakeholders"), params={"q": q})
        assert sorted(_names(stakeholders)) == sorted(expected), q
        for params in ({}, {"as_of": at}):
            scores = ws.client.get(ws.url("/scores"), params={"q": q, "sort": "name", **params})
            assert _names(scores) == sorted(expected, key=fold), (q, params)
    listed = ws.client.get(ws.url("/export/stakeholders.csv"), params={"q": "ELODIE"})
    assert _csv_names(listed) == ["Élodie Müller"]
    scores_csv = ws.client.get(ws.url("/export/scores.csv"), params={"q": "zoë", "sort": "name"})
    assert _csv_names(scores_csv) == ["Zoë Ångström", "Zoe Plain"]  # "zoe a…" < "zoe p…"


def test_a_sort_by_name_ignores_accents(ws):
    for name in ("Zed", "Élodie", "Eve", "Adam"):
        ws.stakeholder(name=name)
    at = (datetime.now(UTC) + timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    for params in ({}, {"as_of": at}):
        r = ws.client.get(ws.url("/scores"), params={"sort": "name", **params})
        assert _names(r) == ["Adam", "Élodie", "Eve", "Zed"], params
        r = ws.client.get(ws.url("/scores"), params={"sort": "-name", **params})
        assert _names(r) == ["Zed", "Eve", "Élodie", "Adam"], params


def test_concern_search_ignores_case_and_accents(ws):
    zoe = ws.stakeholder(name="Zoë Ångström")["id"]
    eve = ws.stakeholder(name="Eve")["id"]
    cafe = ws.concern(eve, text="Le café ferme à 18h: no coffee for the night shift")
    audit = ws.concern(zoe, text="Audit forms")
    plain = ws.concern(eve, text="Cafe opening hours")

    def listed(q):
        r = ws.client.get(ws.url("/concerns"), params={"q": q})
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["items"]]

    assert listed("CAFÉ") == [cafe["id"], plain["id"]]
    assert listed("cafe") == [cafe["id"], plain["id"]]
    assert listed("FERME A 18H") == [cafe["id"]]
    assert listed("angstrom") == [audit["id"]]  # the person's name
    exported = ws.client.get(ws.url("/export/concerns.csv"), params={"q": "zoe"})
    assert exported.status_code == 200, exported.text
    assert [row["id"] for row in csv.DictReader(io.StringIO(exported.text))] == [audit["id"]]
