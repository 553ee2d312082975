from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class JewelPartnerPortal(CustomerPortal):
    """Retail partners follow the workshop's pieces at their shop."""

    _jewel_items_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        if "jewel_piece_count" in counters:
            values["jewel_piece_count"] = (
                env["jewel.memo.line"].search_count(self._jewel_pieces_domain())
                if env["jewel.memo.line"].has_access("read")
                else 0
            )
        if "jewel_memo_count" in counters:
            values["jewel_memo_count"] = (
                env["jewel.memo"].search_count([("state", "!=", "draft")])
                if env["jewel.memo"].has_access("read")
                else 0
            )
        if "jewel_report_count" in counters:
            values["jewel_report_count"] = (
                env["jewel.consignment.report"].search_count([])
                if env["jewel.consignment.report"].has_access("read")
                else 0
            )
        return values

    def _jewel_pieces_domain(self, search=None):
        """Pieces at the user's shop; record rules restrict them to its partner."""
        domain = [("state", "=", "out")]
        if search:
            domain.append(("serial", "ilike", search))
        return domain

    def _jewel_get_memo(self, memo_id):
        """The memo if the user may read it (record rules), else 404."""
        memo = request.env["jewel.memo"].search(
            [("id", "=", memo_id), ("state", "!=", "draft")]
        )
        if not memo:
            raise NotFound()
        return memo

    @http.route(
        ["/my/pieces", "/my/pieces/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_jewel_pieces(self, page=1, search=None, **kw):
        values = self._jewel_prepare_pieces_values(page=page, search=search)
        return request.render(
            "jewel_partner_consignment.portal_my_jewel_pieces", values
        )

    def _jewel_prepare_pieces_values(self, page=1, search=None):
        Line = request.env["jewel.memo.line"]
        domain = self._jewel_pieces_domain(search)
        count = Line.search_count(domain)
        pager = portal_pager(
            url="/my/pieces",
            url_args={"search": search} if search else {},
            total=count,
            page=page,
            step=self._jewel_items_per_page,
        )
        lines = Line.search(
            domain,
            order="date_sent, id",
            limit=self._jewel_items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # the lines were filtered by the portal record rules above; sudo
                # only reads their product and serial for display
                "pieces": lines.sudo(),
                "pager": pager,
                "page_name": "jewel_pieces",
                "default_url": "/my/pieces",
                "search": search or "",
                "piece_count": count,
            }
        )
        return values

    @http.route(
        "/my/pieces/report_sale",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_jewel_report_sale(self, **post):
        lines = self._jewel_posted_lines(post)
        try:
            # portal users cannot create reports; the model checks the pieces
            report = (
                request.env["jewel.consignment.report"]
                .sudo()
                ._jewel_portal_report_sale(request.env.user.partner_id, lines.sudo())
            )
        except UserError as error:
            values = self._jewel_prepare_pieces_values()
            values["error_message"] = str(error)
            return request.render(
                "jewel_partner_consignment.portal_my_jewel_pieces", values
            )
        return request.redirect(f"/my/consignment_reports/{report.id}")

    @http.route(
        "/my/pieces/request_return",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_jewel_request_return(self, **post):
        lines = self._jewel_posted_lines(post)
        if lines:
            # the model method only flags lines the user could read (rules applied)
            lines.sudo()._jewel_request_return()
        return request.redirect("/my/pieces?return_requested=1")

    def _jewel_posted_lines(self, post):
        """The pieces a retail partner posted, as the portal user may see them.

        Only portal users act here: an employee's wider read rights would let
        the sudo calls that follow reach every partner's pieces.
        """
        if not request.env.user._is_portal():
            raise Forbidden()
        # isdecimal, not isdigit: "²" is a digit that int() refuses
        ids = [
            int(value)
            for value in request.httprequest.form.getlist("line_ids")
            if value.isdecimal()
        ]
        # search, not browse: record rules drop other partners' pieces
        return request.env["jewel.memo.line"].search(
            [("id", "in", ids), ("state", "=", "out")]
        )

    @http.route(
        ["/my/memos", "/my/memos/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_jewel_memos(self, page=1, **kw):
        Memo = request.env["jewel.memo"]
        domain = [("state", "!=", "draft")]
        pager = portal_pager(
            url="/my/memos",
            total=Memo.search_count(domain),
            page=page,
            step=self._jewel_items_per_page,
        )
        memos = Memo.search(
            domain, limit=self._jewel_items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "memos": memos,
                "pager": pager,
                "page_name": "jewel_memo",
                "default_url": "/my/memos",
            }
        )
        return request.render("jewel_partner_consignment.portal_my_jewel_memos", values)

    @http.route("/my/memos/<int:memo_id>", type="http", auth="user", website=True)
    def portal_my_jewel_memo(self, memo_id, report_type=None, download=False, **kw):
        memo = self._jewel_get_memo(memo_id)
        if report_type in ("html", "pdf"):
            return self._show_report(
                model=memo,
                report_type=report_type,
                report_ref="jewel_partner_consignment.action_report_jewel_memo",
                download=download,
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "memo": memo,
                # rules checked by _jewel_get_memo; sudo reads serials for display
                "lines": memo.sudo().line_ids.filtered(
                    lambda line: line.state != "cancel"
                ),
                "page_name": "jewel_memo",
            }
        )
        return request.render("jewel_partner_consignment.portal_my_jewel_memo", values)

    @http.route(
        ["/my/consignment_reports", "/my/consignment_reports/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_jewel_reports(self, page=1, **kw):
        Report = request.env["jewel.consignment.report"]
        pager = portal_pager(
            url="/my/consignment_reports",
            total=Report.search_count([]),
            page=page,
            step=self._jewel_items_per_page,
        )
        reports = Report.search(
            [], limit=self._jewel_items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "reports": reports,
                "pager": pager,
                "page_name": "jewel_report",
                "default_url": "/my/consignment_reports",
            }
        )
        return request.render(
            "jewel_partner_consignment.portal_my_jewel_reports", values
        )

    @http.route(
        "/my/consignment_reports/<int:report_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_jewel_report(self, report_id, **kw):
        report = request.env["jewel.consignment.report"].search(
            [("id", "=", report_id)]
        )
        if not report:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "report": report,
                # rules checked by the search above; sudo reads serials for display
                "lines": report.sudo().line_ids,
                "page_name": "jewel_report",
            }
        )
        return request.render(
            "jewel_partner_consignment.portal_my_jewel_report", values
        )
