from core.sitemaps import BilingualSitemap
from networks.models import Accelerator, InitiativeArea, Network


class InitiativeAreaSitemap(BilingualSitemap):
    def items(self):
        return InitiativeArea.objects.all()


class NetworkSitemap(BilingualSitemap):
    def items(self):
        return Network.objects.all()


class AcceleratorSitemap(BilingualSitemap):
    def items(self):
        return Accelerator.objects.all()
