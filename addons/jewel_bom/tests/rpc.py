from odoo.api import call_kw
from odoo.service.model import get_public_method


class RpcMixin:
    """Call a model the way the web client's ``/web/dataset/call_kw`` does.

    As ``user``, with only the public methods (no ``_`` prefix, no
    ``@api.private``) and JSON-like arguments: what anyone logged in can send,
    whatever the buttons and wizards show.
    """

    def rpc(self, user, model, method, *args, **kwargs):
        records = self.env[model].with_user(user)
        get_public_method(records, method)
        return call_kw(records, method, list(args), kwargs)

    def assertRpcRefused(
        self, exception, message, user, model, method, *args, **kwargs
    ):
        """The call is refused with ``exception`` whose text matches ``message``."""
        with self.assertRaisesRegex(exception, message):
            with self.env.cr.savepoint():
                self.rpc(user, model, method, *args, **kwargs)
