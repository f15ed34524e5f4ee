"""A grading worker process's entry point: `python -m autograder.batch.boot CONFIG_JSON FD`.

It asks for the sandbox zygote before importing the grader (pytest, NumPy, the reports), so
the zygote's fresh interpreter boots while the worker's imports run rather than after them;
then it is `batch.worker.main`.
"""

from __future__ import annotations

import sys

from autograder.batch.tasks import WorkerConfig
from autograder.sandbox.host import zygote_client


def main() -> None:
    config = WorkerConfig.from_json(sys.argv[1])
    if config.zygote_extras is not None:
        zygote_client.shared(config.zygote_extras)
    from autograder.batch import worker

    worker.main()


if __name__ == "__main__":
    main()
