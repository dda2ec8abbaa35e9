"""`python -m nzc_graph.cli` runs the command line."""

from nzc_graph.cli.main import main

main()
