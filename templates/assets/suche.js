// Familienwegweiser search: Pagefind's JS API with filters. Loaded only on the search page; every word it shows
// comes from the page (data-text-*, data-filter), in the page's language.
const box = document.getElementById("ww-suche");
// Pagefind loads in the background. The listeners below are attached at once, so what is typed meanwhile
// stays in the box, and the search runs with it as soon as Pagefind is ready.
const ready = (async () => {
  const pagefind = await import(new URL(box.dataset.pagefind + "pagefind.js", document.baseURI).href);
  // No web worker: it would be one more script (12 KB) to load before the first results, for searches that take
  // milliseconds here. Pagefind chooses the index by this page's <html lang> (its language's index).
  await pagefind.options({ baseUrl: new URL(box.dataset.base, document.baseURI).pathname, noWorker: true });
  pagefind.init();
  return pagefind;
})();

// The page's language (its <html lang>) sorts the filter values and formats numbers; it also chose Pagefind's index.
const LOCALE = (() => {
  try { return Intl.getCanonicalLocales(document.documentElement.lang || "de")[0]; } catch { return "de"; }
})();
// One search box per page: the header's, which shows the current query here.
const input = document.getElementById("ww-kopfsuche-eingabe");
const form = input.form;
const filterBox = box.querySelector(".ww-suche__filter");
const status = box.querySelector(".ww-suche__status");
const list = box.querySelector(".ww-suche__treffer");
const params = new URLSearchParams(location.search);
// On phones the filters are a panel the visitor opens (results come first); open beside them on wide screens.
box.querySelector(".ww-suche__filterbox").open = matchMedia("(min-width: 60em)").matches;
// The query from the address only fills an empty box: a visitor may have typed before this script ran.
if (!input.value) input.value = params.get("q") || "";
const panel = box.querySelector(".ww-suche__filterbox");
const chosenCount = box.querySelector(".ww-suche__anzahl");
const showButton = box.querySelector(".ww-suche__anzeigen button");
// On phones the open filter panel covers the page; its button closes it and shows the results.
showButton.addEventListener("click", () => { panel.open = false; status.scrollIntoView({ block: "start" }); });

function esc(text) {
  const span = document.createElement("span");
  span.textContent = text ?? "";
  return span.innerHTML;
}
// Escaped, with runs of several numbers ("0–3", "09:30–11:30") kept left to right on right-to-left pages (as the
// pages' own markup does it: generator/richtung.py).
const NUMMERN = /(\d+(?:[.:,]\d+)*(?:(?:[ \u00a0]*[–\-/][ \u00a0]*|[ \u00a0]+)\d+(?:[.:,]\d+)*)+)/g;
const RTL = getComputedStyle(document.body).direction === "rtl";
function ltr(text) {
  return RTL ? esc(text).replace(NUMMERN, '<bdi dir="ltr" class="ww-nummer">$1</bdi>') : esc(text);
}

// The filters come with the page, in its language: names and values are stable slugs (``alter=0-3``), labels
// are translated. Asking Pagefind would load every filter's index up front.
const available = JSON.parse(box.dataset.filter);
const lang = LOCALE;
const more = box.querySelector(".ww-suche__mehr");
const PAGE = 10;
let shown = [];
let allResults = [];
// Addresses bookmarked before the slugs (?Alter=0–3 Jahre, ?Quartier=Heide) keep working: the old name and
// the old value (the label of the main language) lead to the slug.
function chosen(filter) {
  const values = new Set(params.getAll(filter.name));
  for (const old of filter.frueher ? params.getAll(filter.frueher) : []) {
    const found = filter.werte.find(([slug, label]) => label === old || slug === old);
    if (found) values.add(found[0]);
  }
  return values;
}
for (const filter of available) {
  const fieldset = document.createElement("fieldset");
  fieldset.innerHTML = `<legend>${esc(filter.label)}</legend>`;
  const values = filter.ordnen
    ? [...filter.werte].sort((a, b) => a[1].localeCompare(b[1], lang, { numeric: true }))
    : filter.werte;
  const checked = chosen(filter);
  for (const [slug, text] of values) {
    const label = document.createElement("label");
    const checkbox = document.createElement("input");
    checkbox.type = "checkbox";
    checkbox.name = filter.name;
    checkbox.value = slug;
    checkbox.checked = checked.has(slug);
    label.append(checkbox, " " + text);
    fieldset.append(label);
  }
  filterBox.append(fieldset);
}

