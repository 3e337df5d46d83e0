"""Staff pages: a unit's integrations (administrators) and webhook deliveries (handlers)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.extensions import db
from eservices.integrations import bp, services
from eservices.integrations.forms import ApiClientForm, WebhookForm
from eservices.integrations.models import ApiClient, WebhookDelivery
from eservices.organisation.models import Unit
from eservices.permissions import requires


def _unit_or_404(unit_id):
    return db.session.get(Unit, unit_id) or abort(404)


@bp.route("/admin/enheter/<int:unit_id>/integrationer", methods=["GET", "POST"])
@requires("manage_organisation")
def unit_integrations(unit_id):
    """The unit's webhook and API clients."""
    unit = _unit_or_404(unit_id)
    webhook_form = WebhookForm(obj=unit, prefix="webhook")
    client_form = ApiClientForm(prefix="client")
    shown_once = None
    if request.method == "POST" and "webhook-url" in request.form:
        if webhook_form.validate():
            secret = services.set_webhook(unit, webhook_form.url.data, actor=current_user)
            flash(_("The webhook is saved."), "success")
            if secret:
                shown_once = {"label": _("Signing secret"), "value": secret}
            else:
                return redirect(url_for("integrations.unit_integrations", unit_id=unit.id))
    elif request.method == "POST" and "client-name" in request.form:
        if client_form.validate():
            _client, token = services.create_api_client(
                unit, client_form.name.data, actor=current_user
            )
            flash(_("The API client is created."), "success")
            shown_once = {"label": _("API token"), "value": token}
            client_form = ApiClientForm(prefix="client", formdata=None)
    elif request.method == "POST" and request.form.get("action") == "renew-secret":
        if not unit.webhook_url:
            abort(400)
        secret = services.renew_webhook_secret(unit, actor=current_user)
        flash(_("A new signing secret is made. Give it to the receiver."), "success")
        shown_once = {"label": _("Signing secret"), "value": secret}
    elif request.method == "POST":
        abort(400)
    return render_template(
        "integrations/unit.html",
        unit=unit,
        webhook_form=webhook_form,
        client_form=client_form,
        clients=services.api_clients(unit),
        shown_once=shown_once,
        # Two forms on one page: either one's errors put "Fel: " in the title.
        forms_with_errors=bool(webhook_form.errors or client_form.errors),
    )


@bp.route("/admin/api-klienter/<int:client_id>/aterkalla", methods=["GET", "POST"])
@requires("manage_organisation")
def revoke_client(client_id):
    """Confirm, then stop an API client's token from working."""
    client = db.session.get(ApiClient, client_id) or abort(404)
    if request.method == "POST" and client.revoked_at is None:
        services.revoke_api_client(client, actor=current_user)
        flash(_("The token of “%(name)s” no longer works.", name=client.name), "success")
        return redirect(url_for("integrations.unit_integrations", unit_id=client.unit_id))
    return render_template("integrations/revoke.html", client=client)


@bp.route("/handlaggning/leveranser")
@requires("handle_cases")
def deliveries():
    """Cases pushed to the back-end systems of my units: delivered, waiting or failing."""
    page = services.deliveries_for(current_user.units, page=request.args.get("page", 1, type=int))
    return render_template("integrations/deliveries.html", page=page)


@bp.route("/handlaggning/leveranser/<int:delivery_id>/forsok-igen", methods=["POST"])
@requires("handle_cases")
def retry_delivery(delivery_id):
    """Try a waiting delivery again at the worker's next round."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.unit_id not in {unit.id for unit in current_user.units}:
        abort(404)
    services.retry_now(delivery, actor=current_user)
    flash(_("Case %(number)s will be sent again shortly.", number=delivery.case.number), "success")
    return redirect(url_for("integrations.deliveries"))
