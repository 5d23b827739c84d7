"""PDFs for the tests, made here: no PDF files are committed.

The machine has no CJK font for fpdf2 to embed, so Chinese PDFs are written by hand with the standard Adobe CJK
font STSong-Light (not embedded, as viewers supply it) and the predefined UniGB-UCS2-H encoding: every character
is its UCS-2 code, which is how many real Chinese PDFs carry their text layer.
"""

from __future__ import annotations

from pathlib import Path


def cjk_pdf(lines_per_page: list[list[str]]) -> bytes:
    """A PDF whose pages show the given lines in STSong-Light."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R >>",
        5: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    }
    kids = []
    for i, lines in enumerate(lines_per_page):
        page, content = 6 + 2 * i, 7 + 2 * i
        ops = [b"BT /F1 12 Tf 72 770 Td 16 TL"]
        for line in lines:
            ops.append(b"<" + line.encode("utf-16-be").hex().upper().encode() + b"> Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(b"%d 0 R" % page)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return _assemble(objects)


def flate_pdf(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is `stream`, declared FlateDecode (e.g. a decompression bomb)."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    }
    return _assemble(objects)


def _assemble(objects: dict[int, bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def ascii_pdf(lines: list[str]) -> bytes:
    """A PDF made by fpdf2 with its core Helvetica font (Latin text and digits only)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf(path: Path) -> bytes:
    """A PDF with an image and no text layer, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image

    Image.new("RGB", (200, 100), "white").save(path)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(path), x=10, y=10, w=100)
    return bytes(pdf.output())