// Pagefind's "any" (one of the values) for most filters; "all" where a result must have each value chosen
// (filter.alle: venue access, where a family needs the wheelchair access and the changing table).
const ALL = new Set(available.filter((f) => f.alle).map((f) => f.name));
function chosenFilters() {
  const filters = {};
  for (const box of filterBox.querySelectorAll("input:checked")) {
    const how = ALL.has(box.name) ? "all" : "any";
    (filters[box.name] ||= { [how]: [] })[how].push(box.value);
  }
  return filters;
}

// "In meiner Nähe zuerst": the location is asked for only on a click and never leaves the device.
let here = null;
const near = box.querySelector(".ww-naehe");
function km(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180, dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}
if (navigator.geolocation) {
  near.hidden = false;
  near.querySelector("button").addEventListener("click", () => {
    const said = near.querySelector(".ww-naehe__status");
    navigator.geolocation.getCurrentPosition(async (pos) => {
      here = pos.coords;
      await run();
      said.textContent = near.dataset.textSortiert;
    }, () => { said.textContent = near.dataset.textFehler; }, { maximumAge: 600000, timeout: 15000 });
  });
}

// Today in Germany (YYYY-MM-DD), and whether a result's Termin still lies ahead (meta from its page).
const berlinToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric",
                                                              month: "2-digit", day: "2-digit" }).format(new Date());
function stillComing(meta, registration) {
  if (meta.termin_ende && Date.parse(meta.termin_ende) <= Date.now()) return false;
  return !registration || !meta.anmeldung_bis || meta.anmeldung_bis >= berlinToday();
}

let generation = 0;
async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const filters = chosenFilters();
  const url = new URL(location.href);
  // The time filter's (zeiten.js, which keeps it up to date and knows the valid values); until it is there, the
  // address's, so that a shared address keeps it.
  const when = window.wwWann ? window.wwWann.wert() : url.searchParams.get("wann");
  url.search = "";
  if (query) url.searchParams.set("q", query);
  if (when) url.searchParams.set("wann", when);
  for (const [name, f] of Object.entries(filters)) for (const v of f.any || f.all) url.searchParams.append(name, v);
  history.replaceState(null, "", url);
  const count = filterBox.querySelectorAll("input:checked").length;
  chosenCount.textContent = count ? ` (${count})` : "";
  if (!query && Object.keys(filters).length === 0 && !when) {
    window.wwWann?.sift([]);
    list.innerHTML = "";
    status.textContent = "";
    return;
  }
  const pagefind = await ready;
  if (mine !== generation) return;
  const found = await find(pagefind, query, filters);
  if (mine !== generation) return;
  allResults = found.results;
  const sifting = window.wwWann?.wert();
  // Termine (issue 28): the filters "Anmeldung offen" and the months are the build date's; by the browser's clock a
  // Termin whose last date has ended, or whose registration has closed since, is no match.
  const dated = filters.anmeldung || filters.monat || filters.typ?.any.includes("termine");
  if (here || sifting || dated) {
    // Near me: every result's small data file is needed to know where it is; the location stays here. "Wann
    // geöffnet?" (zeiten.js): the opening hours are in it; only entries (they have a type) are sifted and counted.
    let data = await Promise.all(allResults.map((r) => r.data()));
    if (mine !== generation) return;
    if (sifting) {
      const keep = window.wwWann.sift(data.map((d) => (d.meta.typ ? fromSymbols(d.meta.zeiten || "") : null)));
      data = data.filter((_d, i) => keep[i]);
    }
    if (dated) data = data.filter((d) => stillComing(d.meta, Boolean(filters.anmeldung)));
    for (const d of data) {
      const [lat, lon] = (d.meta.geo || "").split(",").map(Number);
      d.km = here && d.meta.geo ? km(here.latitude, here.longitude, lat, lon) : Infinity;
    }
    if (here) data.sort((a, b) => a.km - b.km);
    allResults = data.map((d) => ({ data: () => Promise.resolve(d) }));
  }
  shown = [];
  await showMore(mine, true);  // the previous results stay until the new ones are there
  if (mine !== generation) return;
  // Announced after the list is filled, so that the count and the visible results always agree.
  const counted = found.some ? box.dataset.textEinzeln : box.dataset.textTreffer;
  status.textContent = allResults.length ? counted.replace("{n}", allResults.length) : box.dataset.textKeine;
  showButton.textContent = box.dataset.textAnzeigen.replace("{n}", allResults.length);
  offerSpelling(mine, pagefind, query, filters, found.results);
}

