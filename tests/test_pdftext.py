"""PDF text in every script: each character gets a font that has it, never an empty box."""

import pytest

from eservices import pdftext
from tests.submissions.test_receipt_pdf import NAUGHTY


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("text", NAUGHTY)
def test_every_character_is_set_in_a_font_that_has_it(text, bold):
    family = pdftext.fonts()[1 if bold else 0]
    shaped = pdftext._display(text) if pdftext._has_right_to_left(text) else text
    missing = [
        char
        for char in shaped
        if char != " " and ord(char) not in pdftext._font_for(char, family).covers
    ]
    assert missing == []


def test_direction_marks_steer_the_line_and_are_not_printed():
    markup = pdftext.markup("\u202egnirots", width=300, size=10)
    assert "storing" in markup and "\u202e" not in markup


def test_a_long_right_to_left_answer_wraps_from_its_first_word():
    words = ["كلمة"] * 40 + ["النهاية"]
    markup = pdftext.markup(" ".join(words), width=200, size=10)
    lines = markup.split("<br/>")
    assert len(lines) > 2
    # The last word read ends the last printed line, where it is its leftmost word.
    assert "ﺔﻳﺎﻬﻨﻟﺍ" in lines[-1] and "ﺔﻳﺎﻬﻨﻟﺍ" not in lines[0]
