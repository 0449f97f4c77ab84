from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cities.models import City
from cpp_portal.files import stored_file_response


@require_safe
def city_cover(request, slug: str):
    city = get_object_or_404(City.objects.only("cover_image"), slug=slug)
    return stored_file_response(request, city.cover_image, inline=True, public=True)
