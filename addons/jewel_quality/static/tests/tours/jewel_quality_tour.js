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
            content: "The re-check is blank: nobody has checked it yet",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('To Do')",
        },
        {
            trigger: ".o_form_view:not(:has(div[name='inspector_id'])):not(:has(div[name='date_checked']))",
        },
        {
            content: "The rework work order is still waiting",
            trigger: "div[name='retest_workorder_id'] a:contains('Rework')",
        },
        {
            content: "Weighing it now is refused",
            trigger: "div[name='measured_value'] input",
            run: "edit 4.020",
        },
        {
            trigger: "button[name='action_record']",
            run: "click",
        },
        {
            trigger: ".modal .modal-body:contains('is still')",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Go to the manufacturing order to finish the rework",
            trigger: ".o_form_view:not(:has(.modal)) div[name='production_id'] a",
            run: "click",
        },
        {
            trigger: ".o_notebook a:contains('Work Orders')",
            run: "click",
        },
        {
            content: "Start the rework",
            trigger: ".o_data_row:contains('Rework') button[name='button_start']",
            run: "click",
        },
        {
            content: "The rework is done",
            trigger: ".o_data_row:contains('Rework') button[name='button_finish']",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains('Rework') td[name='state']:contains('Finished')",
        },
        {
            content: "Back to the checks of the order",
            trigger: "button[name='action_jewel_view_quality_checks']",
            run: "click",
        },
        {
            content: "Open the re-check",
            trigger: ".o_data_row:has(td[name='state']:contains('To Do')) td[name='title']:contains('Tour ring weight')",
            run: "click",
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
