"""Every benchmark, on SQLite and PostgreSQL: `make bench` (python -m bench.run).

    python -m bench.run [--stakeholders 10000] [--records 1000000] [--databases sqlite,postgresql]

Prints each number as it comes and writes bench/RESULTS.md.
"""

from bench.common import main_for

if __name__ == "__main__":
    main_for(["scores", "log_conversation", "recompute"])
