"""Plumbing shared by every domain package: config, extensions, errors, auth, i18n."""
