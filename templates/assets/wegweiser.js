// Familienwegweiser: small enhancements; every page works without them.
(function () {
  "use strict";
  var KEY = "ww-alter";
  function stored() { try { return localStorage.getItem(KEY) || ""; } catch (e) { return ""; } }
  function store(value) { try { if (value) localStorage.setItem(KEY, value); else localStorage.removeItem(KEY); } catch (e) {} }

  // --- "Wie alt ist Ihr Kind?": narrows lists and the search; kept in this browser only (no cookie) ---
  function applyAge() {
    var choice = stored();
    var radio = choice ? document.querySelector('.ww-alterwahl input[value="' + CSS.escape(choice) + '"]') : null;
    // A choice stored before the groups had slugs ("0–3 Jahre") finds its group by the old value.
    var before = choice && !radio ? document.querySelector('.ww-alterwahl input[data-frueher="' + CSS.escape(choice) + '"]') : null;
    if (before) { radio = before; choice = before.value; store(choice); }
    document.querySelectorAll(".ww-alterwahl input").forEach(function (input) {
      input.checked = radio ? input === radio : input.value === "";
    });
    var low = radio ? parseFloat(radio.dataset.von) : NaN, high = radio ? parseFloat(radio.dataset.bis) : NaN;
    var pregnancy = radio && radio.dataset.schwanger === "ja";
    var shown = 0, total = 0;
    document.querySelectorAll(".ww-karte[data-alter-von]").forEach(function (card) {
      // Only "von" means "ab …" (no upper end), only "bis" means "bis …" (from 0); neither: no age given.
      var von = parseFloat(card.dataset.alterVon), bis = parseFloat(card.dataset.alterBis), fits = true;
      var ageless = isNaN(von) && isNaN(bis);
      if (isNaN(von)) von = 0;
      if (isNaN(bis)) bis = Infinity;
      if (pregnancy) fits = card.dataset.schwanger === "ja";
      else if (radio) fits = ageless || (von < high && bis > low) || (von === bis && von >= low && von < high);
      card.hidden = !fits;
      total++; if (fits) shown++;
    });
    document.querySelectorAll(".ww-gruppe, .ww-gruppe-thema").forEach(function (group) {
      group.hidden = group.querySelectorAll(".ww-karte:not([hidden])").length === 0;
    });
    document.querySelectorAll(".ww-alterwahl__status").forEach(function (status) {
      status.textContent = radio ? status.dataset.text.replace("{n}", shown).replace("{m}", total) : "";
    });
    // Lists say for which age they are shown ("Gezeigt für: 0–3 Jahre · ändern"); a jump link to a section the
    // age emptied goes too.
    document.querySelectorAll(".ww-alter-gezeigt").forEach(function (box) {
      box.hidden = false;
      box.querySelector(".ww-alter-gezeigt__text").textContent = radio
        ? box.dataset.text.replace("{alter}", radio.parentNode.textContent.trim()) : box.dataset.alle;
    });
    countJumps();
    document.querySelectorAll("form.ww-mit-alter").forEach(function (form) {
      var hidden = form.querySelector('input[name="alter"]');
      if (!hidden) { hidden = document.createElement("input"); hidden.type = "hidden"; hidden.name = "alter"; form.append(hidden); }
      hidden.disabled = !choice; hidden.value = choice;
    });
  }
  // Jump links count the cards their section shows now (the age and "Wann geöffnet?" hide some): "Angebote (11)"
  // becomes "Angebote (3)", and a link to a section left empty goes. zeiten.js calls it after its filter.
  function countJumps() {
    document.querySelectorAll(".ww-sprung a").forEach(function (link) {
      var section = document.getElementById(link.getAttribute("href").slice(1));
      var group = section && (section.closest(".ww-gruppe") || section.parentNode);
      if (!group) return;
      var shown = group.querySelectorAll(".ww-karte:not([hidden]):not(.ww-wann-aus)").length;
      if (!link.dataset.text) link.dataset.text = link.textContent;
      var all = link.dataset.anzahl;
      link.textContent = String(shown) === all ? link.dataset.text
        : link.dataset.text.replace(new RegExp("\\(" + all + "\\)(?!.*\\()"), "(" + shown + ")");
      link.parentNode.hidden = shown === 0;
    });
  }
  window.wwSprung = countJumps;
  document.querySelectorAll(".ww-alterwahl").forEach(function (box) {
    box.hidden = false;
    box.addEventListener("change", function (event) { store(event.target.value); applyAge(); });
  });
  applyAge();

  // --- "jetzt geöffnet": from open intervals the build computed with the real parser ---
  // Weekday names in the page's language (CLDR, Sunday first as getUTCDay counts), from the page.
  var words = document.getElementById("ww-texte");
  var DAYS = words && words.dataset.wochentage ? JSON.parse(words.dataset.wochentage) : [];
  function berlinNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date())
      .forEach(function (p) { parts[p.type] = p.value; });
    return parts;
  }
  function hhmm(minutes) { var m = ((minutes % 1440) + 1440) % 1440; return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0"); }
  document.querySelectorAll(".ww-jetzt[data-zeiten]").forEach(function (el) {
    var data = JSON.parse(el.dataset.zeiten), p = berlinNow();
    var base = Date.UTC(+data.b.slice(0, 4), +data.b.slice(5, 7) - 1, +data.b.slice(8, 10));
    var today = Date.UTC(+p.year, +p.month - 1, +p.day);
    var now = Math.round((today - base) / 60000) + (+p.hour) * 60 + (+p.minute);
    if (now < 0 || now >= data.d * 1440) return; // data too old or too new: say nothing rather than something wrong
    var text = "";
    for (var i = 0; i < data.i.length; i++) {
      var span = data.i[i];
      if (span[0] <= now && now < span[1]) { text = el.dataset.offen.replace("{bis}", hhmm(span[1])); el.classList.add("ww-jetzt--offen"); break; }
      if (span[0] > now) {
        var day = new Date(base + span[0] * 60000).getUTCDay();
        var sameDay = Math.floor(span[0] / 1440) === Math.floor(now / 1440);
        text = el.dataset.zu.replace("{wann}", (sameDay ? el.dataset.heute : DAYS[day]) + " " + hhmm(span[0]));
        break;
      }
    }
    // Cards name only "open now": a closed note on every card would drown what families decide by.
    if (el.classList.contains("ww-abzeichen") && !el.classList.contains("ww-jetzt--offen")) return;
    if (text) { el.textContent = text; el.hidden = false; }
  });

  // --- "Wo wohnen Sie?": street or postcode → quarter, searched in this browser only ---
  function norm(text) {
    return String(text).toLocaleLowerCase("de").replace(/ß/g, "ss").replace(/str\.?(\s|$)/g, "strasse$1")
      .replace(/[^a-z0-9äöü]+/g, " ").trim();
  }
  document.querySelectorAll(".ww-wohnen").forEach(function (box) {
    var quarters = JSON.parse(box.dataset.quartiere);
    var input = box.querySelector("input"), out = box.querySelector(".ww-wohnen__ergebnis");
    box.hidden = false;
    input.addEventListener("input", function () {
      var raw = input.value.trim(), query = norm(raw).replace(/\s*\d+\s*[a-z]?$/, "").trim();
      out.textContent = "";
      if (!raw || (query.length < 3 && !/^\d{3,5}$/.test(raw))) return;
      var digits = /^\d{3,5}$/.test(raw);
      var found = quarters.filter(function (q) {
        return digits ? q.plz.some(function (p) { return p.indexOf(raw) === 0; })
          : q.strassen.some(function (s) { return norm(s).indexOf(query) === 0 || norm(s).indexOf(" " + query) >= 0; });
      });
      if (!found.length) { out.textContent = box.dataset.textKeins; return; }
      out.append(box.dataset.textTreffer + " ");
      found.forEach(function (q, i) {
        var a = document.createElement("a");
        a.href = box.dataset.root + q.url; a.textContent = q.name;
        if (i) out.append(", ");
        out.append(a);
      });
    });
  });

  // --- "In meiner Nähe zuerst": the location is asked for only on a click and never leaves the device ---
  function km(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
      + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.sqrt(h));
  }
  function sortByDistance(lat, lon, box) {
    document.querySelectorAll("ul.ww-karten").forEach(function (list) {
      var cards = [].slice.call(list.children);
      cards.forEach(function (card) {
        card.dataset.km = card.dataset.lat ? km(lat, lon, +card.dataset.lat, +card.dataset.lon) : "Infinity";
        var old = card.querySelector(".ww-abzeichen--km");
        if (old) old.remove();
        if (card.dataset.lat) {
          var badge = document.createElement("span");
          badge.className = "ww-abzeichen ww-abzeichen--km";
          badge.textContent = box.dataset.textKm.replace("{km}", (+card.dataset.km).toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: 1 }));
          var facts = card.querySelector(".ww-karte__fakten");
          if (facts) facts.prepend(badge);
        }
      });
      cards.sort(function (a, b) { return (+a.dataset.km) - (+b.dataset.km); });
      cards.forEach(function (card) { list.append(card); });
    });
  }
  document.querySelectorAll(".ww-naehe").forEach(function (box) {
    if (!navigator.geolocation || !document.querySelector(".ww-karte[data-lat]")) return;
    box.hidden = false;
    var status = box.querySelector(".ww-naehe__status");
    box.querySelector("button").addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        sortByDistance(pos.coords.latitude, pos.coords.longitude, box);
        status.textContent = box.dataset.textSortiert;
      }, function () { status.textContent = box.dataset.textFehler; }, { maximumAge: 600000, timeout: 15000 });
    });
  });

  // --- route links: the phone's maps app (geo:) on Android, the web route planner elsewhere ---
  if (/Android/i.test(navigator.userAgent)) {
    document.querySelectorAll("a.ww-route[data-geo]").forEach(function (a) { if (a.dataset.geo) a.href = a.dataset.geo; });
  }

  // --- Merkliste: kept in this browser only (localStorage, no cookie) ---
  var MERK = "ww-merkliste";
  function marked() { try { return JSON.parse(localStorage.getItem(MERK) || "[]"); } catch (e) { return []; } }
  function keep(list) { try { localStorage.setItem(MERK, JSON.stringify(list)); } catch (e) {} }
  var texts = document.getElementById("ww-texte");
  if (texts) {
    document.querySelectorAll("[data-merk]").forEach(function (el) {
      var key = el.dataset.merk, button = document.createElement("button");
      button.type = "button";
      button.className = "ww-merken";
      function show() {
        var on = marked().indexOf(key) >= 0;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.textContent = (on ? "★ " : "☆ ") + (on ? texts.dataset.gemerkt : texts.dataset.merken);
      }
      button.addEventListener("click", function () {
        var list = marked(), at = list.indexOf(key);
        if (at >= 0) list.splice(at, 1); else list.push(key);
        keep(list); show();
      });
      show();
      // entry pages: after name and kurz (they lead); cards: at the end of their first line, not a line of its own
      var lead = el.querySelector(":scope > .ww-kurz") || el.querySelector(":scope > h1");
      var first = el.querySelector(":scope > .ww-karte__typ");
      if (lead) lead.after(button); else if (first) first.after(button); else el.append(button);
    });
  }
  document.querySelectorAll(".ww-merkliste").forEach(function (box) {
    var root = box.dataset.root, site = new URL(root, location.href).href;
    // An entry's address below the site root ("quartiere/x/angebote/y/", "en/region/kontakte/z/"): nothing else is
    // fetched, whatever a shared link holds.
    var KEY = /^(?:[a-z0-9_-]+\/)+$/i;
    var params = new URLSearchParams(location.search), shared = params.get("e");
    var sharedKeys = shared ? shared.split(",").filter(function (k) { return KEY.test(k); }).slice(0, 200) : null;
    var list = box.querySelector(".ww-merkliste__liste"), out = box.querySelector(".ww-merkliste__link");
    // What the list shows of an entry is read from the entry's page (its data-merkliste), which the browser has
    // usually kept since the visitor marked it: no page carries every entry's (2.1 MB at 10,000 entries).
    var known = {};  // address → details, or null: no entry there (any more)
    var FAILED = { failed: true };  // not loaded (offline, a server error, a page opened from disk): not kept
    function details(key, moved) {
      if (Object.prototype.hasOwnProperty.call(known, key)) return Promise.resolve(known[key]);
      return fetch(root + key).then(function (response) {
        if (response.ok) return response.text();
        if (response.status === 404 || response.status === 410) return "";
        throw new Error(String(response.status));
      })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var article = doc.querySelector("article[data-merkliste]");
          if (article) return JSON.parse(article.dataset.merkliste);
          // an entry that moved: its old address's page leads to the new one, which the list keeps from now on
          var refresh = doc.querySelector('meta[http-equiv="refresh"]');
          var target = refresh && /url=(.+)$/i.exec(refresh.getAttribute("content") || "");
          var now = target && new URL(target[1].trim(), new URL(root + key, location.href)).href;
          var newKey = now && now.indexOf(site) === 0 ? now.slice(site.length) : "";
          if (moved || !KEY.test(newKey)) return null;
          return details(newKey, true).then(function (found) { return found && { moved: newKey, found: found }; });
        })
        .then(function (found) { known[key] = found; return found; }, function () { return FAILED; });
    }
    function keys() { return sharedKeys || marked().filter(function (k) { return KEY.test(k); }); }
    // The value is isolated (<bdi>): a phone number keeps its digit order on right-to-left pages ("ltr"); times and
    // places take the direction of their own first letters ("auto").
    // Inside text of either direction, runs of several numbers ("09:30–11:30") stay left to right (generator/richtung.py).
    var NUMMERN = /(\d+(?:[.:,]\d+)*(?:(?:[ \u00a0]*[–\-/][ \u00a0]*|[ \u00a0]+)\d+(?:[.:,]\d+)*)+)/;
    function row(label, value, dir) {
      if (!value) return null;
      var p = document.createElement("p"), b = document.createElement("strong"), v = document.createElement("bdi");
      b.textContent = label + ": "; v.dir = dir; if (dir === "ltr") v.className = "ww-nummer";
      String(value).split(NUMMERN).forEach(function (part, i) {
        if (!part) return;
        if (i % 2 === 0 || dir === "ltr") { v.append(part); return; }
        var run = document.createElement("bdi"); run.dir = "ltr"; run.className = "ww-nummer"; run.textContent = part;
        v.append(run);
      });
      p.append(b, v); return p;
    }
    // QR codes are drawn here by qrcode-generator (npm, served from this site), loaded on this page only.
    var qrLibrary = load("script", { src: root + "assets/qrcode/qrcode.js" });
    function absolute(key) { return box.dataset.basis ? box.dataset.basis + key : new URL(root + key, location.href).href; }
    function drawQr(holder, text, label) {
      qrLibrary.then(function () {
        var code = window.qrcode(0, "M"); code.addData(text); code.make();
        var img = document.createElement("img");
        img.src = code.createDataURL(4, 4); img.alt = label; img.width = img.height = code.getModuleCount() * 4 + 32;
        holder.textContent = ""; holder.append(img);
      }, function () {});
    }
    var drawn = 0, current = [];  // the latest render wins when several wait for pages; the entries it shows
    function render() {
      var turn = ++drawn, wanted = keys();
      box.setAttribute("aria-busy", "true");
      Promise.all(wanted.map(function (key) { return details(key); })).then(function (found) {
        if (turn !== drawn) return;
        var shown = [], failed = false;
        list.textContent = "";
        wanted.forEach(function (key, i) {
          var e = found[i];
          if (e && e.moved) {  // kept under its new address
            if (!sharedKeys) keep(marked().map(function (k) { return k === key ? e.moved : k; }));
            else sharedKeys[sharedKeys.indexOf(key)] = e.moved;
            key = e.moved; e = e.found;
          }
          if (e === FAILED) failed = true;
          // an entry that could not be loaded is listed by its address: it stays in the list and in a shared link
          if (e && shown.indexOf(key) < 0) { shown.push(key); draw(key, e === FAILED ? { name: key } : e); }
        });
        current = shown;
        box.querySelector(".ww-merkliste__fehler").hidden = !failed;
        finish(shown.length);
      });
    }
    function draw(key, e) {
      var li = document.createElement("li"), a = document.createElement("a");
      li.className = "ww-merkliste__eintrag";
      a.href = root + key; a.textContent = e.name; a.className = "ww-merkliste__name";
      var text = document.createElement("div");
      text.append(a);
      [row(box.dataset.textWann, e.wann, "auto"), row(box.dataset.textWo, e.wo, "auto"),
        row(box.dataset.textTelefon, e.tel, "ltr")]
        .forEach(function (p) { if (p) text.append(p); });
      li.append(text);
      var qr = document.createElement("div"); qr.className = "ww-merkliste__qr";
      drawQr(qr, absolute(key), box.dataset.qrText + ": " + e.name + ", " + absolute(key)); li.append(qr);
      if (!sharedKeys) {
        var remove = document.createElement("button");
        remove.type = "button"; remove.className = "ww-merken"; remove.textContent = box.dataset.textEntfernen;
        remove.setAttribute("aria-label", box.dataset.textEntfernen + ": " + e.name);
        remove.addEventListener("click", function () { keep(marked().filter(function (k) { return k !== key; })); render(); });
        li.append(remove);
      }
      list.append(li);
    }
    function finish(count) {
      box.querySelector(".ww-merkliste__leer").hidden = count > 0;
      box.querySelector(".ww-merkliste__aktionen").hidden = count === 0;
      box.querySelector(".ww-merkliste__geteilt").hidden = !sharedKeys;
      box.setAttribute("aria-busy", "false");
    }
    box.querySelector(".ww-merkliste__geteilt button").addEventListener("click", function () {
      var mine = marked();
      sharedKeys.forEach(function (k) { if (mine.indexOf(k) < 0) mine.push(k); });
      keep(mine); sharedKeys = null; history.replaceState(null, "", location.pathname); render();
    });
    box.querySelector(".ww-merkliste__drucken").addEventListener("click", function () { window.print(); });
    box.querySelector(".ww-merkliste__teilen").addEventListener("click", function () {
      // The list travels in the link itself: no server keeps it.
      var url = location.origin + location.pathname + "?e=" + current.join(",");
      out.textContent = "";
      var a = document.createElement("a"); a.href = url; a.textContent = url; a.className = "ww-umbruch";
      out.append(a);
      drawQr(box.querySelector(".ww-merkliste__link-qr"), url, box.dataset.qrLinkText + ": " + url);
      if (navigator.clipboard) navigator.clipboard.writeText(url).then(function () { out.append(" – " + box.dataset.textKopiert); }, function () {});
    });
    render();
  });

  // --- maps: nothing is loaded from the tile server before the visitor agrees ---
  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve; el.onerror = reject;
      document.head.append(el);
    });
  }
  document.querySelectorAll(".ww-karte-box").forEach(function (box) {
    var button = box.querySelector(".ww-karte-box__knopf");
    button.hidden = false;
    button.addEventListener("click", function () {
      var root = box.dataset.root;
      button.disabled = true;
      Promise.all([load("link", { rel: "stylesheet", href: root + "assets/leaflet/leaflet.css" }),
                   load("script", { src: root + "assets/leaflet/leaflet.js" })]).then(function () {
        var el = box.querySelector(".ww-karte-box__karte");
        el.hidden = false;
        var points = JSON.parse(box.dataset.punkte);
        var map = L.map(el, { scrollWheelZoom: false });
        // Leaflet inserts the attribution as HTML: the site's text is escaped so it shows as written.
        L.tileLayer(box.dataset.kacheln, { attribution: escapeHtml(box.dataset.namensnennung), maxZoom: 19 }).addTo(map);
        var bounds = [];
        points.forEach(function (pt) {
          var marker = L.marker([pt.lat, pt.lon], { title: pt.name, alt: pt.name }).addTo(map);
          var link = document.createElement("a"); link.href = root + pt.url; link.textContent = pt.name;
          marker.bindPopup(link);
          bounds.push([pt.lat, pt.lon]);
        });
        if (bounds.length === 1) map.setView(bounds[0], 16); else map.fitBounds(bounds, { padding: [20, 20] });
        button.hidden = true;
      });
    });
  });
  // --- Offline: the site's service worker (sw.js at the site root, written by the build; site/offline.py) ---
  // Only where the browser allows one (https, or this machine), and never in the editors' preview (wegweiser serve,
  // which marks every page with its banner): there the preview's own script removes any worker of an earlier visit,
  // so an editor never sees kept pages instead of the preview.
  var here = document.currentScript && document.currentScript.src;
  var siteRoot = here ? new URL("../../", here).href : "";
  if (siteRoot && "serviceWorker" in navigator && window.isSecureContext &&
      !document.getElementById("ww-vorschau-fehler")) {
    navigator.serviceWorker.register(siteRoot + "sw.js").catch(function () {});
  }
  // The offline page lists the pages of its language this device keeps (titles from the kept pages).
  document.querySelectorAll(".ww-offline").forEach(function (box) {
    if (!siteRoot || !("caches" in window)) return;
    var shown = {};
    box.querySelectorAll(".ww-offline__feste a").forEach(function (a) { shown[a.href] = true; });
    shown[new URL(box.dataset.selbst, document.baseURI).href] = true;
    var list = box.querySelector(".ww-offline__liste"), lang = document.documentElement.lang;
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf("ww-offline:" + siteRoot + ":") === 0; })
        .map(function (name) { return caches.open(name).then(function (cache) { return cache.keys(); }); }));
    }).then(function (lists) {
      var pages = [];
      lists.forEach(function (requests) {
        requests.forEach(function (request) {
          var url = request.url;
          if (url.indexOf(siteRoot) === 0 && /\/$/.test(url) && !shown[url]) { shown[url] = true; pages.push(url); }
        });
      });
      return Promise.all(pages.slice(0, 200).map(function (url) {
        return caches.match(url).then(function (response) { return response ? response.text() : ""; })
          .then(function (text) { return { url: url, page: new DOMParser().parseFromString(text, "text/html") }; });
      }));
    }).then(function (found) {
      found.forEach(function (item) {
        if (item.page.documentElement.lang !== lang) return;
        var heading = item.page.querySelector("h1"), title = (heading ? heading.textContent : item.page.title).trim();
        if (!title) return;
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = item.url; a.textContent = title; li.append(a); list.append(li);
        var marked = heading && heading.querySelector("[lang]"); // an untranslated name keeps its language
        if (marked) { a.lang = marked.lang; a.dir = marked.dir; }
      });
      box.querySelector(".ww-offline__besucht").hidden = !list.children.length;
    }).catch(function () {});
  });
})();
