"""Reading files and folders: every format, every kind of bad input reported by name, never fatal."""
import gzip
import io
import json
import os

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.model import RawDocument, ReadFailure, ReadNotice
from parallax.sources import read_bytes, read_paths

STORY = "Harbour reopens after storm\nBy Ada Quill\nThe port of Veltmark reopened on Monday, officials said.\n"
RUSSIAN = "Порт Вельтмарк вновь открылся в понедельник, сообщили официальные лица.\n"


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Harbour</title></head><body><p>{body}</p></body></html>"


def read_all(*paths, **limits):
    return list(read_paths([str(p) for p in paths], **limits))


def failures(items):
    return {os.path.basename(i.uri): i.reason for i in items if isinstance(i, ReadFailure)}


def documents(items):
    return [i for i in items if isinstance(i, RawDocument)]


def warc_bytes(pages, *, gz=True):
    """A WARC of my own: a warcinfo record, then per page a response record (and a request)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "test"}))
    for url, html, content_type in pages:
        payload = html.encode("utf-8") if isinstance(html, str) else html
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
    return out.getvalue()


# ---- plain text and HTML -------------------------------------------------------------------

def test_text_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    [doc] = read_all(path)
    assert doc.uri == str(path)
    assert doc.content_type == "text/plain"
    assert doc.text == STORY
    assert doc.data == STORY.encode("utf-8")
    assert "encoding" not in doc.meta


def test_windows_1251_text_is_decoded_and_noted(tmp_path):
    path = tmp_path / "russian.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    [doc] = read_all(path)
    assert doc.text == RUSSIAN
    assert doc.meta["encoding"].startswith("windows-1251 (detected")


def test_crlf_line_ends_become_lf(tmp_path):
    path = tmp_path / "dos.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode("utf-8"))
    [doc] = read_all(path)
    assert doc.text == STORY
    assert "newlines" in doc.meta


def test_html_and_gzipped_html(tmp_path):
    html = page("The port reopened.")
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    docs = read_all(tmp_path)
    assert [d.content_type for d in docs] == ["text/html", "text/html"]
    assert all(d.text == html for d in docs)


def test_mislabelled_html_charset_is_detected(tmp_path):
    html = page(RUSSIAN, head='<meta charset="iso-8859-1">')
    (tmp_path / "ru.html").write_bytes(html.encode("cp1251"))
    [doc] = read_all(tmp_path)
    assert doc.text == html
    assert "windows-1251" in doc.meta["encoding"] and "iso-8859-1 does not fit" in doc.meta["encoding"]


# ---- bad files are reported by name, the rest is read ----------------------------------------

def test_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03\xff\xfe\x00binary")
    (tmp_path / "scan.html").write_bytes(b"%PDF-1.4\n...")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.html.gz").write_bytes(gzip.compress(page("x").encode())[:-12])
    items = read_all(tmp_path)
    assert [os.path.basename(d.uri) for d in documents(items)] == ["good.txt"]
    reasons = failures(items)
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"].startswith("empty file")
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["scan.html"] == "binary file: PDF document"
    assert reasons["notes.docx"].startswith("unsupported file type '.docx'")
    assert "gzip" in reasons["broken.html.gz"]


def test_order_is_sorted_and_hidden_files_are_skipped(tmp_path):
    for name in ["b.txt", "a.txt", ".hidden.txt", "sub/c.txt", ".git/d.txt"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"{name} text\n")
    names = [os.path.relpath(d.uri, tmp_path) for d in read_all(tmp_path)]
    assert names == ["a.txt", "b.txt", os.path.join("sub", "c.txt")]
    # a hidden file named explicitly is read
    assert len(read_all(tmp_path / ".hidden.txt")) == 1


def test_missing_path_and_broken_symlink(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    reasons = failures(read_all(tmp_path, tmp_path / "nowhere.txt"))
    assert reasons == {"link.txt": "broken symlink", "nowhere.txt": "no such file or directory"}


def test_symlink_loop_is_reported_not_followed_forever(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(STORY)
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    items = read_all(tmp_path)
    assert len(documents(items)) == 1
    assert "already read" in failures(items)["back"]


def test_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert failures(read_all(tmp_path)) == {"pipe.txt": "not a regular file (FIFO, socket or device)"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their permissions")
def test_unreadable_file_real_permissions(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(STORY)
    path.chmod(0)
    assert failures(read_all(path)) == {"secret.txt": "permission denied"}


def test_unreadable_file(tmp_path, monkeypatch):
    """Same as above, for any user: opening the file raises PermissionError."""
    path = tmp_path / "secret.txt"
    path.write_text(STORY)
    import builtins
    real_open = builtins.open

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    assert failures(read_all(path)) == {"secret.txt": "permission denied"}


# ---- limits ----------------------------------------------------------------------------------

def test_file_over_the_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000)
    (tmp_path / "small.txt").write_text("word " * 10)
    items = read_all(tmp_path, max_document_bytes=1000)
    assert failures(items)["big.txt"].startswith("file too large: 5000 bytes")
    assert len(documents(items)) == 1


def test_gzip_bomb_is_stopped_at_the_limit(tmp_path):
    bomb = gzip.compress(b"<p>" + b"A" * (20 * 2**20))      # 20 MB of text in about 20 kB
    (tmp_path / "bomb.html.gz").write_bytes(bomb)
    items = read_all(tmp_path, max_document_bytes=2**20)
    assert "decompressed size exceeds the limit" in failures(items)["bomb.html.gz"]


def test_only_limit_plus_one_byte_is_read(monkeypatch):
    stream = io.BytesIO(b"x" * 10_000)
    reads = []
    real_read = stream.read
    monkeypatch.setattr(stream, "read", lambda n=-1: reads.append(n) or real_read(n))
    from parallax.sources.reader import read_stream
    [failure] = read_stream("s.txt", stream, "text", False, size=5, max_document_bytes=100)
    assert sum(reads) == 101 and "larger than the limit" in failure.reason


def test_folder_with_many_files_streams(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:05d}.txt").write_text(f"Report number {i}.\n")
    items = read_paths([folder])
    first = next(items)                       # a generator: the first item comes before the rest are read
    assert first.uri.endswith("00000.txt")
    assert sum(1 for _ in items) == 2999


# ---- JSONL -----------------------------------------------------------------------------------

def jsonl(*lines):
    return "\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines).encode("utf-8") + b"\n"


def test_jsonl_lines_bad_lines_reported_by_line_number(tmp_path):
    data = jsonl(
        {"text": STORY, "url": "https://example.org/a", "outlet": "The Veltmark Courier",
         "published": "2024-03-04", "title": "Harbour reopens", "extra": 1},
        {"html": page("Port news.")},
        "",                                           # blank lines are skipped, and counted in a notice
        '{"text": "unterminated',
        {"title": "no body here"},
        [1, 2, 3],
        {"text": 42},
        {"text": "   "},
        {"text": "last good line"},
    )
    (tmp_path / "feed.jsonl").write_bytes(data)
    items = read_all(tmp_path)
    docs = documents(items)
    assert [d.uri.rsplit("#", 1)[1] for d in docs] == ["L1", "L2", "L9"]
    assert docs[0].meta == {"url": "https://example.org/a", "outlet": "The Veltmark Courier",
                            "published": "2024-03-04", "title": "Harbour reopens"}
    assert docs[0].text == STORY and docs[0].content_type == "text/plain"
    assert docs[1].content_type == "text/html"
    reasons = {i.uri.rsplit("#", 1)[1]: i.reason for i in items
               if isinstance(i, ReadFailure) and not isinstance(i, ReadNotice)}
    assert set(reasons) == {"L4", "L5", "L6", "L7", "L8"}
    assert [i.reason for i in items if isinstance(i, ReadNotice)] == ["1 blank line skipped"]
    assert reasons["L4"].startswith("not JSON")
    assert "no non-empty 'text' or 'html'" in reasons["L5"]
    assert "not an object" in reasons["L6"]


def test_jsonl_gz_and_hostile_lines(tmp_path):
    data = jsonl({"text": "first"}, "[" * 100_000, '{"text": "\\ud800 lone surrogate"}', {"text": "after"})
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(data))
    items = read_all(tmp_path)
    assert [d.text for d in documents(items)] == ["first", "after"]
    reasons = [i.reason for i in items if isinstance(i, ReadFailure)]
    assert reasons[0].startswith("not JSON") and "surrogates" in reasons[1]


def test_jsonl_line_over_the_limit_is_skipped(tmp_path):
    data = jsonl({"text": "a" * 5000}, {"text": "short"})
    (tmp_path / "x.jsonl").write_bytes(data)
    items = read_all(tmp_path, max_document_bytes=1000)
    assert [d.text for d in documents(items)] == ["short"]
    assert failures(items) == {"x.jsonl#L1": "line too large: more than 1000 bytes"}


def test_truncated_jsonl_gz_keeps_lines_before_the_damage(tmp_path):
    data = gzip.compress(jsonl(*({"text": f"report {i} " * 50} for i in range(200))))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = read_all(tmp_path)
    assert 0 < len(documents(items)) < 200
    assert "truncated gzip" in items[-1].reason and items[-1].uri.endswith("cut.jsonl.gz")


# ---- WARC ------------------------------------------------------------------------------------

PAGES = [
    ("https://news.example/one", page("First report."), "text/html; charset=utf-8"),
    ("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
    ("https://news.example/two", page(RUSSIAN).encode("cp1251"), "text/html; charset=windows-1251"),
    ("https://news.example/three", page("Third report."), "text/html"),
]


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(warc_bytes(PAGES, gz=gz))
    docs = read_all(path)
    assert [d.meta["url"] for d in docs] == ["https://news.example/one", "https://news.example/two",
                                             "https://news.example/three"]
    assert all(d.uri.startswith(f"{path}#urn:uuid:") for d in docs)
    assert all(d.fetched_at and d.fetched_at.startswith("20") for d in docs)
    assert RUSSIAN in docs[1].text and docs[1].meta["encoding"] == "windows-1251 (declared)"


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_yields_records_before_the_damage(tmp_path, gz):
    intact = len(warc_bytes(PAGES, gz=gz))
    data = warc_bytes(PAGES + [("https://news.example/four", page("Fourth report. " * 200), "text/html")], gz=gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: (intact + len(data)) // 2])      # cut in the middle of the fourth record
    items = read_all(path)
    assert [d.meta["url"] for d in documents(items)] == ["https://news.example/one", "https://news.example/two",
                                                         "https://news.example/three"]
    last = items[-1]
    assert isinstance(last, ReadFailure) and str(path) in last.uri
    assert "truncated" in last.reason and "at byte" in last.reason


def test_warc_that_is_not_a_warc(tmp_path):
    (tmp_path / "fake.warc.gz").write_bytes(gzip.compress(b"hello, not a warc at all\n" * 10))
    (tmp_path / "empty.warc").write_bytes(b"")
    reasons = failures(read_all(tmp_path))
    assert "corrupt WARC at byte 0" in reasons["fake.warc.gz"]
    assert reasons["empty.warc"] == "empty file"


def test_warc_record_over_the_limit(tmp_path):
    pages = [("https://news.example/big", page("x" * 5000), "text/html"),
             ("https://news.example/small", page("ok"), "text/html")]
    (tmp_path / "c.warc.gz").write_bytes(warc_bytes(pages))
    items = read_all(tmp_path, max_document_bytes=1000)
    assert [d.meta["url"] for d in documents(items)] == ["https://news.example/small"]
    assert "document too large" in next(i.reason for i in items if isinstance(i, ReadFailure))


def test_read_bytes_matches_read_paths(tmp_path):
    data = warc_bytes(PAGES)
    (tmp_path / "a.warc.gz").write_bytes(data)
    from_file = [d.text for d in read_all(tmp_path)]
    assert [d.text for d in read_bytes("a.warc.gz", data)] == from_file


def test_warc_without_line_breaks_uses_bounded_memory():
    import tracemalloc
    data = b"WARC/1.0\r\nX: " + b"A" * (24 << 20)
    tracemalloc.start()
    try:
        items = list(read_bytes("garbage.warc", data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert all(isinstance(i, ReadFailure) for i in items) and items
    assert peak < 8 << 20          # far below the 24 MB "line": it was never held whole


def test_jsonl_line_in_windows_1251_is_decoded_and_noted(tmp_path):
    line = json.dumps({"text": RUSSIAN, "outlet": "Вестник"}, ensure_ascii=False).encode("cp1251")
    (tmp_path / "ru.jsonl").write_bytes(line + b"\n")
    [doc] = read_all(tmp_path)
    assert doc.text == RUSSIAN and doc.meta["outlet"] == "Вестник"
    assert doc.meta["encoding"].startswith("windows-1251 (detected")


def test_warc_gz_missing_only_its_gzip_trailer_is_still_reported(tmp_path):
    data = warc_bytes(PAGES)
    (tmp_path / "tail.warc.gz").write_bytes(data[:-4])       # the payload survives, the CRC/size do not
    items = read_all(tmp_path)
    assert len(documents(items)) == 3
    assert isinstance(items[-1], ReadFailure) and "last gzip member has no end" in items[-1].reason


def test_gzip_bomb_inside_a_warc_record_is_bounded():
    """A response with Content-Encoding: gzip that inflates to 200 MB, in an 880-byte .warc.gz."""
    import tracemalloc
    bomb = gzip.compress(b"<html>" + b" " * (200 << 20), compresslevel=9, mtime=0)
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example/bomb", "response",
                                                  payload=io.BytesIO(bomb), http_headers=headers))
    data = out.getvalue()
    tracemalloc.start()
    try:
        items = list(read_bytes("bomb.warc.gz", data, max_document_bytes=2**20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.reason for i in items] == ["document too large: more than 1048576 bytes"]
    assert peak < 100 << 20        # warcio inflates block by block (16 kB in, at most ~16 MB out)


def test_read_file_refuses_a_fifo_itself(tmp_path):
    from parallax.sources import read_file
    os.mkfifo(tmp_path / "pipe.txt")
    assert [i.reason for i in read_file(tmp_path / "pipe.txt")] == ["not a regular file (FIFO, socket or device)"]


def test_file_names_that_are_not_utf8_give_storable_uris(tmp_path):
    folder = os.fsencode(tmp_path)
    for name in (b"caf\xe9.txt", b"caf\xe9-empty.txt"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(STORY.encode() if b"empty" not in name else b"")
    items = read_all(tmp_path)
    assert [type(i).__name__ for i in items] == ["ReadFailure", "RawDocument"]
    for item in items:
        item.uri.encode("utf-8")
        assert "caf\\xe9" in item.uri
