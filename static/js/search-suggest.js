/* Suggestions as you type in a site search box (the WAI-ARIA combobox pattern with a listbox
   popup). Without JavaScript, or if the request fails, the box is a plain form that submits.
   A box opts in with data-suggest-url (the JSON search), data-suggest-count ("{count}
   suggestions") and data-kind-<kind> attributes naming each kind of page in its language. */
(function () {
  "use strict";
  var DELAY = 200;
  var SHOWN = 6;

  function setUp(input) {
    var language = document.documentElement.lang;
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var timer = null;
    var request = 0;
    var active = -1;
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
    }

    function show(results) {
      list.textContent = "";
      results.slice(0, SHOWN).forEach(function (result, position) {
        var option = document.createElement("li");
        var title = document.createElement("span");
        var kind = document.createElement("span");
        option.id = list.id + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = result.url[language];
        title.textContent = result.title[language];
        kind.className = "suggestion-kind";
        kind.textContent = input.dataset["kind" + result.kind.replace(/(^|-)(\w)/g, function (m, dash, letter) { return letter.toUpperCase(); })] || "";
        option.append(title, " ", kind);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { window.location.assign(option.dataset.url); });
        list.append(option);
      });
      status.textContent = results.length ? list.dataset.count.replace("{count}", Math.min(results.length, SHOWN)) : "";
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function look(query) {
      var mine = ++request;
      fetch(input.dataset.suggestUrl + "?limit=" + SHOWN + "&q=" + encodeURIComponent(query), {headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (mine === request) { show(data.results); } })
        .catch(close);
    }

    list.dataset.count = input.dataset.suggestCount || "{count}";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (!query) { request++; close(); return; }
      timer = window.setTimeout(function () { look(query); }, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { return; }
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].dataset.url);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        event.stopPropagation();  // the suggestions close, not the header's search panel
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  // The header's search panel (a <details>, which opens without JavaScript too): its box
  // takes the focus when it opens; Escape or a click elsewhere closes it.
  function setUpPanel(panel) {
    var summary = panel.querySelector("summary");
    panel.addEventListener("toggle", function () {
      if (panel.open) { panel.querySelector("input").focus(); }
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && panel.open) {
        panel.open = false;
        summary.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (panel.open && !panel.contains(event.target)) { panel.open = false; }
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
  document.querySelectorAll("details.header-search").forEach(setUpPanel);
})();
