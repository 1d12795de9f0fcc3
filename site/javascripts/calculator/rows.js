// A list of rows cloned from a <template> (the kit's history rows, the agency offers): each
// row's controls are named by their path in the kit's request (`offers.0.fixed_fee`), have ids
// their labels point at, and the row and its "Remove" button are titled with its number.

import { t } from "./strings.js";

export class RowList {
  /** `list`: the request's key; `title`: the catalogue key of "Row {number}". */
  constructor(rows, template, { list, title, max, onChange }) {
    Object.assign(this, { rows, template, list, title, max });
    rows.addEventListener("click", (event) => {
      const remove = event.target.closest("[data-remove]");
      if (!remove) return;
      remove.closest("li").remove();
      this.renumber();
      onChange();
    });
  }

  /** A new row at the end; null when the list is full. */
  add() {
    if (this.rows.children.length >= this.max) return null;
    const row = this.template.content.firstElementChild.cloneNode(true);
    this.rows.append(row);
    this.renumber();
    return row;
  }

  renumber() {
    [...this.rows.children].forEach((row, index) => {
      const title = t(this.title, { number: index + 1 });
      row.setAttribute("aria-label", title);
      for (const control of row.querySelectorAll("[data-key]")) {
        control.name = `${this.list}.${index}.${control.dataset.key}`;
        control.id = `kit-${this.list}-${index}-${control.dataset.key}`;
        const label = row.querySelector(`label[data-for="${control.dataset.key}"]`);
        if (label) label.htmlFor = control.id;
      }
      const remove = row.querySelector("[data-remove]");
      remove.setAttribute("aria-label", `${title}: ${remove.textContent}`);
    });
  }
}
