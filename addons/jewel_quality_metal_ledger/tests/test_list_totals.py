from lxml import etree

from odoo.tests import TransactionCase, tagged

MODULES = ("jewel_metal_ledger", "jewel_quality", "jewel_quality_metal_ledger")


@tagged("post_install", "-at_install")
class TestListTotals(TransactionCase):
    """A list footer is formatted with the column's ``digits`` attribute only
    (the web client ignores the field's precision there): every summed weight
    column says it, so totals show milligrams like the lines."""

    def _summed_columns(self, node, model):
        """``(model, field name, node)`` of every aggregated column under ``node``."""
        for child in node.iterchildren(tag="field"):
            field = self.env[model]._fields.get(child.get("name"))
            if field is None:
                continue
            if any(child.get(agg) for agg in ("sum", "avg")):
                yield model, field, child
            if field.type in ("one2many", "many2many"):
                for sub in child.iter("list"):
                    yield from self._summed_columns(sub, field.comodel_name)
        for child in node.iterchildren():
            if child.tag not in ("field",):
                yield from self._summed_columns(child, model)

    def test_weight_totals_show_milligrams(self):
        views = self.env["ir.ui.view"].search(
            [
                (
                    "id",
                    "in",
                    self.env["ir.model.data"]
                    .search([("module", "in", MODULES), ("model", "=", "ir.ui.view")])
                    .mapped("res_id"),
                ),
                ("type", "in", ("list", "form")),
            ]
        )
        checked = 0
        for view in views:
            arch = etree.fromstring(view.arch_db.encode())
            for model, field, node in self._summed_columns(arch, view.model):
                if field.type != "float":
                    continue
                digits = field.get_digits(self.env)
                if not digits or digits[1] != 3:
                    continue
                checked += 1
                self.assertEqual(
                    node.get("digits"),
                    "[16, 3]",
                    f"{view.xml_id}: the total of {model}.{field.name} shows "
                    "2 decimals",
                )
        self.assertGreaterEqual(checked, 10)
