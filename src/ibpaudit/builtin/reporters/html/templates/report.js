/* ibpaudit report: filters and search over the norms. Progressive enhancement only:
   without this script every norm is shown. Writes text with textContent, never markup. */
(function () {
  "use strict";
  var doc = document;
  var form = doc.getElementById("filters");
  var count = doc.getElementById("filter-count");
  if (!form || !count) {
    return;
  }
  var norms = Array.prototype.slice.call(doc.querySelectorAll("details.norm[data-domain]"));
  var domains = Array.prototype.slice.call(doc.querySelectorAll("section.domain"));
  var fields = form.elements;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // A search that narrows to a few norms also unfolds their matching folded findings.
  var REVEAL_LIMIT = 10;
  var haystacks = norms.map(function (norm) { return fold(norm.textContent || ""); });
  var openByDefault = norms.map(function (norm) { return norm.open; });

  function message(shown, total) {
    var template = shown === total ? form.dataset.countAll : form.dataset.countShown;
    return (template || "").replace("{shown}", String(shown)).replace("{total}", String(total));
  }

  function apply() {
    var domain = fields.namedItem("domain").value;
    var status = fields.namedItem("status").value;
    var level = fields.namedItem("level").value;
    var words = fold(fields.namedItem("q").value).split(/\s+/).filter(Boolean);
    revealed.forEach(function (more) { more.open = false; });
    revealed = [];
    var matched = [];
    norms.forEach(function (norm, i) {
      var match = (!domain || norm.dataset.domain === domain) &&
        (!status || norm.dataset.status === status) &&
        (!level || norm.dataset.level === level) &&
        words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
      norm.hidden = !match;
      if (match) {
        matched.push(norm);
        norm.open = words.length > 0 ? true : openByDefault[i];
      }
    });
    var shown = matched.length;
    if (words.length > 0 && shown <= REVEAL_LIMIT) {
      matched.forEach(function (norm) { revealFolded(norm, words); });
    }
    domains.forEach(function (section) {
      section.hidden = !section.querySelector("details.norm:not([hidden])");
    });
    count.textContent = message(shown, norms.length);
  }

  // A match among the findings folded away under "n more findings" is shown too, and
  // folded again when the search changes.
  var revealed = [];
  function revealFolded(norm, words) {
    norm.querySelectorAll("details.more:not([open])").forEach(function (more) {
      var text = fold(more.textContent || "");
      if (words.every(function (word) { return text.indexOf(word) !== -1; })) {
        more.open = true;
        revealed.push(more);
      }
    });
  }

  function setAll(open) {
    norms.forEach(function (norm) {
      if (!norm.hidden) {
        norm.open = open;
      }
    });
  }

  var pending = 0;
  form.addEventListener("input", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(apply, 120);  // not on every keystroke of a large report
  });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  doc.getElementById("expand-all").addEventListener("click", function () { setAll(true); });
  doc.getElementById("collapse-all").addEventListener("click", function () { setAll(false); });

  // Paper shows every norm open; the screen gets its state back afterwards.
  var beforePrint = null;
  window.addEventListener("beforeprint", function () {
    beforePrint = norms.map(function (norm) { return norm.open; });
    norms.forEach(function (norm) { norm.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (beforePrint) {
      norms.forEach(function (norm, i) { norm.open = beforePrint[i]; });
      beforePrint = null;
    }
  });

  // A link to a norm the filters hide (the verdict's list, the points of attention)
  // clears the filters first, so that it always lands on its norm.
  doc.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    var target = link ? doc.getElementById(link.getAttribute("href").slice(1)) : null;
    if (target && target.closest("[hidden]")) {
      form.reset();
      apply();
    }
  });

  form.hidden = false;
  apply();
})();
