"""`python -m generator`: the `dispatch-archive` command, e.g. from a checkout never installed."""

from generator.cli import main

if __name__ == "__main__":
    main(prog_name="dispatch-archive")
