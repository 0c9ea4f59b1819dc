"""End to end through the command line, on the bundled sample corpus and on bad input."""
from __future__ import annotations

import gzip
import io
import json
import sqlite3

from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.cli import EXIT_SOME_FAILED, app
from tests.conftest import SAMPLE

runner = CliRunner()
GOOD_TEXT = ("Harbour strike ends after two weeks\n"
             "By Ada Quill\n"
             "Dock workers in the port city of Brenmouth returned to work on Monday after a two-week strike.\n"
             '"We won what we came for," union leader Joss Arden said on Monday.\n'
             "About 1,200 workers had walked out over pay, the union said.\n")


def _warc_gz(html: str) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record("https://news.example/a", "response",
                                       payload=io.BytesIO(html.encode()), http_headers=headers)
    writer.write_record(record)
    return buf.getvalue()


def _count(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_run_on_sample_corpus_then_again_adds_nothing(tmp_path):
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["run", str(SAMPLE), "--db", db])
    assert result.exit_code == 0, result.output
    n_articles = _count(db, "select count(*) from articles")
    assert n_articles == 5
    assert _count(db, "select count(*) from quotes") >= 5
    assert _count(db, "select count(*) from articles where analyzed = 0") == 0
    again = runner.invoke(app, ["ingest", str(SAMPLE), "--db", db])
    assert again.exit_code == 0 and "0 articles added" in again.output
    assert _count(db, "select count(*) from articles") == n_articles
    found = runner.invoke(app, ["search", "ceasefire", "--db", db])
    assert found.exit_code == 0 and "Mediators" in found.output


def test_bad_inputs_are_reported_by_name_and_the_rest_is_processed(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (inputs / "cyrillic.txt").write_bytes(
        "Заголовок новости\nГородской совет утвердил новый бюджет в понедельник.\n".encode("cp1251"))
    html = "<html><body><h1>Bridge reopens</h1>" + "<p>The old bridge reopened to traffic on Friday.</p>" * 20
    (inputs / "truncated.warc.gz").write_bytes(_warc_gz(html + "</body></html>")[:-40])
    good_line = json.dumps({"text": GOOD_TEXT.replace("Brenmouth", "Calder"), "outlet": "Test Wire"})
    (inputs / "lines.jsonl").write_text(good_line + "\n{not json\n", encoding="utf-8")
    db = str(tmp_path / "b.db")

    result = runner.invoke(app, ["ingest", str(inputs), "--db", db])

    assert result.exit_code == EXIT_SOME_FAILED
    out = result.output
    for name in ("empty.txt", "binary.txt", "truncated.warc.gz", "lines.jsonl#L2", "cyrillic.txt"):
        assert name in out, f"{name} not reported:\n{out}"
    assert "empty" in out and "windows-1251" in out.lower()
    uris = {r[0] for r in sqlite3.connect(db).execute("select uri from articles")}
    assert any(u.endswith("good.txt") for u in uris) and any("lines.jsonl" in u for u in uris)
    assert _count(db, "select count(*) from articles where body = '' or body is null") == 0
    assert _count(db, "select count(*) from failures") >= 4


def test_eval_json_shape(shared):
    result = runner.invoke(app, ["eval", "--gold", str(shared / "eval" / "dev"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["articles"] == 5
    for layer in ("boilerplate", "headline", "outlet", "published", "quotes", "quotes.direct",
                  "quotes.indirect", "quotes.speaker", "figures", "timexes", "timexes.value"):
        m = report["layers"][layer]
        assert set(m) == {"p", "r", "f1", "n_gold", "n_pred"}
        assert 0.0 <= m["f1"] <= 1.0
    assert report["layers"]["quotes"]["f1"] > 0.5


def test_unknown_inputs_and_formats_give_clear_errors(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and result.output.count("no such file") == 1
    result = runner.invoke(app, ["export", "--format", "xml", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "unknown format" in result.output
