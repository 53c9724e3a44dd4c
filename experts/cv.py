"""CV uploads are checked by what they contain, never by their name alone (core.uploads).

A CV is a PDF or a DOCX: legacy Word files cannot be checked well enough to be accepted from
anonymous visitors. The limits are the EXPERTS_CV_* settings.
"""

from core.uploads import OfficeUploadValidator

validate_cv = OfficeUploadValidator((".pdf", ".docx"), "EXPERTS_CV")
