"""The performance lab behind bench/run.py: data sets, workloads, servers, load generation,
SQL counting and the report. Benchmarks measure and report; nothing here asserts."""
