from autograder.student import wellformed


def test_a_lone_surrogate_becomes_the_replacement_character():
    assert wellformed.text("bad \udcff name \ud800") == "bad \ufffd name \ufffd"


def test_well_formed_text_is_kept_as_it_is():
    for text in ("plain", "학번 20231234", "emoji \U0001f600"):
        assert wellformed.text(text) == text


def test_parsed_json_is_made_well_formed_keys_included():
    parsed = {"key \udc80": ["\ud800", 3, {"x": "ok"}], "n": None}
    assert wellformed.data(parsed) == {"key \ufffd": ["\ufffd", 3, {"x": "ok"}], "n": None}
