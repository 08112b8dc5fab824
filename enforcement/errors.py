"""Domain errors shared by services, the API and the browser views."""


class IllegalTransition(Exception):
    """A state change the case's state machine does not allow from its current status."""

    def __init__(self, message: str, *, current_status: str = "") -> None:
        super().__init__(message)
        self.current_status = current_status


class FieldErrors(Exception):
    """Input errors keyed by field, possibly nested (``{"parties": [{}, {"id_number": [...]}]}``).

    Raised by services before anything is written; the API returns the structure as a 400 body, the
    browser form puts each message beside its field.
    """

    def __init__(self, errors: dict) -> None:
        super().__init__(errors)
        self.errors = errors
