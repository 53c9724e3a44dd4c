"""Content checks behind every upload of office documents (questionnaires, ToRs, CVs).

A name can lie, and libmagic reports many DOCX files as plain ZIPs, so each accepted format is
opened as what it claims to be and checked by its structure:

* DOCX / XLSX (OOXML packages): the ZIP's own directory is checked before anything is unpacked
  (number of parts, declared sizes, compression methods, encryption); every part is then read
  through a bounded stream that counts what it really unpacks (declared sizes can lie), so no
  file, however built, makes the check hold more than a few hundred kilobytes at a time.
  ``[Content_Types].xml`` and every ``.rels`` part are parsed with defusedxml (no DTD, no
  entities). Refused: macros (VBA projects under any name, macro-enabled content types, Excel
  4.0 macro sheets), ActiveX controls, embedded objects (OLE objects, any part under
  ``embeddings/``, any part that is itself an OLE2 file or a program), and relationships that
  load something from another machine (an ``attachedTemplate``, frame or image on a server);
  hyperlinks, and the local path of the template a document was made from, are kept.
* PDF: the header at the very start, a ``startxref`` pointing at a cross-reference, ``%%EOF``
  at the end with nothing after it; no encryption (it would hide what the file contains), no
  JavaScript, launch actions, embedded files or rich media, looked for in the file and inside
  every Flate stream (unpacked under the same bound as packages).
* DOC (legacy Word): an OLE2 file listed with olefile, which must hold a ``WordDocument``
  stream starting with Word's signature and must not hold a VBA project, macros or embedded
  objects, nor be encrypted. What a Word 97 file can do beyond that cannot be checked here, so
  the forms say so.
"""

import html
import io
import mmap
import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import PurePath

import olefile
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF_SIGNATURE = b"%PDF-"
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"#!")
_CHUNK = 64 * 1024
# The XML parts that are parsed (content types, relationships) are a few kilobytes in a real
# document; a larger one is not a document this site needs.
MAX_XML_PART = 1024 * 1024
# A central-directory record is 46 bytes plus its name and extras; more than this on average
# means a directory padded to make the parser allocate.
MAX_DIRECTORY_BYTES_PER_PART = 1024
MAX_PART_NAME = 512

# Lower-case fragments of content types that mean macros or active content.
ACTIVE_CONTENT_TYPES = (
    "macroenabled",
    "vbaproject",
    "vbadata",
    "ms-office.vba",
    "activex",
    "macrosheet",
    "keymapcustomizations",
    "attachedtoolbars",
)
EMBEDDED_CONTENT_TYPES = ("oleobject",)
# Last segment of relationship types, lower-case.
ACTIVE_RELATIONSHIPS = {
    "vbaproject",
    "vbaprojectsignature",
    "vbaprojectsignatureagile",
    "vbaprojectsignaturev3",
    "wordvbadata",
    "activexcontrol",
    "activexcontrolbinary",
    "control",
    "keymapcustomizations",
    "attachedtoolbars",
    "xlmacrosheet",
    "xlintlmacrosheet",
    "macrosheet",
}
EMBEDDED_RELATIONSHIPS = {"oleobject", "package", "afchunk", "subdocument"}
# A link the reader clicks may point anywhere. Any other relationship may point outside the
# package only to a path on the reader's own disk: Word records the template a document was
# made from (file:///C:/Users/.../Resume.dotx), which is harmless, while a template, frame or
# image on a server (http, https, \\host\share, file://host/) is fetched when the file is
# opened: remote template injection, or a Windows password hash sent to that host.
EXTERNAL_ALLOWED = {"hyperlink"}
LOCAL_TARGET = re.compile(r"(file:///?[a-z]:|[a-z]:[\\/]|[^:/\\][^:]*$)", re.IGNORECASE)

OOXML_MAIN_CONTENT_TYPES = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml"
    ".document.main+xml",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}

