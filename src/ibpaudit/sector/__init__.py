"""The sector monitor: many boards, one picture (``ibpaudit sector``).

``discover`` finds the boards' dossiers; ``board`` audits one of them in a worker process
with the same engine as ``ibpaudit run``; ``execute`` hands the boards to an executor
(local worker processes, or a Dask distributed cluster through the same
``concurrent.futures`` interface); ``store`` streams each board's results into DuckDB;
``collect`` reads results documents that boards sent in; ``aggregate`` makes
``sector.json`` from the store with SQL; ``page`` renders ``sector.html``. Dask, DuckDB and
rich are the ``sector`` extra and are imported only when needed (``extra``)."""
