"""Emptying a jewel addon's own tables before Odoo uninstalls it.

Odoo uninstalls an addon by deleting the records it created by XML id (its
data and demo records), then dropping its models' tables. The ledger lines,
memos, checks... an addon's users created still point at those records with
``ondelete='restrict'`` (a posted ledger line must never lose its alloy or
account), so each of those deletes would fail with a foreign key error. The
tables go anyway: emptying them first, in the uninstall hook, lets Odoo delete
the addon's data cleanly. This is the only place where posted records go.

The addon's records in Odoo's tables (a demo lot, a demo product, the partner
consignment location) that stock moves, quants or invoices still refer to
cannot go: Odoo would try, hit the foreign key and keep them. They are kept
deliberately instead: their XML ids are dropped first, so that Odoo leaves
them to the database's history without a failing delete.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def _own_tables(env, module=None):
    """Tables of the stored models that only the modules being removed define
    (Odoo drops exactly these) and ``module`` defines (any, without it), and
    those models' names."""
    env.cr.execute(
        """
        SELECT m.model
          FROM ir_model m
          JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
          LEFT JOIN ir_module_module mm ON mm.name = d.module
         GROUP BY m.model
        HAVING bool_and(COALESCE(mm.state = 'to remove', FALSE)
                        OR d.module IS NOT DISTINCT FROM %s)
           AND bool_or(%s IS NULL OR d.module = %s)
        """,
        [module, module, module],
    )
    tables, models = {}, []
    for (name,) in env.cr.fetchall():
        model = env.registry.get(name)
        if model is None or model._abstract or not model._auto or model._table_query:
            continue
        tables[model._table] = name
        models.append(name)
    return tables, models


def purge_own_records(env, module):
    """Delete every row of ``module``'s own tables (uninstall hook helper)."""
    tables, models = _own_tables(env, module)
    if not tables:
        return
    env.flush_all()
    cr = env.cr
    cr.execute(
        """
        SELECT con.conname, src.relname, att.attname, att.attnotnull
          FROM pg_constraint con
          JOIN pg_class src ON src.oid = con.conrelid
          JOIN pg_class dst ON dst.oid = con.confrelid
          JOIN pg_attribute att ON att.attrelid = con.conrelid
                               AND att.attnum = con.conkey[1]
         WHERE con.contype = 'f' AND (src.relname IN %s OR dst.relname IN %s)
        """,
        [tuple(tables), tuple(tables)],
    )
    for name, src, column, notnull in cr.fetchall():
        if src in tables or notnull:
            # between the addon's own tables (all emptied), or a required column
            # of the addon on another table: Odoo drops the constraint anyway
            cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT %s",
                    SQL.identifier(src),
                    SQL.identifier(name),
                )
            )
        else:
            # another model's field pointing at the addon's records: the field
            # is the addon's and goes too; until then it points nowhere
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = NULL WHERE %s IS NOT NULL",
                    SQL.identifier(src),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )
    for table in tables:
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
        _logger.info("uninstall %s: emptied %s (%s rows)", module, table, cr.rowcount)
    # their XML ids (data records of these models): nothing left to delete
    cr.execute("DELETE FROM ir_model_data WHERE model IN %s", [tuple(models)])
    env.invalidate_all()


# Odoo's own bookkeeping of the addon (models, fields, constraints): Odoo
# removes it itself, after the records
_METADATA = (
    "ir.model",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.model.constraint",
    "ir.model.relation",
)


def _foreign_keys(cr, table, cache):
    """[(referencing table, column, on delete)] of the foreign keys to ``table``."""
    if table not in cache:
        cr.execute(
            """
            SELECT src.relname, att.attname, con.confdeltype,
                   EXISTS (SELECT 1 FROM pg_attribute i
                            WHERE i.attrelid = src.oid AND i.attname = 'id'
                              AND NOT i.attisdropped)
              FROM pg_constraint con
              JOIN pg_class src ON src.oid = con.conrelid
              JOIN pg_class dst ON dst.oid = con.confrelid
              JOIN pg_attribute att ON att.attrelid = con.conrelid
                                   AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f' AND dst.relname = %s
            """,
            [table],
        )
        cache[table] = cr.fetchall()
    return cache[table]


