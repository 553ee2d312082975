from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalReportConcurrency(TransactionCase):
    """Two assistants of a shop report the same piece sold at the same moment.

    On the demo data (committed, so that a second connection sees it): Maison
    Aurelia's second piece is out and not reported. Nothing is committed here.
    """

    def test_same_piece_reported_twice_at_once(self):
        line = self.env.ref("jewel_partner_consignment.jewel_memo_line_aurelia_2_demo")
        self.assertEqual(line.partner_status, "out")
        shop = line.memo_id.partner_id
        # no activity e-mail: sending it now (tests send at once) would write the
        # salesperson's partner in both transactions, a conflict of its own
        context = {"mail_activity_quick_update": True}
        Report = self.env["jewel.consignment.report"].with_context(**context)
        with self.registry.cursor() as cr:
            # the first assistant's request: reported, not committed yet
            env = api.Environment(cr, SUPERUSER_ID, context)
            env["jewel.consignment.report"]._jewel_portal_report_sale(
                shop.with_env(env), line.with_env(env)
            )
            # the second one waits for the first instead of reporting it again;
            # Odoo retries the request, which then finds the piece reported
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(errors.LockNotAvailable),
                self.env.cr.savepoint(),
            ):
                self.env.cr.execute("SET LOCAL lock_timeout = '1s'")
                Report._jewel_portal_report_sale(shop, line)
            cr.rollback()
        self.assertFalse(
            self.env["jewel.consignment.report.line"].search(
                [("memo_line_id", "=", line.id), ("report_id.state", "!=", "cancel")]
            )
        )