// Pagefind finds the pages that contain every word. When no page has them all ("Geburtsvorbereitungskurs
// Brunnenviertel": the course is in another quarter), the pages with some of them follow, those with more words
// first, and among equals those of the rarer word (the course before everything in the quarter).
// An entry's hours in its search result (Pagefind meta "zeiten"): the JSON's bytes as pairs of sixteen symbols that
// are no word characters, so that nothing of it becomes a searchable word (render/opening.py: search_meta).
const SYMBOLS = "!#$%()*+,/:;=?@~";
function fromSymbols(text) {
  const digits = [...text].map((c) => SYMBOLS.indexOf(c));
  if (digits.length === 0 || digits.length % 2 || digits.some((d) => d < 0)) return "";
  const bytes = new Uint8Array(digits.length / 2).map((_b, i) => digits[2 * i] * 16 + digits[2 * i + 1]);
  return new TextDecoder().decode(bytes);
}

async function find(pagefind, query, filters) {
  const all = (await pagefind.search(query || null, { filters })).results;
  const words = query.split(/\s+/).filter(Boolean).slice(0, 8);  // a pasted sentence: its first words
  if (all.length || words.length < 2) return { results: all, some: false };
  const each = (await Promise.all(words.map((w) => pagefind.search(w, { filters })))).map((s) => s.results);
  each.sort((a, b) => a.length - b.length);
  const hits = new Map();
  each.forEach((results) => results.forEach((r) => {
    const known = hits.get(r.id);
    if (known) known.words += 1;
    else hits.set(r.id, { result: r, words: 1, order: hits.size });
  }));
  const ranked = [...hits.values()].sort((a, b) => b.words - a.words || a.order - b.order);
  return { results: ranked.map((h) => h.result), some: ranked.length > 0 };
}

