"""Forms of the admin import pages: the upload, and the preview's choices and dates."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings

from papers.services.staging import UploadedFile

PASTED_NAME = "pasted text"


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type="file" multiple>; an empty list when none."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UploadForm(forms.Form):
    """One or several digest files, or pasted digest text; the limits are checked here,
    on sizes and counts only, before anything is read or parsed."""

    files = MultipleFileField(
        required=False,
        label="Digest files",
        widget=MultipleFileInput(),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Or paste a digest",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80, "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_files = settings.LECTERN_MAX_UPLOAD_FILES
        self.max_bytes = settings.LECTERN_MAX_UPLOAD_BYTES
        self.fields["files"].widget.attrs.update({"data-max-files": self.max_files, "data-max-bytes": self.max_bytes})
        self.fields["files"].help_text = (
            "Digest text, a copy of a papers page (text, Markdown, a text browser's dump, a saved .html page), "
            f"API JSON or an arXiv RSS or API feed. Up to {self.max_files} files "
            f"of {settings.LECTERN_MAX_UPLOAD_MB} MB each; nothing is stored before you confirm."
        )
        self.fields["text"].help_text = "The text of one digest, as you would save it to a file."

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                f"You chose {len(files)} files; at most {self.max_files} can be uploaded at once "
                "(LECTERN_MAX_UPLOAD_FILES). Upload them in several goes."
            )
        too_big = [f for f in files if f.size > self.max_bytes]
        if too_big:
            raise forms.ValidationError(
                [
                    f"{f.name} is {megabytes(f.size)}, over the {settings.LECTERN_MAX_UPLOAD_MB} MB limit "
                    "(LECTERN_MAX_UPLOAD_MB)."
                    for f in too_big
                ]
            )
        return files

    def clean_text(self):
        # Browsers send a textarea's line ends as CRLF; count the text as it would be saved.
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        size = len(text.encode("utf-8"))
        if size > self.max_bytes:
            raise forms.ValidationError(
                f"The pasted text is {megabytes(size)}, over the {settings.LECTERN_MAX_UPLOAD_MB} MB limit "
                "(LECTERN_MAX_UPLOAD_MB)."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("files") and not cleaned.get("text", "").strip():
            raise forms.ValidationError("Choose at least one file, or paste the text of a digest.")
        return cleaned

    def uploads(self) -> list[UploadedFile]:
        """The chosen files and the pasted text, read (valid form only)."""
        found = [UploadedFile(f.name, f.read()) for f in self.cleaned_data["files"]]
        if self.cleaned_data["text"].strip():
            found.append(UploadedFile(PASTED_NAME, self.cleaned_data["text"].encode("utf-8")))
        return found


class ConfirmForm(forms.Form):
    """The preview's choices: which staged files to import, and the dates typed for
    files whose date has no year. Only the uploader's own staged ids are choices."""

    upload = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, uploads=(), dated=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].choices = [(u.pk, u.filename) for u in uploads]
        self.dated = list(dated)
        for upload in self.dated:
            self.fields[self.date_field(upload.pk)] = forms.DateField(
                required=False,
                input_formats=["%Y-%m-%d"],
                label=f"Digest date of {upload.filename}",
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={"invalid": "Enter the date as YYYY-MM-DD."},
            )

    @staticmethod
    def date_field(pk: int) -> str:
        return f"date-{pk}"

    def dates(self) -> dict[int, dt.date | None]:
        return {u.pk: self.cleaned_data.get(self.date_field(u.pk)) for u in self.dated}
