"""Every published e-service, end to end in the browser: found in the catalogue, filled in
with realistic answers and files, sent, and landed in the unit its routing names."""

import datetime
import struct
import zlib
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from eservices import demo
from eservices.attachments.models import Attachment
from eservices.cases.models import Case
from tests.browser.conftest import click_and_check, ui_login_resident, visit

RESIDENT = ("19900315-2387", "Anna", "Andersson")


def _png():
    """A valid 1×1 PNG: the server judges files by their content, not by their name."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x2e\x7d\x32")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def days_from_today(days):
    """A date as a date input takes it, counted from today in Sweden."""
    today = datetime.datetime.now(ZoneInfo("Europe/Stockholm")).date()
    return (today + datetime.timedelta(days=days)).isoformat()


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def png(name):
    """A picture to attach, as the browser's file dialog would give it."""
    return {"name": name, "mimeType": "image/png", "buffer": PNG}


def pdf(name):
    """A PDF document to attach."""
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


@pytest.fixture(autouse=True)
def units(make_unit):
    """The demo organisation's units, which the definitions route cases to."""
    for slug, name_sv, name_en, _parent in demo.UNITS:
        make_unit(slug=slug, name_sv=name_sv, name_en=name_en)


# --- Steps a resident takes ----------------------------------------------------------------


def find_by_search(page, words, title):
    """Search the catalogue and open the service from the results."""
    visit(page, "/e-tjanster/")
    search = page.get_by_role("search")
    search.get_by_label("Sök e-tjänster").fill(words)
    click_and_check(page, search.get_by_role("button", name="Sök"))
    results = page.get_by_role("region", name="Sökresultat")
    click_and_check(page, results.get_by_role("link", name=title, exact=True))


def find_by_browsing(page, term, title):
    """Open a subject or life event from the catalogue, then the service listed there."""
    visit(page, "/e-tjanster/")
    main = page.locator("main")
    click_and_check(page, main.get_by_role("link", name=term, exact=True))
    assert page.locator("h1").inner_text() == term
    click_and_check(page, main.get_by_role("link", name=title, exact=True))


def start(page, title):
    """Start the service from its description page."""
    assert page.locator("h1").inner_text() == title
    click_and_check(page, page.get_by_role("button", name="Starta e-tjänsten"))


def on_step(page, step_title):
    """Assert that the step shown is the one expected, so a skipped step cannot go unnoticed."""
    heading = page.locator("h1").inner_text()
    assert heading.startswith(f"{step_title} – "), heading


def continue_button(page):
    """The visible Continue button (the form starts with a hidden one, for the Enter key)."""
    return page.locator("main form .button-group button[value=next]")


def next_step(page):
    """Press Continue and expect the step to be accepted."""
    click_and_check(page, continue_button(page))
    if page.title().startswith("Fel: "):
        pytest.fail("the step was refused: " + page.locator(".error-summary").inner_text())


def send(page, *answers):
    """Check that the review shows `answers`, send, and return the case number on the receipt."""
    assert page.locator("h1").inner_text().startswith("Granska dina svar – ")
    review = page.locator("main").inner_text()
    for answer in answers:
        assert answer in review, f"{answer!r} is not on the review page"
    click_and_check(page, page.get_by_role("button", name="Skicka", exact=True))
    assert page.locator("h1").inner_text() == "Ditt ärende har tagits emot"
    return page.locator("main .case-number").first.inner_text()


def assert_case(db, number, *, service, unit, files=None, applicant=None):
    """The case exists for `service` in `unit`, with `files` ({field id: [names]}) linked."""
    case = db.session.scalar(select(Case).where(Case.number == number))
    assert case is not None, f"no case {number}"
    assert case.service_id == service
    assert case.unit.slug == unit
    if applicant is None:
        assert case.applicant_id is None
    else:
        assert case.applicant.full_name == applicant
    attached = db.session.scalars(select(Attachment).where(Attachment.case_id == case.id)).all()
    by_field = {}
    for attachment in attached:
        assert attachment.draft_id is None
        by_field.setdefault(attachment.field_id, []).append(attachment.filename)
        assert attachment.public_id in case.answers[attachment.field_id]
    assert {field: sorted(names) for field, names in by_field.items()} == {
        field: sorted(names) for field, names in (files or {}).items()
    }


