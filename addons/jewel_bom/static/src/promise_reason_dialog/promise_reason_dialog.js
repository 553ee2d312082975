import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { standardErrorDialogProps } from "@web/core/errors/error_dialogs";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * A committed promise (deadline, delivery date, price, metal weight) was changed:
 * ask why, then replay the refused write with the reason, so that the chatter
 * keeps old value, new value and reason.
 */
export class PromiseReasonDialog extends Component {
    static template = "jewel_bom.PromiseReasonDialog";
    static components = { Dialog };
    static props = { ...standardErrorDialogProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        const [message, model, ids, vals] = this.props.data.arguments;
        Object.assign(this, { message, model, ids, vals });
        this.state = useState({ reason: "", saving: false });
    }

    async confirm() {
        const reason = this.state.reason.trim();
        if (!reason) {
            return;
        }
        this.state.saving = true;
        try {
            await this.orm.write(this.model, this.ids, this.vals, {
                context: { jewel_change_reason: reason },
            });
        } finally {
            this.state.saving = false;
        }
        this.props.close();
        this.notification.add(reason, { title: "Promise changed", type: "success" });
        await this.action.doAction("soft_reload");
    }
}

registry
    .category("error_dialogs")
    .add(
        "odoo.addons.jewel_bom.models.jewel_promise_mixin.PromiseReasonRequired",
        PromiseReasonDialog
    );
