// Character (or word) counts for text boxes with a limit (templates/macros/forms.html, requirements
// item 43). The box has no maxlength, so nothing pasted is ever cut silently: the count under
// it says how many characters are left, or how many too many, and the server refuses too many
// with a message. The visible count changes as the pupil types; screen readers hear it (in a
// polite live region) only once typing pauses, not on every keystroke. All words come from
// the page (the count's data-* attributes).
(function () {
  "use strict";
  var PAUSE_MS = 1000;

  function words(count, left) {
    var over = left < 0;
    var n = Math.abs(left);
    var text = n === 1 ? count.dataset[over ? "oneOver" : "oneLeft"] : count.dataset[over ? "over" : "left"];
    return text.replace("{n}", n.toLocaleString("en-GB"));
  }

  function attach(count) {
    var box = document.getElementById(count.dataset.countFor);
    var live = document.getElementById(count.id + "-live");
    if (!box || !(box.dataset.maxlength || box.dataset.maxwords) || count.dataset.attached) {
      return;
    }
    count.dataset.attached = "1";
    // A word limit counts words as the server does (passport/domain/cv.py word_count).
    var byWords = !!box.dataset.maxwords;
    var limit = parseInt(box.dataset.maxwords || box.dataset.maxlength, 10);
    var timer = null;

    function update(announce) {
      var used = byWords ? box.value.split(/\s+/).filter(Boolean).length : box.value.length;
      var left = limit - used;
      var text = words(count, left);
      count.textContent = text;
      count.classList.toggle("char-count-over", left < 0);
      box.classList.toggle("is-over-limit", left < 0);
      if (!live) {
        return;
      }
      clearTimeout(timer);
      if (announce) {
        timer = setTimeout(function () { live.textContent = text; }, PAUSE_MS);
      }
    }

    box.addEventListener("input", function () { update(true); });
    update(false);
  }

  function attachAll(root) {
    (root || document).querySelectorAll("[data-count-for]").forEach(attach);
  }

  attachAll(document);
  // Forms swapped in by htmx (a 422 with the pupil's text kept) get their counts too.
  document.addEventListener("htmx:load", function (event) { attachAll(event.detail.elt); });
})();
