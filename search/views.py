from django.shortcuts import render

from search.results import grouped_results


def search(request):
    """The global search page: results grouped by kind, each with its count and highlighted snippets."""
    return render(request, "search/search.html", grouped_results(request.GET.get("q", "")))
