"""Outlets and countries from sidecars, --outlet/--country and the registry, shown in the UI (fictional texts)."""
import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parallax.cli import app
from parallax.serve import create_app
from parallax.sources import read_paths

BODY = ("The harbour board of Velmora said on Tuesday that the new pier would open in the spring, after two "
        "years of work that cost more than the town had planned.\n"
        "Fishermen said the pier would let larger boats land their catch, and the board said the old quay "
        "would become a public walkway along the water.\n")


def _folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("New pier for Velmora harbour\n" + BODY)
    (docs / "a.meta.json").write_text(json.dumps({"url": "https://velmora-tide.example/pier", "outlet": "Velmora Tide",
                                                  "country": "Norway"}))
    (docs / "b.txt").write_text("Velmora pier opens in spring\n" + BODY.replace("Tuesday", "Monday"))
    (docs / "b.json").write_text(json.dumps({"outlet": "Harbour Lights", "country": "Iceland", "title": "Pier opens"}))
    return docs


def test_sidecars_are_metadata_not_documents(tmp_path):
    docs = _folder(tmp_path)
    items = list(read_paths([docs]))
    assert [i.uri.rsplit("/", 1)[-1] for i in items] == ["a.txt", "b.txt"]
    assert items[0].meta["outlet"] == "Velmora Tide" and items[0].meta["country"] == "Norway"
    assert items[1].meta["title"] == "Pier opens"


def test_broken_sidecar_is_reported_and_the_text_still_read(tmp_path):
    docs = _folder(tmp_path)
    (docs / "a.meta.json").write_text("{not json")
    items = list(read_paths([docs]))
    failures = [i for i in items if not hasattr(i, "text")]
    assert len(failures) == 1 and "a.meta.json" in failures[0].uri and "JSON" in failures[0].reason
    assert sum(hasattr(i, "text") for i in items) == 2


def test_ui_shows_every_outlet_and_country(tmp_path):
    docs = _folder(tmp_path)
    db = tmp_path / "p.db"
    out = CliRunner().invoke(app, ["ingest", str(docs), "--db", str(db)])
    assert out.exit_code == 0, out.output
    with TestClient(create_app(str(db))) as client:
        page = client.get("/articles").text
        assert "Velmora Tide" in page and "Norway" in page
        assert "Harbour Lights" in page and "Iceland" in page
        assert "Norway" in client.get("/outlets").text


def test_ingest_outlet_option_beats_the_sidecar(tmp_path):
    docs = _folder(tmp_path)
    db = tmp_path / "p.db"
    out = CliRunner().invoke(app, ["ingest", str(docs / "a.txt"), "--db", str(db), "--outlet", "Fjord Post",
                                   "--country", "Denmark"])
    assert out.exit_code == 0, out.output
    with TestClient(create_app(str(db))) as client:
        page = client.get("/articles").text
        assert "Fjord Post" in page and "Denmark" in page and "Velmora Tide" not in page
