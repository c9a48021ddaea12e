"""Benchmark scripts that print figures (never timed tests): run from the repository root as
`python -m bench.site`, `python -m bench.preview`, ... or through `invoke bench`."""
