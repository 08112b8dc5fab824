"""Query-count checks shared by the suites (STYLE.md §12: list pages assert their query count)."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_constant_queries(request: Callable[[], object], grow: Callable[[], None]):
    """Run ``request``, ``grow`` the data, run ``request`` again: both must cost the same number of
    queries. Returns the second response."""
    with CaptureQueriesContext(connection) as before:
        request()
    grow()
    with CaptureQueriesContext(connection) as after:
        response = request()
    assert len(after) == len(before), "\n".join(q["sql"][:200] for q in after.captured_queries)
    return response
