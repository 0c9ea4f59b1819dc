"""`parallax serve` prints the URL and serves the store; `parallax report` writes the briefing."""
from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from parallax.store import Store
from tests import serve_corpus


@pytest.fixture()
def cli():
    try:
        from parallax import cli
    except ImportError as exc:  # the CLI imports every stage; they land on main one by one
        pytest.skip(f"the CLI cannot be imported yet: {exc}")
    return cli


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "cli.db")
    store = Store(path)
    serve_corpus.fill(store)
    store.close()
    return path


def test_report_command_writes_the_briefing(cli, db, tmp_path):
    out = tmp_path / "briefing.html"
    result = CliRunner().invoke(cli.app, ["report", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.output.replace("\n", "")
    assert "Where the figures disagree" in out.read_text(encoding="utf-8")


def test_serve_command_prints_the_url_and_runs_uvicorn(cli, db, monkeypatch):
    import uvicorn

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.delenv("PARALLAX_TOKEN", raising=False)
    with socket.socket() as s:   # a port nobody listens on (the command refuses a busy one)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(cli.app, ["serve", "--db", db, "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{port}/" in result.output and "read-only" in result.output
    assert calls["host"] == "127.0.0.1" and calls["port"] == port
    assert calls["app"].state.token is None
