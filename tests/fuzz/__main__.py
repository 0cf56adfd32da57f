"""python -m tests.fuzz --n 100000 [--seed S] [--target guideline|application|cli|fmt|outcome|all] [--jobs J]"""

import sys

from .runner import main

if __name__ == "__main__":
    sys.exit(main())
