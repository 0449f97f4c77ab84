def list_items(text: str) -> list[str]:
    """The non-empty lines of a one-item-per-line field, without list bullets typed by the editor."""
    items = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return [item for item in items if item]
