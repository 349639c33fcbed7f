// Leaflet maps of the cities, drawn over the vendored world outline: no request leaves the
// host unless the site configures a tile layer (data-tile-url). Markers take their region's
// colour from CSS (.region-<slug> in site.css). They are drawn, not focusable: the list of
// cities is the accessible alternative, and a keyboard meets one map rather than ~100 stops.
// The directory's map is drawn when it is first shown: a phone, which lists the cities until
// the visitor asks for the map ([data-view-switch]), never downloads Leaflet otherwise.
(() => {
  "use strict";

  // Web Mercator ends short of the poles; one copy of the world, nothing to pan to beyond it.
  const WORLD = [[-85, -180], [85, 180]];
  const INHABITED = [[-56, -170], [75, 180]]; // the view with no cities to fit: no Antarctica
  const LANGUAGE = document.documentElement.lang.replace("-", "_"); // "en" → name_en
  const ANIMATE = !matchMedia("(prefers-reduced-motion: reduce)").matches;

  const inLanguage = (properties, name) => properties[`${name}_${LANGUAGE}`];

  function createMap(element, options) {
    const map = L.map(element, {
      attributionControl: false,
      zoomControl: false,
      scrollWheelZoom: false, // the wheel scrolls the page; buttons and + / - keys zoom
      maxBounds: WORLD,
      maxBoundsViscosity: 1,
      minZoom: 0,
      maxZoom: options.tileUrl ? 12 : 6, // beyond 6 the 1:110m outline has nothing to show
      zoomSnap: 0.5,
      zoomAnimation: ANIMATE,
      fadeAnimation: ANIMATE,
      inertia: ANIMATE,
    });
    L.control
      .zoom({ zoomInTitle: options.zoomInTitle, zoomOutTitle: options.zoomOutTitle })
      .addTo(map);
    if (options.tileUrl) {
      L.control.attribution({ prefix: false }).addTo(map);
      L.tileLayer(options.tileUrl, {
        attribution: options.tileAttribution,
        bounds: WORLD,
        noWrap: true,
      }).addTo(map);
    } else {
      fetch(options.worldUrl)
        .then((response) => response.json())
        .then((land) => {
          L.geoJSON(land, { className: "land", interactive: false }).addTo(map).bringToBack();
        });
    }
    map.on("zoomend", () => { element.dataset.zoom = map.getZoom(); }); // state for tests
    map.on("popupopen", (event) => {
      const close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", options.closePopupLabel); }
    });
    return map;
  }

  // A marker without a region takes the colour of the region it is drawn in (a city's page).
  function cityMarker(latLng, region, options) {
    const className = region ? `city-marker region-${region}` : "city-marker";
    return L.circleMarker(latLng, { radius: 6, className, ...options });
  }

  function popupContent(properties) {
    const content = document.createElement("p");
    const link = document.createElement("a");
    link.href = new URL(inLanguage(properties, "page"), location.href).pathname;
    link.textContent = inLanguage(properties, "name");
    const place = document.createElement("span");
    place.className = "muted";
    place.textContent = `${inLanguage(properties, "country")} · ${inLanguage(properties, "region")}`;
    content.append(link, document.createElement("br"), place);
    return content;
  }

  // Leaflet's stylesheet is loaded here, not in <head>: it would hold up the first paint of
  // pages whose text comes first. The map's box is sized by CSS, so nothing moves.
  function loadStylesheet(url) {
    return new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url;
      link.addEventListener("load", resolve);
      link.addEventListener("error", resolve);
      document.head.append(link);
    });
  }

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.addEventListener("load", resolve);
      script.addEventListener("error", reject);
      document.head.append(script);
    });
  }

  // Leaflet and its stylesheet, fetched once: the page's own <script> tag, else the holder's
  // data-leaflet-js. Rejects when Leaflet cannot be had: the map's fallback text stays.
  let leafletReady = null;
  function leaflet(holder) {
    if (!leafletReady) {
      const script = typeof L === "undefined" && holder.dataset.leafletJs
        ? loadScript(holder.dataset.leafletJs)
        : Promise.resolve();
      leafletReady = Promise.all([script, loadStylesheet(holder.dataset.leafletCss)]).then(() => {
        if (typeof L === "undefined") { throw new Error("Leaflet is not available"); }
      });
    }
    return leafletReady;
  }

  function drawDirectoryMap(element, options) {
    element.replaceChildren(); // the note for browsers without JavaScript
    const map = createMap(element, options);
    const markers = L.featureGroup().addTo(map);
    map.fitBounds(INHABITED);
    let pending = null;

    function show(collection) {
      markers.clearLayers();
      for (const { geometry, properties } of collection.features) {
        const [longitude, latitude] = geometry.coordinates;
        cityMarker([latitude, longitude], properties.region)
          .bindPopup(() => popupContent(properties))
          .addTo(markers);
      }
      map.fitBounds(collection.features.length ? markers.getBounds() : INHABITED, {
        animate: false,
        maxZoom: 4,
        padding: [16, 16],
      });
      element.dataset.markerCount = collection.features.length; // drawn and settled
    }

    function load(url) {
      if (pending) { pending.abort(); } // an earlier, slower answer must not overwrite this one
      pending = new AbortController();
      fetch(url, { signal: pending.signal })
        .then((response) => response.json())
        .then(show)
        .catch((error) => {
          if (error.name !== "AbortError") { throw error; }
        });
    }

    return { map, load };
  }

  function initDirectoryMap(holder) {
    holder.dataset.mapReady = "";
    const element = holder.querySelector("[data-map]");
    const endpoint = element.dataset.geojsonUrl.split("?")[0];
    let url = element.dataset.geojsonUrl; // follows the filters while the map is not drawn
    let drawn = null;
    let asked = false;

    // Drawn when it first has a size (at once on a wide screen; on a phone when the visitor
    // switches to the map), resized when its box changes.
    const observer = new ResizeObserver(() => {
      if (!element.offsetWidth) { return; }
      if (drawn) { drawn.map.invalidateSize(); return; }
      if (asked) { return; }
      asked = true;
      leaflet(holder).then(() => {
        drawn = drawDirectoryMap(element, holder.dataset);
        drawn.load(url);
      }, () => {});
    });
    observer.observe(element);

    function follow(event) {
      if (!holder.isConnected) { // no result: the page took the map away
        observer.disconnect();
        document.removeEventListener("c40:results-updated", follow);
        if (drawn) { drawn.map.remove(); }
        return;
      }
      const query = new URL(event.detail.url, location.href).searchParams;
      query.delete("page");
      url = String(query) ? `${endpoint}?${query}` : endpoint;
      if (drawn) { drawn.load(url); }
    }
    document.addEventListener("c40:results-updated", follow);
  }

  // List or map, on a phone (directory.css hides the switch on a wide screen, which shows both).
  // The choice is kept on the form, so it outlives the parts of the page that are swapped.
  function setUpViewSwitches() {
    for (const group of document.querySelectorAll("[data-view-switch][hidden]")) {
      const view = group.closest("form")?.dataset.view || "list";
      for (const button of group.querySelectorAll("[data-view]")) {
        button.setAttribute("aria-pressed", String(button.dataset.view === view));
      }
      group.hidden = false;
    }
  }

  function switchView(event) {
    const button = event.target.closest("[data-view-switch] [data-view]");
    const form = button?.closest("form");
    if (!form) { return; }
    form.dataset.view = button.dataset.view;
    for (const other of button.parentElement.querySelectorAll("[data-view]")) {
      other.setAttribute("aria-pressed", String(other === button));
    }
  }

  function setUpDirectory() {
    document.querySelectorAll("[data-directory-map]:not([data-map-ready])").forEach(initDirectoryMap);
    setUpViewSwitches();
  }

  function initCityMap(holder) {
    const options = holder.dataset;
    const fallback = holder.querySelector("svg");
    const element = document.createElement("div");
    element.className = "map";
    element.setAttribute("role", "region");
    element.setAttribute("aria-labelledby", fallback.getAttribute("aria-labelledby"));
    fallback.replaceWith(element);
    const position = [parseFloat(options.latitude), parseFloat(options.longitude)];
    const map = createMap(element, options);
    map.setView(position, 3);
    cityMarker(position, null, { radius: 7, interactive: false }).addTo(map);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-city-map]").forEach((holder) => {
      leaflet(holder).then(() => initCityMap(holder), () => {});
    });
    setUpDirectory();
    document.addEventListener("c40:results-updated", setUpDirectory); // a map may come back
    document.addEventListener("click", switchView);
  });
})();
