"""`python -m generator`: the `dispatch-archive` command, e.g. from a checkout never installed."""

from generator.cli import main

main(prog_name="dispatch-archive")
