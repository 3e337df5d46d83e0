"""A file field in a step's form: its data is the files already uploaded, by public id.

Files are received and stored before the form is validated (see
submissions.services.receive_uploads), so what was uploaded is kept even when another
answer on the step is wrong; the form only checks how many there are.
"""

from wtforms import MultipleFileField
from wtforms.validators import StopValidation

from eservices.i18n import lazy_message


class AttachmentsField(MultipleFileField):
    """A ``<input type=file multiple>`` whose value is the list of uploaded files' ids."""

    def process_formdata(self, valuelist):
        """Ignore the raw upload: the form engine sets ``data`` to the stored files."""

    def _value(self):
        return ""


class FilesRequired:
    """At least one file must have been uploaded."""

    field_flags = {"required": True}

    def __init__(self, label):
        self.label = label

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation(lazy_message("Attach a file for “%(label)s”.", label=self.label))


class FilesOptional:
    """No file is fine."""

    field_flags = {"optional": True}

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation()


class FileCount:
    """No more files than the field allows."""

    def __init__(self, maximum, label):
        self.maximum = maximum
        self.label = label

    def __call__(self, form, field):
        if len(field.data or ()) > self.maximum:
            raise StopValidation(
                lazy_message(
                    "You can attach at most %(count)d files to “%(label)s”.",
                    count=self.maximum,
                    label=self.label,
                )
            )
