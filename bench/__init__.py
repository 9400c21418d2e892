"""Benchmarks for the issue's targets: `make bench` (python -m bench.run) runs them all."""
