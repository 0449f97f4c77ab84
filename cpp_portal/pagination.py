from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _


def paginate(queryset, page_param: str | None, per_page: int) -> tuple[Page, str | None]:
    """The requested page, or the nearest real one with a message saying why it was not the one asked for."""
    paginator = Paginator(queryset, per_page)
    raw = (page_param or "1").strip()
    if not (raw.isascii() and raw.isdigit()):
        return paginator.page(1), _("“%(page)s” is not a page number; showing the first page.") % {
            "page": raw[:20]
        }
    number = int(raw)
    if number < 1:
        return paginator.page(1), _("Pages start at 1; showing the first page.")
    if number > paginator.num_pages:
        return paginator.page(paginator.num_pages), _(
            "There are only %(count)s pages; showing the last one."
        ) % {"count": paginator.num_pages}
    return paginator.page(number), None