# PDF names that run something, fetch something, or carry files. A name may spell any of its
# characters as #xx, so names are compared after decoding that.
PDF_ACTIVE_NAMES = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|GoToE|GoToR|ImportData|SubmitForm)(?![A-Za-z0-9])"
)
PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_ENCRYPT = re.compile(rb"/Encrypt(?![A-Za-z0-9])")
PDF_STREAM = re.compile(rb"stream(?:\r\n|\r|\n)")
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})\s+%%EOF\s*\Z")
PDF_XREF_AT = re.compile(rb"\s*(xref|\d+\s+\d+\s+obj)")
PDF_TAIL = 2048
# An object stream holds dictionaries (actions included) in its unpacked content. Only Flate
# without a predictor is unpacked and searched here, so an object stream in any other encoding
# (ASCIIHex, ASCII85, LZW, RunLength, two filters, a filter given by reference, a PNG or TIFF
# predictor that turns names into row differences) would hide its names: it is refused.
PDF_OBJECT_STREAM = re.compile(
    rb"/(?:O|#4[fF])(?:b|#62)(?:j|#6[aA])(?:S|#53)(?:t|#74)(?:m|#6[dD])(?![A-Za-z0-9])"
)
PDF_OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj(?![A-Za-z0-9])")
PDF_FILTER_VALUE = re.compile(rb"/Filter(?![A-Za-z0-9])\s*")
PDF_FLATE_ONLY = re.compile(
    rb"(?:/(?:FlateDecode|Fl)|\[\s*/(?:FlateDecode|Fl)\s*\])(?![A-Za-z0-9])"
)
PDF_PREDICTOR = re.compile(rb"/Predictor(?![A-Za-z0-9])\s*(?!1(?![0-9]))")
PDF_PARAMETERS_BY_REFERENCE = re.compile(rb"/(?:DecodeParms|DP)(?![A-Za-z0-9])\s*\d")
PDF_OBJECT_DICTIONARY_MAX = 4096
PDF_OBJECT_STREAMS_MAX = 10_000

OLE_ACTIVE_STORAGES = {"macros", "_vba_project_cur", "vba", "objectpool"}
OLE_MSI_CLSIDS = {
    "000C1084-0000-0000-C000-000000000046",
    "000C1086-0000-0000-C000-000000000046",
}
WORD_FIB_IDENT = b"\xec\xa5"


class PackageProblem(Exception):
    """Why a file is refused; `code` is one of the class attributes below, `limit` the limit
    that was passed, if any."""

    NOT_A_PACKAGE = "invalid_content"
    ENCRYPTED = "encrypted"
    ACTIVE_CONTENT = "macros"
    EMBEDDED = "embedded_objects"
    EXTERNAL = "external_content"
    PDF_ACTIVE = "pdf_active_content"
    PDF_UNREADABLE_OBJECTS = "pdf_unreadable_objects"
    TOO_LARGE = "too_large_uncompressed"
    TOO_MANY_PARTS = "too_many_parts"

    def __init__(self, code, limit=None):
        super().__init__(code)
        self.code = code
        self.limit = limit


def starts_with(file, signature):
    file.seek(0)
    head = file.read(len(signature))
    file.seek(0)
    return head == signature


# -- OOXML packages -----------------------------------------------------------------------


class _Budget:
    """What one check may unpack in total; refuses the file once it is spent."""

    def __init__(self, limit):
        self.limit = limit
        self.used = 0

    def spend(self, amount):
        self.used += amount
        if self.used > self.limit:
            raise PackageProblem(PackageProblem.TOO_LARGE, self.limit)


class _BoundedReader(io.RawIOBase):
    """A member of the package, read in chunks that are counted against the budget and
    against `limit` for this member, whatever size the ZIP declares."""

    def __init__(self, stream, budget, limit, *, over_limit=PackageProblem.TOO_LARGE):
        self.stream = stream
        self.budget = budget
        self.limit = limit
        self.over_limit = over_limit
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.stream.read(min(len(buffer), _CHUNK))
        self.read_so_far += len(chunk)
        self.budget.spend(len(chunk))
        if self.read_so_far > self.limit:
            raise PackageProblem(self.over_limit, self.limit)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _end_of_directory(file, size):
    """(number of entries, directory size) from the ZIP's end record, read from the tail."""
    tail_length = min(size, 22 + 65535)
    file.seek(size - tail_length)
    tail = file.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at == -1 or len(tail) - at < 22:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
    _sig, _disk, _disk_dir, _here, entries, directory_size, _offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    return entries, directory_size


