"""What changed between two versions of the content, and which pages show it: the preview and the incremental build
re-render exactly those pages (``Page.deps`` records what each page was made from, see ``site_pages.Deps``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from wegweiser.content import language_versions, translation_files
from wegweiser.content.contacts import contact_index
from wegweiser.content.records import Content
from wegweiser.model.entries import Eintrag, Kategorie, Quartier, Seite, Site
from wegweiser.render.page_builder import Deps, Page, PageBuilder


def theme_inputs(content: Content) -> tuple[object, ...]:
    """What the theme's shells are made from: the site and the navigation and footer links."""
    pages = tuple(sorted((p.reihenfolge, p.titel, p.slug, p.fusszeile) for p in content.seiten))
    return (content.site, pages, translation_files.thema(content))


def changes(old: Content, new: Content) -> set[str]:
    """The files and keys (``Deps``) whose values differ between two versions of the content."""
    changed: set[str] = set()
    before = {e.source: e for e in old.eintraege}
    after = {e.source: e for e in new.eintraege}
    for source in before.keys() | after.keys():
        was, now = before.get(source), after.get(source)
        if was is not now and was != now:  # entries of unchanged files are the same objects
            changed |= {source, Deps.ENTRIES}
            changed |= Deps.lists_of(was, old) if was else set()
            changed |= Deps.lists_of(now, new) if now else set()
    old_contacts, new_contacts = contact_index(old), contact_index(new)
    for key in old_contacts.keys() | new_contacts.keys():
        was, now = old_contacts.get(key), new_contacts.get(key)
        if (was.source if was else None) != (now.source if now else None):
            changed.add(Deps.contact(*key))
    if list(old.quartiere) != list(new.quartiere):
        changed.add(Deps.QUARTERS)
    for slug in old.quartiere.keys() | new.quartiere.keys():
        was_q, now_q = old.quartiere.get(slug), new.quartiere.get(slug)
        if was_q != now_q:
            changed.update(q.source for q in (was_q, now_q) if q)
    if list(old.kategorien) != list(new.kategorien):
        changed.add(Deps.CATEGORIES)
    for slug in old.kategorien.keys() | new.kategorien.keys():
        if old.kategorien.get(slug) != new.kategorien.get(slug):
            changed |= {Deps.category(slug), Deps.CATEGORIES}
    old_pages = {p.source: p for p in old.seiten}
    new_pages = {p.source: p for p in new.seiten}
    for source in old_pages.keys() | new_pages.keys():
        if old_pages.get(source) != new_pages.get(source):
            changed |= {source, Deps.PAGES}
    if old.site != new.site:
        changed.add(Deps.SITE)
    changed |= translation_changes(old, new)
    return changed


def translation_changes(old: Content, new: Content) -> set[str]:
    """For the preview: the ``Page.deps`` keys and files a change of translations reaches (a translation came,
    went or changed; the pages showing the original are reached as well)."""
    changed: set[str] = set()
    objects = [(old, translation_files.originale(old)), (new, translation_files.originale(new))] \
        if old.uebersetzungen or new.uebersetzungen else []
    for key in old.uebersetzungen.keys() | new.uebersetzungen.keys():
        was, now = old.uebersetzungen.get(key), new.uebersetzungen.get(key)
        if was == now:
            continue
        art, slug, code = key
        changed.add(language_versions.abhaengigkeit(art, slug, code))
        changed.update(u.source for u in (was, now) if u)
        for content, index in objects:
            original = index.get((art, slug))
            if original is not None:
                changed.add(translation_files.quelle(original))
                if isinstance(original, Eintrag):
                    changed |= {Deps.ENTRIES, *Deps.lists_of(original, content)}
                elif isinstance(original, Kategorie):
                    changed |= {Deps.category(slug), Deps.CATEGORIES}
                elif isinstance(original, (Seite, Site)):
                    changed.add(Deps.PAGES if isinstance(original, Seite) else Deps.SITE)
                elif isinstance(original, Quartier):
                    changed.add(Deps.QUARTERS)
    return changed


def page_makers(builder: PageBuilder) -> dict[str, Callable[[], Page]]:
    """Every page of the site by URL (in the build's order), rendered only when called."""
    content, where = builder.content, builder.urls  # the builder's language's URLs
    makers: dict[str, Callable[[], Page]] = {where.HOME: builder.home, where.QUARTERS_URL: builder.quarter_index}
    for slug, quarter in content.quartiere.items():
        makers[where.quarter_url(slug)] = partial(builder.quarter_page, slug, quarter)
    makers[where.CATEGORIES_URL] = builder.category_index
    for scope, which in builder.event_lists():  # "Termine" of the region, and of quarters and topics that have some
        makers[builder.events_url(scope, which)] = partial(builder.events_page, scope, which)
    for slug in content.kategorien:
        makers[where.category_url(slug)] = partial(builder.category_page, slug)
        for part in builder.topic_quarters(slug):  # a big topic's pages per quarter
            makers[where.category_quarter_url(slug, part)] = partial(builder.category_quarter_page, slug, part)
    for page in builder.general_pages():
        makers[where.page_url(page.slug)] = partial(builder.general_page, page)
    makers[where.MERKLISTE_URL] = builder.merkliste
    makers[where.MEIN_KIND_URL] = builder.mein_kind
    makers[where.OPEN_DATA_URL] = builder.open_data_page
    makers[where.SEARCH_URL] = builder.search_page
    for entry in builder.published.entries:
        makers[where.entry_url(entry)] = partial(builder.entry_page, entry)
    return makers


def published_urls(builders: list[PageBuilder], makers: dict[str, Callable[[], Page]]) -> list[str]:
    """Every page's address in the build's order (the sitemap's): every language's overview pages, then their entry
    pages. ``makers``: every language's ``page_makers``."""
    entry_urls = [b.urls.entry_url(e) for b in builders for e in b.published.entries]
    listed = set(entry_urls)
    return [url for url in makers if url not in listed] + entry_urls
