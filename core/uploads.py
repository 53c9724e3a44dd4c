"""Content checks shared by every upload of office documents (questionnaires, ToRs, CVs).

A name can lie, and libmagic reports many DOCX files as plain ZIPs, so an OOXML document
(DOCX, XLSX) is opened as the package it claims to be. Each app turns the problem found into
its own translated message.
"""

import zipfile
from pathlib import PurePath

PDF_SIGNATURE = b"%PDF-"
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# Part names and content types that betray macros or other active content.
ACTIVE_CONTENT_MARKERS = ("vbaproject.bin", "vbadata.xml", "macroenabled", "activex")
_CHUNK = 64 * 1024


class PackageProblem(Exception):
    """Why a file is refused; `code` is one of the class attributes below."""

    NOT_A_PACKAGE = "not_a_package"
    ENCRYPTED = "encrypted"
    ACTIVE_CONTENT = "macros"
    TOO_LARGE = "too_large_uncompressed"

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def starts_with(file, signature):
    file.seek(0)
    head = file.read(len(signature))
    file.seek(0)
    return head == signature


def check_ooxml_package(file, main_part, *, max_uncompressed, max_parts):
    """Raise PackageProblem unless `file` is an OOXML package holding `main_part`, with no
    macros or active content, no encrypted member, at most `max_parts` parts, and unpacking to
    at most `max_uncompressed` bytes, counted by decompressing, since the sizes a ZIP declares
    can lie (zip bombs)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            members = package.infolist()
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or main_part not in names:
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            if len(members) > max_parts:
                raise PackageProblem(PackageProblem.NOT_A_PACKAGE)
            if any(member.flag_bits & 0x1 for member in members):
                raise PackageProblem(PackageProblem.ENCRYPTED)
            content_types = package.read("[Content_Types].xml")[:1_000_000]
            texts = [PurePath(name).name.lower() for name in names]
            texts.append(content_types.decode("utf-8", "replace").lower())
            if any(marker in text for text in texts for marker in ACTIVE_CONTENT_MARKERS):
                raise PackageProblem(PackageProblem.ACTIVE_CONTENT)
            if sum(member.file_size for member in members) > max_uncompressed:
                raise PackageProblem(PackageProblem.TOO_LARGE)
            unpacked = 0
            for member in members:
                with package.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > max_uncompressed:
                            raise PackageProblem(PackageProblem.TOO_LARGE)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, KeyError) as error:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE) from error
    except (EOFError, ValueError) as error:
        raise PackageProblem(PackageProblem.NOT_A_PACKAGE) from error
    finally:
        file.seek(0)