def _check_directory(file, max_parts):
    """Refuse, from the end record alone, a directory too large to be parsed cheaply."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    entries, directory_size = _end_of_directory(file, size)
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        # ZIP64 end records exist for packages far larger than any upload accepted here.
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
    if entries > max_parts:
        raise PackageProblem(PackageProblem.TOO_MANY_PARTS, max_parts)
    if directory_size > max(entries, 1) * MAX_DIRECTORY_BYTES_PER_PART:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
    return entries


def _relationship_kind(relationship_type):
    return relationship_type.rstrip("/").rsplit("/", 1)[-1].lower()


def _xml_elements(package, member, budget):
    """(local tag, attributes) of each element of an XML part, parsed as a stream without
    DTDs or entities; elements are dropped once read."""
    with package.open(member) as stream:
        # No office suite writes content types or relationships of this size.
        bounded = _BoundedReader(
            stream, budget, MAX_XML_PART, over_limit=PackageProblem.NOT_A_PACKAGE
        )
        reader = io.BufferedReader(bounded)
        try:
            for _event, element in iterparse(reader, events=("end",), forbid_dtd=True):
                yield element.tag.rsplit("}", 1)[-1], dict(element.attrib)
                element.clear()
        except (DefusedXmlException, SyntaxError) as error:
            raise PackageProblem(PackageProblem.NOT_A_PACKAGE) from error


def _check_content_types(package, budget, main_part):
    main_type = None
    for tag, attributes in _xml_elements(package, "[Content_Types].xml", budget):
        content_type = attributes.get("ContentType", "").lower()
        if any(marker in content_type for marker in ACTIVE_CONTENT_TYPES):
            raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
        if any(marker in content_type for marker in EMBEDDED_CONTENT_TYPES):
            raise PackageProblem(PackageProblem.EMBEDDED)
        if tag == "Override" and attributes.get("PartName", "").lstrip("/") == main_part:
            main_type = content_type
    if main_type != OOXML_MAIN_CONTENT_TYPES[main_part]:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE)


def _check_relationships(package, member, budget):
    for tag, attributes in _xml_elements(package, member, budget):
        if tag != "Relationship":
            continue
        kind = _relationship_kind(attributes.get("Type", ""))
        target = attributes.get("Target", "").lower()
        if kind in ACTIVE_RELATIONSHIPS or "vbaproject" in target:
            raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
        if kind in EMBEDDED_RELATIONSHIPS:
            raise PackageProblem(PackageProblem.EMBEDDED)
        external = attributes.get("TargetMode", "").lower() == "external"
        if external and kind not in EXTERNAL_ALLOWED and not LOCAL_TARGET.match(target):
            raise PackageProblem(PackageProblem.EXTERNAL)


class _FieldInstructions:
    """Word field instructions of an XML part, read a chunk at a time: DDE and DDEAUTO fields
    start a program when the document is opened, like a macro; so do a spreadsheet's DDE links.

    Word joins the instruction text of a field from all its runs (<w:instrText>DD</...>
    <w:instrText>EAUTO</...>), decodes character references and CDATA, and takes any namespace
    prefix, so all of that is undone before the field type is read. A field begins at a
    fldChar of type "begin", or is one fldSimple's instr attribute.
    """

    # One pattern per event, each starting with a literal, so that the regular expression
    # engine skips to its candidates at C speed (an alternation would try every byte).
    INSTRUCTION_TEXT = re.compile(
        rb"instrText(?:\s[^>]*)?>(.*?)</(?:[A-Za-z_][\w.-]*:)?instrText\s*>", re.S
    )
    FIELD_BEGIN = re.compile(rb"fldCharType\s*=\s*[\"']begin[\"']")
    SIMPLE_FIELD = re.compile(rb"instr\s*=\s*(\"[^\"]*\"|'[^']*')")
    PROGRAM_LINKS = (re.compile(rb"ddeLink(?![\w.-])"), re.compile(rb"oleLink(?![\w.-])"))
    DDE = re.compile(r"DDE(?:AUTO)?(?![A-Za-z0-9])", re.IGNORECASE)
    DDE_PREFIX = re.compile(r"(?:D(?:D(?:E(?:A(?:U(?:T(?:O)?)?)?)?)?)?)?$", re.IGNORECASE)
    UNFINISHED = re.compile(rb"instrText|[\s:]instr\s*=")
    CARRY_MAX = 256 * 1024

    def __init__(self):
        self.carry = b""
        self._begin()

    def feed(self, chunk):
        data = self.carry + chunk
        for pattern in self.PROGRAM_LINKS:
            if pattern.search(data):
                # A spreadsheet's link to another program (DDE) or to an OLE object's source.
                raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
        events = sorted(
            [(m.start(), 1, m) for m in self.INSTRUCTION_TEXT.finditer(data)]
            + [(m.start(), 0, m) for m in self.FIELD_BEGIN.finditer(data)]
            + [(m.start(), 2, m) for m in self.SIMPLE_FIELD.finditer(data)],
            key=lambda event: event[0],
        )
        end = 0
        for _start, kind, event in events:
            end = max(end, event.end())
            if kind == 1:
                self._add(event[1])
            elif kind == 2:
                self._begin()
                self._add(event[1][1:-1])
                self._begin()
            else:
                self._begin()
        # Keep what may be an element cut by the chunk's end: from an instruction not yet
        # closed, or else from the last tag begun.
        rest = data[end:]
        unfinished = self.UNFINISHED.search(rest)
        start = rest.rfind(b"<", 0, unfinished.start() if unfinished else len(rest))
        self.carry = rest[start:] if start >= 0 else b""
        if len(self.carry) > self.CARRY_MAX:
            # No office suite writes a field instruction this long.
            raise PackageProblem(PackageProblem.NOT_A_PACKAGE)

    def _add(self, raw):
        if self.decided:
            return  # the field's type is known, and it is not DDE
        text = raw
        if b"<" in text:
            text = text.replace(b"<![CDATA[", b"").replace(b"]]>", b"")
            text = re.sub(rb"<[^>]*>", b"", text)
        text = text.decode("utf-8", "replace")
        if "&" in text:
            text = html.unescape(text)
        # Word skips the spaces before the field type; eight characters tell "DDEAUTO x".
        self.field = (self.field + text).lstrip()[:8]
        if self.DDE.match(self.field):
            raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
        self.decided = len(self.field) >= 8 or not self.DDE_PREFIX.match(self.field)

    def _begin(self):
        self.field = ""
        self.decided = False


def _check_part_content(package, member, budget, max_uncompressed):
    """Read a whole part through the bound; refuse an OLE2 file or a program inside it, and
    DDE fields in an XML part."""
    with package.open(member) as stream:
        reader = _BoundedReader(stream, budget, max_uncompressed)
        head = reader.read(len(OLE2_SIGNATURE))
        if head.startswith(OLE2_SIGNATURE):
            raise PackageProblem(PackageProblem.EMBEDDED)
        # Embedded fonts (.odttf) begin with XOR-obfuscated bytes: any two bytes may occur.
        if head.startswith(PROGRAM_SIGNATURES) and not member.filename.endswith(".odttf"):
            raise PackageProblem(PackageProblem.EMBEDDED)
        fields = _FieldInstructions() if member.filename.lower().endswith(".xml") else None
        chunk = head
        while chunk:
            if fields is not None:
                fields.feed(chunk)
            chunk = reader.read(_CHUNK)


def check_ooxml_package(file, main_part, *, max_uncompressed, max_parts):
    """Raise PackageProblem unless `file` is an OOXML package holding `main_part`, with no
    macros, active content, embedded objects or external template, no encrypted member, at
    most `max_parts` parts, and unpacking to at most `max_uncompressed` bytes."""
    budget = _Budget(max_uncompressed)
    try:
        entries = _check_directory(file, max_parts)
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            members = package.infolist()
            names = [member.filename for member in members]
            if len(members) != entries or len({name.lower() for name in names}) != len(names):
                # A directory that disagrees with its end record, or two parts of one name
                # (part names ignore case; readers differ on which one counts): not something
                # an office suite writes.
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            if "[Content_Types].xml" not in names or main_part not in names:
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            for member in members:
                if member.flag_bits & 0x1:
                    raise PackageProblem(PackageProblem.ENCRYPTED)
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
                if len(member.filename) > MAX_PART_NAME:
                    raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            if sum(member.file_size for member in members) > max_uncompressed:
                raise PackageProblem(PackageProblem.TOO_LARGE, max_uncompressed)
            lowered = [name.lower() for name in names]
            if any(PurePath(name).name in {"vbaproject.bin", "vbadata.xml"} for name in lowered):
                raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
            if any("/activex/" in f"/{name}" for name in lowered):
                raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
            if any("/embeddings/" in f"/{name}" for name in lowered):
                raise PackageProblem(PackageProblem.EMBEDDED)
            _check_content_types(package, budget, main_part)
            for member in members:
                if member.filename.lower().endswith(".rels"):
                    _check_relationships(package, member, budget)
            for member in members:
                _check_part_content(package, member, budget, max_uncompressed)
    except PackageProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, KeyError) as error:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE) from error
    except (EOFError, ValueError, NotImplementedError, zlib.error) as error:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE) from error
    finally:
        file.seek(0)


# -- PDF ----------------------------------------------------------------------------------


@contextmanager
def _bytes_view(file):
    """The file's bytes without copying them: a memory map of a file on disk (large
    uploads), the buffer of an in-memory one."""
    file.seek(0)
    try:
        fileno = file.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        fileno = None
    if fileno is not None:
        with mmap.mmap(fileno, 0, access=mmap.ACCESS_READ) as mapped:
            yield mapped
        return
    if isinstance(file, io.BytesIO):
        view = file.getbuffer()
        try:
            yield view
        finally:
            view.release()
        return
    yield file.read()


def _has_active_name(data):
    return PDF_ACTIVE_NAMES.search(PDF_HEX_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), data))


def _scan(data):
    """Look for active names in `data`, a chunk at a time with an overlap."""
    overlap = 64
    for start in range(0, len(data), _CHUNK):
        chunk = bytes(data[max(0, start - overlap) : start + _CHUNK])
        if _has_active_name(chunk):
            return True
    return False


def _encrypted(data):
    overlap = 16
    return any(
        PDF_ENCRYPT.search(bytes(data[max(0, start - overlap) : start + _CHUNK]))
        for start in range(0, len(data), _CHUNK)
    )


def _looks_like_zlib(head):
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] * 256 + head[1]) % 31 == 0


def _scan_streams(data, budget):
    """Unpack each Flate stream under the budget and look inside it."""
    for match in PDF_STREAM.finditer(data):
        if not _looks_like_zlib(bytes(data[match.end() : match.end() + 2])):
            continue
        decompressor = zlib.decompressobj()
        position = match.end()
        tail = b""
        try:
            while not decompressor.eof:
                if decompressor.unconsumed_tail:
                    pending = decompressor.unconsumed_tail
                elif position < len(data):
                    pending = bytes(data[position : position + _CHUNK])
                    position += len(pending)
                else:
                    break
                out = decompressor.decompress(pending, _CHUNK)
                budget.spend(len(out))
                if _has_active_name(tail + out):
                    return True
                tail = out[-64:]
        except zlib.error:
            continue  # not a Flate stream (an image, a font in another filter)
    return False


def _object_stream_unreadable(data, match):
    """Whether the object stream whose /Type is at `match` is in an encoding not searched.

    Its dictionary runs from its "N G obj" header to the "stream" keyword. It has no strings
    and no comments, so one that has any (where a false header could hide) is unreadable too,
    as is a header that is not found within PDF_OBJECT_DICTIONARY_MAX bytes.
    """
    before = bytes(data[max(0, match.start() - PDF_OBJECT_DICTIONARY_MAX) : match.start()])
    headers = list(PDF_OBJECT_HEADER.finditer(before))
    end = bytes(data[match.end() : match.end() + PDF_OBJECT_DICTIONARY_MAX]).find(b"stream")
    if not headers or end < 0:
        return True
    header = headers[-1]
    line_start = max(before.rfind(b"\n", 0, header.start()), before.rfind(b"\r", 0, header.start()))
    if b"%" in before[line_start + 1 : header.start()]:
        return True  # the header is inside a comment
    dictionary = before[header.end() :] + bytes(data[match.start() : match.end() + end])
    if any(character in dictionary for character in b"()%"):
        return True
    dictionary = PDF_HEX_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), dictionary)
    for filter_key in PDF_FILTER_VALUE.finditer(dictionary):
        if not PDF_FLATE_ONLY.match(dictionary, filter_key.end()):
            return True
    return bool(PDF_PREDICTOR.search(dictionary) or PDF_PARAMETERS_BY_REFERENCE.search(dictionary))


def _unreadable_object_streams(data):
    for number, match in enumerate(PDF_OBJECT_STREAM.finditer(data)):
        if number >= PDF_OBJECT_STREAMS_MAX or _object_stream_unreadable(data, match):
            return True
    return False


def check_pdf(file, *, max_uncompressed):
    """Raise PackageProblem unless `file` is a PDF by its structure, not encrypted, without
    scripts, launch actions or embedded files."""
    try:
        with _bytes_view(file) as data:
            if not PDF_HEADER.match(bytes(data[:8])):
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            tail = bytes(data[-PDF_TAIL:])
            end = PDF_STARTXREF.search(tail)
            if end is None:
                # No startxref, or something (HTML, a program) after the last %%EOF.
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            offset = int(end[1])
            if offset >= len(data) or not PDF_XREF_AT.match(bytes(data[offset : offset + 64])):
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            if _encrypted(data):
                # Strings and streams would be unreadable here: nothing could be checked.
                raise PackageProblem(PackageProblem.ENCRYPTED)
            if _unreadable_object_streams(data):
                raise PackageProblem(PackageProblem.PDF_UNREADABLE_OBJECTS)
            if _scan(data) or _scan_streams(data, _Budget(max_uncompressed)):
                raise PackageProblem(PackageProblem.PDF_ACTIVE)
    except (OSError, ValueError) as error:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE) from error
    finally:
        file.seek(0)


# -- Legacy Word (OLE2) -------------------------------------------------------------------


def _word_fib_start(ole, file):
    """The first 12 bytes of the WordDocument stream. olefile's openstream() would read the
    whole stream into memory: for a regular-sized stream read its first sector directly."""
    entry = ole.direntries[ole._find("WordDocument")]
    if entry.size < ole.minisectorcutoff:
        with ole.openstream("WordDocument") as stream:  # under 4 KB
            return stream.read(12)
    file.seek((entry.isectStart + 1) * ole.sectorsize)
    return file.read(12)


def check_word97(file):
    """Raise PackageProblem unless `file` is a Word 97-2003 document without a VBA project,
    macros, embedded objects or encryption. olefile reads the compound file's directory; the
    file itself is at most the upload limit."""
    try:
        file.seek(0)
        if file.read(len(OLE2_SIGNATURE)) != OLE2_SIGNATURE:
            raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
        file.seek(0)
        with olefile.OleFileIO(file) as ole:
            if ole.root is not None and (ole.root.clsid or "").upper() in OLE_MSI_CLSIDS:
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            entries = [[part.lower() for part in path] for path in ole.listdir(True, True)]
            if any(OLE_ACTIVE_STORAGES & set(path) for path in entries):
                raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
            if not ole.exists("WordDocument"):
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            fib = _word_fib_start(ole, file)
            if len(fib) < 12 or fib[:2] != WORD_FIB_IDENT:
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            flags = struct.unpack("<H", fib[10:12])[0]
            if flags & 0x0100:  # fEncrypted
                raise PackageProblem(PackageProblem.ENCRYPTED)
            if flags & 0x0001:  # fDot: a template, where macros live
                raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
    except PackageProblem:
        raise
    except (OSError, ValueError, IndexError, struct.error, RecursionError) as error:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE) from error
    finally:
        file.seek(0)


# -- The validator behind every office/PDF upload -----------------------------------------

FORMAT_LABELS = {".pdf": "PDF", ".docx": "DOCX", ".xlsx": "XLSX", ".doc": "DOC"}
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Longer names than this are refused with a form error (the stored copy gets a name of its
# own; this one is only shown to staff). Django cuts names at 255 characters on its own.
MAX_FILE_NAME = 200


def _messages():
    """Message and code per problem; built on call so that each is translated when shown."""
    return {
        PackageProblem.NOT_A_PACKAGE: _(
            "This file is not a real %(format)s document: its content does not match its name."
        ),
        PackageProblem.ENCRYPTED: _(
            "This %(format)s document is encrypted or protected by a password, so its content "
            "cannot be checked. Save it without a password and upload it again."
        ),
        PackageProblem.ACTIVE_CONTENT: _(
            "This document contains macros or other active content. Save it as a plain "
            "%(format)s file without macros and upload it again."
        ),
        PackageProblem.EMBEDDED: _(
            "This document contains embedded objects or files. Remove them (paste charts and "
            "objects as pictures) and upload it again."
        ),
        PackageProblem.EXTERNAL: _(
            "This document loads content from another address (such as an external template). "
            "Save it as a self-contained %(format)s file and upload it again."
        ),
        PackageProblem.PDF_ACTIVE: _(
            "This PDF contains scripts, actions or attached files. Save or print it again as "
            "a plain PDF and upload it."
        ),
        PackageProblem.PDF_UNREADABLE_OBJECTS: _(
            "This PDF stores part of its structure in an encoding this site cannot check. "
            "Print it again to a new PDF (or export it as PDF/A) and upload that."
        ),
        PackageProblem.TOO_LARGE: _(
            "This document unpacks to more than %(limit)s, which cannot be accepted."
        ),
        PackageProblem.TOO_MANY_PARTS: _(
            "This document is made of more than %(limit)s parts, which cannot be accepted."
        ),
    }


@deconstructible
class OfficeUploadValidator:
    """Validates a newly uploaded office or PDF document: its name, size and content.

    `extensions` are the accepted ones (among FORMAT_LABELS); the limits are read from the
    settings `<prefix>_MAX_SIZE`, `<prefix>_MAX_UNCOMPRESSED` and `<prefix>_MAX_PARTS` at each
    call, so tests and deployments can change them.
    """

    def __init__(self, extensions, settings_prefix):
        self.extensions = tuple(extensions)
        self.settings_prefix = settings_prefix

    def limit(self, name):
        return getattr(settings, f"{self.settings_prefix}_{name}")

    def formats(self):
        return ", ".join(FORMAT_LABELS[extension] for extension in self.extensions)

    def __call__(self, value):
        if not value or getattr(value, "_committed", False):
            # Nothing new: the stored file was checked when it was uploaded.
            return
        name = PurePath(value.name or "").name
        if len(name) > MAX_FILE_NAME:
            raise ValidationError(
                _(
                    "The file name is too long (%(length)s characters). Rename the file to at "
                    "most %(limit)s characters and upload it again."
                ),
                code="name_too_long",
                params={"length": len(name), "limit": MAX_FILE_NAME},
            )
        extension = PurePath(name).suffix.lower()
        if extension not in self.extensions:
            raise ValidationError(
                # Translators: formats is a list of file formats, e.g. PDF, DOCX.
                _("Only %(formats)s files can be uploaded."),
                code="invalid_extension",
                params={"formats": self.formats()},
            )
        max_size = self.limit("MAX_SIZE")
        if value.size > max_size:
            raise ValidationError(
                # Translators: size and limit are file sizes such as 12 MB.
                _("This file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(value.size), "limit": filesizeformat(max_size)},
            )
        if value.size == 0:
            raise ValidationError(_("This file is empty."), code="empty")
        try:
            self.check_content(getattr(value, "file", None) or value, extension)
        except PackageProblem as problem:
            limit = problem.limit
            if problem.code == PackageProblem.TOO_LARGE:
                limit = filesizeformat(limit)
            raise ValidationError(
                _messages()[problem.code],
                code=problem.code,
                params={"format": FORMAT_LABELS[extension], "limit": limit},
            ) from problem

    def check_content(self, file, extension):
        max_uncompressed = self.limit("MAX_UNCOMPRESSED")
        if extension == ".pdf":
            check_pdf(file, max_uncompressed=max_uncompressed)
        elif extension == ".doc":
            check_word97(file)
        else:
            check_ooxml_package(
                file,
                OOXML_MAIN_PART[extension],
                max_uncompressed=max_uncompressed,
                max_parts=self.limit("MAX_PARTS"),
            )

    def __eq__(self, other):
        return (
            isinstance(other, OfficeUploadValidator)
            and other.extensions == self.extensions
            and other.settings_prefix == self.settings_prefix
        )
