"""Run the command line as ``python -m casegraph``."""

from .cli import main

if __name__ == "__main__":  # not when a worker process of 'casegraph serve' starts
    main()
