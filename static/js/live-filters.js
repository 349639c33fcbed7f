// Progressive enhancement of filter forms (data-live-filters): a change of filter fetches
// the filtered page and swaps in each of its [data-live] parts (results, facet counts, the
// "Filters (2) · 18 cities" button, download links…) by id; the URL follows, so the page
// stays shareable and the back button works. Without JavaScript the form submits. Other
// scripts (the map) hear of each swap through "c40:results-updated".
(function () {
  "use strict";

  var WIDE = "(min-width: 52rem)"; // as directory.css: the filters are a column from here

  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") { params.append(name, value); }
    });
    var query = params.toString();
    return query ? "?" + query : location.pathname;
  }

  // A way to find the focused control again once its part of the page has been replaced.
  function focusSelector(element) {
    if (!element || element === document.body) { return null; }
    if (element.id) { return "#" + CSS.escape(element.id); }
    if (element.name && element.type === "checkbox") {
      return 'input[name="' + CSS.escape(element.name) + '"][value="' + CSS.escape(element.value) + '"]';
    }
    return null;
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var focused = focusSelector(document.activeElement);
    var opened = Array.from(document.querySelectorAll("[data-facet] > details[open]"), function (el) {
      return el.parentElement.dataset.facet;
    });
    document.querySelectorAll("[data-live]").forEach(function (current) {
      var replacement = current.id && fresh.getElementById(current.id);
      if (!replacement || !current.isConnected) { return; }
      // "keep": a part that updates itself (the map) stays while the new page has one too.
      var keep = current.dataset.live === "keep";
      if (keep && current.firstElementChild && replacement.firstElementChild) { return; }
      current.replaceWith(replacement);
    });
    var switchers = fresh.querySelectorAll(".language-switcher");
    document.querySelectorAll(".language-switcher").forEach(function (current, index) {
      if (switchers[index]) { current.replaceWith(switchers[index]); }
    });
    opened.forEach(function (name) { // a long list the visitor opened stays open
      var list = document.querySelector('[data-facet="' + CSS.escape(name) + '"] > details');
      if (list) { list.open = true; }
    });
    document.title = fresh.title;
    if (focused && (!document.activeElement || document.activeElement === document.body)) {
      var again = document.querySelector(focused);
      if (again) { again.focus(); }
    }
  }

  // The count is read out once per answer, from a region that is never replaced.
  function announce() {
    var status = document.getElementById("result-status");
    var count = document.getElementById("result-count");
    if (status && count) { status.textContent = count.textContent.trim(); }
  }

  // Only the latest selection's answer is shown: an earlier, slower one is cancelled, else it
  // could arrive last and put back the results the visitor had already narrowed.
  var pending = null;

  function load(url, push, then) {
    if (pending) { pending.abort(); }
    var request = pending = new AbortController();
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: request.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (request !== pending) { return; }
        pending = null;
        swap(html);
        if (push) { history.pushState({ live: true }, "", url); }
        announce();
        if (then) { then(); }
        document.dispatchEvent(new CustomEvent("c40:results-updated", { detail: { url: url } }));
      })
      .catch(function () {
        if (request === pending) { location.href = url; }
      });
  }

  // The filter panel is a <details>: a button on a phone; on a wide screen a column that
  // directory.css keeps open (::details-content). Browsers without that get it opened here.
  function setUpPanel(panel) {
    var wide = matchMedia(WIDE);
    var cssOpensIt = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    function fit() {
      if (wide.matches && !cssOpensIt) { panel.open = true; }
    }
    fit();
    wide.addEventListener("change", fit);
  }

  // "Show 18 cities" on a phone: the results are already there; close the panel over them.
  function showResults(panel) {
    var toggle = panel && panel.querySelector("summary");
    if (!toggle || !toggle.getClientRects().length) { return; } // a column: nothing covers them
    panel.open = false;
    var heading = document.getElementById("result-count");
    if (heading) { heading.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-filters]");
    if (!form) { return; }
    var panel = form.querySelector("[data-filter-panel]");
    if (panel) { setUpPanel(panel); }
    form.addEventListener("change", function (event) {
      if (event.target.name !== "q") { load(queryOf(form), true); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fromPanel = event.submitter && event.submitter.hasAttribute("data-apply");
      load(queryOf(form), true, fromPanel ? function () { showResults(panel); } : null);
    });
    window.addEventListener("popstate", function () { location.reload(); });
  });
})();
