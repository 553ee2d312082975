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

function editPrefilledLine(alloy, prefilled, gross) {
    return [
        {
            content: `The issue offers ${prefilled} g of ${alloy}, as the BOM needs`,
            trigger: `div[name='line_ids'] .o_data_row:has(td[name='alloy_id']:contains('${alloy}')) td[name='gross_weight']:contains('${prefilled}')`,
            run: "click",
        },
        {
            trigger: "div[name='line_ids'] .o_selected_row div[name='gross_weight'] input",
            run: `edit ${gross}`,
        },
    ];
}

function backToOrder() {
    return [
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

registry.category("web_tour.tours").add("jewel_metal_ledger_issue_return", {
    steps: () => [
        {
            content: "Issue metal to the goldsmith",
            trigger: ".o_form_view button[name='action_jewel_issue_metal']",
            run: "click",
        },
        ...pickMany2one("div[name='from_account_id']", "Tour Vault"),
        ...pickMany2one("div[name='to_account_id']", "Tour Goldsmith"),
        ...editPrefilledLine("18K Yellow Gold", "6.200", "100"),
        {
            content: "Post the issue",
            trigger: ".o_form_view button[name='action_post']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Posted')",
        },
        {
            content: "75.000 g fine for 100 g of 18K",
            trigger: "div[name='line_ids'] td[name='fine_weight']:contains('75.000')",
        },
        ...backToOrder(),
        {
            content: "The piece comes back",
            trigger: ".o_form_view button[name='action_jewel_return_metal']",
            run: "click",
        },
        ...pickMany2one("div[name='from_account_id']", "Tour Goldsmith"),
        ...addLine("18K Yellow Gold", "97.5"),
        {
            trigger: ".o_form_view button[name='action_post']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Posted')",
        },
        ...backToOrder(),
        {
            content: "Open the Metal tab",
            trigger: ".o_notebook a:contains('Metal')",
            run: "click",
        },
        {
            content: "2.500 g lost, 2.5 % of the fine gold issued",
            trigger: "div[name='jewel_metal_job_ids'] td[name='gross_loss']:contains('2.500')",
        },
        {
            trigger: "div[name='jewel_metal_job_ids'] td[name='loss_percent']:contains('2.50')",
        },
        {
            content: "Close the job",
            trigger: "div[name='jewel_metal_job_ids'] button[name='action_close']",
            run: "click",
        },
        {
            content: "Over the 2 % tolerance: the supervisor decides",
            trigger: "div[name='jewel_metal_job_ids'] button[name='action_decide']",
            run: "click",
        },
        {
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Thin claws, heavy filing: accepted",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The job is closed",
            trigger: "div[name='jewel_metal_job_ids'] td[name='state']:contains('Closed')",
        },
    ],
});
