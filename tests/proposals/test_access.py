"""Who may do what with a proposal: every route of the package, for every kind of person.

A draft is seen only by its author and the moderators; only its author changes it; only
residents write proposals and comments; only a comment's author deletes it; everyone reads
what is published and may report a comment; moderators review the reports.
"""

import pytest

from eservices.attachments import storage
from eservices.proposals import comments
from tests.conftest import csrf_token, post_form, staff_client

PEOPLE = ("author", "other_resident", "moderator", "secretary", "admin", "anonymous")
LOGIN = 302


def _row(*codes):
    return dict(zip(PEOPLE, codes, strict=True))


# (method, path on the draft "{d}" or the published "{p}", expected status by person)
MATRIX = [
    ("GET", "/e-forslag/", _row(200, 200, 200, 200, 200, 200)),
    ("GET", "/e-forslag/flode.atom", _row(200, 200, 200, 200, 200, 200)),
    ("GET", "/e-forslag/{p}", _row(301, 301, 301, 301, 301, 301)),
    ("GET", "/e-forslag/{p}-fler-bankar-i-slottsskogen", _row(200, 200, 200, 200, 200, 200)),
    ("GET", "/e-forslag/{p}/bild", _row(200, 200, 200, 200, 200, 200)),
    ("GET", "/e-forslag/{d}", _row(301, 404, 301, 404, 404, 404)),
    ("GET", "/e-forslag/{d}-fler-bankar-i-slottsskogen", _row(200, 404, 200, 404, 404, 404)),
    ("GET", "/e-forslag/{d}/bild", _row(200, 404, 200, 404, 404, 404)),
    ("GET", "/e-forslag/nytt", _row(200, 200, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/nytt", _row(400, 400, 403, 403, 403, LOGIN)),
    ("GET", "/e-forslag/{d}/andra", _row(200, 404, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/{d}/andra", _row(400, 404, 403, 403, 403, LOGIN)),
    ("GET", "/e-forslag/{p}/andra", _row(403, 403, 403, 403, 403, LOGIN)),
    ("GET", "/e-forslag/{d}/granska", _row(200, 404, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/{d}/granska", _row(400, 404, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/{p}/granska", _row(403, 403, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/{d}/ta-bort-bild", _row(302, 404, 403, 403, 403, LOGIN)),
    ("GET", "/e-forslag/{d}/radera", _row(200, 404, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/{d}/radera", _row(302, 404, 403, 403, 403, LOGIN)),
    ("GET", "/mina-sidor/mina-forslag", _row(200, 200, 403, 403, 403, LOGIN)),
    # Comments, on the published proposal; "{c}" is the author's comment on it.
    ("POST", "/e-forslag/{p}/kommentarer", _row(400, 400, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/{d}/kommentarer", _row(404, 404, 403, 403, 403, LOGIN)),
    ("GET", "/anmal/comment/{c}", _row(200, 200, 200, 200, 200, 200)),
    ("POST", "/anmal/comment/{c}", _row(400, 400, 400, 400, 400, 400)),
    ("GET", "/moderering/anmalningar/comment/{c}", _row(403, 403, 200, 403, 403, LOGIN)),
    ("GET", "/moderering/anmalningar/comment/{c}/behall", _row(403, 403, 200, 403, 403, LOGIN)),
    ("GET", "/moderering/anmalningar/comment/{c}/ta-bort", _row(403, 403, 200, 403, 403, LOGIN)),
    ("GET", "/e-forslag/{p}/kommentarer/{c}/radera", _row(200, 403, 403, 403, 403, LOGIN)),
    ("POST", "/e-forslag/{p}/kommentarer/{c}/radera", _row(302, 403, 403, 403, 403, LOGIN)),
]


def _client(app, person, users):
    """A client logged in as ``person`` (the author is Anna)."""
    residents = {
        "author": ("19900315-2387", "Anna"),
        "other_resident": ("19811218-9876", "Bertil"),
    }
    if person in residents:
        pnr, given_name = residents[person]
        client = app.test_client()
        post_form(
            client,
            "/logga-in/test",
            {"personnummer": pnr, "given_name": given_name, "family_name": "Test"},
        )
        return client
    if person == "anonymous":
        return app.test_client()
    return staff_client(app, users[person])


@pytest.mark.parametrize("person", PEOPLE)
def test_access(app, db, anna, bertil, moderator, make_staff, committee, make_proposal, person):
    users = {
        "moderator": moderator,
        "secretary": make_staff(role="committee_secretary", committees=[committee]),
        "admin": make_staff(role="admin"),
    }
    client = _client(app, person, users)
    with app.app_context():
        keys = [storage.save(b"\x89PNG\r\n\x1a\n") for _ in range(2)]
    image = {"image_content_type": "image/png", "image_alt": "En bänk"}
    draft = make_proposal(image_key=keys[0], **image)
    published = make_proposal(status="published", image_key=keys[1], **image)
    comment = comments.add(published, anna, "Bra förslag!")
    # In the order of MATRIX: deleting the draft comes after every other use of it.
    for method, path, expected in MATRIX:
        url = path.format(d=draft.id, p=published.id, c=comment.id)
        if method == "GET":
            response = client.get(url)
        else:
            # The report form is open to everyone, so it gives each person a token.
            token = csrf_token(client.get(f"/anmal/comment/{comment.id}").text)
            response = client.post(url, data={"csrf_token": token})
        assert response.status_code == expected[person], (method, url, response.status_code)
        if expected[person] == LOGIN and person == "anonymous":
            assert "/logga-in" in response.location
