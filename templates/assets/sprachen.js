/* The language switcher: remembers the visitor's choice in this browser only (localStorage, no cookie, nothing
   sent). Whoever chose a language and later comes to the main language's home page from outside the site (typed
   address, bookmark, search engine) is taken to the home page in that language; every other page stays as
   linked, and choosing the main language in the switcher ends it. Escape closes the open menu. */
(function () {
  "use strict";
  var list = document.querySelector(".ww-sprachwahl__liste");
  if (!list) { return; }
  var KEY = "ww-sprache";
  function read() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function store(code) { try { localStorage.setItem(KEY, code); } catch (e) { /* storage off: nothing kept */ } }
  list.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-sprache]");
    if (link) { store(link.dataset.sprache); }
  });
  var menu = list.closest("details");
  if (menu) {
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  }
  var chosen = read(), haupt = list.dataset.haupt;
  if (list.dataset.seite !== "" || list.dataset.sprache !== haupt || !chosen || chosen === haupt) { return; }
  var fromHere = false;
  try { fromHere = document.referrer !== "" && new URL(document.referrer).origin === location.origin; } catch (e) { }
  var target = Array.prototype.find.call(list.querySelectorAll("a[data-sprache]"), function (a) {
    return a.dataset.sprache === chosen;
  });
  if (target && !fromHere) { location.replace(target.href); }
})();
