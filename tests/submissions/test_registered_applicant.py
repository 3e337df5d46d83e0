"""A case registered by staff is put on a resident's Mina sidor only through a personnummer
field that the form fills from the applicant's own profile; any other personnummer in the
form (a child's, say) is someone the case is about, not the applicant."""

import shutil
from pathlib import Path

import pytest

from eservices.submissions import services

FORMS = Path(__file__).resolve().parents[2] / "forms"
GUARDIAN, CHILD = "19900315-2387", "20150315-2389"


@pytest.fixture
def register(app, make_staff, make_unit):
    """register(answers): a school transport application registered at a visit."""
    make_unit(slug="skolskjuts", name_sv="Skolskjuts")
    staff = make_staff(role="handler")
    service = app.extensions["catalogue"].get("skolskjuts")

    def do(answers):
        with app.test_request_context():
            draft, _token = services.start_draft(service, user=staff, channel="visit")
            draft.answers = answers
            return services.submit_draft(draft, service, registered_by=staff)

    return do


def test_the_child_named_in_the_form_does_not_become_the_applicant(register, make_resident):
    make_resident(pnr=CHILD, given_name="Elsa", family_name="Andersson")
    case, follow = register(
        {"guardian_personnummer": "191212121212", "child_personnummer": "201503152389"}
    )
    assert case.applicant_id is None and follow is not None


def test_the_guardian_with_an_account_gets_the_case(register, make_resident):
    guardian = make_resident(pnr=GUARDIAN)
    case, follow = register(
        {"guardian_personnummer": "199003152387", "child_personnummer": "201503152389"}
    )
    assert case.applicant_id == guardian.id and follow is None


class TestAFormWhoseFirstPersonnummerIsNotFilledFromTheProfile:
    """Skolskjuts as a municipality might edit it: the guardian's number is typed in."""

    @pytest.fixture
    def app_config(self, tmp_path):
        forms = tmp_path / "forms"
        shutil.copytree(FORMS, forms)
        path = forms / "skolskjuts.yaml"
        text = path.read_text(encoding="utf-8")
        typed = text.replace("        prefill: personnummer\n", "", 1)
        assert typed != text
        path.write_text(typed, "utf-8")
        return {"FORMS_DIR": str(forms)}

    def test_its_holder_does_not_become_the_applicant(self, register, make_resident):
        make_resident(pnr=GUARDIAN)
        case, follow = register(
            {"guardian_personnummer": "199003152387", "child_personnummer": "201503152389"}
        )
        assert case.applicant_id is None and follow is not None
