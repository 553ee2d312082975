import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("jewel_bom_karat_conversion", {
    url: "/odoo/action-mrp.mrp_bom_form_action",
    steps: () => [
        {
            content: "Find the band among the bills of materials",
            trigger: ".o_searchview_input",
            run: "edit Tour Band",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the band's BOM",
            trigger: ".o_data_row td:contains('Tour Band 18K Yellow Gold')",
            run: "click",
        },
        {
            content: "Open the Jewellery tab",
            trigger: ".o_notebook a:contains('Jewellery')",
            run: "click",
        },
        {
            content: "The totals show 6.200 g of metal and 4.650 g of fine gold",
            trigger: "div[name='jewel_gross_metal_weight'] span:contains('6.200')",
        },
        {
            trigger: "div[name='jewel_fine_gold'] span:contains('4.650')",
        },
        {
            content: "Convert the design to another karat",
            trigger: "button[name='action_jewel_convert']",
            run: "click",
        },
        {
            content: "Pick 14K yellow gold",
            trigger: ".modal div[name='target_alloy_id'] input",
            run: "edit 14K Yellow",
        },
        {
            trigger: ".ui-autocomplete a:contains('14K Yellow Gold')",
            run: "click",
        },
        {
            content: "The new product is named after the new alloy",
            trigger: ".modal div[name='product_name'] input:value('Tour Band 14K Yellow Gold')",
        },
        {
            trigger: ".modal button[name='action_convert']",
            run: "click",
        },
        {
            content: "The converted BOM opens, with 5.201 g of 14K yellow",
            trigger: ".o_breadcrumb .active:contains('Tour Band 14K Yellow Gold')",
        },
        {
            trigger: ".o_notebook a:contains('Jewellery')",
            run: "click",
        },
        {
            trigger: "div[name='jewel_gross_metal_weight'] span:contains('5.201')",
        },
    ],
});
