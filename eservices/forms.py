"""The project's base form and the inputs that forms of several capabilities share.

Validators are in ``eservices.validators``, and reading typed values in ``eservices.parsers``.
"""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


def _strip(value):
    # NUL never comes from a keyboard and PostgreSQL refuses it in text: drop it here.
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form: CSRF on, surrounding whitespace stripped from every text value."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Add the strip filter to every field."""
            filters = list(unbound_field.kwargs.get("filters", ()))
            # A password is exactly what was typed, spaces included.
            if unbound_field.field_class is not PasswordField:
                filters.insert(0, _strip)
            return unbound_field.bind(form=form, filters=filters, **options)


def choices(pairs):
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class _Checkbox(CheckboxInput):
    # A required group needs one box ticked, not every box: no `required` on each.
    def __call__(self, field, **kwargs):
        kwargs.setdefault("required", False)
        return super().__call__(field, **kwargs)


class CheckboxList(SelectMultipleField):
    """A group of checkboxes, accessible without JavaScript, unlike a multi-select.

    The `field()` macro renders it as a fieldset. Give it ``validators.Choice()``: values
    that are not among the choices are refused there, with a message naming the field.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = _Checkbox()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)

    def process_data(self, value):
        """Accept stored values, a list; anything else (objects of a model) is no choice.

        A view that fills the form from a model sets the data itself, as ids.
        """
        try:
            items = value if isinstance(value, list | tuple) else ()
            self.data = [self.coerce(item) for item in items]
        except (TypeError, ValueError):
            self.data = []
