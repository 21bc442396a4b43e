"""`python -m registry.cli`: the same as the `coordreg` command."""

from registry.cli import main

main()
