"""Domain errors shared by services, the API and the browser views."""

from enforcement.formatting import group_yuan


class IllegalTransition(Exception):
    """A state change the case's state machine does not allow from its current status."""

    def __init__(self, message: str, *, current_status: str = "") -> None:
        super().__init__(group_yuan(str(message)))
        self.current_status = current_status


class FieldErrors(Exception):
    """Input errors keyed by field, possibly nested (``{"parties": [{}, {"id_number": [...]}]}``).

    Raised by services before anything is written; the API returns the structure as a 400 body, the
    browser form puts each message beside its field.
    """

    def __init__(self, errors: dict) -> None:
        errors = _grouped(errors)
        super().__init__(errors)
        self.errors = errors


def _grouped(value):
    """Messages with amounts written the way people read them (¥12,345.00), nested like the input."""
    if isinstance(value, dict):
        return {k: _grouped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_grouped(v) for v in value]
    return group_yuan(value) if isinstance(value, str) else value
