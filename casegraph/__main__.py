"""Run the command line as ``python -m casegraph``."""

from .cli import main

main()
