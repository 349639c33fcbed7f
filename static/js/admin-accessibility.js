// Names and roles the admin's third-party widgets leave out (found by axe-core):
// modeltranslation's language switch has no label, jQuery UI tabs nest a link inside each
// tab, and the autocomplete's combobox is named only by its (empty) current choice.
(function () {
  "use strict";

  var switchLabel = document.currentScript.dataset.languageSwitchLabel;
  var jQuery = window.django && window.django.jQuery;

  if (jQuery && jQuery.ui && jQuery.ui.tabs) {
    // A tab whose link lost its href (below) still shows a panel of this page. Defined
    // before jQuery's ready handlers create the tabs (this script is deferred).
    jQuery.widget("ui.tabs", jQuery.ui.tabs, {
      _isLocal: function (anchor) {
        return !anchor.getAttribute("href") || this._super(anchor);
      },
    });
  }

  function labelLanguageSwitches() {
    document.querySelectorAll("select.modeltranslation-switch:not([aria-label])")
      .forEach(function (select) { select.setAttribute("aria-label", switchLabel); });
  }

  function unnestTabLinks() {
    // The <li role="tab"> is the focusable tab; jQuery UI finds the panel through it.
    document.querySelectorAll("li[role=tab] > a.ui-tabs-anchor[href]").forEach(function (link) {
      link.dataset.panel = link.getAttribute("href");
      link.removeAttribute("href");
    });
  }

  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.parentElement.querySelector(".select2-selection");
      if (!label || !container) { return; }
      label.id = label.id || select.id + "-label";
      var rendered = container.querySelector(".select2-selection__rendered");
      container.setAttribute("aria-labelledby", label.id + (rendered ? " " + rendered.id : ""));
      if (rendered) { rendered.setAttribute("aria-label", label.textContent.trim()); }
    });
  }

  function repair() {
    labelLanguageSwitches();
    unnestTabLinks();
    nameAutocompletes();
  }

  // After the widgets are built: jQuery runs ready handlers in order, and this one is added
  // after theirs; new inline rows get their tabs in a click handler that runs after ours.
  if (jQuery) {
    jQuery(repair);
  } else {
    document.addEventListener("DOMContentLoaded", repair);
  }
  document.addEventListener("formset:added", function () { setTimeout(repair); });
})();
