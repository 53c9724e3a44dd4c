"""Builders of real and hostile upload files, made by the tests (no binary blob is committed)."""

import io
import struct
import zipfile
import zlib

from programmes.demo_files import build_docx, build_pdf

CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def pdf_bytes(title="CV"):
    return build_pdf(title, ["line one", "ligne deux é"])


def docx_bytes(title="CV", language="en"):
    return build_docx(title, ["line"], language=language)


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_members():
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        return {name: source.read(name) for name in source.namelist()}


def docx_with(extra=None, replace=None):
    """A real DOCX with parts added or replaced."""
    members = docx_members()
    members.update(replace or {})
    members.update(extra or {})
    return zip_bytes(members)


def content_types(*entries):
    """[Content_Types].xml of a DOCX, with extra Default/Override elements."""
    body = "".join(entries)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CONTENT_TYPES_NS}">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{DOCUMENT_MAIN}"/>{body}</Types>'
    ).encode()


def relationships(*entries):
    body = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE_RELATIONSHIPS}/{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for n, (kind, target, external) in enumerate(entries, start=10)
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{RELATIONSHIPS_NS}">{body}</Relationships>'


def docx_with_bomb(part="[Content_Types].xml", size=1000 * 1024 * 1024):
    """A DOCX whose `part` unpacks to `size` bytes (the attack of the hostile-input report)."""
    members = docx_members()
    members.pop(part, None)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        with archive.open(part, "w", force_zip64=False) as member:
            block = b" " * (1024 * 1024)
            member.write(b'<?xml version="1.0"?>')
            for _ in range(size // len(block)):
                member.write(block)
    return out.getvalue()


def lie_about_sizes(data, declared=10):
    """The same ZIP, every member declaring `declared` bytes unpacked."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            struct.pack_into("<I", patched, start + offset, declared)
            start += 4
    return bytes(patched)


def pdf_from_objects(objects, *, trailer_extra=b"", after_eof=b""):
    """A structurally valid PDF made of `objects` (bytes bodies, numbered from 1)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer_extra))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue() + after_eof


def pdf_stream(content, *, dictionary=b""):
    packed = zlib.compress(content)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n%s\nendstream" % (
        len(packed),
        dictionary,
        packed,
    )


PLAIN_PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
]


# -- OLE2 compound files (legacy Word, MSI) ------------------------------------------------

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512


def _directory_entry(
    name, kind, *, right=NOSTREAM, child=NOSTREAM, start=ENDOFCHAIN, size=0, clsid=b"\0" * 16
):
    encoded = name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black
        NOSTREAM,
        right,
        child,
        clsid,
        0,
        0,
        0,
        start,
        size,
    )


def ole2_bytes(streams, storages=(), clsid=b"\0" * 16):
    """A version 3 compound file whose root holds `streams` (name -> bytes, each stored in
    regular sectors) and empty `storages`."""
    streams = {name: data.ljust(4096, b"\0") for name, data in streams.items()}
    entries = [(name, 2, data) for name, data in streams.items()]
    entries += [(name, 1, b"") for name in storages]
    directory_sectors = (len(entries) + 1 + 3) // 4
    next_sector = 1 + directory_sectors
    fat = [FATSECT] + [n + 2 for n in range(directory_sectors - 1)] + [ENDOFCHAIN]
    directory = [_directory_entry("Root Entry", 5, child=1 if entries else NOSTREAM, clsid=clsid)]
    data_sectors = b""
    for index, (name, kind, data) in enumerate(entries, start=1):
        right = index + 1 if index < len(entries) else NOSTREAM
        if kind == 2:
            count = len(data) // SECTOR
            fat += [next_sector + n + 1 for n in range(count - 1)] + [ENDOFCHAIN]
            directory.append(
                _directory_entry(name, 2, right=right, start=next_sector, size=len(data))
            )
            data_sectors += data
            next_sector += count
        else:
            directory.append(_directory_entry(name, 1, right=right, start=0))
    directory_bytes = b"".join(directory).ljust(directory_sectors * SECTOR, b"\0")
    assert len(fat) <= SECTOR // 4
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(SECTOR, b"\xff")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        ENDOFCHAIN,
        0,
        ENDOFCHAIN,
        0,
    )
    header += struct.pack("<I", 0) + b"\xff" * (108 * 4)
    return header + fat_bytes + directory_bytes + data_sectors


def word97_stream(flags=0):
    """The start of a WordDocument stream: Word's signature, then the FIB flags."""
    return b"\xec\xa5\xc1\x00" + b"\0" * 6 + struct.pack("<H", flags)


def doc_bytes(**options):
    return ole2_bytes({"WordDocument": word97_stream(), "1Table": b"\0" * 16}, **options)
