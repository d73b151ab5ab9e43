"""The triggers that keep claims_tally (claims.models.Tally) right in the same transaction as
every write to claims_prediction, whoever makes it: services, QuerySet.update (flag_due), admin
bulk actions, bulk_create, raw SQL and the bench loaders. Created (with a recount) by the latest
migration that changes them, 0026 (this module's SQL needs the current claims_tally columns, so
older migrations must not run it); a later migration that rebuilds claims_prediction on SQLite
(AddField and the like) drops its triggers and must run SQLITE_TRIGGERS again.

PostgreSQL: statement-level triggers with transition tables, so one UPDATE over 100k rows (the
due job) costs one aggregated upsert, not 100k. Writers that touch the same tally row serialize
on its row lock until they commit; the keys are coarse (speaker, status, verdict, confidence),
so two concurrent reviews of one speaker's predictions wait on each other's commit. Accepted:
the writes are short and the alternative is a scan per page view.
SQLite: row-level triggers (it has no statement-level ones).
"""

from __future__ import annotations

from collections.abc import Callable

_KEY = "grain, speaker_id, status, verdict, confidence, due_year, due_day"

# The delta rows of one statement: +1 per new row, -1 per old row, each counted at the speaker
# and due-year grains (the latter also per speaker), and at the due-day grains (all speakers and
# per speaker) when open and dated (models.TallyGrain).
_PG_UPSERT = f"""
    INSERT INTO claims_tally ({_KEY}, n)
    SELECT g.grain,
           CASE WHEN g.grain IN ('s', 'Y', 'D') THEN d.speaker_id ELSE 0 END,
           d.status, d.verdict,
           CASE WHEN g.grain = 's' THEN d.confidence ELSE '' END,
           CASE WHEN g.grain IN ('y', 'Y') THEN COALESCE(EXTRACT(YEAR FROM d.due_latest)::int, 0) ELSE 0 END,
           CASE WHEN g.grain IN ('d', 'D') THEN to_char(d.due_latest, 'YYYYMMDD')::int ELSE 0 END,
           SUM(d.delta)
    FROM ({{rows}}) d CROSS JOIN (VALUES ('s'), ('y'), ('d'), ('Y'), ('D')) AS g(grain)
    WHERE g.grain NOT IN ('d', 'D') OR (d.status = 'open' AND d.due_latest IS NOT NULL)
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING SUM(d.delta) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ({_KEY}) DO UPDATE SET n = claims_tally.n + EXCLUDED.n;
"""
_NEW = "SELECT speaker_id, status, verdict, confidence, due_latest, 1 AS delta FROM tally_new"
_OLD = "SELECT speaker_id, status, verdict, confidence, due_latest, -1 AS delta FROM tally_old"

# ORDER BY: concurrent statements lock tally rows in one order, so they wait, never deadlock.
PG_CREATE = [
    f"""CREATE FUNCTION claims_tally_insert() RETURNS trigger AS $$
BEGIN {_PG_UPSERT.format(rows=_NEW)} RETURN NULL; END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION claims_tally_update() RETURNS trigger AS $$
BEGIN {_PG_UPSERT.format(rows=_NEW + " UNION ALL " + _OLD)} RETURN NULL; END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION claims_tally_delete() RETURNS trigger AS $$
BEGIN {_PG_UPSERT.format(rows=_OLD)} RETURN NULL; END $$ LANGUAGE plpgsql""",
    # TRUNCATE fires no DELETE trigger (the benches empty the table so): it empties the tallies too.
    """CREATE FUNCTION claims_tally_truncate() RETURNS trigger AS $$
BEGIN DELETE FROM claims_tally; RETURN NULL; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER claims_tally_truncate AFTER TRUNCATE ON claims_prediction
FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_truncate()""",
    """CREATE TRIGGER claims_tally_insert AFTER INSERT ON claims_prediction
REFERENCING NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_insert()""",
    """CREATE TRIGGER claims_tally_update AFTER UPDATE ON claims_prediction
REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_update()""",
    """CREATE TRIGGER claims_tally_delete AFTER DELETE ON claims_prediction
REFERENCING OLD TABLE AS tally_old FOR EACH STATEMENT EXECUTE FUNCTION claims_tally_delete()""",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS claims_tally_insert ON claims_prediction",
    "DROP TRIGGER IF EXISTS claims_tally_update ON claims_prediction",
    "DROP TRIGGER IF EXISTS claims_tally_delete ON claims_prediction",
    "DROP TRIGGER IF EXISTS claims_tally_truncate ON claims_prediction",
    "DROP FUNCTION IF EXISTS claims_tally_truncate()",
    "DROP FUNCTION IF EXISTS claims_tally_insert()",
    "DROP FUNCTION IF EXISTS claims_tally_update()",
    "DROP FUNCTION IF EXISTS claims_tally_delete()",
]


