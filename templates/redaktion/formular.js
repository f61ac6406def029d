// Decap speichert ein geleertes Feld als "" (und leere Listen/Objekte); eine von Hand geschriebene Datei
// lässt solche Felder weg, und `check` lehnt "" ab, wo ein Datum oder eine E-Mail-Adresse hingehört.
// Vor dem Speichern: leere Felder weglassen, wie in einer von Hand geschriebenen Datei.
(function () {
  function empty(value) {
    return value === "" || value === null || value === undefined ||
      (typeof value === "object" && typeof value.filterNot === "function" && value.size === 0);
  }
  function clean(value) {
    if (value && typeof value === "object" && typeof value.filterNot === "function") {
      return value.map(clean).filterNot(empty);
    }
    return value;
  }
  window.CMS.registerEventListener({name: "preSave", handler: function (event) {
    return clean(event.entry.get("data"));
  }});

  // Kontakt: die Auswahl zeigt die Kontakte des Quartiers und danach die der ganzen Region.
  var relation = window.CMS.getWidget("relation");
  var Kontakt = window.createClass({
    query: function (forID, collection, fields, term, file, length) {
      var query = this.props.query;
      var region = this.props.field.get("region_collection");
      var own = query(forID, collection, fields, term, file, length);
      if (!region || region === collection) {
        return own;
      }
      return Promise.all([own, query(forID, region, fields, term, file, length)]).then(function (results) {
        var hits = (results[0].payload.hits || []).concat((results[1].payload.hits || []).map(function (hit) {
          var data = Object.assign({}, hit.data, {name: hit.data.name + " (ganze Region)"});
          return Object.assign({}, hit, {data: data});
        }));
        return Object.assign({}, results[0], {payload: Object.assign({}, results[0].payload, {hits: hits})});
      });
    },
    render: function () {
      return window.h(relation.control, Object.assign({}, this.props, {query: this.query}));
    }
  });
  window.CMS.registerWidget("kontakt", Kontakt, relation.preview);
})();
