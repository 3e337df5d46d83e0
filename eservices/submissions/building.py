"""The form of one step, built from its definition: what build_form gives the step view."""

from __future__ import annotations

from eservices.forms import BaseForm
from eservices.submissions.answers import initial_inputs, shown_fields
from eservices.submissions.inputs import input_names, inputs_for


def build_form(step, *, language, data=None, formdata=None) -> BaseForm:
    """A form for one step, labelled in ``language``.

    ``data`` holds the answers so far (typed, as from answers_from_form; other steps'
    answers may be included, and decide visible_if) and fills in the inputs when
    ``formdata`` (request.form on POST) is None. A field hidden by its visible_if is in
    the form but not validated.
    """
    form_class = _form_class(step, language)
    context = dict(data or {})
    if formdata is None:
        initial = {
            form_class._attribute_of.get(name, name): value
            for name, value in initial_inputs(step, context).items()
        }
        # Without formdata nothing is being submitted, so there is no token to check:
        # validating such a form re-checks stored answers.
        form = form_class(formdata=None, data=initial, meta={"csrf": False})
    else:
        form = form_class(formdata=formdata)
    # Files are not typed into the form: they are the ones already uploaded.
    for field in step.fields:
        if field.type == "file":
            form[field.id].data = list(context.get(field.id) or ())
    form._context = context
    return form


# --- The form class -----------------------------------------------------------------------


class StepForm(BaseForm):
    """One step of an e-service; made by build_form, which sets the attributes below."""

    _step = None
    _context: dict = {}
    # A field id that is also the name of a form attribute ("data", "errors", "validate")
    # is bound under another attribute; its input keeps the id as its name.
    _attribute_of: dict = {}
    _name_of: dict = {}

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Give a renamed field its id back as its input name."""
            name = form._name_of.get(options["name"], options["name"])
            return super().bind_field(form, unbound_field, dict(options, name=name))

    def __getitem__(self, name):
        return super().__getitem__(self._attribute_of.get(name, name))

    def __contains__(self, name):
        return super().__contains__(self._attribute_of.get(name, name))

    def validate(self, extra_validators=None):
        """Validate the inputs of the fields shown; clear the errors of hidden ones."""
        shown = {
            name
            for field in shown_fields(self._step, self, self._context)
            for name in input_names(field)
        }
        in_step = {name for field in self._step.fields for name in input_names(field)}
        success = True
        for attribute, field in self._fields.items():
            if field.name in in_step and field.name not in shown:
                field.errors = []
                continue
            extra = (extra_validators or {}).get(attribute, ())
            if not field.validate(self, extra):
                success = False
        return success


def _form_class(step, language):
    inputs = {}
    for field in step.fields:
        inputs.update(inputs_for(field, language))
    reserved = {*dir(StepForm), "csrf_token", "meta", "form_errors"}
    taken = set(inputs)
    attribute_of = {}
    for name in inputs:
        if name in reserved:
            attribute = f"{name}_"
            while attribute in reserved or attribute in taken:
                attribute = f"{attribute}_"
            attribute_of[name] = attribute
            taken.add(attribute)
    attributes = {attribute_of.get(name, name): unbound for name, unbound in inputs.items()}
    attributes.update(
        _step=step,
        _attribute_of=attribute_of,
        _name_of={attribute: name for name, attribute in attribute_of.items()},
    )
    return type(f"StepForm_{step.id}", (StepForm,), attributes)
