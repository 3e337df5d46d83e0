"""Demo data for development and demonstrations: idempotent, never in production."""

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import func, select, update

from eservices import parsers
from eservices.accounts import services as accounts
from eservices.accounts.identity import TEST_PERSONS
from eservices.catalogue.loading import get_catalogue
from eservices.database import SWEDEN, transaction, utcnow
from eservices.extensions import db
from eservices.organisation.models import COMMITTEE, UNIT, Unit
from eservices.youth import demo as youth_demo

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
    """Create whatever demo organisation, accounts and cases are missing."""
    with transaction():
        by_slug = {u.slug: u for u in db.session.scalars(select(Unit).where(Unit.kind == UNIT))}
        for slug, name_sv, name_en, parent in UNITS:
            if slug not in by_slug:
                unit = Unit(
                    slug=slug, name_sv=name_sv, name_en=name_en, parent=by_slug.get(parent)
                )
                db.session.add(unit)
                by_slug[slug] = unit
        committees = {
            c.slug: c for c in db.session.scalars(select(Unit).where(Unit.kind == COMMITTEE))
        }
        for slug, name_sv, name_en in COMMITTEES:
            if slug not in committees:
                committees[slug] = Unit(
                    kind=COMMITTEE, slug=slug, name_sv=name_sv, name_en=name_en
                )
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
    load_cases(get_catalogue())
    from eservices.proposals import comment_demo, support_demo
    from eservices.proposals import demo as proposals_demo

    proposals_demo.load()
    support_demo.load()
    comment_demo.load()
    youth_demo.load("skolkontakt@example.se", "valadmin@example.se")


# Fault reports for the demo's handler queue, Mina sidor and statistics:
# (category, description, days ago, channel).
DEMO_REPORTS = (
    ("gatubelysning", "Lampan vid busshållplatsen är trasig", 150, "digital"),
    ("gata-och-trottoar", "Stort potthål i cykelbanan", 120, "phone"),
    ("klotter", "Klotter på elskåpet", 95, "digital"),
    ("nedskrapning", "Full papperskorg vid badplatsen", 80, "digital"),
    ("park-och-lekplats", "Trasig gunga på lekplatsen", 60, "visit"),
    ("trafikskylt-och-signal", "Stopskylten är nedkörd", 45, "digital"),
    ("gatubelysning", "Tre lampor släckta längs gångvägen", 30, "paper"),
    ("klotter", "Klotter på skolans fasad", 20, "digital"),
    ("gata-och-trottoar", "Sten har lossnat i trappan", 10, "digital"),
    ("ovrigt", "Vattenläcka i parken", 3, "phone"),
)


def load_cases(catalogue):
    """Fault reports in every state, and Anna's own cases; only into a database without cases.

    Each case is received some days ago and handled after that, and its history says so:
    the services stamp what they record with today, so each step is re-dated to the day it
    stands for (see _dated).
    """
    from eservices.cases import messages, workflow
    from eservices.cases.handling import change_status
    from eservices.cases.models import Case
    from eservices.cases.numbering import next_case_number
    from eservices.submissions.cases import submit_case

    if db.session.scalar(select(Case.id).limit(1)) is not None:
        return
    service = catalogue.get("felanmalan")
    if service is None:
        return
    number, given, family = TEST_PERSONS[0]
    anna = accounts.get_or_create_resident(parsers.parse_personnummer(number), given, family)
    anna.email = "anna.andersson@example.se"
    db.session.commit()
    hugo = accounts.find_staff("handlaggare@example.se")
    now = utcnow()
    for index, (category, description, days_ago, channel) in enumerate(DEMO_REPORTS):
        answers = {
            "category": category,
            "location": {"description": "Vid Järntorget", "lat": None, "lng": None},
            "description": description,
            "wants_reply": "no",
        }
        received = now - timedelta(days=days_ago)
        case = submit_case(
            service,
            answers,
            applicant=anna if index % 3 == 0 else None,
            channel=channel,
            registered_by=hugo if channel != "digital" else None,
        )
        with _dated(case, received, since_start=True):
            case.submitted_at = received
            case.due_at = received + timedelta(days=service.description.processing_days)
            year = received.astimezone(SWEDEN).year
            if not case.number.startswith(f"{year}-"):
                case.number = next_case_number(year)
        if index % 4 == 3:
            continue  # left in the queue, unassigned
        started = received + timedelta(hours=3)
        with _dated(case, started):
            change_status(case, workflow.IN_PROGRESS, actor=hugo, now=started)
        if index == len(DEMO_REPORTS) - 1 or index == 6:
            asked = started + timedelta(days=1)
            with _dated(case, asked):
                messages.write(
                    case,
                    "completion_request",
                    "Kan du beskriva närmare var det är, eller skicka en bild?",
                    actor=hugo,
                    now=asked,
                )
            continue
        if days_ago > 15:
            decided = received + timedelta(days=2 + index * 1.5)
            with _dated(case, decided):
                change_status(
                    case,
                    workflow.DECIDED,
                    actor=hugo,
                    decision=workflow.APPROVED if index % 2 == 0 else workflow.PARTLY_APPROVED,
                    decision_text="Felet är åtgärdat. Tack för att du hörde av dig!",
                    now=decided,
                )


@contextmanager
def _dated(case, when, *, since_start=False):
    """Date ``when`` the timeline entries and messages added to ``case`` inside the block.

    With ``since_start`` everything the case holds is re-dated (its first step).
    """
    from eservices.cases.models import CaseEvent, CaseMessage

    models = (CaseEvent, CaseMessage)
    before = {
        model: 0
        if since_start
        else db.session.scalar(select(func.max(model.id)).where(model.case_id == case.id)) or 0
        for model in models
    }
    yield
    for model, last in before.items():
        db.session.execute(
            update(model).where(model.case_id == case.id, model.id > last).values(created_at=when)
        )
    db.session.commit()


def summary():
    """The demo log-ins, printed by `make run`."""
    lines = ["", f"Demo log-ins (staff: /personal/logga-in, password for all: {DEMO_PASSWORD}):"]
    for email, given, family, roles, _units, _committees in STAFF:
        lines.append(f"  {email:<26} {given} {family} ({', '.join(roles)})")
    lines.append("Residents: /logga-in → Test-e-legitimation, for example:")
    for number, given, family in TEST_PERSONS:
        lines.append(f"  {number[:8]}-{number[8:]}  {given} {family}")
    lines += youth_demo.summary()
    return "\n".join(lines)
