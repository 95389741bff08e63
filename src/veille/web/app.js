/* Veille map page. Article data is untrusted: every string reaches the page through
   textContent or createTextNode, never innerHTML. */
(function () {
  "use strict";

  var TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4"
  };
  var FIELD_LABELS = {
    event: "event (sentence)", trigger: "trigger", actor1: "actor 1", actor2: "actor 2", date: "date",
    place: "place", fatalities: "fatalities", injuries: "injuries"
  };
  var state = { start: "", end: "", type: "", country: "", q: "", min_sources: "", include_background: "" };
  var map, markerLayer, selectedId = null, markers = {};
  var listOnly = "";  /* "unmapped" or "undated": the list shows only those events */
  var placeRows = null, admin1Layer = null, admin1Labels = [], labelLayer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "class") node.className = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function colour(type) { return TYPE_COLOURS[type] || "#7f7f7f"; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function query(extra) {
    var p = new URLSearchParams();
    Object.keys(state).forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    if (extra) Object.keys(extra).forEach(function (k) { p.set(k, extra[k]); });
    return p.toString();
  }
  function api(path, params) {
    var url = path + (params ? "?" + params : "");
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
  }
  function setStatus(text) { $("status").textContent = text; }

  /* ------------------------------------------------------------------ map */
  function initMap() {
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 }).setView([15, 10], 2);
    window.__veilleMap = map;  /* for the browser tests */
    map.attributionControl.setPrefix("");
    map.attributionControl.addAttribution("Basemap: Natural Earth; place names: GeoNames");
    map.createPane("land");  /* the basemap: sea colour (the map's background), graticule, countries */
    map.getPane("land").style.zIndex = 300;
    map.getPane("land").style.pointerEvents = "none";
    var grat = [];
    for (var lat = -60; lat <= 60; lat += 30) grat.push([[lat, -180], [lat, 180]]);
    for (var lon = -180; lon <= 180; lon += 30) grat.push([[-85, lon], [85, lon]]);
    L.polyline(grat, { color: "#9bb7c9", weight: 0.6, interactive: false, pane: "land" }).addTo(map);
    fetch("/static/vendor/world/countries-110m.geojson").then(function (r) { return r.json(); }).then(function (world) {
      L.geoJSON(world, {
        interactive: false, pane: "land",
        style: function () { return { color: "#ffffff", weight: 0.7, fillColor: "#e7e3d8", fillOpacity: 1 }; }
      }).addTo(map).bringToBack();
    }).catch(function () { /* graticule alone still works */ });
    map.createPane("boundaries");  /* below the markers' overlay pane, never in the way of a click */
    map.getPane("boundaries").style.zIndex = 350;
    map.getPane("boundaries").style.pointerEvents = "none";
    map.createPane("labels");
    map.getPane("labels").style.zIndex = 380;  /* above the boundaries, below the markers */
    map.getPane("labels").style.pointerEvents = "none";
    labelLayer = L.layerGroup().addTo(map);
    map.on("zoomend moveend", updateBasemap);
    /* nearby and stacked events are clustered (a numbered circle); at the last zoom they spread out */
    markerLayer = (L.markerClusterGroup ? L.markerClusterGroup({
      maxClusterRadius: 30, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        return L.divIcon({ html: "<div><span>" + n + "</span></div>", iconSize: L.point(36, 36),
                           className: "marker-cluster veille-cluster marker-cluster-" + (n < 10 ? "small" : n < 100 ? "medium" : "large") });
      }
    }) : L.featureGroup()).addTo(map);
  }

  /* Admin-1 boundaries (Natural Earth 1:10m) from zoom 5, loaded on first need; place labels
     (GeoNames towns) by tier: capitals and the largest towns from zoom 2, towns of 15,000 from zoom 7. */
  var ADMIN1_ZOOM = 5, REGION_LABEL_ZOOM = 6, TIER_ZOOM = { 1: 2, 2: 4, 3: 5, 4: 7 }, MAX_LABELS = 250;

  function updateBasemap() {
    var z = map.getZoom();
    if (z >= ADMIN1_ZOOM && admin1Layer === null) {
      admin1Layer = false;  /* loading */
      fetch("/static/vendor/world/admin1-10m.geojson").then(function (r) { return r.json(); }).then(function (geo) {
        admin1Layer = L.geoJSON(geo, {
          interactive: false, pane: "boundaries", renderer: L.canvas({ pane: "boundaries", padding: 0.2 }),
          style: function () { return { color: "#8c8272", weight: 1, dashArray: "4 3", fill: false }; }
        });
        admin1Labels = geo.features.filter(function (f) { return f.properties.lat !== null && f.properties.name; })
          .map(function (f) { return [f.properties.name, f.properties.lat, f.properties.lon]; });
        updateBasemap();
      }).catch(function () { admin1Layer = null; });
    }
    if (admin1Layer) {
      if (z >= ADMIN1_ZOOM && !map.hasLayer(admin1Layer)) admin1Layer.addTo(map);
      if (z < ADMIN1_ZOOM && map.hasLayer(admin1Layer)) map.removeLayer(admin1Layer);
    }
    document.body.setAttribute("data-admin1", admin1Layer && map.hasLayer(admin1Layer) ? "shown" : "hidden");
    if (placeRows === null) {
      placeRows = [];
      fetch("/static/vendor/world/places.json").then(function (r) { return r.json(); }).then(function (rows) {
        placeRows = rows; drawLabels();
      }).catch(function () { /* no labels */ });
    }
    drawLabels();
  }

  function labelMarker(text, lat, lon, cls) {
    return L.marker([lat, lon], {
      pane: "labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "map-label " + cls, html: el("span", null, text), iconSize: null })
    });
  }

  /* Labels are placed biggest first and a label that would overlap one already placed is left
     out (its box estimated from its length), so that every label shown can be read. */
  function drawLabels() {
    if (!labelLayer) return;
    labelLayer.clearLayers();
    var z = map.getZoom(), bounds = map.getBounds().pad(0.1), n = 0, boxes = [];
    function place(text, lat, lon, cls, centred) {
      if (n >= MAX_LABELS || !bounds.contains([lat, lon])) return;
      var p = map.latLngToContainerPoint([lat, lon]), w = 6.5 * text.length + 8;
      var box = centred ? [p.x - w / 2, p.y - 10, p.x + w / 2, p.y + 4] : [p.x - 6, p.y - 10, p.x + w, p.y + 4];
      for (var i = 0; i < boxes.length; i++) {
        var b = boxes[i];
        if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) return;
      }
      boxes.push(box);
      labelLayer.addLayer(labelMarker(text, lat, lon, cls));
      n++;
    }
    (placeRows || []).forEach(function (r) {  /* [name, lat, lon, population, tier], largest first within a tier */
      if (z >= TIER_ZOOM[r[4]]) place(r[0], r[1], r[2], "place-label tier-" + r[4], false);
    });
    if (z >= REGION_LABEL_ZOOM) admin1Labels.forEach(function (r) { place(r[0], r[1], r[2], "region-label", true); });
    document.body.setAttribute("data-labels", String(n));
  }

  function tooltipFor(ev) {
    var box = el("div", { class: "veille-tooltip" });
    box.appendChild(el("strong", null, ev.event_type));
    box.appendChild(el("div", null, [ev.date_start || "?", ev.location || "", ev.country_code || ""].join(" ")));
    box.appendChild(el("div", null, ev.source_count + " source(s)" + (ev.fatalities !== null ? ", " + ev.fatalities + " killed" : "")));
    return box;
  }

  function drawMarkers(items) {
    markerLayer.clearLayers();
    markers = {};
    var unmapped = 0;
    items.forEach(function (ev) {
      if (ev.latitude === null || ev.longitude === null) { unmapped++; return; }
      /* the size says the reported toll: 5 px for none or unknown, growing with log(1 + deaths) */
      var m = L.circleMarker([ev.latitude, ev.longitude], {
        radius: 5 + 2 * Math.log2(1 + (ev.fatalities || 0)), color: "#222", weight: 1,
        fillColor: colour(ev.event_type), fillOpacity: 0.85, className: "veille-marker",
        bubblingMouseEvents: false  /* a click on a spread marker is no click on the map (which closes the spread) */
      });
      m.bindTooltip(tooltipFor(ev));
      m.on("click", function () { showEvent(ev.id); });
      m.on("add", function () {  /* a clustered marker gets its element only when it is drawn */
        var node = m.getElement();
        if (node) { node.setAttribute("data-event-id", String(ev.id)); node.setAttribute("data-type", ev.event_type); }
      });
      m.addTo(markerLayer);
      markers[ev.id] = m;
    });
    drawMissing(items);
  }

  /* Events the map or the timeline cannot show are counted; a click lists only them. */
  function drawMissing(items) {
    var note = $("unmapped"), counts = {
      unmapped: items.filter(function (ev) { return ev.latitude === null || ev.longitude === null; }).length,
      undated: items.filter(function (ev) { return !ev.date_start; }).length
    };
    var labels = { unmapped: " without coordinates (not on the map)", undated: " undated (not on the timeline)" };
    clear(note);
    note.hidden = !counts.unmapped && !counts.undated;
    ["unmapped", "undated"].forEach(function (kind) {
      if (!counts[kind]) return;
      var b = el("button", { type: "button", id: "only-" + kind, "aria-pressed": String(listOnly === kind),
                             title: listOnly === kind ? "Show every event in the list" : "List only these events" },
                 counts[kind] + " event(s)" + labels[kind]);
      b.addEventListener("click", function () { listOnly = listOnly === kind ? "" : kind; drawMissing(items); drawList(items); });
      note.appendChild(b);
    });
    if (listOnly && !counts[listOnly]) listOnly = "";
  }

  /* ------------------------------------------------------------------ list and legend */
  /* The legend filters: a click on a type shows only that type; a second click shows every type. */
  var legendTypes = [];
  function drawLegend(types) {
    if (types) legendTypes = types;
    var box = $("legend");
    clear(box);
    legendTypes.forEach(function (t) {
      var on = state.type === t;
      var item = el("button", { type: "button", class: "legend-item" + (on ? " active" : "") + (state.type && !on ? " dimmed" : ""),
                                "data-type": t, "aria-pressed": String(on),
                                title: on ? "Show every event type" : "Show only " + t });
      var sw = el("span", { class: "swatch" });
      sw.style.background = colour(t);
      item.appendChild(sw);
      item.appendChild(document.createTextNode(t));
      item.addEventListener("click", function () {
        state.type = state.type === t ? "" : t;
        $("f-type").value = state.type;
        refresh();
      });
      box.appendChild(item);
    });
  }

  function drawList(items) {
    var list = $("event-list");
    clear(list);
    items.forEach(function (ev) {
      var unmapped = ev.latitude === null || ev.longitude === null, undated = !ev.date_start;
      if ((listOnly === "unmapped" && !unmapped) || (listOnly === "undated" && !undated)) return;
      var li = el("li", { class: "event-item" + (unmapped ? " unmapped" : "") + (undated ? " undated" : ""),
                          "data-id": String(ev.id), tabindex: "0" });
      var sw = el("span", { class: "swatch" });
      sw.style.background = colour(ev.event_type);
      li.appendChild(sw);
      li.appendChild(el("strong", null, ev.event_type));
      li.appendChild(document.createTextNode(" " + (ev.sub_event_type || "")));
      var meta = [ev.date_start || "undated", ev.location || "?", ev.country_code || "", ev.source_count + " source(s)"];
      if (ev.fatalities !== null) meta.push(ev.fatalities + " killed");
      li.appendChild(el("div", { class: "meta" }, meta.join(" · ")));
      if (ev.actor1 || ev.actor2) li.appendChild(el("div", { class: "meta" }, [ev.actor1, ev.actor2].filter(Boolean).join(" vs ")));
      if (unmapped) li.appendChild(el("span", { class: "badge" }, "not on the map"));
      if (undated) li.appendChild(el("span", { class: "badge" }, "not on the timeline"));
      li.addEventListener("click", function () { showEvent(ev.id); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") showEvent(ev.id); });
      list.appendChild(li);
    });
  }

  /* ------------------------------------------------------------------ timeline */
  function iso(d) { return d.toISOString().slice(0, 10); }
  function utc(day) { return new Date(day + "T00:00:00Z"); }

  /* Bins of one day, one week (from Monday) or one month, chosen from the span of the data. */
  function binsFor(first, last) {
    var span = (utc(last) - utc(first)) / 86400000, unit = span <= 366 ? "day" : span <= 1464 ? "week" : "month";
    var d = utc(first);
    if (unit === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    if (unit === "month") d.setUTCDate(1);
    var out = [], end = utc(last);
    while (d <= end && out.length < 2000) {
      var next = new Date(d.getTime());
      if (unit === "day") next.setUTCDate(next.getUTCDate() + 1);
      else if (unit === "week") next.setUTCDate(next.getUTCDate() + 7);
      else next.setUTCMonth(next.getUTCMonth() + 1);
      var stop = new Date(next.getTime() - 86400000);
      out.push({ start: iso(d), end: iso(stop), count: 0 });
      d = next;
    }
    return { unit: unit, bins: out };
  }

  function drawTimeline(days) {
    var svg = $("timeline"), NS = "http://www.w3.org/2000/svg";
    clear(svg);
    svg._bins = null;
    if (!days.length) return;
    var b = binsFor(days[0].day, days[days.length - 1].day), bins = b.bins, j = 0;
    days.forEach(function (d) {
      while (j < bins.length - 1 && d.day > bins[j].end) j++;
      bins[j].count += d.events;
    });
    var width = svg.clientWidth || 800, height = 90, pad = 14;
    var bw = Math.max(1, (width - 2 * pad) / bins.length);
    var max = Math.max.apply(null, bins.map(function (x) { return x.count; }));
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("data-unit", b.unit);
    bins.forEach(function (bin, i) {
      var n = bin.count, h = n ? Math.max(2, (height - 28) * n / max) : 0;
      var on = state.start && state.start <= bin.end && (!state.end || bin.start <= state.end);
      var r = document.createElementNS(NS, "rect");
      r.setAttribute("class", "day" + (on ? " active" : ""));
      r.setAttribute("x", pad + i * bw); r.setAttribute("width", Math.max(1, bw - 1));
      r.setAttribute("y", height - 16 - h); r.setAttribute("height", h || 0.5);
      r.setAttribute("data-day", bin.start); r.setAttribute("data-end", bin.end); r.setAttribute("data-count", n);
      var title = document.createElementNS(NS, "title");
      title.textContent = (b.unit === "day" ? bin.start : bin.start + " → " + bin.end) + ": " + n + " event(s)";
      r.appendChild(title);
      svg.appendChild(r);
    });
    [bins[0].start, bins[bins.length - 1].end].forEach(function (day, i) {
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", i ? width - pad : pad); t.setAttribute("y", height - 3);
      t.setAttribute("text-anchor", i ? "end" : "start");
      t.textContent = day + (i ? "" : "  (bars: " + b.unit + ")");
      svg.appendChild(t);
    });
    svg._bins = bins; svg._pad = pad; svg._bw = bw;
  }

  function initTimelineBrush() {
    var svg = $("timeline"), NS = "http://www.w3.org/2000/svg", startX = null, brush = null;
    function dayAt(clientX) {
      var box = svg.getBoundingClientRect(), vb = (svg.viewBox.baseVal && svg.viewBox.baseVal.width) || box.width;
      var x = (clientX - box.left) * vb / box.width;
      var i = Math.floor((x - svg._pad) / svg._bw);
      i = Math.max(0, Math.min(svg._bins.length - 1, i));
      return { bin: svg._bins[i], x: x };
    }
    svg.addEventListener("mousedown", function (e) {
      if (!svg._bins) return;
      startX = dayAt(e.clientX);
      brush = document.createElementNS(NS, "rect");
      brush.setAttribute("class", "brush"); brush.setAttribute("y", 0); brush.setAttribute("height", 74);
      brush.setAttribute("x", startX.x); brush.setAttribute("width", 0);
      svg.appendChild(brush);
    });
    svg.addEventListener("mousemove", function (e) {
      if (!brush) return;
      var cur = dayAt(e.clientX);
      brush.setAttribute("x", Math.min(cur.x, startX.x));
      brush.setAttribute("width", Math.abs(cur.x - startX.x));
    });
    window.addEventListener("mouseup", function (e) {
      if (!brush) return;
      var cur = dayAt(e.clientX), lo = startX.bin, hi = cur.bin;
      brush = null; startX = null;
      if (lo.start > hi.start) { var t = lo; lo = hi; hi = t; }
      var a = lo.start, b = hi.end;
      state.start = a; state.end = b;
      $("f-start").value = a; $("f-end").value = b;
      refresh();
    });
  }

  /* ------------------------------------------------------------------ event detail */
  function dl(pairs) {
    var d = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      d.appendChild(el("dt", null, p[0]));
      d.appendChild(el("dd", null, p[1]));
    });
    return d;
  }

  function showEvent(id) {
    selectedId = id;
    Array.prototype.forEach.call(document.querySelectorAll(".event-item"), function (li) {
      li.classList.toggle("selected", li.getAttribute("data-id") === String(id));
    });
    return api("/events/" + id).then(function (ev) {
      var box = $("event-detail");
      clear(box);
      box.hidden = false;
      box.setAttribute("data-event-id", String(ev.id));
      box.appendChild(el("h3", null, ev.event_type + " — " + (ev.sub_event_type || "")));
      var date = ev.date_start ? (ev.date_start + (ev.date_end && ev.date_end !== ev.date_start ? " → " + ev.date_end : "")) : "undated";
      box.appendChild(dl([
        ["date", date], ["place", [ev.location, ev.admin1, ev.country].filter(Boolean).join(", ")],
        ["actor 1", ev.actor1], ["actor 2", ev.actor2],
        ["fatalities", ev.fatalities === null ? "not reported" : ev.fatalities],
        ["injuries", ev.injuries], ["sources", ev.source_count], ["notes", ev.summary]
      ]));
      ev.sources.forEach(function (s) {
        var card = el("div", { class: "source", "data-article-id": String(s.article_id) });
        card.appendChild(el("strong", null, s.title || ("article " + s.article_id)));
        card.appendChild(el("div", { class: "decision" }, [s.source, s.published, s.language].filter(Boolean).join(" · ")));
        var d = s.merge_decision || {};
        card.appendChild(el("div", { class: "decision" },
          (d.merged ? "merged: " : "first report: ") + (d.reason || "") + (d.score !== undefined ? " (score " + d.score + ")" : "")));
        (s.evidence || []).forEach(function (e) { card.appendChild(el("blockquote", null, e.text)); });
        var btn = el("button", { type: "button", class: "open-article" }, "Read article with evidence");
        btn.addEventListener("click", function () { showArticle(s.article_id, s.event_local_id); });
        card.appendChild(btn);
        box.appendChild(card);
      });
      var m = markers[ev.id];
      if (m && m._map) m.openTooltip();  /* a marker inside a cluster is not drawn: no tooltip */
      if (box.scrollIntoView) box.scrollIntoView({ block: "nearest" });
    });
  }

  /* ------------------------------------------------------------------ article view */
  function fieldSpans(ev) {
    var out = [];
    function add(field, spans, value) {
      (spans || []).forEach(function (s) { if (s && s.end > s.start) out.push({ field: field, start: s.start, end: s.end, value: value }); });
    }
    add("event", ev.evidence, ev.summary || ev.event_type);
    if (ev.trigger_span) add("trigger", [ev.trigger_span], ev.trigger);
    if (ev.actor1) add("actor1", ev.actor1.evidence, ev.actor1.name);
    if (ev.actor2) add("actor2", ev.actor2.evidence, ev.actor2.name);
    if (ev.date) add("date", ev.date.evidence, [ev.date.start_date, ev.date.end_date !== ev.date.start_date ? ev.date.end_date : null].filter(Boolean).join(" → ") || ev.date.text);
    if (ev.place) add("place", ev.place.evidence, [ev.place.site, ev.place.name, ev.place.country].filter(Boolean).join(", "));
    if (ev.fatalities_detail) add("fatalities", ev.fatalities_detail.evidence, ev.fatalities);
    if (ev.injuries_detail) add("injuries", ev.injuries_detail.evidence, ev.injuries);
    return out;
  }

  function renderHighlighted(container, text, spans) {
    clear(container);
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(Math.max(0, Math.min(text.length, s.start)), Math.max(0, Math.min(text.length, s.end))); });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var firstMark = {};
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1], piece = text.slice(a, b);
      var covering = spans.filter(function (s) { return s.start <= a && b <= s.end; });
      if (!covering.length) { container.appendChild(document.createTextNode(piece)); continue; }
      covering.sort(function (x, y) { return (x.end - x.start) - (y.end - y.start); });
      var inner = covering[0].field;
      var fields = covering.map(function (s) { return s.field; }).filter(function (v, k, arr) { return arr.indexOf(v) === k; });
      var mark = el("mark", { class: "f-" + inner, "data-field": inner, "data-fields": fields.join(" ") }, piece);
      mark.title = fields.map(function (f) { return FIELD_LABELS[f] || f; }).join(", ");
      if (!firstMark[inner]) { mark.id = "mark-" + inner; firstMark[inner] = mark; }
      mark.addEventListener("click", onMarkClick);
      container.appendChild(mark);
    }
  }

  function onMarkClick(e) {
    var field = e.currentTarget.getAttribute("data-field");
    focusField(field, false);
  }

  function focusField(field, scroll) {
    Array.prototype.forEach.call(document.querySelectorAll("#article-fields li, #article-text mark"), function (n) {
      var f = n.getAttribute("data-field");
      n.classList.toggle("focus", f === field);
    });
    var m = document.getElementById("mark-" + field);
    if (scroll && m && m.scrollIntoView) m.scrollIntoView({ block: "center" });
  }

  function showArticle(articleId, eventLocalId) {
    return api("/articles/" + articleId).then(function (art) {
      var report = art.report, view = $("article-view");
      view.hidden = false;
      view.setAttribute("data-article-id", String(articleId));
      $("article-title").textContent = report.title || report.id || ("article " + articleId);
      $("article-meta").textContent = [report.source, report.published, report.language, report.url].filter(Boolean).join(" · ");
      var ev = (report.events || []).filter(function (e) { return e.id === eventLocalId; })[0] || (report.events || [])[0];
      var spans = ev ? fieldSpans(ev) : [];
      var list = $("article-fields");
      clear(list);
      var seen = {};
      spans.forEach(function (s) {
        if (seen[s.field]) return;
        seen[s.field] = true;
        var li = el("li", { class: "f-" + s.field, "data-field": s.field });
        li.appendChild(el("strong", null, (FIELD_LABELS[s.field] || s.field) + ": "));
        li.appendChild(document.createTextNode(s.value === null || s.value === undefined ? "" : String(s.value)));
        li.addEventListener("click", function () { focusField(s.field, true); });
        list.appendChild(li);
      });
      renderHighlighted($("article-text"), report.text, spans);
      view.scrollIntoView && view.scrollIntoView({ block: "start" });
    });
  }

  /* ------------------------------------------------------------------ loading */
  function updateExportLinks() {
    var q = query();
    $("x-csv").href = "/export.csv" + (q ? "?" + q : "");
    $("x-geojson").href = "/export.geojson" + (q ? "?" + q : "");
    $("x-jsonl").href = "/export.jsonl" + (q ? "?" + q : "");
  }

  function refresh() {
    setStatus("loading…");
    updateExportLinks();
    var q = query();
    return Promise.all([api("/events", query({ limit: 1000 })), api("/timeline", q)]).then(function (res) {
      var page = res[0];
      drawLegend();
      drawMarkers(page.items);
      drawList(page.items);
      drawTimeline(res[1].days);
      if (selectedId !== null && !page.items.some(function (ev) { return ev.id === selectedId; })) {
        selectedId = null;  /* its event is filtered away: close the detail */
        $("event-detail").hidden = true;
      }
      setStatus(page.total + " event(s)" + (page.total > page.items.length ? " (showing " + page.items.length + ")" : ""));
      if (page.items.length) {
        var bounds = markerLayer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 6, animate: false });
      }
      updateBasemap();
      document.body.setAttribute("data-loaded", "1");
    }).catch(function (err) { setStatus("error: " + err.message); });
  }

  function readForm() {
    state.start = $("f-start").value; state.end = $("f-end").value;
    state.type = $("f-type").value; state.country = $("f-country").value; state.q = $("f-q").value.trim();
    state.min_sources = $("f-min").value;
    state.include_background = $("f-bg").checked ? "true" : "";
  }

  function init() {
    initMap();
    initTimelineBrush();
    $("filters").addEventListener("submit", function (e) { e.preventDefault(); readForm(); refresh(); });
    $("f-reset").addEventListener("click", function () {
      $("filters").reset(); readForm(); refresh();
    });
    $("t-clear").addEventListener("click", function () {
      $("f-start").value = ""; $("f-end").value = ""; readForm(); refresh();
    });
    $("article-close").addEventListener("click", function () { $("article-view").hidden = true; });
    api("/facets").then(function (f) {
      f.event_types.forEach(function (t) { $("f-type").appendChild(el("option", { value: t }, t)); });
      f.countries.forEach(function (c) {
        $("f-country").appendChild(el("option", { value: c.country_code }, (c.country || c.country_code) + " (" + c.events + ")"));
      });
      drawLegend(f.event_types);
    }).finally(refresh);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
