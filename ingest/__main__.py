"""``python -m ingest``: the headless commands without the dashboard."""

import sys

from ingest.cli import main

sys.exit(main())
