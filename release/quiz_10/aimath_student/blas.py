"""BLAS on one thread wherever student code runs: grading workers side by side (a pool each
would oversubscribe the CPUs), tight limits (they do not mix with threads), the same numerics
in check and grade, and no idle pool spinning on the cores a command needs (0.13 s of CPU in
a fresh check child on two cores).

Its own module, importing nothing, so the grader's sandbox can read it without loading what
the kit's commands need (each module a zygote loads is mapped into every child it forks).
"""

ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
