"""The Dask engine: same records as the local engine, survives a killed worker, fails clearly."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from policytext.batch.inputs import list_inputs
from policytext.batch.runner import AnalyzerConfig, BatchRunner
from policytext.errors import PolicytextError
from policytext.records import Record

distributed = pytest.importorskip("distributed")
from policytext.batch.dask_engine import DaskRunner  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "docs"


def folder_of(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:n]:
        shutil.copy(path, folder / path.name)
    (folder / "leeg.txt").write_bytes(b"")
    return folder


def by_id(records: list[Record]) -> dict[str, dict]:
    return {r.id: r.to_dict() for r in records}


def test_dask_gives_the_same_records_as_the_local_engine(tmp_path: Path) -> None:
    items = list(list_inputs([str(folder_of(tmp_path, 20))]))
    local: list[Record] = []
    BatchRunner(AnalyzerConfig(), workers=1).run(items, local.extend)
    remote: list[Record] = []
    DaskRunner(AnalyzerConfig(), workers=2, chunk_size=4).run(items, remote.extend)
    assert len(remote) == len(items) == 21
    assert by_id(remote) == by_id(local)


def test_a_killed_worker_loses_no_document(tmp_path: Path) -> None:
    items = list(list_inputs([str(folder_of(tmp_path, 40))]))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            pids = list(client.run(os.getpid).values())
        records: list[Record] = []
        killed: list[int] = []

        def kill_one(_: Record) -> None:
            if not killed:
                killed.append(pids[0])
                os.kill(pids[0], signal.SIGKILL)

        DaskRunner(AnalyzerConfig(), scheduler=cluster.scheduler_address, chunk_size=4, retries=3).run(
            items, records.extend, on_record=kill_one
        )
    assert killed
    assert sorted(r.id for r in records) == sorted(item.id for item in items)


def test_a_worker_without_base_pipeline_fails_clearly(tmp_path: Path) -> None:
    items = list(list_inputs([str(folder_of(tmp_path, 4))]))
    runner = DaskRunner(
        AnalyzerConfig(), workers=1, retries=0, cluster_options={"env": {"POLICYTEXT_SPACY_MODEL": "nl_missing_sm"}}
    )
    with pytest.raises(PolicytextError, match="no Dutch base pipeline found"):
        runner.run(items, lambda records: None)
