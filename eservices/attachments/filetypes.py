"""What a file is, judged by its content: the name and the browser's claim are not trusted."""

import filetype
from flask_babel import lazy_gettext as _l

# How residents know the types: the names they see in file dialogs.
NAMES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/heic": "HEIC",
    "application/pdf": "PDF",
    "text/plain": _l("plain text"),
    "audio/mpeg": "MP3",
    "audio/mp4": "M4A",
    "video/mp4": "MP4",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument (.odt)",
}
# Offered in the file dialog; the server decides by content whatever the dialog lets through.
EXTENSIONS = {
    "image/jpeg": ".jpg,.jpeg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic,.heif",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "video/mp4": ".mp4",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
}


def detect(data, accepted):
    """The accepted MIME type that ``data`` really is, or None."""
    guess = filetype.guess(data)
    if guess is not None:
        mime = "image/heic" if guess.mime == "image/heif" else guess.mime
        return mime if mime in accepted else None
    if "text/plain" in accepted and _is_plain_text(data):
        return "text/plain"
    return None


def _is_plain_text(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(char.isprintable() or char in "\t\n\r\f" for char in text)


def names(accepted):
    """The types a field accepts, as people name them: "JPEG, PNG"."""
    return ", ".join(str(NAMES.get(mime, mime)) for mime in accepted)


def accept_attribute(accepted):
    """The HTML ``accept`` attribute for a file input."""
    return ",".join([*accepted, *(EXTENSIONS[m] for m in accepted if m in EXTENSIONS)])
