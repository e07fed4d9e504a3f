"""Benchmarks for the ``fatalities`` CLI (synthetic data generator and timing runner)."""
