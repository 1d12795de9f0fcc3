// PyScript's page configuration, made before PyScript's core is evaluated (runtime.js imports
// this module first). PyScript reads <py-config> and <mpy-config> once, when its module runs,
// and for each of its two interpreters whose config does not turn them off it loads every
// plugin it ships (editor, terminal, game, donkey…), on every page that starts it. The
// calculator uses none of them: turning them off saves their requests and keeps the offline
// copy (sw.js) free of them. "error" stays: it reports PyScript's own errors.

const UNUSED_PLUGINS = ["codemirror", "deprecations-manager", "donkey", "py-editor", "py-game",
  "py-terminal"];

for (const type of ["py", "mpy"]) {
  if (document.querySelector(`${type}-config`)) continue;
  const config = document.createElement(`${type}-config`);
  config.setAttribute("type", "json");
  config.hidden = true;
  config.textContent = JSON.stringify({ plugins: UNUSED_PLUGINS.map((name) => `!${name}`) });
  document.head.append(config);
}
