class Refused(Exception):
    """A file that cannot be processed for what it is (damaged, protected, too large): `problem` says why,
    as a code that the portal turns into a message in the reader's language."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem
