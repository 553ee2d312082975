import { registry } from "@web/core/registry";

function pickMany2one(fieldSelector, text) {
    return [
        {
            content: `Pick ${text}`,
            trigger: `${fieldSelector} input`,
            run: `edit ${text}`,
        },
        {
            trigger: `.ui-autocomplete a:contains('${text}')`,
            run: "click",
        },
    ];
}

function addLine(alloy, gross) {
    return [
        {
            content: `Add ${gross} g of ${alloy}`,
            trigger: "div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pickMany2one("div[name='line_ids'] .o_selected_row div[name='alloy_id']", alloy),
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='gross_weight'] input",
            run: `edit ${gross}`,
        },
    ];
}

function postAndBack() {
    return [
        {
            trigger: ".o_form_view button[name='action_post']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Posted')",
        },
        {
            content: "Back to the manufacturing order",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('MO/')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_jewel_issue_metal']",
        },
    ];
}

// The storekeeper's day on the demo workshop: issue the metal a new solitaire
// needs to Marco, take back the piece and the filings, see the loss.
registry.category("web_tour.tours").add("jewel_metal_ledger_storekeeper", {
    steps: () => [
        {
            content: "Issue metal for the solitaire",
            trigger: ".o_form_view button[name='action_jewel_issue_metal']",
            run: "click",
        },
        {
            content: "The issue offers the 3.200 g of 18K yellow the BOM needs",
            trigger: "div[name='line_ids'] .o_data_row:has(td[name='alloy_id']:contains('18K Yellow Gold')) td[name='gross_weight']:contains('3.200')",
        },
        {
            content: "Only the casting metal: the white gold head is made by its own order",
            trigger: "div[name='line_ids']:not(:has(td[name='alloy_id']:contains('White')))",
        },
        {
            trigger: "div[name='from_account_id'] input:value('Main Vault')",
        },
        ...pickMany2one("div[name='to_account_id']", "Marco Bellini"),
        ...postAndBack(),
        {
            content: "Marco brings the ring back: 3.000 g",
            trigger: ".o_form_view button[name='action_jewel_return_metal']",
            run: "click",
        },
        ...pickMany2one("div[name='from_account_id']", "Marco Bellini"),
        {
            trigger: "div[name='to_account_id'] input:value('Finished Goods')",
        },
        ...addLine("18K Yellow Gold", "3.000"),
        ...postAndBack(),
        {
            content: "And his filings",
            trigger: ".o_form_view button[name='action_jewel_return_metal']",
            run: "click",
        },
        ...pickMany2one("div[name='from_account_id']", "Marco Bellini"),
        {
            trigger: "div[name='transfer_type'] select",
            run: "select \"scrap_return\"",
        },
        {
            content: "Filings go back to the vault, not into finished goods",
            trigger: "div[name='to_account_id'] input:value('Main Vault')",
        },
        ...addLine("18K Yellow Gold", "0.160"),
        ...postAndBack(),
        {
            content: "Open the Metal tab",
            trigger: ".o_notebook a:contains('Metal')",
            run: "click",
        },
        {
            content: "0.040 g lost, 1.25 % of the gold issued",
            trigger: "div[name='jewel_metal_job_ids'] td[name='gross_loss']:contains('0.040')",
        },
        {
            trigger: "div[name='jewel_metal_job_ids'] td[name='loss_percent']:contains('1.25')",
        },
        {
            content: "Within Marco's 1.5 %: close the job",
            trigger: "div[name='jewel_metal_job_ids'] button[name='action_close']",
            run: "click",
        },
        {
            trigger: "div[name='jewel_metal_job_ids'] td[name='state']:contains('Closed')",
        },
    ],
});

// The goldsmith sees his own account, balance and job, nobody else's.
registry.category("web_tour.tours").add("jewel_metal_ledger_goldsmith", {
    steps: () => [
        {
            content: "Only Marco's own account is listed, with what he holds",
            trigger: ".o_data_row:contains('Marco Bellini') td[name='balance_text']:contains('3.750 g XAU')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Main Vault'))):not(:has(.o_data_row:contains('Sofia')))",
        },
        {
            trigger: ".o_data_row:contains('Marco Bellini') td[name='name']",
            run: "click",
        },
        {
            content: "His balance in words",
            trigger: "div[name='balance_label']:contains('Marco Bellini (bench) holds 3.750 g fine Gold')",
        },
        {
            content: "His ledger",
            trigger: "button[name='action_view_ledger']",
            run: "click",
        },
        {
            content: "Gold: what he holds, in milligrams",
            trigger: ".o_group_header:contains('Gold'):contains('3.750')",
            run: "click",
        },
        {
            content: "The metal issued for the solitaire he makes",
            trigger: ".o_data_row:has(td[name='production_id']:contains('MO/')) td[name='fine_weight']:contains('3.750')",
        },
    ],
});
