"""Demo e-proposals: every state, one close to the threshold, and a queue for the moderator.

Loaded by ``flask demo load`` (eservices/demo.py), only into a database without proposals.
Each proposal goes through the real services (written, sent in, decided by the demo
moderator) and is then dated back to the days it stands for.
"""

from datetime import timedelta

from sqlalchemy import select, update

from eservices import parsers
from eservices.accounts import services as accounts
from eservices.accounts.identity import TEST_PERSONS
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.moderation import services as moderation
from eservices.moderation.models import ModerationItem
from eservices.organisation.models import COMMITTEE, Unit
from eservices.proposals import services
from eservices.proposals.models import CLOSED, Proposal
from eservices.proposals.moderation import suggested_committee

MODERATOR = "moderator@example.se"

# (author index in TEST_PERSONS, title, text, category, area, what happens, days ago,
#  supports). What happens: draft, submitted, changes, rejected:<rules>, published, closed.
PROPOSALS = (
    (1, "Fler parkbänkar i Slottsskogen",
     "Det finns för få bänkar längs promenadstråken i Slottsskogen. Äldre och "
     "småbarnsföräldrar behöver kunna vila. Sätt upp fler bänkar, gärna med ryggstöd.",
     "parker-och-natur", "centrum", "published", 80, 195),
    (2, "Belysning på cykelbanan längs Göta älv",
     "Cykelbanan mellan Lindholmen och Eriksberg är mörk på kvällarna.\n\n"
     "Sätt upp belysning så att fler vågar cykla hem efter jobbet.",
     "trafik-och-gator", "hisingen", "published", 20, 64),
    (3, "Utegym i Angered centrum",
     "Bygg ett utegym nära Angered centrum som alla kan använda gratis, året runt.",
     "idrott-och-fritid", "nordost", "published", 5, 12),
    (0, "Längre öppettider på stadsbiblioteket",
     "Stadsbiblioteket borde vara öppet till klockan 21 på vardagar, så att fler som "
     "arbetar dagtid kan låna böcker och plugga där.",
     "kultur", "centrum", "published", 45, 131),
    (1, "Fler papperskorgar vid badplatserna",
     "Vid badplatserna blir det mycket skräp på sommaren. Fler papperskorgar som töms "
     "oftare skulle hålla stränderna rena.",
     "miljo-och-klimat", "sydvast", "closed", 120, 38),
    (2, "Köp kaffe från mitt café till alla skolor",
     "Kommunen borde köpa allt kaffe till skolornas personalrum från mitt café.",
     "skola", "hela-staden", "rejected:kommersiellt", 10, 0),
    (3, "Bättre skolmat",
     "Maten är dålig.",
     "skola", "hela-staden", "changes", 6, 0),
    (1, "Övergångsställe vid Mariaplan",
     "Barn som går till skolan korsar gatan vid Mariaplan utan övergångsställe. Ring "
     "mig på 070-123 45 67 så berättar jag mer om platsen.",
     "trafik-och-gator", "sydvast", "submitted", 9, 0),
    (2, "Fler parkbänkar i Slottsskogen, tack",
     "Sätt upp fler bänkar i Slottsskogen så att äldre kan vila på promenaderna.",
     "parker-och-natur", "centrum", "submitted", 2, 0),
    (3, "Plaskdamm i Hammarkullen",
     "En plaskdamm i parken i Hammarkullen skulle ge barnen ett ställe att svalka sig på "
     "under varma sommardagar.",
     "parker-och-natur", "nordost", "submitted", 1, 0),
    (0, "Träd längs Första Långgatan",
     "Plantera träd längs Första Långgatan för skugga och bättre luft.",
     "miljo-och-klimat", "centrum", "draft", 0, 0),
)  # fmt: skip


def _residents():
    people = []
    for number, given, family in TEST_PERSONS:
        person = accounts.get_or_create_resident(parsers.parse_personnummer(number), given, family)
        person.email = person.email or f"{given.lower()}.{family.lower()}@example.se"
        people.append(person)
    db.session.commit()
    return people


def load():
    """The demo proposals; only into a database without proposals."""
    if db.session.scalar(select(Proposal.id).limit(1)) is not None:
        return
    moderator = accounts.find_staff(MODERATOR)
    if moderator is None or not db.session.scalar(select(Unit.id).where(Unit.kind == COMMITTEE)):
        return
    people = _residents()
    now = utcnow()
    for author, title, body, category, area, happens, days_ago, supports in PROPOSALS:
        _one(people[author], moderator, now - timedelta(days=days_ago), happens, supports,
             title=title, body=body, category=category, area=area)  # fmt: skip


def _one(author, moderator, when, happens, supports, **text):
    proposal = services.save_draft(None, author, **text)
    if happens == "draft":
        return
    services.submit(proposal, author, accepted_rules=True)
    item = moderation.waiting_item(services.KIND, proposal.id)
    decided = when + timedelta(hours=20)
    if happens == "published" or happens == "closed":
        moderation.decide(item, "approved", moderator, extra=suggested_committee(proposal))
    elif happens == "changes":
        moderation.decide(
            item, "changes_requested", moderator,
            note="Skriv vad kommunen ska göra: vad ska bli bättre med maten, och hur?",
        )  # fmt: skip
    elif happens.startswith("rejected:"):
        rules = happens.split(":", 1)[1].split(",")
        moderation.decide(item, "rejected", moderator, rule_ids=rules)
    else:
        decided = None
    with transaction():
        db.session.execute(
            update(ModerationItem)
            .where(ModerationItem.id == item.id)
            .values(submitted_at=when, **({"decided_at": decided} if decided else {}))
        )
        proposal.created_at = proposal.submitted_at = when - timedelta(hours=1)
        if decided:
            proposal.decided_at = decided
        if proposal.published_at:
            length = proposal.closes_at - proposal.published_at
            proposal.published_at, proposal.closes_at = decided, decided + length
            # Supports are counted into this column; the count is the demo's, not rows'.
            proposal.support_count = supports
        if happens == "closed":
            proposal.status, proposal.closed_at = CLOSED, proposal.closes_at
