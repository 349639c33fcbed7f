import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from cities.models import City, Region
from core.languages import default_column
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight
from spotlights.services import spotlights_unpublish

API_LISTS = ("city", "region", "country", "initiative-area", "network", "accelerator", "spotlight")


class Command(BaseCommand):
    help = (
        "For bench/ only: print as JSON the public paths to load, London's first spotlight "
        "and, with --draft-by, the first spotlight of the list turned back into a draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("--draft-by", metavar="USERNAME", help="The editor unpublishing it.")

    def handle(self, *args, draft_by=None, **options):
        with translation.override("en"):
            london = Spotlight.objects.published().filter(city__slug="london").first()
            if london is None:
                raise CommandError("London has no published spotlight in the loaded data.")
            site = {"spotlight": london.get_absolute_url()}
        if draft_by:
            site["draft"] = make_draft(get_user_model().objects.get(username=draft_by))
        site["pages"] = public_paths()
        self.stdout.write(json.dumps(site))


def make_draft(editor):
    """The spotlight at the top of the list, unpublished: its id, title, pages and lists."""
    draft = Spotlight.objects.published().first()
    spotlights_unpublish(spotlights=Spotlight.objects.filter(pk=draft.pk), user=editor)
    pages, lists = {}, {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            pages[language] = draft.get_absolute_url()
            lists[language] = reverse("spotlights:spotlight-list")
    return {
        "id": draft.pk,
        "title": getattr(draft, default_column("title")),
        "pages": pages,
        "lists": lists,
    }


def public_paths():
    """Every public page in each language (directory filters included), then the API's lists."""
    region, area = Region.objects.first(), InitiativeArea.objects.first()
    paths = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            directory = reverse("cities:city-list")
            paths += [reverse("cities:home"), directory, f"{directory}?page=2"]
            paths += [f"{directory}?region={item.slug}" for item in Region.objects.all()]
            paths += [
                f"{directory}?initiative={item.slug}" for item in InitiativeArea.objects.all()
            ]
            paths.append(f"{directory}?region={region.slug}&initiative={area.slug}&q=an")
            paths += [reverse("spotlights:spotlight-list"), reverse("spotlights:feed")]
            paths.append(reverse("networks:about"))
            paths += [
                reverse(f"networks:{name}-list")
                for name in ("initiative", "network", "accelerator")
            ]
            for model in (Region, InitiativeArea, Network, Accelerator, City):
                paths += [item.get_absolute_url() for item in model.objects.all()]
            paths += [item.get_absolute_url() for item in Spotlight.objects.published()]
    return paths + [reverse(f"api:{name}-list") for name in API_LISTS]
