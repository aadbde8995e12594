"""A generated fuzz set: hundreds of bad inputs mixed with good documents.

`make_fuzz_set(folder)` writes the files and returns what each one should do: a good file
must be ingested (with a sentence we can search for), a bad one must be reported by its
name with a reason. Deterministic (seeded), so a failure reproduces.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ODD_NAMES = (
    "space in name",
    "ünïcödé-naïve",
    "emoji-📰-report",
    "quote'and\"double",
    "-leading-dash",
    "semi;colon$(rm -rf)",
    "back\\slash",
    "tab\tinside",
    "percent%20encoded",
    "x" * 200,
    "[red]brackets[bold] and [link]",
    "日本語のファイル",
    "العربية",
    "<script>alert(1)<\\script>",
)


@dataclass
class FuzzSet:
    good: dict[Path, str] = field(default_factory=dict)  # path -> a sentence it contains
    bad: dict[Path, str] = field(default_factory=dict)  # path -> what is wrong with it
    bad_lines: dict[str, str] = field(default_factory=dict)  # "path:line" -> what is wrong
    skipped: dict[Path, str] = field(default_factory=dict)  # unsupported type: listed, not read

    @property
    def total(self) -> int:
        return len(self.good) + len(self.bad) + len(self.bad_lines)


def _sentence(rng: random.Random, n: int) -> str:
    subjects = ["The harbour authority", "A regional court", "The city council", "The museum"]
    verbs = ["reported", "confirmed", "published", "recorded"]
    return (
        f"{rng.choice(subjects)} {rng.choice(verbs)} figure number {n} "
        f"for the year {1900 + n} in document {n}."
    )


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _encrypted_pdf(text: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(text))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bomb(member_mb: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(member_mb):
                member.write(chunk)
    return out.getvalue()


def make_fuzz_set(folder: Path, seed: int = 7, huge_mb: int = 100) -> FuzzSet:
    rng = random.Random(seed)
    fuzz = FuzzSet()
    counter = iter(range(1, 10_000))

    def good(name: str, data: bytes, sentence: str) -> None:
        path = folder / name
        path.write_bytes(data)
        fuzz.good[path] = sentence

    def bad(name: str, data: bytes, why: str) -> None:
        path = folder / name
        path.write_bytes(data)
        fuzz.bad[path] = why

    # Good documents in every format, some under odd names.
    for suffix in ("txt", "md", "html", "pdf", "docx"):
        for _ in range(4):
            n = next(counter)
            s = _sentence(rng, n)
            body = f"Report {n}\n\n{s} It was checked twice.\n"
            data = {
                "txt": body.encode(),
                "md": f"# Report {n}\n\n{s}\n".encode(),
                "html": (
                    f"<html><head><title>Report {n}</title><script>var x=1;</script></head>"
                    f"<body><nav>Home | About</nav><article><h1>Report {n}</h1><p>{s}</p>"
                    f"<p>It was checked twice by the desk.</p></article></body></html>"
                ).encode(),
                "pdf": _pdf(body),
                "docx": _docx(body),
            }[suffix]
            good(f"good-{n}.{suffix}", data, s)
    for odd in ODD_NAMES:
        n = next(counter)
        s = _sentence(rng, n)
        good(f"{odd}-{n}.txt", f"{s}\n".encode(), s)
    n = next(counter)
    latin = f"Le café naïve {n} a été vérifié par la rédaction en {1900 + n}."
    good(f"latin1-{n}.txt", latin.encode("cp1252"), latin)
    n = next(counter)
    mixed_a, mixed_b = f"Première ligne {n} en UTF-8 était juste.", "Deuxième ligne en cp1252."
    good(
        f"mixed-encodings-{n}.txt",
        mixed_a.encode() + b"\n" + mixed_b.encode("cp1252") + b"\n",
        mixed_a,
    )
    n = next(counter)
    one_line = " ".join(_sentence(rng, n) for _ in range(4000))  # ~300 kB, no newline
    good(f"huge-single-line-{n}.txt", one_line.encode(), one_line[:60])

    # Empty and blank files of every type.
    for suffix in ("txt", "md", "html", "pdf", "docx", "jsonl"):
        bad(f"empty.{suffix}", b"", "empty")
        bad(f"blank.{suffix}", b" \n\t\r\n  ", "no text")
    # Binary content under text names.
    for i in range(40):
        suffix = ("txt", "md", "html", "htm", "jsonl")[i % 5]
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(64, 4096)))
        bad(f"binary-{i}.{suffix}", data + b"\0", "binary")
    # Invalid UTF-8 that is no text in any encoding.
    for i in range(20):
        data = bytes(rng.choice([0x80, 0x81, 0x8D, 0x8F, 0x90, 0x9D]) for _ in range(2000))
        bad(f"invalid-utf8-{i}.txt", data, "undecodable")
    # Too big.
    line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 1000 + b"\n"
    with (folder / "huge-100mb.txt").open("wb") as out:
        for _ in range(huge_mb * 2**20 // len(line) + 1):
            out.write(line)
    fuzz.bad[folder / "huge-100mb.txt"] = "oversized"
    # Broken PDFs: truncated real ones, garbage after a header, encrypted, no text layer.
    real_pdf = _pdf("A real sentence in a PDF that gets cut short.")
    for i in range(30):
        cut = rng.randrange(20, len(real_pdf) // 2)
        bad(f"truncated-{i}.pdf", real_pdf[:cut], "broken pdf")
    for i in range(10):
        junk = bytes(rng.randrange(32, 127) for _ in range(500))
        bad(f"garbage-{i}.pdf", b"%PDF-1.7\n" + junk, "broken pdf")
    for i in range(5):
        bad(f"encrypted-{i}.pdf", _encrypted_pdf(f"Secret memo {i}."), "encrypted")
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    bad("no-text-layer.pdf", bytes(blank.output()), "no text layer")
    bad("text-renamed.pdf", b"Just some text, not a PDF at all.\n", "not a pdf")
    # HTML with nothing but scripts, styles and navigation.
    for i in range(15):
        scripts = "".join(f"<script>var a{j} = {j};</script>" for j in range(rng.randrange(1, 20)))
        page = f"<html><head><style>p{{color:red}}</style>{scripts}</head><body>"
        page += "<nav><a href='/'>Home</a></nav>" if i % 2 else ""
        bad(f"only-scripts-{i}.html", (page + "</body></html>").encode(), "no main text")
    # DOCX that are not: zip bombs, zips without a document, random bytes, renamed text.
    for i, mb in enumerate((100, 300, 500)):
        bad(f"zip-bomb-{i}.docx", _zip_bomb(mb), "zip bomb")
    for i in range(10):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(f"note-{i}.txt", "not a word document")
        bad(f"plain-zip-{i}.docx", out.getvalue(), "not a docx")
    for i in range(15):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(100, 3000)))
        bad(f"random-{i}.docx", data, "not a zip")
    real_docx = _docx("A real sentence in a Word file that gets cut short.")
    for i in range(10):
        bad(f"truncated-{i}.docx", real_docx[: rng.randrange(30, len(real_docx) - 30)], "broken")
    # Bad content under odd names.
    for odd in ODD_NAMES:
        bad(f"{odd}-bad.pdf", b"%PDF-broken", "broken pdf")

    # Files of types the workbench does not read: listed as skipped, not failed.
    for name, data in (
        ("budget.xlsx", b"PK\x03\x04" + bytes(200)),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("model.bin", bytes(rng.randrange(256) for _ in range(500))),
        ("README", b"A file without a suffix."),
        (f"{ODD_NAMES[10]}.pptx", b"PK"),
    ):
        (folder / name).write_bytes(data)
        fuzz.skipped[folder / name] = "unsupported type"

    # A JSONL corpus with good records and broken lines.
    records, n_good = [], 0
    for i in range(60):
        kind = i % 6
        if kind == 0:
            records.append("{not json")
        elif kind == 1:
            records.append(json.dumps({"doc_id": f"j{i}", "title": "No text"}))
        elif kind == 2:
            records.append(json.dumps([1, 2, 3]))
        elif kind == 3:
            records.append(
                json.dumps({"doc_id": {"nested": 1}, "title": "t", "text": "Some text."})
            )
        else:
            n = next(counter)
            records.append(
                json.dumps({"doc_id": f"j{i}", "title": f"Record {i}", "text": _sentence(rng, n)})
            )
            n_good += 1
    corpus = folder / "mixed-corpus.jsonl"
    corpus.write_text("\n".join(records) + "\n")
    for lineno, line in enumerate(records, 1):
        if not line.startswith('{"doc_id": "j') or '"text"' not in line:
            fuzz.bad_lines[f"{corpus}:{lineno}"] = "bad record"
        else:
            fuzz.good[Path(f"{corpus}#{json.loads(line)['doc_id']}")] = json.loads(line)["text"]
    return fuzz
