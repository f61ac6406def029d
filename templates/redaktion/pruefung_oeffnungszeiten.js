// Öffnungszeiten im Browser prüfen (Issue 27), für ein Formular ohne die Vorschau als Speicherdienst (GitHub/GitLab):
// was „wegweiser check“ ablehnt, lehnt auch diese Prüfung ab, mit derselben Meldung. Grundlage ist die Bibliothek
// opening_hours (die Grammatik von OpenStreetMap, aus npm, neben dem Formular abgelegt). Sie verzeiht mehr als der
// Parser von check (opening-hours-py): sie korrigiert deutsche Wörter, „Uhr“, Punkte und Uhrzeiten ohne Minuten
// und meldet das nur als Warnung. Deshalb gilt hier nur, was sie ohne solche Korrekturen liest, mit den
// Leerzeichen, die check erlaubt. tests/test_formular_gehostet.py vergleicht beide an allen Werten des Beispiels.
(function (root) {
  "use strict";
  // Warnungen der Bibliothek zu Werten, die check liest (Hinweise zum Stil, nicht zur Schreibweise)
  var ADVISORY = ["vague", "default_state", "year_past", "date_range_past", "strange_24_7", "combine_rules",
    "additional_rule_which_evaluates_to_closed", "additional_rule_separator_not_used_after_time_wrapping_midnight",
    "public_holiday", "switched", "period_one_year_plus"];
  // Wie generator/model/word_chars.py: Zeichen aus Textverarbeitungen → [Klasse, Name]
  var ZEICHEN = {"\u00a0": ["LEERZEICHEN", "geschütztes Leerzeichen"],
    "\u202f": ["LEERZEICHEN", "schmales geschütztes Leerzeichen"],
    "\u2007": ["LEERZEICHEN", "geschütztes Ziffernleerzeichen"],
    "\u205f": ["LEERZEICHEN", "typografisches Leerzeichen"], "\u3000": ["LEERZEICHEN", "breites Leerzeichen"],
    "\u1680": ["LEERZEICHEN", "typografisches Leerzeichen"],
    "\u200b": ["UNSICHTBAR", "Leerzeichen ohne Breite"], "\ufeff": ["UNSICHTBAR", "Byte-Order-Mark"],
    "\u2060": ["UNSICHTBAR", "Wortverbinder"], "\u00ad": ["UNSICHTBAR", "weiches Trennzeichen"],
    "„": ["ANFUEHRUNG", "typografisches Anführungszeichen"], "“": ["ANFUEHRUNG", "typografisches Anführungszeichen"],
    "”": ["ANFUEHRUNG", "typografisches Anführungszeichen"], "«": ["ANFUEHRUNG", "Anführungszeichen"],
    "»": ["ANFUEHRUNG", "Anführungszeichen"], "‚": ["ANFUEHRUNG", "typografisches einfaches Anführungszeichen"],
    "‘": ["ANFUEHRUNG", "typografisches einfaches Anführungszeichen"],
    "’": ["ANFUEHRUNG", "typografischer Apostroph"], "‹": ["ANFUEHRUNG", "einfaches Anführungszeichen"],
    "›": ["ANFUEHRUNG", "einfaches Anführungszeichen"],
    "\u2010": ["STRICH", "typografischer Bindestrich"], "\u2011": ["STRICH", "geschützter Bindestrich"],
    "\u2012": ["STRICH", "Ziffernstrich"], "\u2013": ["STRICH", "Gedankenstrich"],
    "\u2014": ["STRICH", "langer Gedankenstrich"], "\u2015": ["STRICH", "Horizontalstrich"],
    "\u2212": ["STRICH", "Minuszeichen"]};
  for (var code = 0x2000; code < 0x200b; code++) {
    if (code !== 0x2007) {
      ZEICHEN[String.fromCharCode(code)] = ["LEERZEICHEN", "typografisches Leerzeichen"];
    }
  }
  var KLASSEN = ["LEERZEICHEN", "UNSICHTBAR", "ANFUEHRUNG", "STRICH"];
  var DOPPELT = "„“”«»";
  var REPARIEREN = "„wegweiser check --reparieren“ ersetzt es für Sie.";
  var BEISPIEL = "Schreibweise wie bei OpenStreetMap, z. B. „Mo-Fr 08:00-12:00; Tu 14:00-16:00; PH off“.";

  function library() {
    if (root.opening_hours) {
      return root.opening_hours;
    }
    return typeof require === "function" ? require("opening_hours") : null;
  }
  function hex(char) {
    return "U+" + ("0000" + char.charCodeAt(0).toString(16).toUpperCase()).slice(-4);
  }
  function invisible(char) {
    return ZEICHEN[char] && (ZEICHEN[char][0] === "LEERZEICHEN" || ZEICHEN[char][0] === "UNSICHTBAR");
  }

  // Wo opening-hours-py Leerzeichen nicht zulässt, die opening_hours.js überliest: zwischen Tagen, Monaten,
  // Jahren, Wochen („Mo - Fr“), vor einem Komma, doppelt zwischen Teilen, Tabulator und Zeilenumbruch.
  // Erlaubt sind beliebige Leerzeichen um „;“, „||“, nach „,“ und um den Strich zwischen zwei Uhrzeiten.
  function badSpace(text) {
    var masked = text.replace(/"[^"]*"/g, function (quoted) { return quoted.replace(/[^"]/g, "x"); });
    var time = "(?:\\d{1,2}:\\d\\d|sunrise|sunset|dawn|dusk|\\))";
    var allowed = new RegExp(" *(?:;|\\|\\|) *|(?<=" + time + ") *, *|, *|(?<=" + time +
      ") *- *(?=\\d|\\(|sunrise|sunset|dawn|dusk)", "g");
    var found = -1;
    masked.replace(allowed, function (match) { return match.replace(/ /g, "x"); })
      .replace(/\s\s+|[^ \S]|\s(?=[-,:\]])|(?<=[-\[:])\s/, function (match, offset) {
        found = offset;
        return match;
      });
    return found;
  }

  // Die Stelle, ab der der Wert nicht lesbar ist, oder -1, wenn check ihn liest.
  function unreadable(text) {
    if (!text) {
      return 0;
    }
    var space = badSpace(text);
    if (space >= 0) {
      return space;
    }
    var OpeningHours = library();
    var parsed;
    try {
      parsed = new OpeningHours(text, null, {mode: 2});
    } catch (error) {
      var marker = String(error).indexOf(" <--- ");
      return marker >= 0 ? Math.max(0, Math.min(text.length, String(error).lastIndexOf(" ", marker - 1) + 1)) : 0;
    }
    var bad = parsed.getStructuredWarnings().filter(function (warning) {
      return ADVISORY.indexOf(warning.type) < 0;
    });
    if (!bad.length) {
      return -1;
    }
    var at = bad[0].position === null || bad[0].value !== text ? 0 : Math.min(bad[0].position, text.length);
    if (bad[0].type === "value_ends_with_token" || bad[0].type === "nothing_useful") {
      return text.length;  // „;“ oder „,“ am Ende: check liest bis zum Ende
    }
    return text.lastIndexOf(" ", at - 1) + 1;  // das Wort, an dem die Bibliothek korrigiert hat
  }

  // Wie fields.OpeningHours.convert: „Die Öffnungszeiten … sind nicht lesbar (ab …).“ mit den Hinweisen
  function grammar(raw) {
    var text = raw.trim();
    var offset = unreadable(text);
    if (offset < 0) {
      return null;
    }
    offset += raw.length - raw.replace(/^\s+/, "").length;
    var hints = [BEISPIEL];
    if (/\b(Di|Mi|Do|So)\b/.test(text)) {
      hints.unshift("Wochentage werden englisch abgekürzt: Mo Tu We Th Fr Sa Su (Di → Tu, Mi → We, Do → Th, So → Su).");
    }
    if (/(?<![\d:])\d{1,2}(?::\d\d)?\s*-\s*\d{1,2}(?![\d:])/.test(text)) {
      hints.unshift("Uhrzeiten immer mit Minuten schreiben: 08:00-12:00.");
    }
    var rest = raw.slice(offset).split(";")[0].trim();
    var shown = (rest.length > 30 ? rest.slice(0, 30) + "…" : rest) || "(Ende)";
    return {message: "Die Öffnungszeiten „" + text + "“ sind nicht lesbar (ab „" + shown + "“).", hint: hints.join(" ")};
  }

  // Wie fields._word_plan: was der Wert ohne die Zeichen aus Word liest
  function cleaned(raw) {
    var stripped = raw.trim();
    var start = raw.length - raw.replace(/^\s+/, "").length;
    var first = stripped.charAt(0), last = stripped.charAt(stripped.length - 1);
    var ends = stripped.length > 1 && ZEICHEN[first] && ZEICHEN[last] && ZEICHEN[first][0] === "ANFUEHRUNG" &&
      ZEICHEN[last][0] === "ANFUEHRUNG" ? [start, start + stripped.length - 1] : [];
    return Array.prototype.map.call(raw, function (char, offset) {
      if (!ZEICHEN[char]) {
        return char;
      }
      if (ends.indexOf(offset) >= 0) {
        return " ";
      }
      var kind = ZEICHEN[char][0];
      return kind === "LEERZEICHEN" ? " " : kind === "UNSICHTBAR" ? "" : kind === "STRICH" ? "-" :
        DOPPELT.indexOf(char) >= 0 ? "\"" : "'";
    }).join("");
  }

  function benannt(char) {
    var name = ZEICHEN[char][1];
    if (invisible(char)) {
      return name.indexOf("weiches") === 0 ? "ein " + name + " (" + hex(char) + ", „bedingter Trennstrich“)" :
        "ein " + name + " (" + hex(char) + ")";
    }
    return "„" + char + "“ (" + name + ", " + hex(char) + ")";
  }

  // Wie fields._report_word_chars: eine Meldung je Art von Zeichen, mit dem, was stattdessen hingehört
  function wordMessages(raw, clean) {
    var shown = Array.prototype.map.call(raw.trim(), function (char) {
      return invisible(char) ? "[" + hex(char) + "]" : char;
    }).join("");
    var found = [];
    KLASSEN.forEach(function (kind) {
      var chars = Array.prototype.filter.call(raw, function (char) { return ZEICHEN[char] && ZEICHEN[char][0] === kind; });
      if (!chars.length) {
        return;
      }
      var count = chars.length > 1 ? " (" + chars.length + "-mal)" : "";
      var unique = chars.filter(function (char, index) { return chars.indexOf(char) === index; });
      var message, hint;
      if (kind === "ANFUEHRUNG") {
        message = "„" + shown + "“ enthält typografische Anführungszeichen (" + unique.join(" ") +
          "); hier gelten nur gerade Anführungszeichen \" oder gar keine.";
        hint = "Schreiben Sie gerade Anführungszeichen \"…\" statt " +
          (unique.length > 1 ? unique.join("…") : chars[0] + "…") + " (oder keine). " + REPARIEREN;
      } else if (kind === "STRICH") {
        message = "„" + shown + "“ enthält " + benannt(chars[0]) + count + " statt eines Bindestrichs -.";
        hint = "Schreiben Sie den Bindestrich - statt " + ZEICHEN[chars[0]][1] + " " + chars[0] + ". " + REPARIEREN +
          " Richtig: „" + clean.trim() + "“.";
      } else if (kind === "LEERZEICHEN") {
        message = "„" + shown + "“ enthält " + benannt(chars[0]) + count + " statt eines normalen Leerzeichens.";
        hint = "Ersetzen Sie es durch ein normales Leerzeichen. " + REPARIEREN;
      } else {
        message = "„" + shown + "“ enthält " + benannt(chars[0]) + count + ", das den Wert unlesbar macht.";
        hint = "Löschen Sie es (es ist unsichtbar: löschen Sie die Zeichen um die Stelle und schreiben Sie sie " +
          "neu). " + REPARIEREN;
      }
      found.push({message: message, hint: hint});
    });
    return found;
  }

  // Die Fehler, die check für diesen Wert des Felds „feld“ meldete, als {message, hint}; [] wenn er gilt.
  // Ein leeres Feld prüft Decap (Pflichtfeld), nicht diese Prüfung.
  function pruefe(value, feld) {
    var raw = value === null || value === undefined ? "" : String(value);
    if (!raw.trim()) {
      return [];
    }
    var named = function (problem) {
      return {message: (feld ? "Feld „" + feld + "“: " : "") + problem.message, hint: problem.hint};
    };
    var problem = grammar(raw);
    if (!problem) {
      return [];
    }
    var hasWord = Array.prototype.some.call(raw, function (char) { return ZEICHEN[char]; });
    if (hasWord) {
      var clean = cleaned(raw);
      var again = grammar(clean);
      if (!again) {
        return wordMessages(raw, clean).map(named);
      }
    }
    return [named(problem)];
  }

  // Eine Meldung wie „wegweiser check“ sie schreibt, ohne Datei und Zeile: „Nachricht – Hinweis“
  function meldungen(value, feld) {
    return pruefe(value, feld).map(function (problem) {
      return problem.hint ? problem.message + " – " + problem.hint : problem.message;
    });
  }

  root.wegweiserOeffnungszeiten = meldungen;
  if (typeof module === "object" && module.exports) {
    module.exports = {meldungen: meldungen, pruefe: pruefe};
  }
})(typeof window !== "undefined" ? window : globalThis);
