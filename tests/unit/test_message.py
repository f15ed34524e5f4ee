from autograder.grading.model import Origin
from autograder.message import Message, msg


def test_a_value_quoting_a_lone_surrogate_is_kept_writable():
    note = msg("intake.id_mapped", raw="bad\udcffname", id="bad_name")
    assert note.params == {"raw": "bad\ufffdname", "id": "bad_name"}
    assert Message.from_json(note.to_json()) == note
    assert note.params["raw"].encode("utf-8")


def test_an_origin_names_its_file_writably():
    assert Origin("bad\udcffname.py").filename == "bad\ufffdname.py"
