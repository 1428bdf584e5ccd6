"""Batch runs over a newsroom's archive on dask: inputs → partitions → the pipeline → (Geo)Parquet tables.

``python -m geo batch`` (``geo.batch.cli``); ``geo.batch.runner.run_batch`` from Python; ``read_contract``
gives a batch folder back as the ``extract --json`` object.
"""

from geo.batch.tables import read_contract, read_rows

__all__ = ["read_contract", "read_rows"]
