"""The census (röstlängd): importing it from CSV, row by row, and its published fingerprint.

Each row goes through the same validators as a form (`CensusRowForm`), then through the
election's own rules: the school is in the area, the personnummer's date is the date of
birth, and the pupil may vote on the first voting day. Rejected rows are reported by line
number and reason; the rest are added, or updated when a re-import names them again.
"""

import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, StringField

from eservices import crypto, validators
from eservices.database import SWEDEN, transaction, utcnow
from eservices.extensions import db
from eservices.forms import BaseForm, IsoDateField, NumberField
from eservices.i18n import lazy_message
from eservices.youth.models import Area, School, Voter

# The columns, by their header in the file: Swedish, with or without å, ä and ö.
COLUMNS = {
    "personnummer": "personnummer",
    "namn": "name",
    "fodelsedatum": "birth_date",
    "skola": "school",
    "klass": "class_name",
    "arskurs": "school_year",
    "stadsomrade": "area",
}
FIRST_VOTING_YEAR = 5  # voters have begun school year 5 ...
VOTING_AGE_LIMIT = 18  # ... and are not yet 18 on the first voting day
MAX_BYTES = 20 * 1024 * 1024


class CensusError(Exception):
    """The file as a whole cannot be imported (not CSV, missing columns, census frozen)."""


class CensusRowForm(BaseForm):
    """One row of the census, checked by the validators every form uses."""

    class Meta:
        csrf = False

    personnummer = StringField(
        _l("Personal identity number"), [validators.Optional(), validators.Personnummer()]
    )
    name = StringField(
        _l("Name"), [validators.Required(), validators.PlainText(), validators.Length(maximum=200)]
    )
    birth_date = IsoDateField(_l("Date of birth"), [validators.Required()])
    school = SelectField(
        _l("School"), [validators.Required(), validators.Choice()], validate_choice=False
    )
    class_name = StringField(
        _l("Class"), [validators.Required(), validators.PlainText(), validators.Length(maximum=40)]
    )
    school_year = NumberField(
        _l("School year"), [validators.Required(), validators.NumberRange(1, 13)]
    )
    area = SelectField(
        _l("City area"), [validators.Required(), validators.Choice()], validate_choice=False
    )


@dataclass
class ImportReport:
    """What an import did: rows added and updated, and the rejected rows with reasons."""

    added: int = 0
    updated: int = 0
    rejected: list = field(default_factory=list)  # [(line number, [reasons])]


def import_csv(election, data):
    """Import census rows from CSV bytes into `election`; returns an ImportReport.

    Valid rows are saved even when others are rejected: the report says which to fix, and
    importing the corrected file again updates instead of duplicating.
    """
    if election.census_fingerprint:
        raise CensusError(_l("The census is frozen: its fingerprint was published."))
    rows = _read(data)
    schools = {
        s.code: s
        for s in db.session.scalars(select(School).where(School.election_id == election.id))
    }
    areas = {a.name: a for a in election.areas}
    existing = {
        v.census_key: v
        for v in db.session.scalars(select(Voter).where(Voter.election_id == election.id))
    }
    first_day = election.voting_opens_at.astimezone(SWEDEN).date()
    report = ImportReport()
    seen = {}
    with transaction():
        for line, values in rows:
            row, reasons = _check(values, schools, areas, first_day)
            key = row and census_key(row)
            if key in seen:
                reasons = [lazy_message("The same pupil as on line %(line)d.", line=seen[key])]
            if reasons:
                report.rejected.append((line, reasons))
                continue
            seen[key] = line
            voter = existing.get(key)
            if voter is None:
                voter = Voter(election_id=election.id, census_key=key)
                db.session.add(voter)
                existing[key] = voter
                report.added += 1
            else:
                report.updated += 1
            _fill(voter, row, schools, areas)
    return report


def _read(data):
    if len(data) > MAX_BYTES:
        raise CensusError(_l("The file is too large."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CensusError(_l("The file is not UTF-8 text. Save it as CSV UTF-8.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise CensusError(_l("The file is empty."))
    names = [COLUMNS.get(_plain(cell)) for cell in header]
    missing = [column for column, name in COLUMNS.items() if name not in names]
    if missing:
        raise CensusError(
            lazy_message("The file lacks the columns: %(columns)s.", columns=", ".join(missing))
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cell for name, cell in zip(names, cells, strict=False) if name}
        rows.append((number, values))
    return rows


def _plain(text):
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _check(values, schools, areas, first_day):
    form = CensusRowForm(formdata=MultiDict(values))
    form.school.choices = [(code, code) for code in schools]
    form.area.choices = [(name, name) for name in areas]
    if not form.validate():
        return None, [message for errors in form.errors.values() for message in errors]
    number = getattr(form.personnummer, "parsed", None)
    row = {name: form[name].data for name in COLUMNS.values()}
    row["personnummer"] = number
    reasons = []
    if number and number.birth_date != row["birth_date"]:
        reasons.append(_l("The date of birth differs from the personal identity number's."))
    if schools[row["school"]].area.name != row["area"]:
        reasons.append(
            lazy_message(
                "The school %(school)s is not in %(area)s.",
                school=schools[row["school"]].name,
                area=row["area"],
            )
        )
    if row["school_year"] < FIRST_VOTING_YEAR:
        reasons.append(_l("Not eligible: has not begun school year 5."))
    if _age_on(row["birth_date"], first_day) >= VOTING_AGE_LIMIT:
        reasons.append(_l("Not eligible: is 18 or older on the first voting day."))
    return row, reasons


def _age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def census_key(row):
    """The key a re-import finds a row by: the personnummer, else name, birth and school."""
    if row["personnummer"]:
        return pnr_hash(row["personnummer"])
    name = " ".join(row["name"].casefold().split())
    return crypto.lookup_hash(
        f"{name}|{row['birth_date'].isoformat()}|{row['school']}", purpose="youth-census"
    )


def pnr_hash(number):
    """The keyed hash a voter is found by when they identify with e-ID."""
    return crypto.lookup_hash(number.normalized, purpose="youth-voter")


def _fill(voter, row, schools, areas):
    voter.pnr_hash = pnr_hash(row["personnummer"]) if row["personnummer"] else None
    voter.name = row["name"]
    voter.birth_date = row["birth_date"]
    voter.school_id = schools[row["school"]].id
    voter.class_name = row["class_name"]
    voter.school_year = row["school_year"]
    voter.area_id = areas[row["area"]].id


# --- The fingerprint ---------------------------------------------------------------------


def canonical_form(election):
    """The census as text that anyone holding it can rebuild: one line per voter, sorted by
    key, with key, birth date, school code, class, school year and area; no names."""
    rows = db.session.execute(
        select(
            Voter.census_key,
            Voter.birth_date,
            School.code,
            Voter.class_name,
            Voter.school_year,
            Area.name,
        )
        .join(School, Voter.school_id == School.id)
        .join(Area, Voter.area_id == Area.id)
        .where(Voter.election_id == election.id)
        .order_by(Voter.census_key)
    )
    return "".join(
        f"{key};{born.isoformat()};{school};{klass};{year};{area}\n"
        for key, born, school, klass, year, area in rows
    )


def fingerprint(election):
    """SHA-256 of the census in canonical form, as hex."""
    return hashlib.sha256(canonical_form(election).encode()).hexdigest()


def publish_fingerprint(election):
    """Freeze the census and publish its fingerprint; a second call changes nothing."""
    if election.census_fingerprint:
        return election.census_fingerprint
    with transaction():
        election.census_fingerprint = fingerprint(election)
        election.census_published_at = utcnow()
    return election.census_fingerprint
