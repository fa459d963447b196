"""Keep the search index current. The index is derived data, like a cache, so signals keep it:
whoever changes an enterprise (pages, API, admin, demo data, a shell) cannot forget it."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from . import search
from .models import Enterprise, Industry, OfferKind


@receiver(post_save, sender=Enterprise, dispatch_uid="search-enterprise-saved")
def enterprise_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return  # loaddata: run manage.py rebuild_search_index afterwards
    if update_fields is not None and not set(update_fields) - {"reviewed_at", "updated_at", "image"}:
        return  # bookkeeping only: the searchable text did not change
    search.update_document(instance)


# An enterprise's industries and offers are in its search document; an industry's or offer's
# name in every document that links to it.
@receiver(m2m_changed, sender=Enterprise.industries.through, dispatch_uid="search-industries-changed")
@receiver(m2m_changed, sender=Enterprise.offers.through, dispatch_uid="search-offers-changed")
def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search.update_document(instance)
    elif pk_set:
        search.rebuild(Enterprise.objects.filter(pk__in=pk_set))
    else:
        search.rebuild(instance.enterprises.all())


@receiver(post_save, sender=Industry, dispatch_uid="search-industry-saved")
@receiver(post_save, sender=OfferKind, dispatch_uid="search-offer-kind-saved")
def linked_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        search.rebuild(instance.enterprises.all())
