from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from content_state.versions import scopes_changed
        from search.signals import follow_the_content

        scopes_changed.connect(follow_the_content, dispatch_uid="search-follow-the-content")
        post_migrate.connect(fill_an_empty_index, sender=self, dispatch_uid="search-fill-empty-index")


def fill_an_empty_index(using: str = "default", **kwargs) -> None:
    """A database that had content before the search index existed gets its index once, after `migrate`:
    from then on, the content state's syncs keep it up to date."""
    from cities.models import City
    from search.indexing import rebuild
    from search.models import SearchEntry

    if not SearchEntry.objects.using(using).exists() and City.objects.using(using).exists():
        rebuild()
