"""`python -m letters …`: the command line (see letters/cli.py)."""

from letters.cli import main

raise SystemExit(main())