def assert_receipt_names_unit(page, name):
    """The receipt says which unit will handle the case."""
    assert f"{name} kommer att handlägga ditt ärende" in page.locator("main").inner_text()


# --- The services --------------------------------------------------------------------------


def test_felanmalan_of_a_playground_with_a_photo_goes_to_parks(page, db):
    find_by_browsing(page, "Trafik och gator", "Felanmälan")
    start(page, "Felanmälan")

    on_step(page, "Vad vill du anmäla?")
    page.get_by_label("Park eller lekplats").check()
    next_step(page)

    on_step(page, "Var är felet?")
    page.get_by_label("Beskriv platsen").fill("Lekplatsen vid Plikta i Slottsskogen, vid gungorna")
    next_step(page)

    on_step(page, "Beskriv felet")
    page.get_by_label("Beskrivning").fill(
        "En av kedjorna till babygungan har gått av och hänger ner. Barn leker där varje dag."
    )
    # Text with a picture's name: refused by its content, and said so at the field.
    page.get_by_label("Foton").set_input_files(
        {"name": "karta.png", "mimeType": "image/png", "buffer": b"Detta ar ingen bild.\n"}
    )
    click_and_check(page, continue_button(page))
    assert page.title().startswith("Fel: ")
    wrong_type = "”karta.png” är inte en fil av rätt typ"
    assert wrong_type in page.locator(".error-summary").inner_text()
    assert wrong_type in page.locator("#photos-error").inner_text()
    assert page.get_by_label("Foton").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("button", name="Ta bort").count() == 0
    assert "babygungan" in page.get_by_label("Beskrivning").input_value()
    page.get_by_label("Foton").set_input_files(png("trasig-gunga.png"))
    next_step(page)

    on_step(page, "Kontaktuppgifter")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Namn").fill("Karin Lindqvist")
    page.get_by_label("E-postadress").fill("karin.lindqvist@example.se")
    next_step(page)

    number = send(
        page,
        "Park eller lekplats",
        "Lekplatsen vid Plikta i Slottsskogen",
        "babygungan",
        "trasig-gunga.png",
        "karin.lindqvist@example.se",
    )
    assert_receipt_names_unit(page, "Park och natur")
    assert "trasig-gunga.png" in page.locator("main").inner_text()
    assert_case(
        db,
        number,
        service="felanmalan",
        unit="park-och-natur",
        files={"photos": ["trasig-gunga.png"]},
    )


def test_an_anonymous_complaint_about_a_school_goes_to_education(page, db):
    find_by_search(page, "klagomål", "Synpunkter och klagomål")
    start(page, "Synpunkter och klagomål")

    on_step(page, "Vad gäller det?")
    page.get_by_label("Ett klagomål").check()
    page.get_by_label("Vilken verksamhet gäller det?").select_option(label="Grundskola")
    next_step(page)

    on_step(page, "Din synpunkt")
    page.get_by_label("Rubrik").fill("Ingen skollunch på utflyktsdagen")
    page.get_by_label("Vad vill du berätta?").fill(
        "Min sons klass fick ingen matsäck med sig på utflykten till Delsjön den 12 maj, "
        "trots att skolan hade lovat det i veckobrevet. Se till att det inte händer igen."
    )
    page.get_by_label("Bilagor").set_input_files(pdf("veckobrev-vecka-19.pdf"))
    next_step(page)

    on_step(page, "Kontaktuppgifter")
    page.get_by_label("Nej", exact=True).check()
    next_step(page)

    number = send(
        page,
        "Ett klagomål",
        "Grundskola",
        "Ingen skollunch på utflyktsdagen",
        "veckobrev-vecka-19.pdf",
    )
    assert_receipt_names_unit(page, "Grundskoleförvaltningen")
    assert_case(
        db,
        number,
        service="synpunkter-och-klagomal",
        unit="utbildning",
        files={"attachments": ["veckobrev-vecka-19.pdf"]},
    )


