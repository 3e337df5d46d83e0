"""Demo comments: threads on the open proposals, one comment its author deleted, and one
reported by enough visitors to be hidden, waiting in the demo moderator's reports queue.

Written through the real services after the demo proposals (demo.py), then dated back to
the days they stand for; only into a database without comments.
"""

from datetime import timedelta

from sqlalchemy import select

from eservices.database import transaction
from eservices.extensions import db
from eservices.moderation import reports
from eservices.moderation.rulebook import get_rulebook
from eservices.proposals import comments
from eservices.proposals import demo as proposals_demo
from eservices.proposals.comment_models import ProposalComment
from eservices.proposals.models import PUBLISHED, Proposal

# (proposal title, author index in TEST_PERSONS, text, days after publication, what
# happens: "" stays, "deleted" by its author, "reported" until hidden).
COMMENTS = (
    ("Fler parkbänkar i Slottsskogen", 2,
     "Ja! Min mormor orkar inte gå hela vägen runt dammen utan att vila.", 3, ""),
    ("Fler parkbänkar i Slottsskogen", 3,
     "Bänkar med armstöd också, så att det är lätt att resa sig.", 10, ""),
    ("Fler parkbänkar i Slottsskogen", 0,
     "Jag skrev fel förslag här, förlåt.", 12, "deleted"),
    ("Fler parkbänkar i Slottsskogen", 0,
     "Det finns en bra plats vid Plikta, se https://goteborg.se/slottsskogen för kartan.",
     15, ""),
    ("Belysning på cykelbanan längs Göta älv", 1,
     "Cyklar där varje dag. Det är becksvart vid Eriksbergskranen i november.", 2, ""),
    ("Belysning på cykelbanan längs Göta älv", 3,
     "Sådana som cyklar i mörker utan lampa är idioter, de får skylla sig själva.", 4,
     "reported"),
    ("Utegym i Angered centrum", 2,
     "Gärna med redskap som man kan använda i rullstol.", 1, ""),
)  # fmt: skip


def load():
    """The demo comments; only into a database without comments."""
    if db.session.scalar(select(ProposalComment.id).limit(1)) is not None:
        return
    people = proposals_demo._residents()
    open_ones = db.session.scalars(select(Proposal).where(Proposal.status == PUBLISHED))
    published = {proposal.title: proposal for proposal in open_ones}
    for title, author, text, days, happens in COMMENTS:
        proposal = published.get(title)
        if proposal is None:
            continue
        comment = comments.add(proposal, people[author], text)
        if happens == "deleted":
            comments.delete(comment, people[author])
        elif happens == "reported":
            for number in range(get_rulebook().settings.reports_to_hide):
                reports.report(
                    comments.KIND, comment.id, "Kallar folk för idioter.", ip=f"192.0.2.{number}"
                )
        with transaction():
            comment.created_at = proposal.published_at + timedelta(days=days)
            if comment.deleted_at:
                comment.deleted_at = comment.created_at + timedelta(hours=1)
