"""The kit's catalog: which assignment a notebook is, and where its public files are."""

from pathlib import Path

import pytest

from autograder.student.catalog import (
    FORMS,
    Assignment,
    Catalog,
    CheckError,
    defined_names,
    index_text,
    load_catalog,
)
from autograder.student.forms import SUFFIX
from autograder.student.limits import Limits
from autograder.student.notebook import read_bytes

CATALOG = Catalog((Assignment("01_vectors", ("l1_norm", "l2_norm")),
                   Assignment("02_matrices", ("row_inner", "predict")),
                   Assignment("quiz_01", (), True)))


@pytest.mark.parametrize(("path", "names", "expected"), [
    (Path("01_vectors.ipynb"), set(), "01_vectors"),
    (Path("release/02_matrices/mine.ipynb"), set(), "02_matrices"),
    (Path("kim_quiz_01.py"), set(), "quiz_01"),
    (Path("homework.ipynb"), {"row_inner", "x"}, "02_matrices"),
    (None, {"l1_norm", "l2_norm", "predict"}, "01_vectors"),
])
def test_the_assignment_is_inferred_from_the_name_then_the_functions(path, names, expected):
    """Is the assignment taken from the file or folder name, else from the contract
    functions the code defines?"""
    assert CATALOG.infer(path, names, "--assignment") == expected


def test_an_ambiguous_notebook_asks_for_the_assignment():
    """Does a notebook that defines no (or equally many) contract functions get a message
    naming the option and the valid ids?"""
    with pytest.raises(CheckError, match=r"pass assignment= \(one of 01_vectors, 02_matrices"):
        CATALOG.infer(None, {"l1_norm", "predict"}, "assignment=")


def test_a_renamed_notebook_is_the_assignment_its_own_check_cells_name():
    """Is kim.ipynb, whose last cell runs `check_all(assignment="quiz_01")`, quiz_01, while
    code naming two ids (or an unknown one) still has to say which?"""
    source = read_bytes(b"q1 = 'B'\nfrom aimath_student import check_all\n"
                        b"check_all(assignment='quiz_01')\n", "kim.py")
    declared = source.named
    assert declared == ("quiz_01",)
    assert CATALOG.infer(Path("kim.ipynb"), {"q1"}, "--assignment", declared) == "quiz_01"
    for names in ({"quiz_01", "02_matrices"}, {"quiz_99"}):
        with pytest.raises(CheckError, match="cannot tell"):
            CATALOG.infer(Path("kim.ipynb"), {"q1"}, "--assignment", names)


def test_a_quiz_is_the_one_its_values_cell_names():
    """A renamed quiz notebook whose first cell calls `show_values("quiz_01", STUDENT_ID)`
    (every quiz defines q1, q2, ...): is it that quiz for `check("q3")`, no option needed?"""
    source = read_bytes(b'STUDENT_ID = "kim"\nfrom aimath_student import show_values\n'
                        b'show_values("quiz_01", STUDENT_ID)\nq3 = "1"\n', "kim.py")
    assert source.named == ("quiz_01",)
    assert CATALOG.infer(Path("kim.ipynb"), {"q3"}, "assignment=", source.named) == "quiz_01"


def test_defined_names_come_from_the_code_without_running_it():
    """Are top-level defs, classes and assignments found without executing anything?"""
    source = read_bytes(b"import os\ndef f():\n    pass\nclass C: ...\nq1 = 'B'\nos._exit(1)\n",
                        "a.py")
    assert defined_names(source) == {"f", "C", "q1"}


def test_public_files_are_found_in_the_kit_then_beside_the_notebook(tmp_path):
    """Are tests looked up in the catalog's folders first, then beside the notebook, and a
    quiz's forms in the forms folder?"""
    kit, near = tmp_path / "kit", tmp_path / "here"
    (kit / "01_vectors").mkdir(parents=True)
    (kit / "01_vectors" / "test_01_vectors.py").write_text("")
    near.mkdir()
    (near / "test_02_matrices.py").write_text("")
    (tmp_path / "quiz_01.forms.json").write_text("{}")
    catalog = Catalog(CATALOG.assignments, (kit,), (tmp_path,))
    assert catalog.tests("01_vectors", near) == kit / "01_vectors" / "test_01_vectors.py"
    assert catalog.tests("02_matrices", near) == near / "test_02_matrices.py"
    assert catalog.forms("quiz_01", near) == tmp_path / "quiz_01.forms.json"
    with pytest.raises(CheckError, match="no public tests for quiz_01"):
        catalog.tests("quiz_01", near)
    assert FORMS.format(id="quiz_01") == f"quiz_01{SUFFIX}"


def test_the_index_round_trips_with_its_limits(tmp_path):
    """Does `assignments.json` written for the kit load back as the same catalog?"""
    catalog = Catalog(CATALOG.assignments, limits=Limits(call_timeout=3.0), version="9.9")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "assignments.json").write_text(index_text(catalog), encoding="utf-8")
    loaded = load_catalog(tmp_path)
    assert (loaded.assignments, loaded.limits, loaded.version) == (
        catalog.assignments, catalog.limits, "9.9")
    assert loaded.folders == (tmp_path / "data",)


def test_a_kit_without_its_index_says_so(tmp_path):
    """Is a broken kit reported as incomplete rather than with a traceback?"""
    with pytest.raises(CheckError, match="the self-check kit is incomplete"):
        load_catalog(tmp_path)