def _blocked(cr, table, ids, ctx, depth=0):
    """The ``ids`` of ``table`` whose delete the database would refuse: rows
    that will not be deleted refer to them (directly, or through rows that a
    cascade would delete)."""
    doomed, dropped, parents, cache = ctx
    blocked = set()
    for src, column, action, has_id in _foreign_keys(cr, table, cache):
        if src in dropped:
            continue  # emptied by the hooks before Odoo deletes anything
        if src == table and parents.get(table) == column:
            action = "c"  # unlink() of a parent store deletes the children too
        if action not in ("r", "a", "c") or (action == "c" and not has_id):
            continue  # set null / default, or a many2many row: never blocks
        if not has_id:
            cr.execute(
                SQL(
                    "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                    SQL.identifier(column),
                    SQL.identifier(src),
                    SQL.identifier(column),
                    list(ids),
                )
            )
            blocked.update(r[0] for r in cr.fetchall())
            continue
        cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE %s = ANY(%s)",
                SQL.identifier(column),
                SQL.identifier(src),
                SQL.identifier(column),
                list(ids),
            )
        )
        rows = cr.fetchall()
        going = doomed.get(src, set())
        if action == "c":
            # deleted with them, unless something holds those rows in turn
            cascaded = {row_id for row_id, _ref in rows} - going
            if cascaded and depth < 4:
                held = _blocked(cr, src, cascaded, ctx, depth + 1)
                blocked.update(ref for row_id, ref in rows if row_id in held)
        else:
            blocked.update(ref for row_id, ref in rows if row_id not in going)
    return blocked & set(ids)


def release_referenced_records(env):
    """Drop the XML ids of the removed addons' records that rows staying in the
    database still refer to, so that Odoo keeps them without trying a delete
    (uninstall hook helper). Returns ``{model: ids}`` of the records kept."""
    env.flush_all()
    cr = env.cr
    cr.execute(
        """
        SELECT d.model, array_agg(d.res_id)
          FROM ir_model_data d
          JOIN ir_module_module m ON m.name = d.module AND m.state = 'to remove'
         WHERE d.model NOT IN %s AND d.res_id IS NOT NULL
         GROUP BY d.model
        """,
        [_METADATA],
    )
    rows = cr.fetchall()
    dropped = set(_own_tables(env)[0])
    parents = {
        model._table: model._parent_name
        for model in env.registry.values()
        if model._parent_store and not model._abstract
    }
    doomed, models = {}, {}
    for name, ids in rows:
        model = env.registry.get(name)
        if model is None or model._abstract or not model._auto or model._table_query:
            continue
        if model._table in dropped:
            continue
        doomed.setdefault(model._table, set()).update(ids)
        models[model._table] = name
    kept, ctx = {}, (doomed, dropped, parents, {})
    changed = True
    while changed:  # keeping a record may hold the records it refers to
        changed = False
        for table, ids in doomed.items():
            held = _blocked(cr, table, ids, ctx) if ids else set()
            if held:
                ids -= held
                kept.setdefault(models[table], set()).update(held)
                changed = True
    for name, ids in kept.items():
        cr.execute(
            """
            DELETE FROM ir_model_data d USING ir_module_module m
             WHERE m.name = d.module AND m.state = 'to remove'
               AND d.model = %s AND d.res_id = ANY(%s)
            """,
            [name, list(ids)],
        )
        _logger.info("uninstall: %s %s kept, history refers to them", name, sorted(ids))
    return kept


def clean_before_uninstall(env, module):
    """The uninstall hook of every jewel addon."""
    purge_own_records(env, module)
    release_referenced_records(env)
