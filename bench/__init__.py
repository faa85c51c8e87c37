"""Benchmarks for Jobboard's hot paths; `make bench` runs them and records the figures."""