def test_a_disabled_parking_permit_with_a_medical_certificate_goes_to_traffic(
    page, db, live_server
):
    ui_login_resident(page, live_server, *RESIDENT)
    find_by_browsing(
        page, "Leva med funktionsnedsättning", "Parkeringstillstånd för rörelsehindrade"
    )
    start(page, "Parkeringstillstånd för rörelsehindrade")

    on_step(page, "Om dig")
    assert page.get_by_label("Namn").input_value() == "Anna Andersson"
    assert page.get_by_label("Personnummer").input_value() == "19900315-2387"
    page.get_by_label("Gatuadress").fill("Södra vägen 12")
    page.get_by_label("Postnummer").fill("41254")
    page.get_by_label("Ort", exact=True).fill("Göteborg")
    page.get_by_label("Telefonnummer").fill("070-123 45 67")
    page.get_by_label("E-postadress").fill("anna.andersson@example.se")
    next_step(page)

    on_step(page, "Dina behov")
    page.get_by_label("Som förare – jag kör bilen själv").check()
    page.get_by_label("Hur långt kan du gå utan att vila?").select_option(
        label="Mindre än 100 meter"
    )
    page.get_by_label("Rollator").check()
    page.get_by_label("Längre än fem år eller bestående").check()
    page.get_by_label("Beskriv dina svårigheter att förflytta dig").fill(
        "Jag har svår artros i båda knäna och måste vila efter 50 meter på grund av smärta."
    )
    next_step(page)

    on_step(page, "Läkarintyg")
    page.get_by_label("Läkarintyg").set_input_files([pdf("lakarintyg.pdf"), png("fel-bild.png")])
    # Sent without the consent: refused, but both files are kept and listed.
    click_and_check(page, continue_button(page))
    assert page.title().startswith("Fel: ")
    files = page.get_by_role("list", name="Bifogade filer")
    assert "lakarintyg.pdf" in files.inner_text()
    assert "fel-bild.png" in files.inner_text()
    click_and_check(page, page.get_by_role("button", name="Ta bort fel-bild.png"))
    assert "”fel-bild.png” har tagits bort." in page.locator("main").inner_text()
    assert "fel-bild.png" not in files.inner_text()
    page.get_by_label("Jag godkänner att handläggaren kontaktar läkaren").check()
    next_step(page)

    on_step(page, "Foto och namnteckning")
    page.get_by_label("Jag intygar att uppgifterna i ansökan är riktiga.").check()
    next_step(page)

    number = send(
        page,
        "Anna Andersson",
        "Södra vägen 12",
        "Mindre än 100 meter",
        "Rollator",
        "svår artros",
        "lakarintyg.pdf",
    )
    assert "fel-bild.png" not in page.locator("main").inner_text()
    assert_receipt_names_unit(page, "Trafik och parkering")
    assert_case(
        db,
        number,
        service="parkeringstillstand-rorelsehindrade",
        unit="trafik",
        files={"medical_certificate": ["lakarintyg.pdf"]},
        applicant="Anna Andersson",
    )
    names = [a.filename for a in db.session.scalars(select(Attachment))]
    assert "fel-bild.png" not in names


