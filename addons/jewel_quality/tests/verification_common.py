import base64
import io

from PIL import Image

from odoo.tests import new_test_user

from .common import JewelQualityCommon

# values a buyer must never see on the public page
PRIVATE_TEXTS = (
    "Zelda Quartermain",  # the customer, in the piece's memo
    "Secret Assay Office Ltd",  # a partner on the piece
    "4321.09",  # the product's cost
    "4,321.09",
    "8765.43",  # its sales price
    "8,765.43",
    "Vault B shelf 7",  # the piece's internal memo
    "SECRET-REF-9",  # the product's internal reference
    "Ines Inspector",  # the staff who checked it
)


class JewelVerificationCommon(JewelQualityCommon):
    """A certified ring (serial, checks passed, hallmarked) with private data
    around it, and a goldsmith who may not touch its verification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring.tracking = "serial"
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), (212, 175, 55)).save(buffer, "PNG")
        cls.ring.write(
            {
                "image_1920": base64.b64encode(buffer.getvalue()),
                "standard_price": 4321.09,
                "list_price": 8765.43,
                "default_code": "SECRET-REF-9",
            }
        )
        cls.goldsmith = new_test_user(
            cls.env,
            login="jewel_verify_goldsmith",
            name="Gita Goldsmith",
            groups="base.group_user,jewel_bom.group_jewel_goldsmith,"
            "stock.group_stock_user",
        )

    def _certified_lot(self):
        production = self._mo()
        production.action_generate_serial()
        lot = production.lot_producing_id
        lot.write(
            {
                "jewel_gross_metal_weight": 3.812,
                "jewel_stone_weight": 0.5,
                "jewel_stone_count": 1,
            }
        )
        self._check(production, self.point_weight).with_user(
            self.inspector
        ).action_record(3.962)
        self._pass_all(production, user=self.inspector)
        self._mark_done(production)
        office = self.env["res.partner"].create({"name": "Secret Assay Office Ltd"})
        lot.write(
            {
                "jewel_hallmark_mark": "750 crown",
                "jewel_hallmark_office_id": office.id,
                "jewel_huid": "AB12C3",
                "jewel_hallmark_date": "2026-03-14",
                "note": "<p>Vault B shelf 7, reserved for Zelda Quartermain</p>",
            }
        )
        lot.message_post(body="Customer Zelda Quartermain asked for a resize.")
        return lot
