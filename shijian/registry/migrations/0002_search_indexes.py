"""Indexes for entity search (市场主体检索), PostgreSQL only.

* ``shijian_grams(text)``: every character and every pair of adjacent
  characters of a value. A GIN index over it answers "which rows contain all
  the bigrams of 恒达机械" for Chinese text of any length, which a pg_trgm
  index cannot do for two-character queries (no trigram to look up) and does
  poorly across punctuation such as ``(``; see docs/search.md for the
  measurements. The function mirrors
  ``shijian.registry.search.domain.search_grams`` and must stay immutable.
* a binary-collated b-tree on (normalised name, id) for the exact-name and
  prefix tiers in code-point order;
* a covering b-tree on id with the normalised name, so the probe walk of a
  frequent fragment reads the index only;
* a GIN gram index on the registered address and a b-tree on the person's
  name for officers' searches.

On SQLite (the demo) nothing is created: searches scan, and say so.
On a large existing table these take about a minute per million entities
and block writes meanwhile; an operator may create them beforehand with
CREATE INDEX CONCURRENTLY under the same names (IF NOT EXISTS skips them).
"""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION shijian_grams(value text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        n integer := char_length(value);
        grams text[] := '{}';
    BEGIN
        FOR i IN 1..n LOOP
            grams := grams || substr(value, i, 1);
            IF i < n THEN
                grams := grams || substr(value, i, 2);
            END IF;
        END LOOP;
        RETURN grams;
    END
    $$
    """,
    "CREATE INDEX IF NOT EXISTS registry_entity_name_grams_idx "
    "ON registry_marketentity USING gin (shijian_grams(name_search))",
    "CREATE INDEX IF NOT EXISTS registry_entity_name_c_idx "
    'ON registry_marketentity ((name_search COLLATE "C"), id)',
    "CREATE INDEX IF NOT EXISTS registry_entity_id_name_idx "
    "ON registry_marketentity (id) INCLUDE (name_search)",
    "CREATE INDEX IF NOT EXISTS registry_entity_address_grams_idx "
    "ON registry_marketentity USING gin (shijian_grams(address))",
    "CREATE INDEX IF NOT EXISTS registry_person_name_idx ON registry_person (name)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS registry_person_name_idx",
    "DROP INDEX IF EXISTS registry_entity_address_grams_idx",
    "DROP INDEX IF EXISTS registry_entity_id_name_idx",
    "DROP INDEX IF EXISTS registry_entity_name_c_idx",
    "DROP INDEX IF EXISTS registry_entity_name_grams_idx",
    "DROP FUNCTION IF EXISTS shijian_grams(text)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
