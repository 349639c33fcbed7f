from django.db import models
from django.utils.translation import gettext_lazy as _


class SlugRedirect(models.Model):
    """A page's address before its slug changed, and where it lives now: every address under
    `old_prefix` (the page, its share image) answers 301 to the same place under `new_prefix`.

    Kept flat by core/redirects.py: no row points to another row's old address, and no old
    address is one a page has now."""

    old_prefix = models.CharField(_("old address"), max_length=300, unique=True)
    new_prefix = models.CharField(_("new address"), max_length=300, db_index=True)
    created_at = models.DateTimeField(_("moved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("moved page")
        verbose_name_plural = _("moved pages")
        ordering = ["old_prefix"]

    def __str__(self):
        return f"{self.old_prefix} → {self.new_prefix}"
