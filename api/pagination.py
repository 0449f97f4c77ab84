from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

MAX_PAGE_SIZE = 100


class StableCursorPagination(CursorPagination):
    """Opaque cursors over a unique order, so a page never repeats or skips a record while records are
    added. `page_size` up to MAX_PAGE_SIZE; a larger or malformed one is refused, not quietly changed."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = gettext_lazy(
        "This cursor is not one the API gave: follow the “next” and “previous” links."
    )

    def get_ordering(self, request, queryset, view):
        """The view's `ordering`: one field, the primary key, ascending or descending."""
        return (view.ordering,)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
            malformed = True
        else:
            # Every order is by primary key: a position that is not a number cannot be one of ours.
            position = "" if cursor is None or cursor.position is None else str(cursor.position)
            malformed = bool(position) and not (position.isdigit() and len(position) <= 18)
        if malformed:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
        return cursor

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= self.max_page_size):
            raise ValidationError(
                {"page_size": [_("Give a whole number from 1 to %(most)d.") % {"most": self.max_page_size}]}
            )
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters
