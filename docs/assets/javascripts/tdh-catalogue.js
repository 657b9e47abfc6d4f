// Offline search and theme filter for the data catalogue (no network, no eval).
(function () {
  "use strict";
  function setup() {
    var search = document.getElementById("tdh-search");
    var theme = document.getElementById("tdh-theme");
    var count = document.getElementById("tdh-count");
    var empty = document.getElementById("tdh-no-results");
    if (!search || !theme) { return; }
    var cards = Array.prototype.slice.call(document.querySelectorAll(".tdh-card"));
    function normalise(text) {
      return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    function apply() {
      var words = normalise(search.value).split(/\s+/).filter(Boolean);
      var wanted = theme.value;
      var shown = 0;
      cards.forEach(function (card) {
        var haystack = normalise(card.getAttribute("data-search") || "");
        var themes = (card.getAttribute("data-themes") || "").split(" ");
        var ok = words.every(function (w) { return haystack.indexOf(w) !== -1; }) &&
          (!wanted || themes.indexOf(wanted) !== -1);
        card.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = String(shown);
      empty.hidden = shown !== 0;
    }
    search.addEventListener("input", apply);
    theme.addEventListener("change", apply);
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
