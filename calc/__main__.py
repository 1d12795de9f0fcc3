"""``python -m calc`` is the same as the ``lumpsum`` command."""

from calc.cli import main

raise SystemExit(main())
