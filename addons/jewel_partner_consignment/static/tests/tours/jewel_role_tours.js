import { registry } from "@web/core/registry";

/* The day of the sales, accountant and retail-partner roles on the demo data. */

registry.category("web_tour.tours").add("jewel_sales_day", {
    steps: () => [
        {
            content: "The draft memo for Boutique Linnea lists the band",
            trigger: ".o_field_one2many td:contains('BND-26-0004')",
        },
        {
            content: "Send the memo",
            trigger: ".o_form_statusbar button[name='action_send']",
            run: "click",
        },
        {
            content: "The memo is sent, with its transfer",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sent')",
        },
        {
            trigger: "button[name='action_view_pickings'] .o_stat_value:contains('1')",
        },
        {
            content: "Back to the memos",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Memos')",
            run: "click",
        },
        {
            content: "Look for the band Boutique Linnea asked to return",
            trigger: ".o_searchview_input",
            run: "edit BND-26-0001",
        },
        {
            trigger: ".o_searchview_autocomplete li:contains('Serial')",
            run: "click",
        },
        {
            content: "Open its memo",
            trigger: ".o_list_view .o_data_row:only-child td[name='name']",
            run: "click",
        },
        {
            content: "The requested piece is flagged",
            trigger:
                ".o_field_one2many tr.o_data_row:has(td:contains('BND-26-0001')) " +
                "td[name='return_requested'] input:checked",
        },
        {
            content: "Return that piece only",
            trigger:
                ".o_field_one2many tr.o_data_row:has(td:contains('BND-26-0001')) " +
                "button[name='action_return']",
            run: "click",
        },
        {
            content: "It is back in stock; the others stay at the partner",
            trigger:
                ".o_field_one2many tr.o_data_row:has(td:contains('BND-26-0001')) " +
                "td[name='state']:contains('Returned')",
        },
        {
            trigger:
                ".o_field_one2many tr.o_data_row:has(td:contains('BND-26-0002')) " +
                "td[name='state']:contains('At Partner')",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Partially')",
        },
    ],
});

registry.category("web_tour.tours").add("jewel_accountant_day", {
    steps: () => [
        {
            content: "Open the sales report Maison Aurelia sent, still to confirm",
            trigger:
                ".o_list_view .o_data_row:has(td[name='state']:contains('Draft')) " +
                "td[name='partner_id']:contains('Aurelia')",
            run: "click",
        },
        {
            content: "The band sold at $1,290.00 leaves $838.50 to invoice after 35 %",
            trigger: ".o_field_one2many td:contains('BND-26-0003')",
        },
        {
            trigger: "div[name='amount_net']:contains('838.50')",
        },
        {
            content: "Confirm and invoice the report",
            trigger: ".o_form_statusbar button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Confirmed: the amount due is the invoice total",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
        {
            trigger: "div[name='amount_total']:contains('964.28')",
        },
        {
            content: "Open the invoice",
            trigger: "button[name='action_view_invoice']",
            run: "click",
        },
        {
            content: "The invoice line: agreed price $1,290.00, net $838.50",
            trigger:
                "div[name='invoice_line_ids'] .o_data_row:has(td[name='price_unit']:contains('1,290.00')) " +
                "td[name='price_subtotal']:contains('838.50')",
        },
        {
            content: "Its label explains the commission",
            trigger:
                "div[name='invoice_line_ids'] .o_data_row:has(td[name='price_unit']:contains('1,290.00'))",
            run: function () {
                const fields = [...this.anchor.querySelectorAll("textarea, input")];
                const text = [this.anchor.innerText, ...fields.map((f) => f.value)].join(" ");
                if (!/BND-26-0003.*less your commission of 35 %: \$\s451\.50/s.test(text)) {
                    throw new Error(`No commission on the invoice line: ${text}`);
                }
            },
        },
        {
            trigger: ".o_form_view div[name='tax_totals']:contains('838.50')",
        },
        {
            trigger: ".o_form_view div[name='tax_totals']:contains('964.28')",
        },
    ],
});

registry.category("web_tour.tours").add("jewel_partner_portal_day", {
    steps: () => [
        {
            content: "Tick the chain sold at the shop",
            trigger: "tr[data-serial='CHN-26-0002'] input.o_jewel_piece_check",
            run: "check",
        },
        {
            content: "Report the sale",
            trigger: "button.o_jewel_report_sale",
            run: "click",
        },
        {
            content: "The sales report shows what is due, tax included",
            trigger: ".o_jewel_report_portal td:contains('CHN-26-0002')",
        },
        {
            trigger: ".o_jewel_report_portal td:contains('Amount due (incl. tax)')",
            run: function () {
                window.location.href = "/my/pieces";
            },
        },
        {
            content: "Back at the pieces, the chain shows its reported sale",
            trigger:
                "tr[data-serial='CHN-26-0002'] .o_jewel_piece_status:contains('Sale Reported')",
        },
        {
            content: "Ask the workshop to take a solitaire back",
            trigger: "tr[data-serial='SOL-26-0003'] input.o_jewel_piece_check",
            run: "check",
        },
        {
            trigger: "button.o_jewel_request_return",
            run: "click",
        },
        {
            content: "The solitaire shows the return request",
            trigger:
                "tr[data-serial='SOL-26-0003'] .o_jewel_piece_status:contains('Return Requested')",
        },
    ],
});
