// "Mein Kind": calendar dates from a birth date, computed here only. The date is never sent: no request carries it,
// it is not put into the address; it is kept in localStorage only when the family asks ("Auf diesem Gerät merken").
// The arithmetic is the same as wegweiser/model/child_dates.py (the tests compare both with an independent one).
const KEY = "ww-mein-kind";
const DAY = 86400000;

function ymd(y, m, d) { return new Date(Date.UTC(y, m, d)); }
function addDays(date, n) { return new Date(date.getTime() + n * DAY); }
function addMonths(date, months) {
  // A day the target month lacks becomes its last: 31.01. + 1 month = 28.02.
  const index = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(index / 12), month = index - year * 12;
  const last = ymd(year, month + 1, 0).getUTCDate();
  return ymd(year, month, Math.min(date.getUTCDate(), last));
}
function pointStart(point, birth) {
  const [unit, n] = point;
  if (unit === "lebenstag") return addDays(birth, Math.trunc(n) - 1);
  if (unit === "lebenswoche") return addDays(birth, 7 * (Math.trunc(n) - 1));
  if (unit === "lebensmonat") return addMonths(birth, Math.trunc(n) - 1);
  if (unit === "lebensjahr") return addMonths(birth, 12 * (Math.trunc(n) - 1));
  return pointEnd(point, birth);
}
function pointEnd(point, birth) {
  const [unit, n] = point, whole = Math.trunc(n);
  if (unit === "lebenstag") return addDays(birth, whole - 1);
  if (unit === "lebenswoche") return addDays(birth, 7 * whole - 1);
  if (unit === "lebensmonat") return whole !== n ? addDays(addMonths(birth, whole), 14) : addDays(addMonths(birth, whole), -1);
  if (unit === "lebensjahr") return addDays(addMonths(birth, 12 * whole), -1);
  if (unit === "tage_nach_geburt") return addDays(birth, whole);
  if (unit === "monate_nach_geburt") return addMonths(birth, whole);
  // monatsende_nach_geburtsmonat
  const first = addMonths(ymd(birth.getUTCFullYear(), birth.getUTCMonth(), 1), whole);
  return ymd(first.getUTCFullYear(), first.getUTCMonth() + 1, 0);
}
function iso(date) { return date.toISOString().slice(0, 10); }
function parseIso(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  if (!m) return null;
  const date = ymd(+m[1], +m[2] - 1, +m[3]);
  return iso(date) === text ? date : null;  // 2025-02-30 is no date
}

/** Every dated item for a birth date: {id, name, von, bis, toleranzVon, toleranzBis}. */
function compute(data, birth) {
  const items = data.untersuchungen.map((u) => ({
    id: u.id, name: u.name, von: pointStart(u.zeitraum[0], birth), bis: pointEnd(u.zeitraum[1], birth),
    toleranzVon: pointStart(u.toleranz[0], birth), toleranzBis: pointEnd(u.toleranz[1], birth)}));
  for (const f of data.fristen) {
    if (f.bis) items.push({id: f.id, name: f.name, bis: pointEnd(f.bis, birth)});
  }
  if (data.kita.monate_vorher) {
    items.push({id: "kita", name: data.kita.name, bis: addMonths(pointStart(data.kita.beginn, birth), -data.kita.monate_vorher)});
  }
  return items;
}
window.wegweiserMeinKind = {compute, parseIso, iso};  // for the tests: the dates the page shows

function icsText(text) {
  return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}
