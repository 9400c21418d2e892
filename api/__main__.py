"""`python -m api` is the `rapport` command."""

from api.cli import main

main()
