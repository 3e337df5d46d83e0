"""Taking a step, without HTTP: what is saved, kept as typed, or shown again."""

from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

from eservices.submissions import services


def _draft(app, db):
    service = app.extensions["catalogue"].get("felanmalan")
    with app.test_request_context():
        draft, _token = services.start_draft(service)
    return service, draft


def _take(app, draft, service, number, posted=None):
    with app.test_request_context():
        data = None if posted is None else MultiDict({**posted, "csrf_token": generate_csrf()})
        return services.take_step(draft, service, number, language="sv", posted=data)


def test_a_valid_step_is_saved_and_the_visitor_moves_on(app, db, units):
    service, draft = _draft(app, db)
    page = _take(app, draft, service, 1, {"category": "klotter", "action": "next"})
    assert page.go == "next" and page.form is None
    db.session.refresh(draft)
    assert draft.answers["category"] == "klotter" and draft.completed_steps == 1


def test_a_wrong_step_is_shown_again_with_its_message_and_what_was_typed(app, db, units):
    service, draft = _draft(app, db)
    page = _take(app, draft, service, 1, {"category": "forged", "action": "next"})
    assert page.go is None
    assert page.form.errors["category"]
    db.session.refresh(draft)
    assert draft.completed_steps == 0
    assert draft.typed["fault"]["category"] == ["forged"]


def test_going_back_keeps_what_was_typed_for_next_time(app, db, units):
    service, draft = _draft(app, db)
    _take(app, draft, service, 1, {"category": "klotter", "action": "next"})
    page = _take(app, draft, service, 2, {"location__description": "Halv", "action": "back"})
    assert page.go == "back"
    again = _take(app, draft, service, 2)
    assert again.form["location__description"].data == "Halv"
