"""Append-only in the database (#14): on PostgreSQL the audit table refuses UPDATE and DELETE from
any client (raw SQL, another program, a bulk edit that bypasses the ORM), not only through
AppendOnlyQuerySet. Nothing is done on SQLite.

Two PL/pgSQL functions, shared with the evidence log (skills 0005), take the table's rules as one
JSON argument:

Refusals are SQLSTATE 23000 (integrity_constraint_violation: Django raises IntegrityError).

- academy_append_only_guard(), BEFORE UPDATE OR DELETE, row by row: DELETE is refused; an UPDATE
  is refused unless every column it changes is either a link listed under "unlink" becoming NULL
  (ON DELETE SET NULL: the person or page it named is being deleted) or a free-text column listed
  under "erase" becoming '' (personal-data erasure).
- academy_append_only_recheck(), a deferred constraint trigger AFTER UPDATE, checks those two
  exceptions at COMMIT, when the deleting transaction has done its work: a link may have become
  NULL only if the row it named no longer exists, and free text may have been blanked only if the
  person it is about is erased ("erased": their staff profile has erased_at set). A forged
  "SET actor_id = NULL" or "SET note = ''" therefore fails at commit.

TRUNCATE is not covered (it fires no row triggers): the test runner empties tables with it, and
only the table owner may run it. A superuser can always disable triggers."""

import json

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION academy_append_only_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rules jsonb := TG_ARGV[0]::jsonb;
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb;
    changed text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is append-only: DELETE refused', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation', HINT = 'Correct a record by adding a new one.';
    END IF;
    new_row := to_jsonb(NEW);
    FOR changed IN
        SELECT key FROM jsonb_each(new_row) WHERE value IS DISTINCT FROM old_row -> key
    LOOP
        CONTINUE WHEN coalesce(rules -> 'unlink' ? changed, false) AND new_row -> changed = 'null'::jsonb;
        CONTINUE WHEN coalesce(rules -> 'erase' ? changed, false) AND new_row ->> changed = '';
        RAISE EXCEPTION '% is append-only: UPDATE of % refused', TG_TABLE_NAME, changed
            USING ERRCODE = 'integrity_constraint_violation', HINT = 'Correct a record by adding a new one.';
    END LOOP;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION academy_append_only_recheck() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rules jsonb := TG_ARGV[0]::jsonb;
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb := to_jsonb(NEW);
    changed text;
    target jsonb;
    found boolean;
BEGIN
    FOR changed IN
        SELECT key FROM jsonb_each(new_row) WHERE value IS DISTINCT FROM old_row -> key
    LOOP
        IF coalesce(rules -> 'unlink' ? changed, false) THEN
            -- The link became NULL: allowed only once the row it named is gone (integer keys).
            target := rules -> 'unlink' -> changed;
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1::bigint)', target ->> 0, target ->> 1)
                INTO found USING old_row ->> changed;
            IF found THEN
                RAISE EXCEPTION '% is append-only: % was cleared but % #% still exists',
                    TG_TABLE_NAME, changed, target ->> 0, old_row ->> changed
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        ELSIF coalesce(rules -> 'erase' ? changed, false) THEN
            -- Free text was blanked: allowed only when the person it is about is erased.
            target := rules -> 'erased';
            IF target IS NULL THEN
                found := false;
            ELSE
                EXECUTE format(
                    'SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1::bigint AND %I IS NOT NULL)',
                    target ->> 'table', target ->> 'match', target ->> 'flag'
                ) INTO found USING new_row ->> (target ->> 'column');
            END IF;
            IF NOT found THEN
                RAISE EXCEPTION '% is append-only: % was blanked but the person is not erased',
                    TG_TABLE_NAME, changed
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS academy_append_only_recheck();
DROP FUNCTION IF EXISTS academy_append_only_guard();
"""


def unlink_rules(model, names: list[str]) -> dict[str, list[str]]:
    """{column: [referenced table, referenced column]} for the model's SET_NULL links."""
    rules = {}
    for name in names:
        field = model._meta.get_field(name)
        rules[field.column] = [field.related_model._meta.db_table, field.target_field.column]
    return rules


def triggers_sql(table: str, rules: dict) -> str:
    argument = json.dumps(rules).replace("'", "''")
    return f"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION academy_append_only_guard('{argument}');
        CREATE CONSTRAINT TRIGGER {table}_append_only_recheck AFTER UPDATE ON {table}
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION academy_append_only_recheck('{argument}');
    """


def drop_triggers_sql(table: str) -> str:
    return f"""
        DROP TRIGGER IF EXISTS {table}_append_only_recheck ON {table};
        DROP TRIGGER IF EXISTS {table}_append_only ON {table};
    """


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    audit = apps.get_model("lms", "AuditEvent")
    # params=None: the SQL holds format()'s %I, which is not a query placeholder.
    schema_editor.execute(FUNCTIONS, params=None)
    rules = {"unlink": unlink_rules(audit, ["actor", "subject_user"])}
    schema_editor.execute(triggers_sql(audit._meta.db_table, rules), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(drop_triggers_sql(apps.get_model("lms", "AuditEvent")._meta.db_table), params=None)
    schema_editor.execute(DROP_FUNCTIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
