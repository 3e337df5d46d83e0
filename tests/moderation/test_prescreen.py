"""The pre-screen flags what a moderator should look at, and marks where it is."""

import pytest

from eservices.moderation.prescreen import (
    LUHN_VALID,
    LUHN_WRONG,
    Flag,
    contact_details,
    highlight,
    listed_words,
    screen,
)


def found(text, code=None, words=()):
    """(code, flagged text) of each flag, in text order."""
    return [
        (flag.code, flag.text)
        for flag in screen(text, words=words)
        if code is None or flag.code == code
    ]


@pytest.mark.parametrize(
    "text, number, detail",
    [
        ("Mitt nummer är 19900315-2387.", "19900315-2387", LUHN_VALID),
        ("Mitt nummer är 199003152387.", "199003152387", LUHN_VALID),
        ("Hans nummer är 900315-2387.", "900315-2387", LUHN_VALID),
        ("Född 1890: 900315+2387", "900315+2387", LUHN_VALID),
        ("Fel siffra: 19900315-2388", "19900315-2388", LUHN_WRONG),
        ("Samordningsnummer 19900375-2383", "19900375-2383", LUHN_WRONG),
    ],
)
def test_personnummer_like_numbers_are_flagged_whether_or_not_the_check_digit_is_right(
    text, number, detail
):
    flags = [flag for flag in contact_details(text) if flag.code == "personnummer"]
    assert [(flag.text, flag.detail) for flag in flags] == [(number, detail)]
    assert text[flags[0].start : flags[0].end] == number


@pytest.mark.parametrize(
    "text",
    [
        "Budgeten är 2026-2030.",
        "Ordernummer 19901315-2387",  # month 13
        "Kostnad 1 500 000 kronor",
        "Postnummer 411 38",
        "Fakturanummer 12345678901234",
    ],
)
def test_numbers_that_are_not_personnummer_pass(text):
    assert found(text, "personnummer") == []


@pytest.mark.parametrize(
    "text, phone",
    [
        ("Ring 070-123 45 67 i kväll", "070-123 45 67"),
        ("Ring 0701234567", "0701234567"),
        ("Växeln 031-365 00 00.", "031-365 00 00"),
        ("Stockholm 08-123 456 78", "08-123 456 78"),
        ("Från utlandet +46 70 123 45 67", "+46 70 123 45 67"),
        ("Eller +46 (0)31 365 00 00", "+46 (0)31 365 00 00"),
        ("Eller 0046701234567", "0046701234567"),
    ],
)
def test_swedish_phone_numbers_are_flagged_in_every_usual_writing(text, phone):
    assert found(text) == [("phone", phone)]


def test_a_mobile_number_is_a_phone_number_not_a_personnummer():
    # 070123 would be a date, but the number is a valid Swedish mobile number.
    assert found("Ring 0701234567") == [("phone", "0701234567")]


@pytest.mark.parametrize(
    "text, flagged",
    [
        (
            "Mejla anna.andersson+forslag@example.se!",
            [("email", "anna.andersson+forslag@example.se")],
        ),
        ("Läs https://example.com/a?b=c, sedan", [("url", "https://example.com/a?b=c")]),
        ("Se www.goteborg.se.", [("url", "www.goteborg.se")]),
        ("Se goteborg.se/parker (sidan)", [("url", "goteborg.se/parker")]),
        ("Mejla info@kommun.se", [("email", "info@kommun.se")]),
        ("Version 2.0 och t.ex. detta", []),
    ],
)
def test_e_mail_addresses_and_links_are_flagged(text, flagged):
    assert found(text) == flagged


WORDS = ("jävl*", "idiot", "död åt", "blatte*")


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Det är ett JÄVLA skämt", ["JÄVLA"]),
        ("Jävlar vad dåligt", ["Jävlar"]),
        ("Du är en Idiot.", ["Idiot"]),
        ("Idioten skrev", []),  # a whole word only, without *
        ("Död  åt alla", ["Död  åt"]),
        ("Blattarna", []),
        ("Blattefientlig", ["Blattefientlig"]),
        ("Ojävlig", []),  # the word must start where the entry does
    ],
)
def test_listed_words_match_whole_words_in_any_case_with_swedish_letters(text, flagged):
    assert [flag.text for flag in listed_words(text, WORDS)] == flagged


def test_an_empty_word_list_flags_nothing():
    assert listed_words("jävla idiot", ()) == []


def test_flags_come_in_text_order_with_their_spans():
    text = "Ring 070-123 45 67, din idiot, eller mejla a@b.se"
    flags = screen(text, words=["idiot"])
    assert [(f.code, text[f.start : f.end]) for f in flags] == [
        ("phone", "070-123 45 67"),
        ("word", "idiot"),
        ("email", "a@b.se"),
    ]


def test_near_duplicates_are_flagged_without_a_span_and_never_the_item_itself():
    candidates = [("1", "Fler bänkar i Slottsskogen"), ("2", "Fler bänkar i Slottsskogen")]
    flags = screen("Fler bänkar i Slottsskogen", candidates=candidates, exclude="2")
    assert [(f.code, f.key, f.has_span) for f in flags] == [("similar", "1", False)]


def test_highlight_marks_flags_and_escapes_everything_else():
    text = "<script>alert(1)</script> ring 070-123 45 67 & <b>"
    html = str(highlight(text, screen(text), label=lambda flag: "telefon"))
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; ring "
        '<mark class="flagged">070-123 45 67<span class="visually-hidden"> (telefon)</span>'
        "</mark> &amp; &lt;b&gt;"
    )


def test_a_flagged_span_is_escaped_too():
    text = "x <i>jävla</i> y"
    html = str(highlight(text, [Flag("word", 2, 14, "<i>jävla</i>")]))
    assert html == 'x <mark class="flagged">&lt;i&gt;jävla&lt;/i&gt;</mark> y'


def test_overlapping_flags_become_one_mark_naming_both():
    text = "abc def ghi"
    flags = [Flag("word", 0, 7), Flag("url", 4, 11)]
    html = str(highlight(text, flags, label=lambda flag: flag.code))
    assert (
        html == '<mark class="flagged">abc def ghi'
        '<span class="visually-hidden"> (word, url)</span></mark>'
    )


def test_text_without_flags_is_only_escaped():
    assert str(highlight("a < b\nc", [])) == "a &lt; b\nc"
