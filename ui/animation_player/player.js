// The training animation's player, inside the frame Streamlit gives a custom component.
//
// Streamlit's side of the conversation (component API version 1): we announce that we are
// ready, Streamlit sends a "render" message with the arguments after every rerun, and we
// report the height we need. The player never sends a value back, so playing, pausing,
// scrubbing and changing the speed never involve the server.
"use strict";

const chart = document.getElementById("chart");
const playButton = document.getElementById("play");
const pauseButton = document.getElementById("pause");
const resumeButton = document.getElementById("resume");
const stepInput = document.getElementById("step");
const iterationOutput = document.getElementById("iteration");
const speedSelect = document.getElementById("speed");

// Not Plotly's "responsive" mode: it sizes the chart to its parent's height, which here is
// the frame's, and the controls would slide over the chart. The width follows the window.
// No "Share chart" button: it would upload the chart, and so the user's data, to Plotly's cloud.
const CONFIG = { displaylogo: false, scrollZoom: false, modeBarButtonsToRemove: ["sendChartToCloud"] };
// Frames only move traces that already exist, so Plotly can skip a full redraw.
const JUMP = { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } };

const player = {
  revision: null, // data revision of the figure on screen
  names: [],      // frame names: the real iteration numbers
  index: 0,       // frame on screen
  playing: false,
  shape: null,    // the figure on screen as text (figureShape), to tell what a new one changes
  draws: 0,       // full redraws so far
  loaded: [],     // names of the frames Plotly holds, in its order
};

// The figure as text: its layout without the data revision, and per trace its coordinates,
// text and name apart from everything else (kind, style, axes).
function figureShape(figure) {
  const { datarevision, ...layout } = figure.layout;
  return {
    layout: JSON.stringify(layout),
    traces: figure.data.map(({ x, y, text, name, ...style }) => ({
      style: JSON.stringify(style), x: JSON.stringify(x), y: JSON.stringify(y), text: JSON.stringify(text),
      name: JSON.stringify(name),
    })),
  };
}

// An axis that Plotly ranges from the data: new coordinates on it need a full redraw.
function autoranged(layout, trace, letter) {
  const id = trace[`${letter}axis`] || letter;
  const axis = layout[`${letter}axis${id.slice(1)}`];
  return !axis || !Array.isArray(axis.range) || axis.autorange === true;
}

// When a new figure differs from the one on screen only in traces' coordinates, text and
// names (another run of the same kind on the same data and view, or another threshold, which
// names the boundary and the accuracy by its value), the traces that changed, with their new
// values, and the traces renamed; null when it differs in anything else.
function quickChanges(before, after, figure) {
  if (before === null || before.layout !== after.layout || before.traces.length !== after.traces.length) return null;
  const data = [];
  const traces = [];
  const renamed = { names: [], traces: [] };
  for (let index = 0; index < after.traces.length; index++) {
    const old = before.traces[index];
    const now = after.traces[index];
    if (old.style !== now.style) return null;
    const trace = figure.data[index];
    if (old.name !== now.name) {
      renamed.names.push(trace.name ?? null);
      renamed.traces.push(index);
    }
    const update = {};
    for (const key of ["x", "y", "text"]) {
      if (old[key] === now[key]) continue;
      if (trace[key] === undefined || (key !== "text" && autoranged(figure.layout, trace, key))) return null;
      update[key] = trace[key];
    }
    if (Object.keys(update).length) {
      data.push({ type: trace.type, ...update });
      traces.push(index);
    }
  }
  // Plotly.animate draws again only the traces it is given, and a line on an axis overlaying
  // theirs (the same x axis, another y axis) vanishes when left out: the loss curve, when a
  // threshold moves only the accuracy beside it. Such traces go along with their coordinates
  // as they are; traces of the changed traces' own axes are drawn as they were.
  const changedAxes = new Map();
  for (const index of traces) {
    const trace = figure.data[index];
    const x = trace.xaxis ?? "x";
    if (!changedAxes.has(x)) changedAxes.set(x, new Set());
    changedAxes.get(x).add(trace.yaxis ?? "y");
  }
  const given = new Set(traces);
  figure.data.forEach((trace, index) => {
    const yaxes = changedAxes.get(trace.xaxis ?? "x");
    if (given.has(index) || yaxes === undefined || yaxes.has(trace.yaxis ?? "y")) return;
    const update = { type: trace.type };
    for (const key of ["x", "y", "text"]) if (trace[key] !== undefined) update[key] = trace[key];
    data.push(update);
    traces.push(index);
  });
  return { data, traces, renamed };
}

function post(type, fields) {
  window.parent.postMessage({ isStreamlitMessage: true, type, ...fields }, "*");
}

function reportHeight() {
  post("streamlit:setFrameHeight", { height: Math.ceil(document.body.scrollHeight) });
}

