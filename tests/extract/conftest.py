"""Helpers shared by the extraction tests: build a Document from one sentence."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from mfgstats.records import Document


def make_document(text: str, published: date = date(2022, 4, 26), region: str = "洛阳市") -> Document:
    return Document(
        document_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        file="sample.txt",
        text=text,
        title="sample",
        publisher="test",
        published=published,
        region=region,
        doc_type="article",
        release_key="sample",
    )


@pytest.fixture
def doc():
    return make_document
