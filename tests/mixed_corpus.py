"""A small fictional story in every input form Parallax reads: text files (one with a .meta.json
sidecar, one with nothing but its file name), a saved HTML page, a WARC crawl whose page prints no
date, and a JSONL export. All names are invented."""
from __future__ import annotations

import io
import json
from pathlib import Path

TEXT_A = ("Harbour strike ends after two weeks\n"
          "By Ada Quill\n"
          "BRENMOUTH, 23 June 2025 - Dock workers in the port city of Brenmouth returned to work on Monday "
          "after a two-week strike over pay.\n"
          '"We won what we came for," union leader Joss Arden said on Monday.\n'
          "About 1,200 workers had walked out on 9 June, the union said, and the port lost a fortnight of "
          "shipments.\n"
          "The harbour authority said the ceasefire between the union and the owners would hold until "
          "the new contract is signed in the autumn.\n")
TEXT_B = ("Brenmouth dockers back at work\n"
          "Workers at the Brenmouth docks went back to work on Monday, 23 June, ending a strike that began "
          "two weeks earlier.\n"
          "Nearly 1,500 workers had joined the walkout, according to the owners, who said the ceasefire "
          "was fragile.\n"
          '"This is a fair deal for everyone," harbour director Mina Tovell said on Tuesday.\n'
          "Ships that had waited at anchor began to unload on Tuesday morning.\n")
HTML_C = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Port reopens as strike ends | Lowland Gazette</title>
<meta property="og:site_name" content="Lowland Gazette">
<meta property="article:published_time" content="2025-06-24T07:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/ports">Ports</a></nav>
<article><h1>Port reopens as strike ends</h1>
<p>The port of Brenmouth reopened on Monday after dock workers ended a strike that had lasted two weeks.</p>
<p>About 1,200 workers walked out on 9 June, according to the union, which called the settlement a victory.</p>
<p>"We won what we came for," Joss Arden told reporters outside the union hall on Monday.</p>
<p>Harbour director Mina Tovell said the ceasefire would let the port clear its backlog within a month.</p>
</article><footer>© 2025 Lowland Gazette. All rights reserved.</footer></body></html>"""
HTML_WARC = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Dockers vote to return</title></head><body>
<article><h1>Dockers vote to return</h1>
<p>Dock workers in Brenmouth voted to return to work after a strike that halted the port for two weeks.</p>
<p>Some 1,300 workers took part in the vote, the union said, and most backed the offer from the owners.</p>
<p>"The vote was clear and the ceasefire holds," union leader Joss Arden said after the count.</p>
<p>Owners said the first ships would be unloaded within days, once cranes had been checked.</p>
</article></body></html>"""
TEXT_D = ("Brenmouth strike costs traders dearly\n"
          "Traders in Brenmouth said the two-week dock strike had cost them dearly, with shelves emptied "
          "across the port city.\n"
          "At least 2,000 containers were stuck at sea during the strike, the chamber of commerce said.\n"
          '"We lost a month of trade in a fortnight," shopkeeper Rufus Penhale said on Wednesday.\n')


def warc_gz(url: str, html: str, date: str = "2025-07-01T12:00:00Z") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)
    return buf.getvalue()


def write(folder: Path) -> Path:
    """Write the mixed folder; returns it. The JSONL is written separately by `write_jsonl`, as an
    export that arrives after the text files were ingested (it names the outlet of text B)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quill-harbour.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "quill-harbour.meta.json").write_text(json.dumps(
        {"url": "https://harbour-herald.example/strike-ends", "outlet": "Harbour Herald"}), encoding="utf-8")
    (folder / "dockers-back.txt").write_text(TEXT_B, encoding="utf-8")
    (folder / "gazette-port.html").write_text(HTML_C, encoding="utf-8")
    (folder / "crawl.warc.gz").write_bytes(warc_gz("https://dock-news.example/vote", HTML_WARC))
    return folder


def write_jsonl(path: Path) -> Path:
    records = [{"url": "https://brenmouth-post.example/dockers-back", "outlet": "Brenmouth Post",
                "published": "2025-06-23", "text": TEXT_B},
               {"url": "https://traders-weekly.example/strike-cost", "outlet": "Traders Weekly",
                "published": "2025-06-25", "text": TEXT_D}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


