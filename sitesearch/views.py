from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from sitesearch.engine import cleaned, nearest_names, search
from sitesearch.snippets import snippets_for

KIND_LABELS = {
    "city": _("City"),
    "country": _("Country"),
    "region": _("Region"),
    "initiative-area": _("Initiative area"),
    "network": _("Network"),
    "accelerator": _("Accelerator"),
    "spotlight": _("City spotlight"),
}
SHOWN = 30


class SearchPageView(TemplateView):
    """`/<lang>/search/?q=…`: every kind of page, best match first."""

    template_name = "sitesearch/search.html"
    query_parameters = frozenset({"q"})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = cleaned(self.request.GET.get("q", ""))
        language = translation.get_language()
        hits = search(query) if query else []
        shown = hits[:SHOWN]
        results = [
            {
                "kind": KIND_LABELS[hit.entry.kind],
                "title": hit.entry.title(language),
                "context": hit.entry.contexts.get(language, ""),
                "url": hit.entry.url(language),
                "snippet": snippet,
            }
            for hit, snippet in zip(shown, snippets_for(shown, query, language), strict=True)
        ]
        obvious = len(hits) == 1 or (len(hits) > 1 and hits[0].score >= 97 > hits[1].score)
        context.update(
            query=query,
            results=results,
            total=len(hits),
            some_words_only=bool(hits) and all(hit.matched == "some words" for hit in hits),
            go_to=results[0] if results and obvious else None,
            nearest=[
                {"title": entry.title(language), "url": entry.url(language)}
                for entry in (nearest_names(query) if query and not hits else [])
            ],
        )
        return context
