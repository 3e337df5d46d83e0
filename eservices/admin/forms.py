"""Forms for administering staff, units and committees."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Email, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from eservices.forms import BaseForm, MaxLength, NoControlCharacters, Required, choices
from eservices.permissions import ROLES


class CheckboxList(SelectMultipleField):
    """A group of checkboxes (accessible without JavaScript, unlike a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """Refuse values that are not among the choices."""
        values = {str(choice.value) for choice in self.choices}
        for item in self.data or ():
            if str(item) not in values:
                raise ValidationError(_l("Choose from the list."))


class Slug:
    """Lower-case letters, digits and hyphens: used in addresses and routing rules."""

    def __call__(self, form, field):
        if field.data and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", field.data):
            raise ValidationError(
                _l("Use lower-case letters a–z, digits and hyphens, for example park-och-natur.")
            )


class StaffForm(BaseForm):
    """A staff account: name, log-in address, roles and memberships."""

    given_name = StringField(
        _l("First name"), validators=[Required(), MaxLength(100), NoControlCharacters()]
    )
    family_name = StringField(
        _l("Last name"), validators=[Required(), MaxLength(100), NoControlCharacters()]
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Required(),
            MaxLength(320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
    roles = CheckboxList(_l("Roles"), choices=choices(ROLES.items()))
    units = CheckboxList(_l("Units"), coerce=int, choices=[])
    committees = CheckboxList(_l("Committees"), coerce=int, choices=[])
    is_active = BooleanField(_l("The account is active"), default=True)


class UnitForm(BaseForm):
    """An administration or a unit."""

    name_sv = StringField(
        _l("Name in Swedish"), validators=[Required(), MaxLength(200), NoControlCharacters()]
    )
    name_en = StringField(
        _l("Name in English"), validators=[Optional(), MaxLength(200), NoControlCharacters()]
    )
    slug = StringField(
        _l("Short name"),
        validators=[Required(), MaxLength(80), Slug()],
        description=_l("Used in routing rules and addresses, for example park-och-natur."),
    )
    parent_id = SelectField(_l("Part of"), coerce=int, choices=[])
    email = EmailField(
        _l("Functional mailbox"),
        validators=[
            Optional(),
            MaxLength(320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
    is_active = BooleanField(_l("Receives cases"), default=True)


class CommitteeForm(BaseForm):
    """A committee or board."""

    name_sv = StringField(
        _l("Name in Swedish"), validators=[Required(), MaxLength(200), NoControlCharacters()]
    )
    name_en = StringField(
        _l("Name in English"), validators=[Optional(), MaxLength(200), NoControlCharacters()]
    )
    slug = StringField(_l("Short name"), validators=[Required(), MaxLength(80), Slug()])
    is_active = BooleanField(_l("Active"), default=True)


class AuditFilterForm(BaseForm):
    """Filters for the audit log (GET, no CSRF needed: it changes nothing)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    actor_id = StringField(_l("Done by (user number)"), validators=[Optional(), MaxLength(12)])
    object_type = StringField(_l("Object type"), validators=[Optional(), MaxLength(64)])
    object_id = StringField(_l("Object number"), validators=[Optional(), MaxLength(64)])
    since = StringField(
        _l("From date"), validators=[Optional(), MaxLength(10)], description=_l("YYYY-MM-DD")
    )
    until = StringField(
        _l("To date"), validators=[Optional(), MaxLength(10)], description=_l("YYYY-MM-DD")
    )
