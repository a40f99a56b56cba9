"""Run ingest chunks on a Dask distributed cluster (imported only when ``--scheduler`` is given)."""

from __future__ import annotations

from typing import Sequence

from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from geo.ingest import worker_context

__all__ = ["DaskRunner", "WorkerSetup"]


class WorkerSetup(WorkerPlugin):
    """Load the gazetteer and control data once, when each worker starts (not per task)."""

    def __init__(self, control: tuple[str, ...]) -> None:
        self.control = control

    def setup(self, worker) -> None:
        worker_context(self.control)


class DaskRunner:
    """Submit chunks to a cluster: *scheduler* is an address, or ``local`` for a LocalCluster on 127.0.0.1."""

    def __init__(self, scheduler: str, jobs: int, control: Sequence[str]) -> None:
        self.cluster = None
        if scheduler == "local":
            self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address="127.0.0.1:0")
            self.client = Client(self.cluster)
        else:
            self.client = Client(scheduler)
        self.client.register_plugin(WorkerSetup(tuple(control)), name="geo-worker-context")

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
