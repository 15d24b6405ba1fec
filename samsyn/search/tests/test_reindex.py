"""`samsyn reindex` rebuilds the search index from the records, whatever a bulk load left of it."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from samsyn.search.engine import FTS_TABLE, POSTING_TABLE, TERM_TABLE
from samsyn.search.models import SearchEntry


def hits(word):
    out = io.StringIO()
    call_command("search", word, "--partnership", "shk", "--format", "json", "--limit", "100", stdout=out)
    return sorted((row["kind"], row["id"], row["title"]) for row in json.loads(out.getvalue()))


def reindex(*args):
    out = io.StringIO()
    with translation.override("sv"):
        call_command("reindex", *args, stdout=out)
    return out.getvalue()


def test_reindex_finds_again_what_a_lost_index_no_longer_found(shk):
    before = {word: hits(word) for word in ("Västerås", "äldre", "styrelse")}
    assert all(before.values())
    SearchEntry.objects.filter(partnership=shk).delete()
    assert hits("Västerås") == []
    output = reindex("--partnership", "shk")
    assert output.startswith("shk: ") and "texter indexerade" in output
    assert {word: hits(word) for word in before} == before


def test_reindex_fills_the_index_tables_that_loaddata_leaves_empty(shk):
    before = hits("Västerås")
    with connection.cursor() as cursor:
        # What Django's loaddata leaves: the entries are there, their index rows are not.
        cursor.execute(f"DELETE FROM {POSTING_TABLE}")
        cursor.execute(f"DELETE FROM {TERM_TABLE}")
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            # and a full-text row of an entry that is gone may remain
            cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, stems) VALUES (99999999, 'vasteras')")
    assert hits("Västerås") == []
    reindex()
    assert hits("Västerås") == before
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE rowid = 99999999")
            assert cursor.fetchone()[0] == 0


def test_reindex_of_an_unknown_partnership_says_so(db):
    with pytest.raises(CommandError, match="Det finns inget partnerskap okänt"):
        reindex("--partnership", "okänt")
