import uuid
from pathlib import PurePath

from django.utils.deconstruct import deconstructible


@deconstructible
class UnguessablePath:
    """An `upload_to` that stores each file under a random name in `folder`, keeping only its extension.

    The name a user gave the file is never part of the storage path; models keep it, cleaned, as a
    display name where it matters.
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()
        if not suffix[1:].isalnum() or len(suffix) > 6:
            suffix = ""
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessablePath) and other.folder == self.folder
