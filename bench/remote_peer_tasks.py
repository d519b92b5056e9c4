"""The job that bench/remote_bench.py gives its peers (RQ and Dask distributed): the counterpart of Daybreak's
`core.echo`. It has to live in a module of its own so that the peers' worker processes can import it by name
(remote_bench.py puts bench/ on their PYTHONPATH); this file is not a benchmark itself."""


def echo(value):
    """Return the argument unchanged: an 'empty' job, so that only the job system's own costs are measured."""
    return value