function updateControls() {
  const last = player.names.length - 1;
  stepInput.max = String(Math.max(last, 0));
  stepInput.value = String(player.index);
  const iteration = player.names[player.index] ?? "";
  iterationOutput.textContent = `Iteration ${iteration}`;
  stepInput.setAttribute("aria-valuetext", `Iteration ${iteration}`);
  pauseButton.disabled = !player.playing;
  resumeButton.disabled = player.playing || player.index >= last;
}

function frameMilliseconds() {
  return Number(speedSelect.value);
}

function play(fromIndex) {
  if (!player.names.length) return;
  player.playing = true;
  Plotly.animate(chart, player.names.slice(fromIndex), {
    ...JUMP, frame: { duration: frameMilliseconds(), redraw: false },
  });
  updateControls();
}

function pause() {
  if (!player.playing) return;
  player.playing = false;
  // an empty frame played at once replaces whatever is still queued
  Plotly.animate(chart, [null], JUMP);
  updateControls();
}

function jump(index) {
  player.index = index;
  Plotly.animate(chart, [player.names[index]], JUMP);
  updateControls();
}

// Space plays, pauses and plays on (presentation mode): anywhere on the page except in a
// control that uses the key itself.
function togglePlaying() {
  if (player.playing) pause();
  else play(player.index >= player.names.length - 1 ? 0 : player.index);
}

const KEEPS_SPACE = "input, textarea, select, button, a, [role='slider'], [role='combobox'], [contenteditable='true']";

function onSpace(event) {
  if (event.key !== " " || event.repeat || event.ctrlKey || event.altKey || event.metaKey) return;
  if (event.target instanceof Element && event.target.closest(KEEPS_SPACE)) return;
  event.preventDefault();
  togglePlaying();
}

let spaceListening = false;

function listenToSpace() {
  if (spaceListening) return;
  spaceListening = true;
  document.addEventListener("keydown", onSpace);
  try {
    const page = window.parent.document;
    page.addEventListener("keydown", onSpace);
    window.addEventListener("pagehide", () => page.removeEventListener("keydown", onSpace));
  } catch (error) {
    // the page is on another origin: Space works while the player has the focus
  }
}

// In presentation mode the chart takes the window's height less the toolbar above it and
// the controls below, so the chart and Play are on screen together.
function fittedHeight(args) {
  if (!args.fit_screen) return null;
  let available;
  try {
    available = window.parent.innerHeight;
  } catch (error) {
    available = window.screen.availHeight;
  }
  const controls = document.getElementById("controls").offsetHeight;
  return Math.max(args.min_height, Math.floor(available - args.fit_offset - controls));
}

let lastArgs = null;

playButton.addEventListener("click", () => play(0));
pauseButton.addEventListener("click", pause);
resumeButton.addEventListener("click", () => play(player.index));
stepInput.addEventListener("input", () => {
  pause();
  jump(Number(stepInput.value));
});
speedSelect.addEventListener("change", () => {
  if (player.playing) play(player.index);
});

function listenToPlotly() {
  chart.on("plotly_animatingframe", (event) => {
    const index = player.names.indexOf(event.name);
    if (index >= 0) {
      player.index = index;
      updateControls();
    }
  });
  // Also fired when a pause or a jump ends: only the end of the frames ends playing. (Pause
  // stops it at once; waiting for this event would undo a play started meanwhile.)
  chart.on("plotly_animated", () => {
    if (player.index === player.names.length - 1) player.playing = false;
    updateControls();
  });
}

function fillSpeeds(speeds) {
  if (speedSelect.options.length) return;  // keep the user's choice across reruns
  for (const [label, milliseconds, chosen] of speeds) {
    const option = new Option(`${label} (${milliseconds} ms per frame)`, String(milliseconds), chosen, chosen);
    speedSelect.add(option);
  }
}

function applyTheme(theme, fontSize) {
  const style = document.documentElement.style;
  if (theme) {
    style.setProperty("--text", theme.textColor);
    style.setProperty("--accent", theme.primaryColor);
    style.setProperty("--surface", theme.secondaryBackgroundColor);
    if (theme.font) style.setProperty("--font", theme.font);
  }
  style.setProperty("--font-size", `${fontSize}px`);
}