def _sqlite_add(row: str, sign: str) -> str:
    """Statements that add `sign`1 for the row `row` (NEW or OLD) at each grain it counts at."""
    year = f"COALESCE(CAST(strftime('%Y', {row}.due_latest) AS INTEGER), 0)"
    day = f"CAST(strftime('%Y%m%d', {row}.due_latest) AS INTEGER)"
    open_dated = f"{row}.status = 'open' AND {row}.due_latest IS NOT NULL"
    keys = [
        (["'s'", f"{row}.speaker_id", f"{row}.status", f"{row}.verdict", f"{row}.confidence", "0", "0"], "1"),
        (["'y'", "0", f"{row}.status", f"{row}.verdict", "''", year, "0"], "1"),
        (["'d'", "0", f"{row}.status", f"{row}.verdict", "''", "0", day], open_dated),
        (["'Y'", f"{row}.speaker_id", f"{row}.status", f"{row}.verdict", "''", year, "0"], "1"),
        (["'D'", f"{row}.speaker_id", f"{row}.status", f"{row}.verdict", "''", "0", day], open_dated),
    ]
    statements = []
    for key, counted in keys:
        # Only an addition creates a counter: a subtraction from a missing one is a row deleted
        # after its counters were (SQLite's flush deletes table by table, the tallies first), and a
        # -1 row then would make every later count, and the overview's bars, negative.
        if sign == "+":
            statements.append(
                f"INSERT OR IGNORE INTO claims_tally ({_KEY}, n) SELECT {', '.join(key)}, 0 WHERE {counted};"
            )
        where = " AND ".join(
            f"{column} = {value}" for column, value in zip(_KEY.split(", "), key, strict=True)
        )
        statements.append(f"UPDATE claims_tally SET n = n {sign} 1 WHERE {where} AND {counted};")
    return "\n".join(statements)


_COUNTED = "speaker_id, status, verdict, confidence, due_latest"
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER claims_tally_insert AFTER INSERT ON claims_prediction
BEGIN {_sqlite_add("NEW", "+")} END""",
    f"""CREATE TRIGGER claims_tally_update AFTER UPDATE OF {_COUNTED} ON claims_prediction
BEGIN {_sqlite_add("OLD", "-")} {_sqlite_add("NEW", "+")} END""",
    f"""CREATE TRIGGER claims_tally_delete AFTER DELETE ON claims_prediction
BEGIN {_sqlite_add("OLD", "-")} END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_tally_insert",
    "DROP TRIGGER IF EXISTS claims_tally_update",
    "DROP TRIGGER IF EXISTS claims_tally_delete",
]

# The full recount: what the triggers keep, computed from scratch.
RECOUNT = [
    "DELETE FROM claims_tally",
    f"""INSERT INTO claims_tally ({_KEY}, n)
SELECT 's', speaker_id, status, verdict, confidence, 0, 0, COUNT(*) FROM claims_prediction
GROUP BY speaker_id, status, verdict, confidence""",
    f"""INSERT INTO claims_tally ({_KEY}, n)
SELECT 'y', 0, status, verdict, '', {{year}}, 0, COUNT(*) FROM claims_prediction
GROUP BY status, verdict, {{year}}""",
    f"""INSERT INTO claims_tally ({_KEY}, n)
SELECT 'd', 0, status, verdict, '', 0, {{day}}, COUNT(*) FROM claims_prediction
WHERE status = 'open' AND due_latest IS NOT NULL
GROUP BY status, verdict, {{day}}""",
    f"""INSERT INTO claims_tally ({_KEY}, n)
SELECT 'Y', speaker_id, status, verdict, '', {{year}}, 0, COUNT(*) FROM claims_prediction
GROUP BY speaker_id, status, verdict, {{year}}""",
    f"""INSERT INTO claims_tally ({_KEY}, n)
SELECT 'D', speaker_id, status, verdict, '', 0, {{day}}, COUNT(*) FROM claims_prediction
WHERE status = 'open' AND due_latest IS NOT NULL
GROUP BY speaker_id, status, verdict, {{day}}""",
]
YEAR = {
    "postgresql": "COALESCE(EXTRACT(YEAR FROM due_latest)::int, 0)",
    "sqlite": "COALESCE(CAST(strftime('%Y', due_latest) AS INTEGER), 0)",
}
DAY = {
    "postgresql": "to_char(due_latest, 'YYYYMMDD')::int",
    "sqlite": "CAST(strftime('%Y%m%d', due_latest) AS INTEGER)",
}


def create_triggers(execute: Callable[[str], object], vendor: str) -> None:
    for statement in PG_CREATE if vendor == "postgresql" else SQLITE_TRIGGERS:
        execute(statement)


def drop_triggers(execute: Callable[[str], object], vendor: str) -> None:
    for statement in PG_DROP if vendor == "postgresql" else SQLITE_DROP:
        execute(statement)


def recount(execute: Callable[[str], object], vendor: str) -> None:
    """Rebuild claims_tally from the predictions (run inside a transaction: readers never see it
    empty). On PostgreSQL, lock out writers first so none is counted twice or missed."""
    if vendor == "postgresql":
        execute("LOCK TABLE claims_prediction IN SHARE MODE")
        execute("LOCK TABLE claims_tally IN EXCLUSIVE MODE")
    for statement in RECOUNT:
        execute(statement.replace("{year}", YEAR[vendor]).replace("{day}", DAY[vendor]))
