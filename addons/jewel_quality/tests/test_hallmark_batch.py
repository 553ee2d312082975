from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import JewelQualityCommon


@tagged("post_install", "-at_install")
class TestHallmarkBatch(JewelQualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chain.tracking = "serial"
        cls.office = cls.env["res.partner"].create({"name": "Test Assay Office"})
        cls.lots = cls.env["stock.lot"].create(
            [{"name": f"TCH-{i}", "product_id": cls.chain.id} for i in range(1, 4)]
        )
        stock = cls.env.ref("stock.stock_location_stock")
        for lot in cls.lots:
            cls.env["stock.quant"]._update_available_quantity(
                cls.chain, stock, 1.0, lot_id=lot
            )

    def _batch(self, lots=None):
        lots = self.lots if lots is None else lots
        return (
            self.env["jewel.hallmark.batch"]
            .with_user(self.inspector)
            .create(
                {
                    "assay_office_id": self.office.id,
                    "fineness": 585.0,
                    "line_ids": [(0, 0, {"lot_id": lot.id}) for lot in lots],
                }
            )
        )

    def test_round_trip(self):
        batch = self._batch()
        self.assertTrue(batch.name.startswith("HN/"))
        self.assertEqual(batch.mark, "585")
        batch.action_send()
        self.assertEqual(batch.state, "sent")
        with self.assertRefused(UserError, "enter the assay result"):
            batch.action_return()
        for line, (assay, cert) in zip(
            batch.line_ids,
            [(588.0, "C-001"), (585.0, "C-002"), (584.0, "C-003")],
            strict=True,
        ):
            line.write({"assay_fineness": assay, "certificate_ref": cert})
        batch.action_return()
        self.assertEqual(batch.state, "returned")
        self.assertEqual(batch.line_ids.mapped("result"), ["pass", "pass", "fail"])
        self.assertEqual(batch.failed_count, 1)
        good, good2, bad = self.lots
        self.assertEqual(good.jewel_hallmark_mark, "585")
        self.assertEqual(good.jewel_hallmark_office_id, self.office)
        self.assertEqual(good.jewel_hallmark_certificate, "C-001")
        self.assertEqual(good.jewel_assay_fineness, 588.0)
        self.assertEqual(good2.jewel_hallmark_mark, "585")
        self.assertFalse(bad.jewel_hallmark_mark)
        self.assertEqual(bad.jewel_assay_fineness, 584.0)

        # The failed piece comes back as a failed assay check: scrap it.
        bad_check = batch.line_ids[2].check_id
        self.assertEqual((bad_check.kind, bad_check.state), ("assay", "fail"))
        scrap = bad_check.with_user(self.inspector).action_decide_scrap(
            "Under-karat",
            defect=self.env.ref("jewel_quality.jewel_quality_defect_karat"),
        )
        self.assertEqual(scrap.lot_id, bad)
        self.assertEqual(scrap.state, "done")
        self.assertEqual(batch.line_ids[2].decision, "scrap")

        # And a piece whose assay failed can never be hallmarked.
        with self.assertRefused(UserError, "assay failed"):
            self._batch(bad)

    def test_failed_piece_back_to_rework_then_hallmarked(self):
        batch = self._batch(self.lots[:1])
        batch.action_send()
        batch.line_ids.assay_fineness = 584.0
        batch.action_return()
        failed = batch.line_ids.check_id
        recheck = failed.action_decide_rework(self.wc_bench, 60.0, "Re-alloy")
        with self.assertRefused(UserError, "assay failed"):
            self._batch(self.lots[:1])
        recheck.action_record(586.0)
        second = self._batch(self.lots[:1])
        second.action_send()
        second.line_ids.assay_fineness = 586.0
        second.action_return()
        self.assertEqual(self.lots[0].jewel_hallmark_mark, "585")

    def test_fineness_grouping(self):
        ring_lot = self.env["stock.lot"].create(
            {"name": "TRG-1", "product_id": self.ring.id}
        )
        with self.assertRefused(ValidationError, "groups pieces of 585"):
            self._batch(ring_lot)

    def test_hallmark_check_refused_after_failed_assay(self):
        production = self._mo()
        point = self.env["jewel.quality.point"].create(
            {"name": "Hallmark", "kind": "hallmark", "blocking": False}
        )
        production._jewel_create_quality_checks()
        self._check(production, self.point_assay).action_record(749.0)
        hallmark = self._check(production, point)
        hallmark.write({"assay_office_id": self.office.id, "hallmark_mark": "750"})
        with self.assertRefused(UserError, "cannot be hallmarked"):
            hallmark.action_pass()
        self.assertEqual(hallmark.state, "todo")

    def test_send_empty_batch(self):
        with self.assertRefused(UserError, "has no pieces"):
            self._batch(self.env["stock.lot"]).action_send()
