// Progressive enhancement of filter forms (data-live-filters): a change of filter fetches
// the filtered page and swaps in its results, facet counts and download links; the URL
// follows, so the page stays shareable and the back button works. Without JavaScript the
// form submits. Other scripts (the map) hear of each swap through "c40:results-updated".
(function () {
  "use strict";

  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") { params.append(name, value); }
    });
    var query = params.toString();
    return query ? "?" + query : location.pathname;
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    ["#results", ".language-switcher", ".downloads", "[data-map-legend]"].concat(
      Array.from(document.querySelectorAll("[data-facet]"), function (el) {
        return '[data-facet="' + el.dataset.facet + '"]';
      })
    ).forEach(function (selector) {
      var current = document.querySelector(selector);
      var replacement = fresh.querySelector(selector);
      if (current && replacement) { current.replaceWith(replacement); }
    });
    document.title = fresh.title;
  }

  // Only the latest selection's answer is shown: an earlier, slower one is cancelled, else it
  // could arrive last and put back the results the visitor had already narrowed.
  var pending = null;

  function load(url, push) {
    if (pending) { pending.abort(); }
    var request = pending = new AbortController();
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: request.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (request !== pending) { return; }
        pending = null;
        swap(html);
        if (push) { history.pushState({ live: true }, "", url); }
        document.dispatchEvent(new CustomEvent("c40:results-updated", { detail: { url: url } }));
      })
      .catch(function () {
        if (request === pending) { location.href = url; }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-filters]");
    if (!form) { return; }
    form.addEventListener("change", function (event) {
      if (event.target.name !== "q") { load(queryOf(form), true); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load(queryOf(form), true);
    });
    window.addEventListener("popstate", function () { location.reload(); });
  });
})();
