"""The PostgreSQL indexes behind the `q` search (PredictionQuerySet.search), created by
migration 0013 and rebuilt by the benches around a bulk load (one CREATE INDEX over a loaded
table is many times faster than growing a GIN index row by row).

Measured at 1M predictions (README, Performance): trigram GIN indexes on UPPER(...) serve
Django's icontains (UPPER(col) LIKE UPPER('%q%')) for terms of 3 characters or more. pg_trgm
has nothing to look up for a 2-character term (代理 has no trigram), so each searched column
also gets a GIN index of its character bigrams, through an IMMUTABLE function the query calls
by name. SQLite keeps its plain LIKE: nothing here runs there.
"""

from __future__ import annotations

from collections.abc import Callable

# (table, column, index name prefix): the three columns `q` searches.
SEARCHED = [
    ("claims_prediction", "statement", "prediction_statement"),
    ("claims_prediction", "statement_en", "prediction_statement_en"),
    ("claims_span", "quote", "span_quote"),
]

# PL/pgSQL: 4x faster than the same loop as one SQL statement, which runs through the SQL-function
# executor on every row (measured building the index at 20k rows). Duplicates are left in: GIN
# stores each key of a row once.
BIGRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION hindsight_bigrams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    u text := upper(t);
    bigrams text[] := '{}';
BEGIN
    FOR i IN 1 .. char_length(u) - 1 LOOP
        bigrams := bigrams || substr(u, i, 2);
    END LOOP;
    RETURN bigrams;
END
$$
"""


def create_search_indexes(execute: Callable[[str], object]) -> None:
    execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    execute(BIGRAMS_FUNCTION)
    for table, column, name in SEARCHED:
        execute(
            f"CREATE INDEX IF NOT EXISTS {name}_trgm_idx ON {table} USING gin (upper({column}) gin_trgm_ops)"
        )
        execute(
            f"CREATE INDEX IF NOT EXISTS {name}_bigram_idx ON {table} USING gin (hindsight_bigrams({column}))"
        )


def drop_search_indexes(execute: Callable[[str], object]) -> None:
    """The indexes only: the function stays, for create_search_indexes to use again."""
    for _, _, name in SEARCHED:
        execute(f"DROP INDEX IF EXISTS {name}_trgm_idx")
        execute(f"DROP INDEX IF EXISTS {name}_bigram_idx")
