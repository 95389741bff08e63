"""Stage contracts: each stage reads and writes only the Document layers pipeline.CONTRACTS
declares, and the pipeline refuses an order that breaks them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from veille.document import BASE_LAYERS, Document
from veille.ingest.article import Article
from veille.pipeline import CONTRACTS, STAGES, check_contracts, get_nlp, new_document, stage_name
from veille.stages import casualties, entities, events, places, quotes, times

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold" / "dev.jsonl"
LAYERS = [f.name for f in dataclasses.fields(Document)]


def test_the_pipeline_order_keeps_every_contract():
    check_contracts(STAGES)
    assert [stage_name(s) for s in STAGES] == list(CONTRACTS)


@pytest.mark.parametrize(
    "order, message",
    [
        ((entities, times, places, quotes, events, casualties), "reads \\['casualties'\\]"),  # events before casualties
        ((times, places, entities, quotes, casualties, events), "reads \\['entities'\\]"),  # places before entities
        ((entities, quotes, places, times, casualties, events), "writes \\['entities'\\]"),  # places after quotes read entities
        ((entities, SimpleNamespace(__name__="veille.stages.nameless")), "declares no contract"),
    ],
)
def test_an_order_that_breaks_a_contract_is_refused(order, message):
    with pytest.raises(ValueError, match=message):
        check_contracts(order)


class _Recording(Document):
    """A Document that notes which layers are read."""

    def __getattribute__(self, name):
        if name in LAYERS:
            object.__getattribute__(self, "reads").add(name)
        return object.__getattribute__(self, name)


def _state(doc: Document, name: str) -> str:
    value = object.__getattribute__(doc, name)
    if isinstance(value, list):
        return json.dumps([v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value], sort_keys=True, default=str)
    return repr(value)


def test_each_stage_reads_and_writes_only_what_it_declares():
    """Over the gold dev articles (real layers, both languages), every read and every change a
    stage makes is within its contract."""
    reads_seen: dict[str, set[str]] = {stage_name(s): set() for s in STAGES}
    for rec in map(json.loads, GOLD.read_text("utf-8").splitlines()):
        art = Article.build(rec["text"], published=rec.get("published"), id=rec["id"])
        plain = new_document(art, rec["lang"], get_nlp(rec["lang"])(art.text))
        doc = _Recording(**{name: getattr(plain, name) for name in LAYERS})
        for stage in STAGES:
            name = stage_name(stage)
            contract = CONTRACTS[name]
            object.__setattr__(doc, "reads", set())
            before = {layer: _state(doc, layer) for layer in LAYERS if layer != "doc"}
            stage.run(doc)
            reads = object.__getattribute__(doc, "reads")
            changed = {layer for layer in before if _state(doc, layer) != before[layer]}
            assert reads <= BASE_LAYERS | contract.reads | contract.writes, (rec["id"], name, reads)
            assert changed <= contract.writes, (rec["id"], name, changed)
            reads_seen[name] |= reads
    # every declared read happens somewhere (a contract is not padded)
    for name, contract in CONTRACTS.items():
        assert contract.reads <= reads_seen[name], (name, contract.reads - reads_seen[name])
