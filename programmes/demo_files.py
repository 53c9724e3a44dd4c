"""Small, real, clearly marked sample files for the demo documents, built in memory.

PDF (English, French): a one-page PDF 1.4 written by hand, text in Helvetica with
WinAnsiEncoding, which covers French accents. Arabic needs contextual shaping and
right-to-left layout that a hand-written PDF cannot do honestly without an embedded font and a
shaping engine, so the Arabic files are DOCX: the word processor shapes the text itself.

DOCX: the smallest valid WordprocessingML package (content types, relationships, core
properties, document part), with right-to-left paragraphs for Arabic.

Both builders are deterministic (no timestamps), so loading the demo again writes nothing new.
"""

import io
import zipfile
from xml.sax.saxutils import escape

ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def _pdf_string(text):
    encoded = text.encode("cp1252")
    return b"(" + encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def build_pdf(title, lines):
    """A one-page A4 PDF: a title, then one line per entry (wrapped by the caller)."""
    content = [
        b"BT",
        b"/F1 16 Tf",
        b"56 780 Td",
        _pdf_string(title) + b" Tj",
        b"/F1 11 Tf",
        b"16 TL",
    ]
    for line in lines:
        content.append(b"T* " + _pdf_string(line) + b" Tj")
    content.append(b"ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title " + _pdf_string(title) + b" /Producer (SESRIC CBP demo loader) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="word/document.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties \
xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>\
<dc:creator>SESRIC CBP demo loader</dc:creator><dc:language>{language}</dc:language>\
</cp:coreProperties>"""


def _paragraph(text, *, rtl, bold=False, size=None):
    paragraph_properties = "<w:pPr><w:bidi/></w:pPr>" if rtl else ""
    run_properties = ""
    if bold:
        run_properties += "<w:b/><w:bCs/>"
    if size:
        run_properties += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    if rtl:
        run_properties += '<w:rtl/><w:lang w:bidi="ar-SA"/>'
    return (
        f"<w:p>{paragraph_properties}<w:r><w:rPr>{run_properties}</w:rPr>"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def build_docx(title, lines, *, language):
    rtl = language == "ar"
    body = _paragraph(title, rtl=rtl, bold=True, size=32)
    body += "".join(_paragraph(line, rtl=rtl) for line in lines)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("docProps/core.xml", _CORE.format(title=escape(title), language=language)),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))
    return out.getvalue()
