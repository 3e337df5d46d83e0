"""Demo data for development and demonstrations: idempotent, never in production."""

from sqlalchemy import select

from eservices.accounts import services as accounts
from eservices.accounts.identity import TEST_PERSONS
from eservices.accounts.models import Committee, Unit
from eservices.database import transaction
from eservices.extensions import db

DEMO_PASSWORD = "demo-lösenord-göteborg"  # noqa: S105 - printed for demos, never in production

# (slug, Swedish name, English name, parent slug)
UNITS = (
    ("stadsmiljo", "Stadsmiljöförvaltningen", "Urban Environment Administration", None),
    ("felanmalan", "Felanmälan och drift", "Fault reports and maintenance", "stadsmiljo"),
    ("park-och-natur", "Park och natur", "Parks and nature", "stadsmiljo"),
    ("trafik", "Trafik och parkering", "Traffic and parking", "stadsmiljo"),
    ("miljo", "Miljöförvaltningen", "Environment Administration", None),
    ("miljotillsyn", "Miljö- och hälsoskyddstillsyn", "Environmental health inspection", "miljo"),
    ("utbildning", "Grundskoleförvaltningen", "Compulsory School Administration", None),
    ("skolskjuts", "Skolskjutsenheten", "School transport unit", "utbildning"),
    ("kultur", "Kulturförvaltningen", "Culture Administration", None),
    ("foreningsbidrag", "Föreningsbidrag", "Association grants", "kultur"),
    ("stadsledning", "Stadsledningskontoret", "City Executive Office", None),
    ("kontaktcenter", "Kontaktcenter", "Contact centre", "stadsledning"),
)

COMMITTEES = (
    ("kommunstyrelsen", "Kommunstyrelsen", "City Executive Board"),
    ("stadsmiljonamnden", "Stadsmiljönämnden", "Urban Environment Committee"),
    ("miljo-och-klimatnamnden", "Miljö- och klimatnämnden", "Environment and Climate Committee"),
    ("grundskolenamnden", "Grundskolenämnden", "Compulsory School Committee"),
    ("kulturnamnden", "Kulturnämnden", "Culture Committee"),
    (
        "idrotts-och-foreningsnamnden",
        "Idrotts- och föreningsnämnden",
        "Sports and Associations Committee",
    ),
)

# (e-mail, first name, last name, roles, unit slugs, committee slugs)
STAFF = (
    ("admin@example.se", "Alva", "Admin", ("admin",), (), ()),
    (
        "handlaggare@example.se",
        "Hugo",
        "Handläggare",
        ("handler",),
        ("felanmalan", "park-och-natur", "trafik"),
        (),
    ),
    ("miljo@example.se", "Maja", "Miljöinspektör", ("handler",), ("miljotillsyn",), ()),
    (
        "skola@example.se",
        "Sixten",
        "Skolskjuts",
        ("handler",),
        ("skolskjuts", "foreningsbidrag"),
        (),
    ),
    ("moderator@example.se", "Moa", "Moderator", ("moderator",), (), ()),
    (
        "sekreterare@example.se",
        "Nils",
        "Nämndsekreterare",
        ("committee_secretary",),
        (),
        ("stadsmiljonamnden", "kulturnamnden"),
    ),
    ("valadmin@example.se", "Vera", "Valadministratör", ("election_admin",), (), ()),
    ("skolkontakt@example.se", "Klara", "Skolkontakt", ("school_contact",), (), ()),
    ("chef@example.se", "Cecilia", "Chef", ("manager",), (), ()),
)


def load():
    """Create whatever demo organisation and accounts are missing."""
    with transaction():
        by_slug = {u.slug: u for u in db.session.scalars(select(Unit))}
        for slug, name_sv, name_en, parent in UNITS:
            if slug not in by_slug:
                unit = Unit(
                    slug=slug, name_sv=name_sv, name_en=name_en, parent=by_slug.get(parent)
                )
                db.session.add(unit)
                by_slug[slug] = unit
        committees = {c.slug: c for c in db.session.scalars(select(Committee))}
        for slug, name_sv, name_en in COMMITTEES:
            if slug not in committees:
                committees[slug] = Committee(slug=slug, name_sv=name_sv, name_en=name_en)
                db.session.add(committees[slug])
    for email, given, family, roles, unit_slugs, committee_slugs in STAFF:
        if accounts.find_staff(email) is None:
            accounts.create_staff(
                email,
                given,
                family,
                roles=roles,
                password=DEMO_PASSWORD,
                units=[by_slug[s] for s in unit_slugs],
                committees=[committees[s] for s in committee_slugs],
            )


def summary():
    """The demo log-ins, printed by `make run`."""
    lines = ["", f"Demo log-ins (staff: /personal/logga-in, password for all: {DEMO_PASSWORD}):"]
    for email, given, family, roles, _units, _committees in STAFF:
        lines.append(f"  {email:<26} {given} {family} ({', '.join(roles)})")
    lines.append("Residents: /logga-in → Test-e-legitimation, for example:")
    for number, given, family in TEST_PERSONS:
        lines.append(f"  {number[:8]}-{number[8:]}  {given} {family}")
    return "\n".join(lines)
