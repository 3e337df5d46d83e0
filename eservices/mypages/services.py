"""What Mina sidor lists: the resident's cases and their unfinished e-services.

Answering a case and what is unread are in eservices.cases (messages).
"""

from sqlalchemy import select

from eservices.cases import workflow
from eservices.cases.models import Case
from eservices.extensions import db
from eservices.submissions.models import Draft


def cases_of(user, *, page=1, per_page=20):
    """A page of the resident's cases, newest first."""
    statement = (
        select(Case)
        .where(Case.applicant_id == user.id)
        .order_by(Case.submitted_at.desc(), Case.id.desc())
    )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def awaiting_answer(user):
    """The resident's cases that wait for their answer to a completion request, oldest first."""
    return db.session.scalars(
        select(Case)
        .where(Case.applicant_id == user.id, Case.status == workflow.AWAITING_INFO)
        .order_by(Case.paused_at, Case.id)
    ).all()


def drafts_of(user):
    """The resident's unfinished e-services, most recently saved first."""
    return db.session.scalars(
        select(Draft).where(Draft.user_id == user.id).order_by(Draft.updated_at.desc())
    ).all()
