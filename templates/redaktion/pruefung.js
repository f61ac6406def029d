// Prüfung vor dem Speichern (Issue 27): bevor das Formular einen Eintrag speichert, fragt es den Speicherdienst der
// Vorschau („validateEntry“), ob „wegweiser check“ die Datei annähme. Lehnt er ab, wird nichts gespeichert; jede
// Meldung erscheint an ihrem Feld, und oben steht eine deutsche Zusammenfassung, die die Felder nennt (statt Decaps
// „Oops, einige zwingend erforderliche Felder …“).
(function () {
  var API = "/redaktion/api/";
  var messages = {};   // Feldname → {value: der geprüfte Wert, texts: [Meldungen]}
  var general = [];    // Meldungen ohne Feld (z. B. eine andere Datei)
  var controls = [];   // die Felder der obersten Ebene, die gerade angezeigt werden
  var attempted = false;

  function json(value) {
    var plain = value && typeof value.toJS === "function" ? value.toJS() : value;
    return JSON.stringify(plain === undefined ? null : plain);
  }
  function topLevel(props) {
    var fields = props.collection && props.collection.get("fields");
    return !!(fields && props.field && fields.includes(props.field));
  }
  function fieldName(control) {
    return control.props.field.get("name");
  }

  // Die Meldung des Speicherdienstes für ein Feld, solange es den geprüften Wert hat.
  function serverError(control) {
    if (!topLevel(control.props)) {
      return null;
    }
    var found = messages[fieldName(control)];
    if (!found) {
      return null;
    }
    if (found.value !== json(control.props.value)) {
      delete messages[fieldName(control)];  // geändert: die nächste Prüfung urteilt neu
      return null;
    }
    return {type: "CUSTOM", message: found.texts.join(" ")};
  }

  // Jedes Widget erhält ein isValid, das zuerst die Meldungen des Speicherdienstes zeigt (Decaps Widget.js liest
  // isValid der Steuerung; ein Objekt {error: {...}} erscheint am Feld).
  function checked(Control) {
    if (typeof Control !== "function" || !Control.prototype || !Control.prototype.render || Control.wegweiserGeprueft) {
      return Control;
    }
    class Geprueft extends Control {
      constructor(props, context) {
        super(props, context);
        var own = Object.prototype.hasOwnProperty.call(this, "isValid") ? this.isValid : Control.prototype.isValid;
        var self = this;
        this.isValid = function () {
          var error = serverError(self);
          if (error) {
            return {error: error};
          }
          return own ? own.call(self) : true;
        };
      }
      componentDidMount() {
        controls.push(this);
        if (super.componentDidMount) {
          super.componentDidMount();
        }
      }
      componentWillUnmount() {
        controls = controls.filter(function (control) { return control !== this; }, this);
        if (super.componentWillUnmount) {
          super.componentWillUnmount();
        }
      }
    }
    Geprueft.wegweiserGeprueft = true;
    Geprueft.displayName = "Geprueft(" + (Control.displayName || Control.name || "Widget") + ")";
    return Geprueft;
  }
  window.CMS.getWidgets().forEach(function (widget) {
    var control = checked(widget.control);
    if (control !== widget.control) {
      window.CMS.registerWidget(widget.name, control, widget.preview, widget.schema);
    }
  });

  function label(name) {
    var control = controls.find(function (c) { return topLevel(c.props) && fieldName(c) === name; });
    return control ? control.props.field.get("label", name) : name;
  }

  // Die Zusammenfassung: jedes Feld mit Fehlern, wie das Formular sie gerade zeigt, und was ohne Feld blieb.
  function summary() {
    var box = document.getElementById("ww-pruefung");
    var items = [];
    document.querySelectorAll("label[for]").forEach(function (element) {
      var list = element.nextElementSibling;
      if (list && list.tagName === "UL" && list.textContent.trim()) {
        var texts = Array.prototype.map.call(list.querySelectorAll("li"), function (li) { return li.textContent; });
        items.push({feld: element.textContent.replace(/\s*\(optional\)$/, ""), texts: texts,
                    id: element.getAttribute("for")});
      }
    });
    general.forEach(function (text) { items.push({feld: "", texts: [text]}); });
    if (!attempted || !items.length) {
      if (box) {
        box.remove();
      }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "ww-pruefung";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:400;top:64px;left:50%;transform:translateX(-50%);" +
        "width:min(720px,calc(100vw - 24px));max-height:40vh;overflow:auto;background:#fff4f4;color:#5a0000;" +
        "border:2px solid #b00020;border-radius:6px;padding:12px 40px 12px 16px;font:15px/1.4 sans-serif;" +
        "overflow-wrap:anywhere;" +
        "box-shadow:0 4px 16px rgba(0,0,0,.2)";
      document.body.appendChild(box);
    }
    var names = items.filter(function (item) { return item.feld; }).map(function (item) { return "„" + item.feld + "“"; });
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Nicht gespeichert. " + (names.length ? "Bitte prüfen Sie " +
      (names.length === 1 ? "das Feld " : "die Felder ") + names.join(", ") + "." : "Bitte prüfen Sie den Eintrag.");
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:6px 0 0;padding-left:20px";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      entry.textContent = (item.feld ? item.feld + ": " : "") + item.texts.join(" ");
      list.appendChild(entry);
    });
    box.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Hinweis schließen");
    close.style.cssText = "position:absolute;top:6px;right:8px;border:0;background:none;font-size:22px;cursor:pointer";
    close.onclick = function () { attempted = false; box.remove(); };
    box.appendChild(close);
  }
  var pending = false;
  function later() {
    if (!pending) {
      pending = true;
      window.setTimeout(function () { pending = false; summary(); }, 50);
    }
  }
  new MutationObserver(function (changes) {
    var own = changes.every(function (change) {
      var box = document.getElementById("ww-pruefung");
      return box && box.contains(change.target);
    });
    if (!own) {
      later();
    }
    // Decaps eigene Fehlermeldung oben rechts ersetzt die Zusammenfassung
    if (attempted) {
      document.querySelectorAll(".Toastify__toast--error").forEach(function (toast) { toast.style.display = "none"; });
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});

  // Ein Klick auf „Veröffentlichen“/„Speichern“: ab jetzt zeigt die Zusammenfassung, was Decap oder check ablehnt.
  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target.closest("button, [role=menuitem]") : null;
    if (target && /veröffentlichen|speichern/i.test(target.textContent || "")) {
      attempted = true;
      general = [];
      later();
    }
  }, true);

  function show(felder) {
    messages = {};
    general = [];
    felder.forEach(function (item) {
      var control = item.feld && controls.find(function (c) { return topLevel(c.props) && fieldName(c) === item.feld; });
      if (!control) {
        general.push(item.meldung);
        return;
      }
      var found = messages[item.feld] || {value: json(control.props.value), texts: []};
      found.texts.push(item.meldung);
      messages[item.feld] = found;
    });
    attempted = true;
    controls.forEach(function (control) {
      if (topLevel(control.props) && messages[fieldName(control)] && control.props.validate) {
        control.props.validate();  // Decaps Widget.validate: ruft isValid und zeigt die Meldung am Feld
      }
    });
    later();
    var first = Object.keys(messages)[0];
    var target = first && document.querySelector("[id^='" + first + "-field-']");
    if (target && target.scrollIntoView) {
      target.scrollIntoView({block: "center"});
    }
  }

  // Vor dem Speichern fragt das Formular den Speicherdienst; lehnt er ab, geht „persistEntry“ gar nicht erst hinaus.
  var send = window.fetch.bind(window);
  function refusal(answer) {
    return answer.clone().json().then(function (data) {
      if (data && Array.isArray(data.felder) && data.felder.length) {
        show(data.felder);
      }
      return answer;
    }, function () { return answer; });
  }
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var request = null;
    if (url.indexOf(API) >= 0 && init && typeof init.body === "string") {
      try {
        request = JSON.parse(init.body);
      } catch (error) {
        request = null;
      }
    }
    if (!request || request.action !== "persistEntry") {
      return send(input, init);
    }
    var question = Object.assign({}, init, {body: JSON.stringify(Object.assign({}, request, {action: "validateEntry"}))});
    return send(url, question).then(function (answer) {
      if (!answer.ok) {
        return refusal(answer);
      }
      messages = {};
      general = [];
      return send(input, init).then(function (saved) {
        return saved.ok ? saved : refusal(saved);
      });
    });
  };
})();
