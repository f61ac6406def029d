// Alter: Decap's object widget (von/bis) also for the short form the model accepts ("0-6", "0 – 6", "6-",
// "ab 6", "ab 6 Jahren", "bis 3"), which it showed as empty fields. The value stays as the file has it until
// the editor changes a number; then it is written in the same form again ("0-6" stays a short form with the
// same dash, {von: 0, bis: 6} stays an object), so a save changes only what the editor changed.
(function () {
  var object = window.CMS.getWidget("object");
  // The model's short form (wegweiser.model.entries._AGE_SHORTHAND), with the pieces needed to write it again.
  var SHORT = /^\s*(?:([^-–]*?)(\s*[-–]\s*)([^-–]*?)|ab\s+(\S+?)(\s+Jahren?)?|bis\s+(\S+?)(\s+Jahren?)?)\s*$/i;
  var NUMBER = /^[+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

  // An Immutable map (Decap does not export Immutable): one whose plain form is an object, not a list.
  function isMap(value) {
    if (value === null || typeof value !== "object" || typeof value.toJS !== "function") {
      return false;
    }
    var plain = value.toJS();
    return plain !== null && typeof plain === "object" && !Array.isArray(plain);
  }

  function years(text) {
    if (text === undefined || text === "") {
      return null;
    }
    return NUMBER.test(text) ? parseFloat(text.replace(",", ".")) : NaN;
  }

  // The short form read into {von, bis, ...how it was written}, or null when it is none.
  function readShort(text) {
    var match = SHORT.exec(text);
    if (!match) {
      return null;
    }
    var found = match[2] !== undefined ? {von: years(match[1]), bis: years(match[3]), dash: match[2]}
      : match[4] !== undefined ? {von: years(match[4]), bis: null, ab: match[5] || ""}
        : {von: null, bis: years(match[6]), bis_: match[7] || ""};
    if ((found.von === null && found.bis === null) || isNaN(found.von) || isNaN(found.bis)) {
      return null;
    }
    found.comma = text.indexOf(",") >= 0;
    return found;
  }

  function present(value) {
    return typeof value === "number" && !isNaN(value);
  }

  function writeShort(von, bis, style) {
    function number(value) {
      var text = String(value);
      return style.comma ? text.replace(".", ",") : text;
    }
    if (present(von) && present(bis)) {
      return number(von) + (style.dash || "-") + number(bis);
    }
    if (present(von)) {
      return "ab " + number(von) + (style.ab || "");
    }
    if (present(bis)) {
      return "bis " + number(bis) + (style.bis_ || "");
    }
    return "";
  }

  var Alter = window.createClass({
    getInitialState: function () {
      // The form of the value in the file, kept while the editor changes the numbers.
      var original = this.props.value;
      return {style: typeof original === "string" ? readShort(original) : null};
    },
    shouldComponentUpdate: function () {
      return true;  // as the object widget: its fields show their own errors, which are not our props
    },
    // The value as von/bis for the object widget; a short form it cannot read shows empty fields and a note.
    shown: function () {
      var value = this.props.value;
      var empty = this.props.field.clear();  // an empty Immutable map (Decap does not export Immutable)
      if (isMap(value)) {
        return value;
      }
      var found = typeof value === "string" ? readShort(value) : null;
      if (!found) {
        return empty;
      }
      var shown = empty;
      if (found.von !== null) {
        shown = shown.set("von", found.von);
      }
      if (found.bis !== null) {
        shown = shown.set("bis", found.bis);
      }
      return shown;
    },
    changed: function (field, value) {
      var next = this.shown().set(field.get("name"), value);
      if (this.state.style) {
        this.props.onChange(writeShort(next.get("von"), next.get("bis"), this.state.style));
      } else {
        this.props.onChange(next);
      }
    },
    unreadable: function () {
      var value = this.props.value;
      if (value === undefined || value === null || value === "" || isMap(value)) {
        return null;
      }
      if (typeof value === "string") {
        return readShort(value) ? null : value;
      }
      return typeof value.toJS === "function" ? JSON.stringify(value.toJS()) : String(value);
    },
    isValid: function () {
      var shown = this.shown();
      var von = shown.get("von");
      var bis = shown.get("bis");
      if (present(von) && present(bis) && von > bis) {
        return {error: {message: "„von“ (" + von + ") ist größer als „bis“ (" + bis + "): Tauschen Sie die " +
          "beiden Werte."}};
      }
      return true;
    },
    validate: function () {
      // Decap calls this instead of its own check: check von/bis each (the object widget) and both together.
      if (this.inner && this.inner.validate) {
        this.inner.validate();
      }
      this.props.validate();
    },
    render: function () {
      var self = this;
      var control = window.h(object.control, Object.assign({}, this.props, {
        value: this.shown(),
        onChangeObject: this.changed,
        ref: function (inner) { self.inner = inner; }
      }));
      var raw = this.unreadable();
      if (raw === null) {
        return control;
      }
      return window.h("div", null, window.h("p", {className: "ww-alter-hinweis", role: "note"},
        "In der Datei steht „" + raw + "“; das ist keine Altersangabe. Tragen Sie von und bis in Jahren ein."),
        control);
    }
  });

  function AlterPreview(props) {
    var value = props.value;
    if (isMap(value)) {
      var von = value.get("von");
      var bis = value.get("bis");
      value = writeShort(von, bis, {});
    }
    return window.h("p", null, value ? "Alter: " + value : "");
  }

  window.CMS.registerWidget("alter", Alter, AlterPreview);
})();