def test_an_activity_grant_with_annual_reports_goes_to_association_grants(page, db, live_server):
    ui_login_resident(page, live_server, *RESIDENT)
    find_by_search(page, "föreningsbidrag", "Ansök om föreningsbidrag")
    start(page, "Ansök om föreningsbidrag")

    on_step(page, "Föreningen")
    page.get_by_label("Föreningens namn").fill("Majornas Schackklubb")
    page.get_by_label("Organisationsnummer").fill("802450-1234")
    page.get_by_label("Föreningens utdelningsadress").fill("Box 5012")
    page.get_by_label("Postnummer").fill("402 21")
    page.get_by_label("Postort").fill("Göteborg")
    page.get_by_label("Bankgiro eller plusgiro").fill("5432-1098")
    next_step(page)

    on_step(page, "Kontaktperson")
    assert page.get_by_label("Ditt namn").input_value() == "Anna Andersson"
    page.get_by_label("Din roll i föreningen").fill("Kassör")
    page.get_by_label("E-postadress").fill("kassor@majornasschack.example.se")
    page.get_by_label("Telefonnummer").fill("031-12 34 56")
    next_step(page)

    on_step(page, "Bidraget")
    page.get_by_label("Aktivitetsbidrag – för aktiviteter för barn och unga").check()
    page.get_by_label("Hur många aktivitetstillfällen hade föreningen förra året?").fill("96")
    next_step(page)

    on_step(page, "Medlemmar och ekonomi")
    page.get_by_label("Antal medlemmar", exact=True).fill("74")
    page.get_by_label("Varav medlemmar som är 7–25 år").fill("41")
    page.get_by_label("Hur mycket söker ni?").fill("18 000")
    page.get_by_label("Total budget för verksamheten eller projektet").fill("65 000")
    page.get_by_label("Egen insats och andra intäkter").fill("47 000")
    next_step(page)

    on_step(page, "Verksamheten")
    page.get_by_label("Beskriv verksamheten och vad bidraget ska användas till").fill(
        "Vi har schackträning för barn och unga två kvällar i veckan i Majornas bibliotek. "
        "Bidraget ska användas till nya schackklockor och avgifter till ungdoms-SM."
    )
    page.get_by_label("Bilagor").set_input_files(
        [pdf("verksamhetsberattelse-2024.pdf"), pdf("budget-2025.pdf")]
    )
    next_step(page)

    on_step(page, "Bekräfta")
    page.get_by_label("Jag intygar att uppgifterna är riktiga").check()
    next_step(page)

    number = send(
        page,
        "Majornas Schackklubb",
        "802450-1234",
        "Kassör",
        "Aktivitetsbidrag",
        "schackklockor",
        "verksamhetsberattelse-2024.pdf",
        "budget-2025.pdf",
    )
    assert_receipt_names_unit(page, "Föreningsbidrag")
    assert_case(
        db,
        number,
        service="foreningsbidrag",
        unit="foreningsbidrag",
        files={"attachments": ["budget-2025.pdf", "verksamhetsberattelse-2024.pdf"]},
        applicant="Anna Andersson",
    )


