// Übersetzungen im Formular (issue 27). Eine Übersetzung ist eine Datei neben ihrem Original
// (elterncafe.en.md neben elterncafe.yaml) und nie ein eigener Eintrag:
// 1. Jedes Backend (das lokale der Vorschau wie GitHub/GitLab) listet Dateien wie „<kürzel>.<sprache>.<endung>“
//    nicht als Einträge (als Sprache gilt ein Wort aus Buchstaben: en, leicht, auch ein falsch geschriebenes wie
//    EN oder englisch, das `check` meldet). Andere Namen mit zwei Punkten (Decap macht aus „St. Marien“
//    „st.-marien.yaml“) bleiben in der Liste: `check` lehnt sie ab, und die Redaktion soll sie sehen.
// 2. Das Feld „Übersetzungen“ (Widget „uebersetzungen“, cms.py) zeigt im Formular des Originals jede Sprache der
//    Website mit „fehlt“, „veraltet“ oder „aktuell“ und öffnet die Übersetzung zum Anlegen oder Bearbeiten: nur die
//    übersetzbaren Felder, der deutsche Text daneben. Gespeichert werden genau diese Felder und „vorlage“, der
//    Fingerabdruck des deutschen Textes, aus dem übersetzt wurde (wie i18n/languages.py: fingerabdruck).
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var TRANSLATION_FILE = /^[^./]+\.[A-Za-z_]+\.(?:md|ya?ml)$/;

  // --- 1. translations are never listed as entries --------------------------------------------------
  function pathOf(item) {
    return item && item.file ? item.file.path : item && item.path;
  }
  function onlyEntries(list) {
    if (!Array.isArray(list)) {
      return list;
    }
    var kept = list.filter(function (item) {
      return !TRANSLATION_FILE.test(String(pathOf(item) || "").split("/").pop());
    });
    // GitHub and GitLab hang the paging cursor on the array itself (a symbol-keyed property)
    Object.getOwnPropertySymbols(list).forEach(function (key) { kept[key] = list[key]; });
    return kept;
  }
  var backend = {implementation: null, codes: []};
  var SUFFIXES = [".md", ".yaml", ".yml"];
  // An entry deleted in the form takes its translations along (as Decap's own i18n does): left behind, each would
  // be an error of `check` ("kein Original") that nobody could fix in the form, where translations are not listed.
  function withTranslations(implementation, paths) {
    var candidates = [];
    paths.forEach(function (path) {
      var name = String(path).split("/").pop();
      if (/^[^.]+\.(?:md|ya?ml)$/.test(name)) {
        var stem = String(path).slice(0, String(path).lastIndexOf("."));
        backend.codes.forEach(function (code) {
          SUFFIXES.forEach(function (suffix) { candidates.push(stem + "." + code + suffix); });
        });
      }
    });
    return Promise.all(candidates.map(function (candidate) {
      return Promise.resolve(implementation.getEntry(candidate)).then(function (answer) {
        return answer && typeof answer.data === "string" ? candidate : null;
      }, function () { return null; });
    })).then(function (found) {
      return paths.concat(found.filter(function (path) { return path && paths.indexOf(path) < 0; }));
    });
  }
  function filterListings(implementation) {
    ["entriesByFolder", "allEntriesByFolder"].forEach(function (method) {
      var original = implementation[method];
      if (typeof original === "function") {
        implementation[method] = function () {
          return Promise.resolve(original.apply(implementation, arguments)).then(onlyEntries);
        };
      }
    });
    var deleteFiles = implementation.deleteFiles;
    if (typeof deleteFiles === "function") {
      implementation.deleteFiles = function (paths) {
        var rest = Array.prototype.slice.call(arguments, 1);
        return withTranslations(implementation, paths).then(function (all) {
          return deleteFiles.apply(implementation, [all].concat(rest));
        });
      };
    }
    var traverse = implementation.traverseCursor;
    if (typeof traverse === "function") {
      implementation.traverseCursor = function () {
        return Promise.resolve(traverse.apply(implementation, arguments)).then(function (result) {
          return result && Array.isArray(result.entries) ?
            Object.assign({}, result, {entries: onlyEntries(result.entries)}) : result;
        });
      };
    }
  }
  function siteLanguages(config) {  // the codes of the translation view's field (cms.py: translation_field)
    var codes = [];
    ((config && config.collections) || []).forEach(function (collection) {
      (collection.fields || []).forEach(function (field) {
        if (field.widget === "uebersetzungen" && !codes.length) {
          codes = (field.sprachen || []).map(function (language) { return language.code; });
        }
      });
    });
    return codes;
  }
  ["proxy", "github", "gitlab", "git-gateway", "bitbucket", "gitea", "forgejo", "azure",
    "aws-cognito-github-proxy", "test-repo"].forEach(function (name) {
    var registered = CMS.getBackend(name);
    if (!registered || registered.wegweiserUebersetzungen) {
      return;
    }
    var init = registered.init;
    registered.init = function (config) {
      var implementation = init.apply(this, arguments);
      backend.codes = siteLanguages(config);
      filterListings(implementation);
      backend.implementation = implementation;  // the translation view reads and writes through it
      return implementation;
    };
    registered.wegweiserUebersetzungen = true;
  });

  // --- reading files as the loader reads them ----------------------------------------------------------
  var yamlLoaded = null;
  function yamlParser() {
    if (window.jsyaml) {
      return Promise.resolve(window.jsyaml);
    }
    if (!yamlLoaded) {
      yamlLoaded = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = "js-yaml.min.js";
        script.onload = function () { resolve(window.jsyaml); };
        script.onerror = function () { reject(new Error("js-yaml.min.js fehlt im Formular.")); };
        document.head.appendChild(script);
      });
    }
    return yamlLoaded;
  }
  // Python's str.strip(): the fingerprint must be the one `check` computes
  var SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var STRIP = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
  function strip(text) {
    return String(text).replace(STRIP, "");
  }
  var FRONT_END = /^(?:---|\.\.\.)[ \t]*$/mg;
  // {data, body}: the fields (every scalar as the text it is, like located_yaml) and a .md file's body
  function parse(jsyaml, path, raw) {
    var text = String(raw).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    var body = null;
    if (/\.md$/.test(path)) {
      if (text.slice(0, 4) !== "---\n") {
        throw new Error(path + " beginnt nicht mit „---“.");
      }
      FRONT_END.lastIndex = 4;
      var end = FRONT_END.exec(text);
      if (!end) {
        throw new Error(path + ": der Front-Matter-Block endet nicht mit „---“.");
      }
      body = text.slice(end.index + end[0].length + 1);
      text = text.slice(4, end.index);
    }
    var data;
    try {
      data = jsyaml.load(text, {schema: jsyaml.FAILSAFE_SCHEMA}) || {};
    } catch (error) {
      var where = error.mark ? " (Zeile " + (error.mark.line + (body === null ? 1 : 2)) + ")" : "";
      throw new Error(path + " ist kein gültiges YAML" + where + ".");
    }
    if (typeof data !== "object" || Array.isArray(data)) {
      throw new Error(path + " enthält keine Felder.");
    }
    return {data: data, body: body};
  }
  var YES_NO = ["true", "ja", "yes", "false", "nein", "no"];
  // The translatable text of the original (content/translation_files.py: originaltexte)
  function originalTexts(file, fields) {
    var texts = {};
    fields.forEach(function (field) {
      var value = field.name === "beschreibung" && file.body !== null ? file.body : file.data[field.name];
      if (field.name === "barrierefrei" && typeof value === "string" &&
          YES_NO.indexOf(strip(value).toLowerCase()) >= 0) {
        return;  // ja/nein: a fact, shown in every language by the site itself
      }
      if (typeof value === "string") {
        texts[field.name] = field.name === "beschreibung" ? value : strip(value);
      } else if (Array.isArray(value) && value.length) {
        texts[field.name] = value.map(function (item) { return strip(item === null ? "" : item); });
      }
    });
    return texts;
  }
  // i18n/languages.py: fingerabdruck (sha256 of the sorted, stripped texts as compact JSON, 12 hex digits)
  function fingerprint(texts) {
    var canonical = [];
    Object.keys(texts).sort().forEach(function (key) {
      var value = texts[key];
      if (typeof value === "string") {
        if (strip(value)) {
          canonical.push(JSON.stringify(key) + ":" + JSON.stringify(strip(value)));
        }
      } else {
        var items = value.map(strip).filter(function (item) { return item; });
        if (items.length) {
          canonical.push(JSON.stringify(key) + ":" + JSON.stringify(items));
        }
      }
    });
    var bytes = new TextEncoder().encode("{" + canonical.join(",") + "}");
    return window.crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("").slice(0, 12);
    });
  }
  window.wegweiserUebersetzungen = {parse: parse, originalTexts: originalTexts, fingerprint: fingerprint,
    yamlParser: yamlParser, onlyEntries: onlyEntries};

  // --- writing a translation file -----------------------------------------------------------------------
  var RESERVED = /^(?:true|false|yes|no|on|off|ja|nein|null|y|n|~)$/i;
  function plain(text, inFlow) {
    return text !== "" && text === strip(text) && !/[\x00-\x1f\x7f-\x9f]/.test(text) &&
      !/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/: |:$| #/.test(text) && !RESERVED.test(text) &&
      !/^[-+.]?\d/.test(text) && !(inFlow && /[,[\]{}]/.test(text));
  }
  function quoted(text) {
    return JSON.stringify(text).replace(/[\x7f-\x9f]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function scalar(text, inFlow) {
    return plain(text, inFlow) ? text : quoted(text);
  }
  // One key; several lines as a literal block ("|-": exactly the text, no final line end), else one line
  function line(name, value, indent) {
    var before = indent || "";
    if (Array.isArray(value)) {
      return before + name + ": [" + value.map(function (item) { return scalar(item, true); }).join(", ") + "]";
    }
    if (value.indexOf("\n") >= 0 && !/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(value) && !/[ \t]\n|\s$/.test(value)) {
      return before + name + ": |" + (/^[ \n]/.test(value) ? "2" : "") + "-\n" + value.split("\n").map(function (text) {
        return text ? before + "  " + text : "";
      }).join("\n");
    }
    return before + name + ": " + scalar(value, false);
  }
  // The file's text: only translatable fields, "vorlage" and "original" (the German text it was made from, field by
  // field, as `wegweiser uebersetzen import` writes it: a later export shows translators what changed since);
  // in a .md file the description is the body
  function translationText(path, values, vorlage, german) {
    var markdown = /\.md$/.test(path);
    var lines = [];
    Object.keys(values).forEach(function (name) {
      if (!(markdown && name === "beschreibung")) {
        lines.push(line(name, values[name]));
      }
    });
    lines.push("vorlage: " + vorlage);
    var block = Object.keys(german).map(function (name) {
      var value = german[name];
      value = Array.isArray(value) ? value.map(strip).filter(function (item) { return item; }) : strip(value);
      return value.length ? line(name, value, "  ") : null;
    }).filter(function (text) { return text; });
    if (block.length) {
      lines.push("original:");
      lines = lines.concat(block);
    }
    if (!markdown) {
      return lines.join("\n") + "\n";
    }
    var body = values.beschreibung ? values.beschreibung.replace(/\s+$/, "") + "\n" : "";
    return "---\n" + lines.join("\n") + "\n---\n" + body;
  }

  // --- 2. the translation view in the original's form ---------------------------------------------------
  var STATUS = {
    fehlt: {text: "fehlt", color: "#8a1c1c", background: "#fde8e8"},
    veraltet: {text: "veraltet", color: "#7a4d00", background: "#fff1d6"},
    aktuell: {text: "aktuell", color: "#1d5e2c", background: "#e2f5e6"},
    fehlerhaft: {text: "Datei fehlerhaft", color: "#8a1c1c", background: "#fde8e8"}
  };
  var css = {
    box: {border: "1px solid #dfdfe3", borderRadius: "5px", padding: "12px 16px", background: "#fff"},
    table: {borderCollapse: "collapse", width: "100%"},
    cell: {padding: "6px 8px", borderBottom: "1px solid #eff0f4", verticalAlign: "middle"},
    badge: function (status) {
      return {display: "inline-block", padding: "2px 10px", borderRadius: "10px", fontWeight: 600,
        color: STATUS[status].color, background: STATUS[status].background};
    },
    button: {padding: "5px 12px", borderRadius: "4px", border: "1px solid #3a69c7", background: "#fff",
      color: "#3a69c7", cursor: "pointer", fontSize: "14px"},
    primary: {padding: "7px 16px", borderRadius: "4px", border: "1px solid #3a69c7", background: "#3a69c7",
      color: "#fff", cursor: "pointer", fontSize: "14px", marginRight: "8px"},
    editor: {marginTop: "16px", borderTop: "2px solid #3a69c7", paddingTop: "12px"},
    pair: {display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))", gap: "12px",
      marginBottom: "12px"},
    german: {background: "#f5f5f7", border: "1px solid #eff0f4", borderRadius: "4px", padding: "8px",
      whiteSpace: "pre-wrap", fontSize: "14px", color: "#444a57"},
    input: {width: "100%", boxSizing: "border-box", padding: "8px", border: "1px solid #c9cbd3",
      borderRadius: "4px", fontSize: "14px", fontFamily: "inherit"},
    note: {padding: "8px 12px", borderRadius: "4px", margin: "0 0 12px"}
  };

  function folderAndSlug(path) {
    var slash = path.lastIndexOf("/");
    var name = path.slice(slash + 1);
    return {folder: path.slice(0, slash), slug: name.slice(0, name.indexOf("."))};
  }
  function readFile(path) {
    return Promise.resolve(backend.implementation.getEntry(path)).then(function (answer) {
      return answer && typeof answer.data === "string" ? answer.data : null;
    }, function () { return null; });  // a hosted backend answers 404 for a file that is not there
  }
  function fromInput(field, text) {
    if (field.kind === "list") {
      return text.split(",").map(strip).filter(function (item) { return item; });
    }
    // a text field is one line in the file (the box wraps it so that the translator sees all of it)
    return field.kind === "markdown" ? text.replace(/\s+$/, "") : strip(text.replace(/\s*\n\s*/g, " "));
  }
  function toInput(field, value) {
    if (value === undefined || value === null) {
      return "";
    }
    return Array.isArray(value) ? value.join(", ") : String(value);
  }

  var Uebersetzungen = window.createClass({
    getInitialState: function () {
      return {loading: true, error: "", path: null, rows: [], editing: null, values: {}, saving: false,
        message: ""};
    },
    componentDidMount: function () { this.load(); },
    componentDidUpdate: function () {
      // compared as load() sets it: a new entry has no path (undefined), which must not count as a change, else
      // every load would start the next one (React's "Maximum update depth exceeded")
      if (this.entryPath() !== this.state.path && !this.state.loading) {
        this.load();
      }
    },
    entryPath: function () {
      var entry = this.props.entry;
      return entry && !entry.get("newRecord") ? entry.get("path") || null : null;
    },
    fields: function () {
      return this.props.field.get("felder").toJS();
    },
    languages: function () {
      return this.props.field.get("sprachen").toJS();
    },
    load: function (message) {
      var self = this;
      var path = self.entryPath();
      self.setState({loading: true, path: path, error: ""});
      if (!path || !backend.implementation) {
        self.setState({loading: false, rows: []});
        return;
      }
      var place = folderAndSlug(path);
      var fields = self.fields();
      Promise.all([yamlParser(), readFile(path)]).then(function (loaded) {
        var jsyaml = loaded[0];
        var original = parse(jsyaml, path, loaded[1] === null ? "" : loaded[1]);
        var texts = originalTexts(original, fields);
        return fingerprint(texts).then(function (current) {
          return Promise.all(self.languages().map(function (language) {
            var candidates = SUFFIXES.map(function (suffix) {
              return place.folder + "/" + place.slug + "." + language.code + suffix;
            });
            return Promise.all(candidates.map(readFile)).then(function (found) {
              var index = found.findIndex(function (raw) { return raw !== null; });
              var row = {language: language, path: candidates[0], exists: index >= 0, values: {}, extra: []};
              if (index >= 0) {
                row.path = candidates[index];
                var file;
                try {
                  file = parse(jsyaml, row.path, found[index]);
                } catch (error) {  // shown in its row; saving over it would lose the translator's text
                  row.status = "fehlerhaft";
                  row.broken = error.message;
                  return row;
                }
                var allowed = fields.map(function (field) { return field.name; });
                fields.forEach(function (field) {
                  var value = field.name === "beschreibung" && file.body !== null && strip(file.body) ?
                    file.body : file.data[field.name];
                  if (value !== undefined && value !== null) {
                    row.values[field.name] = value;
                  }
                });
                row.extra = Object.keys(file.data).filter(function (name) {
                  return name !== "vorlage" && name !== "original" && allowed.indexOf(name) < 0;
                });
                row.vorlage = typeof file.data.vorlage === "string" ? strip(file.data.vorlage) : null;
              }
              // as `check` has it (content/language_versions.py: status): no "vorlage" counts as current
              row.status = !row.exists ? "fehlt" : row.vorlage && row.vorlage !== current ? "veraltet" : "aktuell";
              return row;
            });
          })).then(function (rows) {
            self.setState({loading: false, rows: rows, original: original, texts: texts, current: current,
              message: message || ""});
          });
        });
      }).catch(function (error) {
        self.setState({loading: false, error: "Die Übersetzungen ließen sich nicht lesen: " + error.message});
      });
    },
    open: function (row) {
      var values = {};
      this.fields().forEach(function (field) { values[field.name] = toInput(field, row.values[field.name]); });
      this.setState({editing: row.language.code, values: values, message: ""});
    },
    change: function (name, text) {
      var values = Object.assign({}, this.state.values);
      values[name] = text;
      this.setState({values: values});
    },
    save: function (row) {
      var self = this;
      var values = {};
      self.fields().forEach(function (field) {
        var value = fromInput(field, self.state.values[field.name] || "");
        if (value.length) {
          values[field.name] = value;
        }
      });
      if (!Object.keys(values).length) {
        self.setState({message: "Bitte übersetzen Sie mindestens ein Feld."});
        return;
      }
      // Made beside the German text as it is now: the translation is current ("vorlage" = its fingerprint).
      var raw = translationText(row.path, values, self.state.current, self.state.texts);
      var place = folderAndSlug(row.path);
      self.setState({saving: true, message: ""});
      Promise.resolve(backend.implementation.persistEntry({
        dataFiles: [{path: row.path, slug: place.slug + "." + row.language.code, raw: raw}],
        assets: []
      }, {newEntry: !row.exists, commitMessage: (row.exists ? "Übersetzung geändert: " : "Übersetzung angelegt: ") +
        row.path, useWorkflow: false, status: "", unpublished: false})).then(function () {
        self.setState({saving: false, editing: null});
        self.load(row.language.name + ": Übersetzung gespeichert (" + row.path + ").");
      }, function (error) {
        self.setState({saving: false, message: "Nicht gespeichert: " + (error && error.message || error)});
      });
    },
    renderRow: function (row) {
      var self = this;
      var label = row.exists ? "Bearbeiten" : "Anlegen";
      return h("tr", {key: row.language.code, "data-sprache": row.language.code},
        h("td", {style: css.cell},
          h("span", {lang: row.language.code, dir: row.language.dir}, row.language.name), " ",
          h("span", {style: {color: "#798291"}}, "(" + row.language.code + ")")),
        h("td", {style: css.cell},
          h("span", {style: css.badge(row.status), className: "ww-uebersetzung-status"}, STATUS[row.status].text)),
        h("td", {style: Object.assign({}, css.cell, {color: "#798291", fontSize: "13px"})},
          row.exists ? row.path.split("/").pop() : "",
          row.broken ? h("div", {role: "alert", style: {color: STATUS.fehlt.color}},
            row.broken + " Bitte in der Datei selbst korrigieren (wegweiser check nennt die Zeile).") : null),
        h("td", {style: Object.assign({}, css.cell, {textAlign: "right"})},
          row.broken ? null : h("button", {type: "button", style: css.button,
            "aria-label": label + ": " + row.language.name, onClick: function () { self.open(row); }}, label)));
    },
    renderEditor: function (row) {
      var self = this;
      var language = row.language;
      var notes = [];
      if (row.status === "veraltet") {
        notes.push(h("p", {key: "veraltet", style: Object.assign({}, css.note, {background: STATUS.veraltet.background})},
          "Der deutsche Text wurde geändert, seit diese Übersetzung gemacht wurde. Vergleichen Sie jedes Feld mit " +
          "dem deutschen Text links; nach dem Speichern gilt die Übersetzung als aktuell."));
      }
      if (row.extra.length) {
        notes.push(h("p", {key: "extra", style: Object.assign({}, css.note, {background: STATUS.fehlt.background})},
          "Diese Angaben gehören nicht in eine Übersetzung und werden beim Speichern entfernt (sie kommen immer " +
          "aus dem deutschen Eintrag): " + row.extra.join(", ") + "."));
      }
      var fields = self.fields().filter(function (field) {
        return field.name in self.state.texts || row.values[field.name] !== undefined;
      });
      return h("div", {style: css.editor, className: "ww-uebersetzung", "data-sprache": language.code},
        h("h3", {style: {margin: "0 0 8px", fontSize: "16px"}},
          (row.exists ? "Übersetzung bearbeiten: " : "Übersetzung anlegen: ") + language.name),
        h("p", {style: {margin: "0 0 12px", color: "#798291", fontSize: "13px"}}, "Datei: " + row.path),
        notes,
        h("div", {style: Object.assign({}, css.pair, {fontWeight: 600, marginBottom: "4px"})},
          h("div", null, "Deutsch (Original)"), h("div", {lang: language.code}, language.name)),
        fields.map(function (field) {
          var id = "uebersetzung-" + language.code + "-" + field.name;
          var german = self.state.texts[field.name];
          var input = {id: id, value: self.state.values[field.name], lang: language.code, dir: language.dir,
            style: css.input, onChange: function (event) { self.change(field.name, event.target.value); }};
          return h("div", {key: field.name},
            h("label", {htmlFor: id, style: {display: "block", fontWeight: 600, margin: "0 0 4px"}},
              field.label + (field.kind === "list" ? " (mit Komma trennen)" : "")),
            h("div", {style: css.pair},
              h("div", {style: css.german, lang: "de"}, german === undefined ? "(im Original leer)" :
                Array.isArray(german) ? german.join(", ") : german),
              h("textarea", Object.assign({rows: field.kind === "markdown" ? 8 : 2}, input))));
        }),
        h("div", null,
          h("button", {type: "button", style: css.primary, disabled: self.state.saving,
            onClick: function () { self.save(row); }},
            self.state.saving ? "Wird gespeichert …" : "Übersetzung speichern"),
          h("button", {type: "button", style: css.button, onClick: function () {
            self.setState({editing: null, message: ""});
          }}, "Abbrechen")));
    },
    render: function () {
      var self = this;
      var state = self.state;
      var content;
      if (state.loading) {
        content = h("p", null, "Übersetzungen werden gelesen …");
      } else if (state.error) {
        content = h("p", {role: "alert", style: {color: STATUS.fehlt.color}}, state.error);
      } else if (!state.path) {
        content = h("p", null, "Übersetzungen legen Sie an, sobald der Eintrag gespeichert ist.");
      } else {
        var editing = state.rows.filter(function (row) { return row.language.code === state.editing; })[0];
        content = [
          h("table", {key: "table", style: css.table}, h("tbody", null, state.rows.map(self.renderRow))),
          editing ? h("div", {key: "editor"}, self.renderEditor(editing)) : null
        ];
      }
      return h("div", {style: css.box, id: this.props.forID, className: "ww-uebersetzungen"},
        content,
        state.message ? h("p", {role: "status", style: {margin: "12px 0 0", fontWeight: 600}}, state.message) : null);
    }
  });
  CMS.registerWidget("uebersetzungen", Uebersetzungen, function () { return null; });
})();
