"""Benchmarks and the synthetic province (issue #7).

- ``python -m bench.generate`` builds a province-sized PostgreSQL database (1 high court, 11
  intermediate and 180 basic courts, N cases over 5 years with their parties, timelines, controls,
  money, escalation ladder and designation requests), loaded with COPY, deterministic by seed;
- ``python -m bench.run`` times each operation of the system next to the same query written as raw
  SQL through psycopg2, in the same run, on the same database, and writes the table to
  ``bench/results/latest.md`` (and ``latest.json``).

Nothing here is imported by the application.
"""
