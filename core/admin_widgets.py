"""Admin widgets that survive a crafted form: Django's autocomplete widgets re-render an invalid
form by looking the posted ids up, and an id such as "abc" for a numeric key raised a
ValueError there (a server error, not the form's "Select a valid choice")."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple


class ValidIdsOnly:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = getattr(remote, "field_name", None) or remote.model._meta.pk.name
        field = remote.model._meta.get_field(key)
        valid = []
        for item in value:
            try:
                field.to_python(item)
            except Exception:  # noqa: BLE001 (any value the key cannot hold is simply not shown)
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(ValidIdsOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidIdsOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdmin:
    """Mixed into a ModelAdmin with `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelect:
            field.widget.__class__ = SafeAutocompleteSelect
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelectMultiple:
            field.widget.__class__ = SafeAutocompleteSelectMultiple
        return field
