import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("jewel_memo_send", {
    steps: () => [
        {
            content: "The draft memo lists the piece",
            trigger: ".o_field_one2many td:contains('TOUR-B-001')",
        },
        {
            content: "Send the memo",
            trigger: ".o_form_statusbar button[name='action_send']",
            run: "click",
        },
        {
            content: "The memo is sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sent')",
        },
        {
            content: "Its transfer exists",
            trigger: "button[name='action_view_pickings'] .o_stat_value:contains('1')",
        },
    ],
});

registry.category("web_tour.tours").add("jewel_portal_report_sale", {
    steps: () => [
        {
            content: "Search a serial",
            trigger: ".o_jewel_piece_search input[name='search']",
            run: "edit TP-S-002",
        },
        {
            trigger: ".o_jewel_piece_search button[type='submit']",
            run: "click",
        },
        {
            content: "Open its memo and download the memo note",
            trigger:
                "body:not(:has(tr[data-serial='TP-S-001'])) tr[data-serial='TP-S-002'] a[href^='/my/memos/']",
            run: "click",
        },
        {
            content: "The memo note link answers",
            trigger: "a.o_jewel_memo_download",
            run: async function () {
                const link = document.querySelector("a.o_jewel_memo_download");
                const response = await fetch(link.href);
                if (response.status !== 200) {
                    throw new Error(`Memo note answered ${response.status}`);
                }
                window.location.href = "/my/pieces?search=TP-S-002";
            },
        },
        {
            content: "Tick the sold piece",
            trigger:
                "body:not(:has(tr[data-serial='TP-S-001'])) tr[data-serial='TP-S-002'] input.o_jewel_piece_check",
            run: "check",
        },
        {
            content: "Report the sale",
            trigger: "button.o_jewel_report_sale",
            run: "click",
        },
        {
            content: "The draft sales report is shown",
            trigger: ".o_jewel_report_portal td:contains('TP-S-002')",
        },
    ],
});