// "Meinten Sie …?": words of the query the site does not know are replaced by the closest word it does (the
// names of entries, quarters and topics, the types, the glossary: suche/woerter.txt, loaded from this site once).
// Offered when the corrected query leads elsewhere: its first three results are not the query's (Pagefind answers
// an unknown word with the pages of its longest known beginning: "Spielplaz" finds 20 pages with "spiel…", none a
// playground). One tap searches for it.
const suggestionBox = box.querySelector(".ww-suche__vorschlag");
let vocabulary = null;
function loadVocabulary() {
  vocabulary ||= fetch(new URL(box.dataset.woerter, document.baseURI))
    .then((response) => (response.ok ? response.text() : ""))
    .catch(() => "")
    .then((text) => {
      const words = text.split("\n").filter(Boolean);
      const lower = words.map((w) => w.toLocaleLowerCase(LOCALE));
      return { words, lower, set: new Set(lower) };
    });
  return vocabulary;
}
// Damerau-Levenshtein distance (optimal string alignment: a letter missing, added, changed or two swapped), or
// limit + 1 as soon as it must be more than limit.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}
// The closest known word to one the site does not know (at most one edit for short words, two for longer ones;
// of equally close ones the more frequent, which the list has first), or null.
function closest(word, known) {
  const lower = word.toLocaleLowerCase(LOCALE);
  if (lower.length < 3 || known.set.has(lower)) return null;
  const limit = lower.length <= 5 ? 1 : 2;
  let best = null;
  let bestDistance = limit + 1;
  known.lower.forEach((candidate, index) => {
    const d = distance(lower, candidate, Math.min(limit, bestDistance - 1));
    if (d < bestDistance) { bestDistance = d; best = known.words[index]; }
  });
  return best;
}
async function offerSpelling(mine, pagefind, query, filters, results) {
  suggestionBox.hidden = true;
  if (!query) return;
  const known = await loadVocabulary();
  const corrected = query.split(/(\s+)/).map((part) => (part.trim() ? closest(part, known) || part : part)).join("");
  if (mine !== generation || corrected === query) return;
  const first = new Set(results.slice(0, 3).map((r) => r.id));
  const better = (await find(pagefind, corrected, filters)).results.slice(0, 3);
  if (mine !== generation || better.length === 0 || better.every((r) => first.has(r.id))) return;
  const button = document.createElement("button");
  button.type = "button";
  // A function, not the string: "$&", "$'" in a query are replacement patterns of String.replace.
  button.textContent = box.dataset.textVorschlag.replace("{vorschlag}", () => corrected);
  button.addEventListener("click", () => { input.value = corrected; run(); });
  suggestionBox.replaceChildren(button);
  suggestionBox.hidden = false;
}

// Each result's excerpt is a separate small file: load ten at a time, not all at once.
async function showMore(mine = generation, replace = false) {
  const next = allResults.slice(shown.length, shown.length + PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  if (mine !== generation) return;
  shown.push(...data);
  const items = data.map((d) => `<li class="ww-karte">`
    + (d.meta.typ ? `<p class="ww-karte__typ">${esc(d.meta.typ)}</p>` : "")
    // dir="auto": a result shown in the main language because it is not translated (German on an Arabic page) runs
    // in its own direction, as on its page, instead of having its punctuation moved to the wrong end.
    + `<a class="ww-karte__titel" dir="auto" href="${esc(d.url)}">${esc(d.meta.title)}</a>`
    + (d.meta.kurz ? `<p class="ww-karte__kurz" dir="auto">${esc(d.meta.kurz)}</p>` : "")
    + (d.meta.alter || d.meta.kostenlos || isFinite(d.km) ? `<p class="ww-karte__fakten">`
      + (isFinite(d.km) ? `<span class="ww-abzeichen ww-abzeichen--km">${esc(near.dataset.textKm.replace("{km}",
        d.km.toLocaleString(LOCALE, { maximumFractionDigits: 1 })))}</span> ` : "")
      + (d.meta.alter ? `<span class="ww-abzeichen ww-abzeichen--alter">${ltr(d.meta.alter)}</span>` : "")
      + (d.meta.kostenlos ? ` <span class="ww-abzeichen ww-abzeichen--kostenlos">${esc(d.meta.kostenlos)}</span>` : "")
      + "</p>" : "")
    + (d.meta.quartier ? `<p class="ww-treffer__ort" dir="auto">${esc(d.meta.quartier)}</p>` : "") + "</li>").join("");
  if (replace) list.innerHTML = items;
  else list.insertAdjacentHTML("beforeend", items);
  more.hidden = shown.length >= allResults.length;
}
more.addEventListener("click", () => showMore());

form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
input.addEventListener("input", () => run());
filterBox.addEventListener("change", () => run());
// zeiten.js may load after this module (deferred, after Pagefind on a slow line): it is asked for once it is there,
// and a search that ran without it runs again with the time the address chose.
if (window.wwWann) window.wwWann.onChange(() => run());
else {
  addEventListener("DOMContentLoaded", () => {
    window.wwWann?.onChange(() => run());
    if (window.wwWann && params.has("wann")) run();
  });
}
run();
