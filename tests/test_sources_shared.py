"""The shared development data reads cleanly: every article and page, no failures, no charset notes."""
from pathlib import Path

import pytest

from parallax.model import RawDocument
from parallax.sources import read_paths

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.mark.parametrize("folder, content_type, count", [
    ("eval/dev/articles", "text/plain", 5),
    ("eval/aeb/html", "text/html", 90),
])
def test_shared_inputs_read_without_failures(folder, content_type, count):
    path = SHARED / folder
    if not path.is_dir():
        pytest.skip(f"{path} is absent (../shared is only present in the development workspace)")
    items = list(read_paths([path]))
    assert all(isinstance(i, RawDocument) for i in items), [i for i in items if not isinstance(i, RawDocument)]
    assert len(items) == count
    assert {i.content_type for i in items} == {content_type}
    assert items == sorted(items, key=lambda i: i.uri)
    if content_type == "text/plain":     # the dev articles are UTF-8 with "\n" line ends, kept byte-exact
        assert all(i.text == i.data.decode("utf-8") and "encoding" not in i.meta for i in items)
