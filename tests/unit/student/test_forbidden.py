"""A function a test forbids raises in the submission's calls, however the submission
reaches it, and is itself again once the call is over."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from autograder.student.forbidden import ForbiddenFunction, forbidden

PINV = "numpy.linalg.pinv"
A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]])


def _submission(code: str) -> dict:
    namespace: dict = {}
    exec(code, namespace)
    return namespace


@pytest.mark.parametrize("code", [
    "import numpy as np\ndef f(A):\n    return np.linalg.pinv(A)\n",
    "from numpy.linalg import pinv\ndef f(A):\n    return pinv(A)\n",
    "from numpy.linalg import pinv as p\ndef f(A):\n    return p(A)\n",
    "import numpy.linalg as la\ndef f(A):\n    return la.pinv(A)\n",
])
def test_every_way_the_submission_names_it_raises(code: str):
    namespace = _submission(code)
    original = np.linalg.pinv
    with forbidden([PINV], namespace), pytest.raises(ForbiddenFunction, match=PINV):
        namespace["f"](A)
    assert np.linalg.pinv is original
    np.testing.assert_allclose(namespace["f"](A), original(A))  # itself again


def test_the_formula_it_stands_for_still_runs():
    namespace = _submission("import numpy as np\n"
                            "def f(A):\n    return np.linalg.inv(A.T @ A) @ A.T\n")
    with forbidden([PINV], namespace):
        got = namespace["f"](A)
    np.testing.assert_allclose(got, np.linalg.pinv(A), atol=1e-12)


def test_a_module_not_imported_is_neither_imported_nor_an_error():
    before = set(sys.modules)
    with forbidden(["no_such_package.solve", "numpy.linalg.no_such_function"], {}):
        pass
    assert set(sys.modules) == before


def test_everything_is_put_back_when_the_call_raises():
    namespace = _submission("from numpy.linalg import pinv\n")
    original = namespace["pinv"]
    with pytest.raises(ZeroDivisionError), forbidden([PINV], namespace):
        assert namespace["pinv"] is not original
        1 / 0  # noqa: B018
    assert namespace["pinv"] is original and np.linalg.pinv is original


@pytest.mark.parametrize("code", [
    "import numpy as np\nkeep = [np.linalg.pinv]\ndef f(A):\n    return keep[0](A)\n",
    "import numpy as np\nkeep = {'p': np.linalg.pinv._implementation}\n"
    "def f(A):\n    return keep['p'](A)\n",
])
def test_a_reference_kept_out_of_sight_raises_too(code: str):
    """Does the function raise when the submission kept it where no name is swapped (in a
    list, or the Python function NumPy's dispatcher wraps), and is its code itself again
    afterwards?"""
    namespace = _submission(code)
    implementation = np.linalg.pinv._implementation  # type: ignore[attr-defined]
    code_before = implementation.__code__
    with forbidden([PINV], namespace), pytest.raises(ForbiddenFunction, match=PINV):
        namespace["f"](A)
    assert implementation.__code__ is code_before
    assert not [k for k in vars(sys.modules["numpy.linalg._linalg"]) if "aimath" in k]
    np.testing.assert_allclose(namespace["f"](A), np.linalg.pinv(A))
