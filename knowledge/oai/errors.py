class OAIError(Exception):
    """An OAI-PMH error condition (§3.6): the response carries `code` and a message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def echoes_request(self) -> bool:
        """After badVerb and badArgument, <request> must carry no attributes (§3.2)."""
        return self.code not in ("badVerb", "badArgument")
