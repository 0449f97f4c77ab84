from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Python refuses to turn very long digit strings into numbers; a page number this long is past the end.
MAX_PAGE_DIGITS = 18


def paginate(queryset, page_param: str | None, per_page: int) -> tuple[Page, str | None]:
    """The requested page, or the nearest real one with a message saying why it was not the one asked for."""
    paginator = Paginator(queryset, per_page)
    raw = (page_param or "1").strip()
    if not (raw.isascii() and raw.isdigit()):
        return paginator.page(1), _("“%(page)s” is not a page number; showing the first page.") % {
            "page": raw[:20]
        }
    digits = raw.lstrip("0") or "0"
    number = int(digits) if len(digits) <= MAX_PAGE_DIGITS else paginator.num_pages + 1
    if number < 1:
        return paginator.page(1), _("Pages start at 1; showing the first page.")
    if number > paginator.num_pages:
        return paginator.page(paginator.num_pages), ngettext(
            "There is only %(count)s page; showing it.",
            "There are only %(count)s pages; showing the last one.",
            paginator.num_pages,
        ) % {"count": paginator.num_pages}
    return paginator.page(number), None
