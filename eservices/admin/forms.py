"""Forms for administering staff, units and committees."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField

from eservices.forms import BaseForm, CheckboxList, IsoDateField, NumberField, choices
from eservices.permissions import ROLES
from eservices.validators import Choice, EmailAddress, Length, Optional, PlainText, Required, Slug


class StaffForm(BaseForm):
    """A staff account: name, log-in address, roles and memberships."""

    given_name = StringField(
        _l("First name"), validators=[Required(), Length(maximum=100), PlainText()]
    )
    family_name = StringField(
        _l("Last name"), validators=[Required(), Length(maximum=100), PlainText()]
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Required(),
            Length(maximum=320),
            EmailAddress(),
        ],
    )
    roles = CheckboxList(_l("Roles"), validators=[Choice()], choices=choices(ROLES.items()))
    units = CheckboxList(_l("Units"), validators=[Choice()], coerce=int, choices=[])
    committees = CheckboxList(_l("Committees"), validators=[Choice()], coerce=int, choices=[])
    is_active = BooleanField(_l("The account is active"), default=True)


class UnitForm(BaseForm):
    """An administration or a unit."""

    name_sv = StringField(
        _l("Name in Swedish"), validators=[Required(), Length(maximum=200), PlainText()]
    )
    name_en = StringField(
        _l("Name in English"), validators=[Optional(), Length(maximum=200), PlainText()]
    )
    slug = StringField(
        _l("Short name"),
        validators=[Required(), Length(maximum=80), Slug()],
        description=_l("Used in routing rules and addresses, for example park-och-natur."),
    )
    parent_id = SelectField(_l("Part of"), coerce=int, choices=[])
    email = EmailField(
        _l("Functional mailbox"),
        validators=[
            Optional(),
            Length(maximum=320),
            EmailAddress(),
        ],
    )
    is_active = BooleanField(_l("Receives cases"), default=True)


class CommitteeForm(BaseForm):
    """A committee or board."""

    name_sv = StringField(
        _l("Name in Swedish"), validators=[Required(), Length(maximum=200), PlainText()]
    )
    name_en = StringField(
        _l("Name in English"), validators=[Optional(), Length(maximum=200), PlainText()]
    )
    slug = StringField(_l("Short name"), validators=[Required(), Length(maximum=80), Slug()])
    is_active = BooleanField(_l("Active"), default=True)


class AuditFilterForm(BaseForm):
    """Filters for the audit log (GET, no CSRF needed: it changes nothing)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    actor_id = NumberField(_l("Done by (user number)"), validators=[Optional()])
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(maximum=64)])
    object_id = StringField(_l("Object number"), validators=[Optional(), Length(maximum=64)])
    since = IsoDateField(_l("From date"), validators=[Optional()], description=_l("YYYY-MM-DD"))
    until = IsoDateField(_l("To date"), validators=[Optional()], description=_l("YYYY-MM-DD"))
