"""The language versions of an output: an original and its translations form one work."""

from dataclasses import dataclass, field

from knowledge.models import Output


@dataclass(frozen=True)
class Version:
    output: Output
    is_current: bool
    is_original: bool
    # A translation that last changed before its original did.
    possibly_outdated: bool


@dataclass(frozen=True)
class Work:
    versions: list[Version] = field(default_factory=list)
    original: Output | None = None
    # The page's own output is a translation that may be out of date.
    current_is_outdated: bool = False


def work_of(output: Output, user) -> Work:
    """The versions of `output`'s work that `user` may open, the original first.

    Empty when the output has no other version the user may open.
    """
    outputs = list(Output.objects.visible_to(user).versions_of(output))
    if len(outputs) < 2:
        return Work()
    original = next((version for version in outputs if not version.is_translation), None)
    versions = [
        Version(
            output=version,
            is_current=version.pk == output.pk,
            is_original=version is original,
            possibly_outdated=original is not None
            and version is not original
            and version.is_older_than(original),
        )
        for version in outputs
    ]
    current_is_outdated = any(version.is_current and version.possibly_outdated for version in versions)
    return Work(versions, original, current_is_outdated)
