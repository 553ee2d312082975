import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("jewel_quality_rework", {
    url: "/odoo/action-jewel_quality.jewel_quality_check_action",
    steps: () => [
        {
            content: "Open the weight check of the tour ring",
            trigger: ".o_data_row:contains('Tour ring weight') td[name='title']",
            run: "click",
        },
        {
            content: "Weigh the piece: 4.400 g, far above 4.000 g ± 0.150",
            trigger: "div[name='measured_value'] input",
            run: "edit 4.400",
        },
        {
            trigger: "button[name='action_record']",
            run: "click",
        },
        {
            content: "The check failed: decide",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Failed')",
        },
        {
            trigger: "button[name='action_open_fail_wizard']",
            run: "click",
        },
        {
            content: "Send it back to the final inspection bench",
            trigger: ".modal div[name='operation_id'] input",
            run: "edit Tour final",
        },
        {
            trigger: ".ui-autocomplete a:contains('Tour final inspection')",
            run: "click",
        },
        {
            trigger: ".modal div[name='rework_minutes'] input",
            run: "edit 20",
        },
        {
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Too heavy: file the shank inside",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The decision is kept on the check",
            trigger: "div[name='decision_reason']:contains('Too heavy')",
        },
        {
            content: "Open the re-check",
            trigger: "button[name='action_open_recheck']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('To Do')",
        },
        {
            content: "Weigh again after the rework: 4.020 g",
            trigger: "div[name='measured_value'] input",
            run: "edit 4.020",
        },
        {
            trigger: "button[name='action_record']",
            run: "click",
        },
        {
            content: "The re-check passed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Passed')",
        },
        {
            content: "Go to the manufacturing order",
            trigger: "div[name='production_id'] a",
            run: "click",
        },
        {
            content: "Mark it done",
            trigger: ".o_statusbar_buttons button[name='button_mark_done']:visible",
            run: "click",
        },
        {
            content: "The MO is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
