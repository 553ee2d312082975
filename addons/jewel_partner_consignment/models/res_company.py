from odoo import fields, models

# The World Diamond Council's System of Warranties statement (2018 wording).
SOW_STATEMENT = (
    "The diamonds herein invoiced have been purchased from legitimate sources not "
    "involved in funding conflict and in compliance with United Nations Resolutions "
    "and corresponding national laws. The seller hereby guarantees that these "
    "diamonds are conflict free and confirms adherence to the WDC SoW Guidelines."
)


class ResCompany(models.Model):
    _inherit = "res.company"

    jewel_sow_statement = fields.Text(
        string="System of Warranties Statement",
        default=SOW_STATEMENT,
        help="Printed on every invoice and memo whose goods contain diamonds; "
        "update it when the World Diamond Council changes the wording.",
    )

    def _jewel_sow_for(self, products):
        """The statement to print for ``products``, or ``False``."""
        self.ensure_one()
        if not self.jewel_sow_statement or not products._jewel_with_diamonds():
            return False
        return self.jewel_sow_statement
