"""Benchmark of the pages people use most, on synthetic national-scale data.

`bench.generate` fills a database with partnerships shaped like Samhällskontraktet's;
`python -m bench.run` measures server time and queries per page on SQLite and
PostgreSQL and writes bench/results/*.json. See bench/README.md.
"""
