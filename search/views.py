from django.shortcuts import render
from django.views.decorators.http import require_safe

from search.results import SearchPage


@require_safe
def search(request):
    """The global search page: results grouped by kind, each with its count and highlighted snippets."""
    page = SearchPage(request.GET.get("q", ""))
    return render(request, "search/search.html", {"query": page.query, "results_html": page.results_html})