def test_school_transport_for_a_child_with_a_disability_goes_to_school_transport(
    page, db, live_server
):
    ui_login_resident(page, live_server, *RESIDENT)
    find_by_browsing(page, "Skola", "Ansök om skolskjuts")
    start(page, "Ansök om skolskjuts")

    on_step(page, "Om dig")
    assert page.get_by_label("Ditt namn").input_value() == "Anna Andersson"
    assert page.get_by_label("Ditt personnummer").input_value() == "19900315-2387"
    page.get_by_label("E-postadress").fill("anna.andersson@example.se")
    page.get_by_label("Telefonnummer").fill("070-123 45 67")
    next_step(page)

    on_step(page, "Barnet")
    page.get_by_label("Barnets namn").fill("Elsa Andersson")
    page.get_by_label("Barnets personnummer").fill("20150612-2389")
    page.get_by_label("Skolans namn").fill("Guldhedsskolan")
    page.get_by_label("Årskurs", exact=True).select_option(label="Årskurs 4")
    page.get_by_label("Ja", exact=True).check()
    next_step(page)

    on_step(page, "Varför behöver barnet skolskjuts?")
    certificate = page.get_by_label("Intyg om funktionsnedsättning")
    assert not certificate.is_visible()  # the script shows it once the reason applies
    page.get_by_label("Barnet har en funktionsnedsättning").check()
    page.get_by_label("Beskriv varför barnet behöver skolskjuts").fill(
        "Elsa har en CP-skada och går med rollator. Hon klarar inte att byta buss på egen hand."
    )
    certificate.set_input_files(pdf("intyg-arbetsterapeut.pdf"))
    next_step(page)

    on_step(page, "Adress och datum")
    page.get_by_label("Gatuadress").fill("Doktor Allards gata 8")
    page.get_by_label("Postnummer").fill("413 24")
    page.get_by_label("Ort", exact=True).fill("Göteborg")
    from_date = days_from_today(30)
    page.get_by_label("Från vilket datum behöver barnet skolskjuts?").fill(from_date)
    next_step(page)

    on_step(page, "Bekräfta")
    page.get_by_label("Jag intygar att uppgifterna är riktiga").check()
    next_step(page)

    number = send(
        page,
        "Elsa Andersson",
        "Guldhedsskolan",
        "Årskurs 4",
        "Barnet har en funktionsnedsättning",
        "Doktor Allards gata 8",
        "intyg-arbetsterapeut.pdf",
    )
    assert_receipt_names_unit(page, "Skolskjutsenheten")
    assert_case(
        db,
        number,
        service="skolskjuts",
        unit="skolskjuts",
        files={"certificate": ["intyg-arbetsterapeut.pdf"]},
        applicant="Anna Andersson",
    )


def test_a_noise_nuisance_with_a_diary_and_a_photo_goes_to_environmental_inspection(page, db):
    find_by_search(page, "störning", "Anmälan om störning")
    start(page, "Anmälan om störning")

    on_step(page, "Vad stör dig?")
    page.get_by_label("Buller, till exempel från fläktar").check()
    next_step(page)

    on_step(page, "Var finns störningen?")
    page.get_by_label("Gatuadress").fill("Linnégatan 21")
    page.get_by_label("Postnummer").fill("413 04")
    page.get_by_label("Ort", exact=True).fill("Göteborg")
    page.get_by_label("Var märker du av störningen?").fill("I sovrummet, som vetter mot gården")
    next_step(page)

    on_step(page, "Om störningen")
    since = days_from_today(-60)
    page.get_by_label("Sedan när har du märkt av störningen?").fill(since)
    page.get_by_label("Hur ofta märker du av störningen?").select_option(label="Varje dag")
    page.get_by_label("Beskriv störningen").fill(
        "Restaurangens kylfläkt på gården brummar från sex på morgonen till midnatt. "
        "Jag kan inte sova med fönstret öppet."
    )
    page.get_by_label("Bilagor").set_input_files(
        [pdf("storningsdagbok.pdf"), png("flakten-pa-garden.png")]
    )
    next_step(page)

    on_step(page, "Kontakt med fastighetsägaren")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("När kontaktade du dem och vad hände?").fill(
        "Jag mejlade hyresvärden den 3 mars. De svarade att de skulle prata med restaurangen, "
        "men inget har hänt."
    )
    next_step(page)

    on_step(page, "Dina kontaktuppgifter")
    page.get_by_label("Namn").fill("Lars Berg")
    page.get_by_label("Telefonnummer").fill("073-987 65 43")
    next_step(page)

    number = send(
        page,
        "Linnégatan 21",
        "I sovrummet, som vetter mot gården",
        "Varje dag",
        "kylfläkt",
        "storningsdagbok.pdf",
        "flakten-pa-garden.png",
        "Lars Berg",
    )
    assert_receipt_names_unit(page, "Miljö- och hälsoskyddstillsyn")
    assert_case(
        db,
        number,
        service="anmalan-om-storning",
        unit="miljotillsyn",
        files={"attachments": ["flakten-pa-garden.png", "storningsdagbok.pdf"]},
    )