function fold(line) {
  // RFC 5545 3.1: lines of at most 75 octets, continued with a space (never splitting a UTF-8 sequence).
  const bytes = new TextEncoder();
  const out = [];
  let current = "";
  for (const ch of line) {
    if (bytes.encode(current + ch).length > (out.length ? 74 : 75)) { out.push(current); current = ""; }
    current += ch;
  }
  out.push(current);
  return out.join("\r\n ");
}
function ics(data, birth, title) {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  const compact = (d) => iso(d).replace(/-/g, "");
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Familienwegweiser//Mein Kind//DE", "CALSCALE:GREGORIAN",
    "X-WR-CALNAME:" + icsText(title)];
  for (const item of compute(data, birth)) {
    const from = item.von || item.bis;
    lines.push("BEGIN:VEVENT", "UID:" + item.id + "-" + iso(birth) + "@mein-kind.familienwegweiser", "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + compact(from), "DTEND;VALUE=DATE:" + compact(addDays(item.bis, 1)),
      "SUMMARY:" + icsText(item.name), "TRANSP:TRANSPARENT", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}

function start(box, data) {
  const input = box.querySelector("#ww-geburt"), quarter = box.querySelector("#ww-quartier");
  const remember = box.querySelector("#ww-merken"), forget = box.querySelector(".ww-meinkind__vergessen");
  const error = box.querySelector(".ww-meinkind__fehler"), icsButton = box.querySelector(".ww-meinkind__ics");
  const root = box.dataset.root || "";
  let format;
  try { format = new Intl.DateTimeFormat(box.dataset.locale || "de", {dateStyle: "medium", timeZone: "UTC"}); }
  catch (e) { format = new Intl.DateTimeFormat("de", {dateStyle: "medium", timeZone: "UTC"}); }
  const show = (d) => format.format(d).replace(/[\u200e\u200f\u061c]/g, "");  // bidi marks: the span is isolated LTR
  const today = (() => { const n = new Date(); return ymd(n.getFullYear(), n.getMonth(), n.getDate()); })();

  function stored() {
    try { return JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function save() {
    if (!remember.checked) return;
    try { localStorage.setItem(KEY, JSON.stringify({geburt: input.value, quartier: quarter ? quarter.value : ""})); }
    catch (e) { /* storage full or blocked: the page still works */ }
  }

  function links(ids, heading) {
    const wrap = document.createElement("div");
    if (!ids || !ids.length) return wrap;
    const p = document.createElement("p"); p.className = "ww-meinkind__lokal-titel"; p.textContent = heading;
    const ul = document.createElement("ul");
    for (const i of ids) {
      const e = data.eintraege[i], li = document.createElement("li"), a = document.createElement("a");
      a.href = root + e.url; a.textContent = e.name;
      li.append(a, " – " + e.typ); ul.append(li);
    }
    wrap.append(p, ul);
    return wrap;
  }

  function render() {
    const birth = parseIso(input.value);
    error.hidden = !input.value || !!birth;
    error.textContent = error.hidden ? "" : box.dataset.textFehler;
    icsButton.disabled = !birth;
    const q = quarter && data.quartiere.find((x) => x.slug === quarter.value);
    const items = birth ? compute(data, birth) : [];
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    const head = box.querySelector(".ww-meinkind__druckkopf");
    head.hidden = !birth;
    head.textContent = birth ? (input.labels[0].textContent + ": " + show(birth) + (q ? " · " + q.name : "")) : "";
    for (const li of box.querySelectorAll(".ww-meinkind__punkt")) {
      const item = byId[li.dataset.regel];
      for (const span of li.querySelectorAll(".ww-meinkind__datum")) {
        let text = "";
        if (item && span.dataset.feld === "zeitraum") text = show(item.von) + " – " + show(item.bis);
        else if (item && span.dataset.feld === "toleranz") text = show(item.toleranzVon) + " – " + show(item.toleranzBis);
        else if (item && span.dataset.feld === "bis") text = show(item.bis);
        span.textContent = text ? "(" + text + ")" : "";
        if (text) span.setAttribute("data-iso", span.dataset.feld === "bis" ? iso(item.bis) : span.dataset.feld === "zeitraum"
          ? iso(item.von) + "/" + iso(item.bis) : iso(item.toleranzVon) + "/" + iso(item.toleranzBis));
        else span.removeAttribute("data-iso");
      }
      const status = li.querySelector(".ww-meinkind__status");
      const end = item && (item.toleranzBis || item.bis), begin = item && (item.von || null);
      let state = "";
      if (item && end < today) state = "vorbei";
      else if (item && begin && begin <= today) state = "jetzt";
      li.dataset.zustand = state;
      status.textContent = state ? box.dataset["text" + state[0].toUpperCase() + state.slice(1)] : "";
      const local = li.querySelector(".ww-meinkind__lokal");
      local.replaceChildren();
      if (q) {
        const isCheck = data.untersuchungen.some((u) => u.id === li.dataset.regel);
        local.append(links(q.links[li.dataset.regel], isCheck ? box.dataset.textAngebote : box.dataset.textKontakte));
      }
    }
  }

  const fromHash = /(?:^#|&)geburt=(\d{4}-\d{2}-\d{2})/.exec(location.hash);
  const kept = stored();
  if (kept) {
    remember.checked = true; forget.hidden = false;
    input.value = kept.geburt || "";
    if (quarter && kept.quartier) quarter.value = kept.quartier;
  }
  if (fromHash && parseIso(fromHash[1])) input.value = fromHash[1];
  const quarterHash = /(?:^#|&)quartier=([a-z0-9-]+)/.exec(location.hash);
  if (quarter && quarterHash) quarter.value = quarterHash[1];

  input.addEventListener("input", () => { render(); save(); });
  input.addEventListener("change", () => { render(); save(); });
  if (quarter) quarter.addEventListener("change", () => { render(); save(); });
  remember.addEventListener("change", () => {
    if (remember.checked) { save(); forget.hidden = false; }
    else { localStorage.removeItem(KEY); forget.hidden = true; }
  });
  forget.addEventListener("click", () => {
    localStorage.removeItem(KEY);
    remember.checked = false; forget.hidden = true; input.value = "";
    if (quarter) quarter.value = "";
    render();
  });
  for (const button of box.querySelectorAll(".ww-meinkind__drucken")) {
    button.addEventListener("click", () => {
      document.documentElement.dataset.druck = button.dataset.format;
      window.print();
    });
  }
  window.addEventListener("afterprint", () => { delete document.documentElement.dataset.druck; });
  icsButton.addEventListener("click", () => {
    const birth = parseIso(input.value);
    if (!birth) return;
    const blob = new Blob([ics(data, birth, box.dataset.textKalender)], {type: "text/calendar;charset=utf-8"});
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = "mein-kind-" + iso(birth) + ".ics";
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  render();
}

const box = document.querySelector(".ww-meinkind");
const dataNode = document.getElementById("ww-meinkind-daten");
if (box && dataNode) start(box, JSON.parse(dataNode.textContent));