// The page's fonts are declared in Streamlit's own page, which this frame shares an origin
// with: declaring them here too lets the chart and the controls use the same lettering.
function borrowFonts() {
  let sheets;
  try {
    sheets = [...window.parent.document.styleSheets];
  } catch (error) {
    return;  // the page is on another origin: the fallback font will do
  }
  const declarations = [];
  for (const sheet of sheets) {
    let rules;
    try {
      rules = [...sheet.cssRules];
    } catch (error) {
      continue;  // a style sheet from another origin cannot be read
    }
    const base = sheet.href || window.parent.location.href;
    for (const rule of rules) {
      if (rule.type !== CSSRule.FONT_FACE_RULE || rule.style.fontFamily.startsWith("KaTeX")) continue;
      declarations.push(rule.cssText.replace(
        /url\((["']?)([^"')]+)\1\)/g, (_, quote, url) => `url("${new URL(url, base).href}")`,
      ));
    }
  }
  const element = document.createElement("style");
  element.textContent = declarations.join("\n");
  document.head.appendChild(element);
}

let drawing = Promise.resolve();
let latest = null;

// Only the newest figure matters: renders that arrive while one is being drawn replace
// each other, and the last one is drawn next.
function onRender(args, theme) {
  const pending = latest !== null;
  latest = { args, theme };
  if (pending) return;
  drawing = drawing.then(async () => {
    const { args: newest, theme: newestTheme } = latest;
    latest = null;
    try {
      await draw(newest, newestTheme);
    } catch (error) {
      chart.textContent = `The chart could not be drawn: ${error}`;
    }
  });
}

async function draw(args, theme) {
  lastArgs = args;
  applyTheme(theme, args.font_size);
  fillSpeeds(args.speeds);
  if (args.space_key) listenToSpace();
  if (args.revision === player.revision) {
    await fitHeight();
    reportHeight();
    return;
  }
  const figure = JSON.parse(new TextDecoder().decode(args.figure));
  const fitted = fittedHeight(args);
  if (fitted !== null) figure.layout.height = fitted;
  const names = figure.frames.map((frame) => frame.name);
  // The same frames (the threshold moved, or another run over as many iterations): stay on
  // the iteration in view and keep playing if it was playing. Other frames start at the end.
  const sameFrames = names.join() === player.names.join();
  const wasPlaying = player.playing;
  const stayAt = sameFrames ? player.index : names.length - 1;
  pause();
  const first = player.revision === null;
  player.revision = args.revision;
  player.names = names;
  const shape = figureShape(figure);
  const changes = first ? null : quickChanges(player.shape, shape, figure);
  player.shape = shape;
  if (changes !== null) {
    // Only coordinates, text and names changed: the new frames replace the old, and the traces that
    // changed move in place as a frame moves them, so the rest (a cloud of a thousand
    // points, the axes, the legend) is not drawn again.
    // A frame of the same name is replaced, a new one goes at the end; frames of iterations no
    // longer shown go, one at a time from the last (Plotly sorts a list of indices as text, so
    // a longer list deletes the wrong ones).
    const kept = new Set(names);
    for (let index = player.loaded.length - 1; index >= 0; index--) {
      if (!kept.has(player.loaded[index])) await Plotly.deleteFrames(chart, [index]);
    }
    const loaded = player.loaded.filter((name) => kept.has(name));
    const present = new Set(loaded);
    player.loaded = [...loaded, ...names.filter((name) => !present.has(name))];
    await Plotly.addFrames(chart, figure.frames);
    if (changes.traces.length) await Plotly.animate(chart, { data: changes.data, traces: changes.traces }, JUMP);
    // a new name restyles the traces and redraws the legend, not the whole chart
    if (changes.renamed.traces.length) await Plotly.restyle(chart, { name: changes.renamed.names }, changes.renamed.traces);
  } else {
    // a revision Plotly has never seen: after quick updates, the one in its layout is stale
    figure.layout.datarevision = `${args.revision}:${++player.draws}`;
    await Plotly.react(chart, { data: figure.data, layout: figure.layout, frames: figure.frames, config: CONFIG });
    laidOutWidth = chart.clientWidth;
    player.loaded = names;
  }
  if (first) listenToPlotly();
  player.index = names.length - 1;  // the figure's own traces show the last iteration
  if (wasPlaying && sameFrames) play(stayAt);
  else if (stayAt !== player.index) jump(stayAt);
  updateControls();
  reportHeight();
}

window.addEventListener("message", (event) => {
  if (event.data && event.data.type === "streamlit:render") onRender(event.data.args, event.data.theme);
});
new ResizeObserver(reportHeight).observe(document.body);
let resizing = false;
// The chart's width when Plotly last laid it out. The frame's height follows the chart
// (reportHeight), and each such change is a resize event here; Plotly's resize would lay the
// whole chart out again 100 ms later (some 25 ms of work, often in the middle of the next
// rerun's redraw), though only a new width changes anything.
let laidOutWidth = null;
function onResize() {
  if (resizing || player.revision === null) return;
  resizing = true;
  requestAnimationFrame(async () => {
    resizing = false;
    await fitHeight();
    if (chart.clientWidth === laidOutWidth) return;
    laidOutWidth = chart.clientWidth;
    Plotly.Plots.resize(chart);
  });
}
window.addEventListener("resize", onResize);
try {
  // a window made taller or shorter leaves this frame's size alone: the fitted chart follows it
  const page = window.parent;
  page.addEventListener("resize", onResize);
  window.addEventListener("pagehide", () => page.removeEventListener("resize", onResize));
} catch (error) {
  // another origin: the chart keeps its height
}

async function fitHeight() {
  if (lastArgs === null || player.revision === null) return;
  const fitted = fittedHeight(lastArgs);
  if (fitted !== null && fitted !== chart.layout.height) await Plotly.relayout(chart, { height: fitted });
}
borrowFonts();
post("streamlit:componentReady", { apiVersion: 1 });
