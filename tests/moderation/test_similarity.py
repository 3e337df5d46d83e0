"""Near-duplicates: alike in meaning words, never in stopwords, never an item with itself."""

from eservices.moderation.similarity import score, similar, terms


def test_stopwords_alone_never_make_two_texts_alike():
    assert score("Det är inte att vi och de ska", "Vi ska att det är och de inte") == 0
    assert score("It is what we are and should be", "We should be what it is and are") == 0


def test_inflections_of_a_word_meet():
    assert terms("cykelbanor") == terms("cykelbana")


def test_texts_about_the_same_thing_score_high_and_others_low():
    proposal = "Bygg fler cykelbanor längs Göta älv"
    assert score(proposal, "Fler cykelbanor längs Göta älv behövs") > 0.7
    assert score(proposal, "Mer pengar till skolornas bibliotek") == 0


def test_an_item_is_never_similar_to_itself():
    candidates = [("7", "Fler bänkar i Slottsskogen"), ("8", "Bänkar i Slottsskogen, fler!")]
    matches = similar("Fler bänkar i Slottsskogen", candidates, exclude="7")
    assert [match.key for match in matches] == ["8"]


def test_best_matches_come_first_and_below_the_threshold_are_left_out():
    candidates = [
        ("a", "Fler bänkar i parken"),
        ("b", "Fler bänkar och papperskorgar i Slottsskogen"),
        ("c", "Fler bänkar i Slottsskogen"),
        ("d", "Belysning på cykelbanan"),
    ]
    matches = similar("Fler bänkar i Slottsskogen", candidates, threshold=0.5)
    assert [match.key for match in matches] == ["c", "b", "a"]
    assert matches[0].score == 1.0


def test_empty_and_stopword_only_texts_match_nothing():
    assert similar("", [("a", "")]) == []
    assert similar("och att", [("a", "och att")]) == []


def test_the_limit_keeps_the_best():
    candidates = [(n, "Fler bänkar i Slottsskogen") for n in range(10)]
    assert len(similar("Fler bänkar i Slottsskogen", candidates, limit=3)) == 3
