"""The youth-council election (ungdomsfullmäktige): census, seats, voting and turnout.

Three blueprints, one per audience: `bp` for voters and the public (routes.py), `admin_bp`
for election administrators (admin.py) and `school_bp` for school contacts (school.py).
The rules live in small modules by concept: seats, census, codes, voting, secrecy.pool and
turnout. docs/election-results.md says how candidates, the count and certification work,
and docs/election-secrecy.md why a ballot cannot be tied to its voter.
"""

from flask import Blueprint

bp = Blueprint("youth", __name__)
admin_bp = Blueprint("youth_admin", __name__)
school_bp = Blueprint("youth_school", __name__)


def _template_helpers():
    from flask_babel import format_decimal

    from eservices.youth import seats

    def seat_working(split, areas):
        return seats.working(split, [area.name for area in areas])

    return {
        "seat_working": seat_working,
        "format_decimal": format_decimal,
        "ballot_language_names": BALLOT_LANGUAGE_NAMES,
    }


# Each language named in itself, as a voter who reads only that language looks for it.
BALLOT_LANGUAGE_NAMES = {"sv": "Svenska", "en": "English", "ar": "العربية"}


for _blueprint in (bp, admin_bp, school_bp):
    _blueprint.context_processor(_template_helpers)
del _blueprint

from eservices.youth import (  # noqa: E402, F401
    admin,
    candidate_routes,
    purge,
    result_routes,
    routes,
    school,
)
