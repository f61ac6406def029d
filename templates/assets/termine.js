// Termine by the browser's clock: a site not rebuilt for a week must show no past date as coming (issue 28).
// Each date carries data-start/data-ende (ISO 8601 with Germany's offset); the build's sections ("Diese Woche",
// "Diesen Monat", "Später") are re-sorted by today's date in Germany, registration windows (data-ab/data-bis) and
// counts of free places (data-bis) are judged by it too. Without JavaScript the page shows the build date's state.
(function () {
  "use strict";

  const now = new Date();
  // Today in Germany as YYYY-MM-DD: the windows and sections are German calendar days, wherever the browser is.
  const dayFormat = new Intl.DateTimeFormat("en-CA", {timeZone: "Europe/Berlin", year: "numeric", month: "2-digit",
                                                      day: "2-digit"});
  const berlinDay = (moment) => dayFormat.format(moment);
  const today = berlinDay(now);

  const asUtc = (day) => { const [y, m, d] = day.split("-").map(Number); return new Date(Date.UTC(y, m - 1, d)); };
  const isoDay = (date) => date.toISOString().slice(0, 10);
  const weekEnd = (day) => { const d = asUtc(day); d.setUTCDate(d.getUTCDate() + (7 - d.getUTCDay()) % 7); return isoDay(d); };
  const monthEnd = (day) => { const d = asUtc(day); return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0))); };
  const sectionOf = (day) => (day <= weekEnd(today) ? "woche" : day <= monthEnd(today) ? "monat" : "spaeter");
  const startOf = (li) => Date.parse(li.dataset.start);

  // Dates that are over are removed (not only hidden: counts and "next date" below read what is left).
  for (const li of document.querySelectorAll(".ww-datum[data-ende]")) {
    if (Date.parse(li.dataset.ende) <= now.getTime()) li.remove();
  }

  // Registration windows: "bald" before data-ab, "offen" up to and including data-bis, then "zu".
  for (const el of document.querySelectorAll(".ww-anmeldung[data-bis]")) {
    const ab = el.dataset.ab, bis = el.dataset.bis;
    const state = ab && today < ab ? "bald" : today > bis ? "zu" : "offen";
    const text = el.getAttribute("data-text-" + state);
    if (text) el.textContent = text;
    el.classList.remove("ww-anmeldung--bald", "ww-anmeldung--offen", "ww-anmeldung--zu");
    el.classList.add("ww-anmeldung--" + state);
    // "Anmeldung läuft" lists only open windows.
    if (el.hasAttribute("data-nur-offen")) {
      const item = el.closest(".ww-termin");
      if (state !== "offen") item?.remove();
      else if (item) item.hidden = false;
    }
  }

  // Free places are shown for a week after they were counted.
  for (const el of document.querySelectorAll(".ww-plaetze[data-bis]")) {
    if (today > el.dataset.bis) el.hidden = true;
  }

  // A list whose build date is not today: dates move to the section they now belong to (a Termin appears once per
  // section, with its dates there).
  for (const list of document.querySelectorAll(".ww-termine[data-heute]")) {
    if (list.dataset.heute === today) continue;
    const sections = {};
    for (const section of list.querySelectorAll(":scope > [data-abschnitt]")) {
      sections[section.dataset.abschnitt] = section;
    }
    const items = new Map();
    for (const [name, section] of Object.entries(sections)) {
      for (const item of section.querySelectorAll(".ww-termin")) items.set(item.dataset.termin + "|" + name, item);
    }
    for (const [key, item] of [...items]) {
      const home = key.slice(key.lastIndexOf("|") + 1);
      for (const li of [...item.querySelectorAll(".ww-datum")]) {
        const target = sectionOf(berlinDay(new Date(startOf(li))) < today ? today : berlinDay(new Date(startOf(li))));
        if (target === home || !sections[target]) continue;
        const targetKey = item.dataset.termin + "|" + target;
        let dest = items.get(targetKey);
        if (!dest) {
          dest = item.cloneNode(true);
          for (const old of dest.querySelectorAll(".ww-datum")) old.remove();
          sections[target].querySelector(".ww-termine__liste").append(dest);
          items.set(targetKey, dest);
        }
        dest.querySelector(".ww-daten").append(li);
      }
    }
    for (const section of Object.values(sections)) {
      const ul = section.querySelector(".ww-termine__liste");
      for (const item of ul.querySelectorAll(".ww-termin")) {
        const dates = [...item.querySelectorAll(".ww-datum")].sort((a, b) => startOf(a) - startOf(b));
        item.querySelector(".ww-daten").append(...dates);
      }
      const sorted = [...ul.querySelectorAll(".ww-termin")].filter((item) => item.querySelector(".ww-datum"))
        .sort((a, b) => startOf(a.querySelector(".ww-datum")) - startOf(b.querySelector(".ww-datum")));
      ul.append(...sorted);
    }
  }

  // A Termin with no date left leaves its list; a series shows its next date only.
  for (const item of document.querySelectorAll(".ww-termin")) {
    const dates = item.querySelectorAll(".ww-datum");
    if (!dates.length) { item.remove(); continue; }
    if (item.classList.contains("ww-termin--reihe")) dates.forEach((li, n) => { li.hidden = n > 0; });
  }
  for (const section of document.querySelectorAll("[data-abschnitt]")) {
    if (section.querySelector(".ww-termine__liste") && !section.hasAttribute("data-termine-liste")) {
      section.hidden = !section.querySelector(".ww-termin:not([hidden])");
    }
  }

  // An event page: the first dates shown, the rest under "Weitere Termine".
  for (const block of document.querySelectorAll(".ww-daten-block")) {
    const [first, more] = block.querySelectorAll(".ww-daten");
    const dates = [...block.querySelectorAll(".ww-datum")];
    const shown = Number(block.dataset.erste) || 5;
    first.append(...dates.slice(0, shown));
    more.append(...dates.slice(shown));
    const details = block.querySelector(".ww-daten__mehr");
    details.hidden = dates.length <= shown;
    block.querySelector(".ww-daten__zahl").textContent = String(Math.max(0, dates.length - shown));
  }

  // "Keine kommenden Termine" where a list has emptied.
  for (const list of document.querySelectorAll("[data-termine-liste]")) {
    const note = list.querySelector(":scope > .ww-termine__leer");
    if (note) note.hidden = Boolean(list.querySelector(".ww-datum"));
  }
})();
