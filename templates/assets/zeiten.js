// Familienwegweiser: opening hours in the browser, and the filter "Wann geöffnet?" (jetzt, heute, am Wochenende).
// Loaded before wegweiser.js on every page; every page works without it.
//
// Each entry's times come from the build (generator/hours/osm_hours.py, browser_zeiten) in one of two forms:
// - week rules: {"b": day 0, "e": days they hold, "r": {kind: [7 × open minutes of the day, Monday first]},
//   "f": public holidays (day numbers), "s": school holidays ([first, last] day numbers)}; kind "" ordinary,
//   "f" public holiday, "s" school holiday, "fs" both. The build checked them against the parser for each day.
// - intervals: {"b": day 0, "d": days they cover, "i": [[from, to] minutes since day 0 00:00]}.
// Times are the local time of the site (Europe/Berlin), whatever the visitor's clock zone.
(function () {
  "use strict";
  var DAY = 1440;

  function dayNumber(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5; }
  // Now in Berlin: the day (days since 1970-01-01) and the minute of the day.
  function berlinNow() {
    var p = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date())
      .forEach(function (part) { p[part.type] = part.value; });
    return { day: dayNumber(p.year + "-" + p.month + "-" + p.day), minute: (+p.hour) * 60 + (+p.minute) };
  }
  function parse(text) {
    if (!text) return null;
    try { var data = JSON.parse(text); return data && typeof data.b === "string" ? data : null; } catch (e) { return null; }
  }
  function inRanges(ranges, n) {
    for (var i = 0; i < ranges.length; i++) if (ranges[i][0] <= n && n <= ranges[i][1]) return true;
    return false;
  }
  // The open minutes of one calendar day (days since 1970), or null when the data do not reach that day.
  function openOn(data, day) {
    var n = day - dayNumber(data.b);
    if (n < 0) return null;
    if (data.r) {
      if (n >= data.e) return null;
      var kind = ((data.f || []).indexOf(n) >= 0 ? "f" : "") + (inRanges(data.s || [], n) ? "s" : "");
      var week = data.r[kind], weekday = (day + 3) % 7;  // 1970-01-01 was a Thursday; 0 = Monday
      return week && week[weekday] ? week[weekday] : null;
    }
    if (n >= data.d) return null;
    var spans = [];
    (data.i || []).forEach(function (s) {
      var a = Math.max(s[0] - n * DAY, 0), b = Math.min(s[1] - n * DAY, DAY);
      if (a < b) spans.push([a, b]);
    });
    return spans;
  }
  // Open at some minute of [from, to) on ``day``: true, false, or null (not known).
  function openBetween(data, day, from, to) {
    var spans = openOn(data, day);
    if (!spans) return null;
    return spans.some(function (s) { return s[0] < to && s[1] > from; });
  }

  // The days a choice asks about, from now: "jetzt" this minute, "heute" the rest of today, "wochenende" the
  // rest of this weekend (from Monday to Friday the coming Saturday and Sunday).
  function windows(choice, now) {
    if (choice === "jetzt") return [[now.day, now.minute, now.minute + 1]];
    if (choice === "heute") return [[now.day, now.minute, DAY]];
    var weekday = (now.day + 3) % 7, saturday = now.day + (weekday <= 5 ? 5 - weekday : -1);
    return [saturday, saturday + 1].filter(function (d) { return d >= now.day; })
      .map(function (d) { return [d, d === now.day ? now.minute : 0, DAY]; });
  }
  // "offen", "zu", "ohne" (no regular hours) or "unbekannt" (the data do not reach the days asked about).
  function state(data, choice, now) {
    if (!data) return "ohne";
    var open = false, unknown = false;
    windows(choice, now).forEach(function (w) {
      var answer = openBetween(data, w[0], w[1], w[2]);
      if (answer === null) unknown = true; else if (answer) open = true;
    });
    return open ? "offen" : unknown ? "unbekannt" : "zu";
  }

  // Week rules become the intervals of the next eight days, which "jetzt geöffnet" in wegweiser.js reads: a page
  // viewed weeks after the build still tells the truth (and nothing when the rules do not reach today).
  function intervalsFromToday(data, now) {
    var spans = [], days = 0;
    for (var k = 0; k < 8; k++) {
      var day = openOn(data, now.day + k);
      if (!day) break;
      days++;
      day.forEach(function (s) {
        var a = k * DAY + s[0], b = k * DAY + s[1], last = spans[spans.length - 1];
        if (last && last[1] === a) last[1] = b; else spans.push([a, b]);  // joined again across midnight
      });
    }
    var date = new Date(now.day * 864e5).toISOString().slice(0, 10);
    return { b: date, d: days, i: spans };
  }
  var now = berlinNow();
  document.querySelectorAll(".ww-jetzt[data-zeiten]").forEach(function (el) {
    var data = parse(el.dataset.zeiten);
    el.dataset.wann = el.dataset.zeiten;  // kept for the filter, which may ask about days beyond the eight
    if (data && data.r) el.dataset.zeiten = JSON.stringify(intervalsFromToday(data, now));
  });

  // --- the filter "Wann geöffnet?" --------------------------------------------------------------------------------
  var CHOICES = ["jetzt", "heute", "wochenende"];
  var boxes = [].slice.call(document.querySelectorAll(".ww-wannwahl"));
  var listeners = [];
  var withoutHours = false;  // "Einträge ohne feste Zeiten auch zeigen" pressed
  function chosen() {
    var input = document.querySelector(".ww-wannwahl input:checked");
    return input && CHOICES.indexOf(input.value) >= 0 ? input.value : "";
  }
  function say(choice, counts) {
    boxes.forEach(function (box) {
      var status = box.querySelector(".ww-wannwahl__status");
      var button = box.querySelector(".ww-wannwahl__ohne");
      button.hidden = !choice || !counts.ohne;
      button.setAttribute("aria-pressed", withoutHours ? "true" : "false");
      if (!choice) { status.textContent = ""; return; }
      var parts = [box.dataset["text" + choice[0].toUpperCase() + choice.slice(1)]
        .replace("{n}", counts.offen).replace("{m}", counts.alle)];
      if (counts.ohne) parts.push((withoutHours ? box.dataset.textOhneGezeigt : box.dataset.textOhne).replace("{n}", counts.ohne));
      if (counts.unbekannt) parts.push(box.dataset.textUnbekannt.replace("{n}", counts.unbekannt));
      status.textContent = parts.join(" ");
    });
  }
  // Sorts entries by the choice: ``items`` are opening-hours texts (null: not an entry, left out and not counted).
  // Returns, per item, whether it is shown, and says the counts in the status.
  function sift(items) {
    var choice = chosen(), now = berlinNow(), counts = { offen: 0, alle: 0, ohne: 0, unbekannt: 0 };
    var shown = items.map(function (text) {
      if (text === null) return !choice;
      if (!choice) return true;
      var s = state(parse(text), choice, now);
      counts.alle++; counts[s] = (counts[s] || 0) + 1;
      return s === "offen" || (s === "ohne" && withoutHours);
    });
    say(choice, counts);
    return shown;
  }
  // Cards on quarter and topic pages: a card is shown when the age filter (wegweiser.js, ``hidden``) and this one
  // let it through; the count is of the cards the age lets through.
  function applyToCards() {
    var cards = [].slice.call(document.querySelectorAll(".ww-karte[data-alter-von]"));
    if (!cards.length || !boxes.length) return;
    var ageFits = cards.filter(function (card) { return !card.hidden; });
    var shown = sift(ageFits.map(function (card) {
      var el = card.querySelector(".ww-jetzt[data-wann]");
      return el ? el.dataset.wann : "";
    }));
    cards.forEach(function (card) { card.classList.remove("ww-wann-aus"); });
    ageFits.forEach(function (card, i) { card.classList.toggle("ww-wann-aus", !shown[i]); });
    // A list left empty goes, and with it the section (and heading) it is the only list of.
    var choice = chosen();
    document.querySelectorAll("ul.ww-karten").forEach(function (list) {
      var empty = !!choice && !list.querySelector(".ww-karte:not([hidden]):not(.ww-wann-aus)");
      list.classList.toggle("ww-wann-aus", empty);
      var section = list.closest("section");
      if (section && section.querySelectorAll("ul.ww-karten").length === 1) section.classList.toggle("ww-wann-aus", empty);
    });
    if (window.wwSprung) window.wwSprung();  // the jump links' counts (wegweiser.js)
  }
  function update() {
    var choice = chosen(), url = new URL(location.href);
    if (choice) url.searchParams.set("wann", choice); else url.searchParams.delete("wann");
    history.replaceState(history.state, "", url);
    applyToCards();
    listeners.forEach(function (listener) { listener(choice); });
  }
  if (boxes.length) {
    var wanted = new URLSearchParams(location.search).get("wann");
    if (CHOICES.indexOf(wanted) < 0) wanted = "";
    boxes.forEach(function (box) {
      box.querySelectorAll("input").forEach(function (input) { input.checked = input.value === wanted; });
      box.hidden = false;
      box.addEventListener("change", update);
      box.querySelector(".ww-wannwahl__ohne").addEventListener("click", function () {
        withoutHours = !withoutHours;
        applyToCards();
        listeners.forEach(function (listener) { listener(chosen()); });
      });
    });
    // The age filter (wegweiser.js) runs its own listener first; the cards are counted again after it.
    document.addEventListener("change", function (event) {
      if (event.target.closest && event.target.closest(".ww-alterwahl")) applyToCards();
    });
    // wegweiser.js applies the stored age after this script: counted now and again once the page is ready.
    applyToCards();
    document.addEventListener("DOMContentLoaded", applyToCards);
  }
  // For the search page (suche.js): the choice, sifting its results, and a call when the choice changes.
  window.wwWann = {
    wert: chosen,
    sift: sift,
    onChange: function (listener) { listeners.push(listener); }
  };
})();
