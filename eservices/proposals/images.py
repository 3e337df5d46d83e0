"""The optional image of a proposal: checked by its content like any attachment."""

from types import SimpleNamespace

from eservices.attachments import services as attachments
from eservices.attachments import storage

# What attachments.check needs of a field: the types accepted (judged by content) and size.
IMAGE = SimpleNamespace(
    id="proposal_image", accept=("image/jpeg", "image/png", "image/webp"), max_size_mb=5
)
UploadRejected = attachments.UploadRejected


def check(upload):
    """(data, content type) of an uploaded image; UploadRejected with a message otherwise."""
    _name, data, content_type = attachments.check(upload, IMAGE)
    return data, content_type


def read(proposal):
    """The image's bytes, decrypted from the store."""
    return storage.load(proposal.image_key)
