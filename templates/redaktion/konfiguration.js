// Decap reads config.yml once. With the local preview (`serve --redaktion`) the program rewrites it when a quarter
// or a theme is added, renamed or removed, and a restart gives it a new secret: then a note asks the editor to
// reload the form. A form on a website is not asked (its configuration changes only with a new build).
(function () {
  if (["127.0.0.1", "localhost"].indexOf(window.location.hostname) < 0) {
    return;
  }
  var EVERY_MS = 4000;
  var loaded = null;

  function read() {
    return fetch("config.yml", {cache: "no-store"}).then(function (answer) {
      return answer.ok ? answer.text() : null;
    }).catch(function () { return null; });  // the preview stopped: nothing to compare
  }

  function note() {
    if (document.getElementById("ww-neu-laden")) {
      return;
    }
    var box = document.createElement("div");
    box.id = "ww-neu-laden";
    box.setAttribute("role", "status");
    box.style.cssText = "position:fixed;left:8px;right:8px;bottom:16px;margin:0 auto;z-index:10000;max-width:640px;" +
      "padding:12px 16px;background:#fff8e1;color:#3d2f00;border:2px solid #b58100;" +
      "border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.25);font:15px/1.4 system-ui,sans-serif";
    var text = document.createElement("span");
    text.textContent = "Quartiere oder Themen haben sich geändert. Speichern Sie, was Sie gerade eingeben, und " +
      "laden Sie dann das Formular neu, um die Änderung zu sehen. ";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Formular neu laden";
    button.style.cssText = "margin-left:4px;padding:4px 10px;font:inherit;cursor:pointer";
    button.addEventListener("click", function () { window.location.reload(); });
    box.appendChild(text);
    box.appendChild(button);
    document.body.appendChild(box);
  }

  read().then(function (text) {
    loaded = text;
    window.setInterval(function () {
      read().then(function (now) {
        if (loaded !== null && now !== null && now !== loaded) {
          note();
        }
      });
    }, EVERY_MS);
  });
})();
