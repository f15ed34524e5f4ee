"""`python -m aimath_student check|submit NOTEBOOK`: the kit's command where its script is not
installed (the `aimath_student/` folder beside a released notebook)."""

from .launch import main

raise SystemExit(main())
