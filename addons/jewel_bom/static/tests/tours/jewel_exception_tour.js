import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("jewel_exception_raise", {
    steps: () => [
        {
            content: "Raise an exception from the manufacturing order",
            trigger: ".o_form_view button[name='action_jewel_raise_exception']",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name='summary'] input",
            run: "edit Polishing wheel broke: piece scratched",
        },
        {
            trigger: ".o_form_view div[name='closure_condition'] textarea",
            run: "edit Piece re-polished and inspected",
        },
        {
            content: "Assign the approval to the supervisor",
            trigger: ".o_form_view div[name='approver_id'] input",
            run: "edit Tour Supervisor",
        },
        {
            trigger: ".ui-autocomplete a:contains('Tour Supervisor')",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_open']",
            run: "click",
        },
        {
            content: "Ask the supervisor for approval",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Awaiting Approval')",
        },
        {
            content: "Back to the manufacturing order",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Move the deadline: a promise already made",
            trigger: ".o_form_view div[name='date_deadline'] input",
            run: "edit 12/24/2031 10:00:00",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The web client asks why",
            trigger: ".modal .o_jewel_promise_reason_input",
            run: "edit Piece goes back to polishing after EXC",
        },
        {
            trigger: ".modal .o_jewel_promise_reason_confirm:enabled",
            run: "click",
        },
        {
            content: "The chatter keeps old date, new date and reason",
            trigger: ".o-mail-Message:contains('Piece goes back to polishing after EXC')",
        },
    ],
});

registry.category("web_tour.tours").add("jewel_exception_approve", {
    steps: () => [
        {
            content: "The supervisor approves",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
        {
            content: "Record how the closure condition was met",
            trigger: ".o_form_view div[name='closure_note'] textarea",
            run: "edit Re-polished on Thursday, inspected OK",
        },
        {
            trigger: ".o_form_view button[name='action_close']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
    ],
});
