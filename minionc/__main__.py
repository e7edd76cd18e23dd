"""`python -m minionc ...`: the same as the `minionc` command."""

import sys

from minionc.cli import main

if __name__ == "__main__":
    sys.exit(main())
