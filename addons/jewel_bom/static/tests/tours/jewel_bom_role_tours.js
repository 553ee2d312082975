import { registry } from "@web/core/registry";

/** A demo date: ``days`` after the day the demo was loaded (today). */
function demoDate(days) {
    return luxon.DateTime.utc().plus({ days }).toFormat("MM/dd/yyyy");
}

// the demo's latest gold fixing: last Friday (jewel_metal_price_demo.xml)
function lastFriday() {
    return luxon.DateTime.utc().startOf("week").minus({ days: 3 }).toFormat("MM/dd/yyyy");
}

registry.category("web_tour.tours").add("jewel_bom_planner_day", {
    url: "/odoo/action-mrp.mrp_bom_form_action",
    steps: () => [
        {
            content: "Find the solitaire among the bills of materials",
            trigger: ".o_searchview_input",
            run: "edit Solitaire Ring 18K",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the solitaire's BOM",
            trigger: ".o_data_row td:contains('Solitaire Ring 18K Yellow 0.50 ct')",
            run: "click",
        },
        {
            content: "The metal total of the lines is in milligrams, like the lines",
            trigger: "div[name='bom_line_ids'] tfoot:contains('3.200')",
        },
        {
            content: "Open the Jewellery tab",
            trigger: ".o_notebook a:contains('Jewellery')",
            run: "click",
        },
        {
            content: "Re-cost the design at its costing date",
            trigger: "button[name='action_jewel_recost']",
            run: "click",
        },
        {
            content: "The cost is at the June rate",
            trigger: "div[name='jewel_cost_total'] span:contains('2,387.23')",
        },
        {
            content: "Convert the design to another karat",
            trigger: "button[name='action_jewel_convert']",
            run: "click",
        },
        {
            content: "Look for the 14K alloys",
            trigger: ".modal div[name='target_alloy_id'] input",
            run: "edit 14K",
        },
        {
            content: "14K white is offered (it has casting grain), 14K rose is not",
            trigger:
                ".ui-autocomplete:has(a:contains('14K White Gold')):not(:has(a:contains('14K Rose Gold')))",
        },
        {
            trigger: ".ui-autocomplete a:contains('14K Yellow Gold')",
            run: "click",
        },
        {
            content: "The new product is named after the new alloy",
            trigger:
                ".modal div[name='product_name'] input:value('Solitaire Ring 14K Yellow 0.50 ct')",
        },
        {
            trigger: ".modal button[name='action_convert']",
            run: "click",
        },
        {
            content: "The converted BOM opens",
            trigger: ".o_breadcrumb .active:contains('Solitaire Ring 14K Yellow 0.50 ct')",
        },
        {
            trigger: ".o_notebook a:contains('Jewellery')",
            run: "click",
        },
        {
            content: "It is costed already, at today's prices, and says the rate's date",
            trigger: "div[name='jewel_cost_total'] span:contains('2,287.92')",
        },
        {
            trigger: `div[name='jewel_cost_price_date'] span:contains('${lastFriday()}')`,
        },
    ],
});

registry.category("web_tour.tours").add("jewel_bom_supervisor_day", {
    steps: () => [
        {
            content: "The MO of Claire's ring shows the exceptions of her order too",
            trigger: "button[name='action_jewel_view_exceptions'] .o_stat_value:contains('3')",
            run: "click",
        },
        {
            content: "The late centre stone is listed, with the moved promise date",
            trigger: `.o_data_row:contains('centre stone'):contains('${demoDate(30)}')`,
        },
        {
            content: "The count matches the list",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(4)))",
        },
        {
            trigger: ".o_data_row td:contains('centre stone')",
            run: "click",
        },
        {
            content: "The affected promise shows the new delivery date, not the old one",
            trigger: ".o_notebook a:contains('Affected Promises')",
            run: "click",
        },
        {
            trigger: `div[name='promise_ids'] .o_data_row:contains('${demoDate(30)}')`,
        },
        {
            trigger: `div[name='promise_ids']:not(:contains('${demoDate(21)}'))`,
        },
        {
            content: "The supervisor approves the planner's resolution",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
    ],
});

registry.category("web_tour.tours").add("jewel_bom_owner_day", {
    steps: () => [
        {
            content: "Claire's order: what changed and what it affects",
            trigger: ".o_notebook a:contains('Changes & Promises')",
            run: "click",
        },
        {
            content: "The late centre stone puts the delivery at risk",
            trigger: "div[name='jewel_story_html']:contains('centre stone')",
        },
        {
            content: "The delivery moved, and the order says to when",
            trigger: `div[name='jewel_story_html']:contains('${demoDate(30)}')`,
        },
        {
            content: "Open the order's exceptions",
            trigger: "button[name='action_jewel_view_exceptions']",
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('centre stone')",
            run: "click",
        },
        {
            content: "The owner approves the plan for the late stone",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
    ],
});
