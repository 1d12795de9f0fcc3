// The country lists of the calculator and the claim kit (select[data-countries]) are served with
// their "choose…" option alone; the page carries the names once, in
// <template id="lsc-countries"> (tools/templates/calculator.html). A list gets them when the
// reader reaches it (focus, pointer or key: before it can open), when a script sets its value,
// and, all of them, in idle time once Python is ready or has failed, or 3 s after the form is
// ready if Python is still starting (main.js).
//
// Why: parsed and styled with the page, the names (about 250 per list, four lists on the claim
// kit's page) made the main thread late for PyScript's worker, on two cores: a second visit
// was ready about 50 ms later on the calculator (its one list, 16 visits a side) and 0.1 s
// later on the claim kit (its three, 20 a side).

/** Put the names into `target` if it is a country list still without them, or into every
 * such list inside it. */
export function withCountries(target) {
  const lists = target instanceof HTMLSelectElement ? [target]
    : target?.querySelectorAll ? target.querySelectorAll("select[data-countries]") : [];
  const names = document.getElementById("lsc-countries");
  if (!names) return;
  for (const list of lists) {
    if (!list.hasAttribute("data-countries")) continue;
    list.removeAttribute("data-countries");
    list.append(names.content.cloneNode(true));
  }
}

/** The lists inside `root` get their names as the reader reaches each. */
export function watchCountryLists(root) {
  for (const type of ["focusin", "pointerdown", "keydown"]) {
    root.addEventListener(type, ({ target }) => {
      if (target instanceof HTMLSelectElement) withCountries(target);
    }, { capture: true });
  }
}
