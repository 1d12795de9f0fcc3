// The calculator form: rows of periods, quick/detailed modes, Claim JSON in and out, and
// errors shown next to the fields they concern. It knows the shape of a Claim, never a rule:
// every check is the engine's, reported back through `showErrors`.

import { watchCountryLists, withCountries } from "./countries.js";
import { list, t } from "./strings.js";

const LISTS = {
  employees_pension: {
    rows: "lsc-epi-rows", template: "lsc-epi-row",
    keys: ["from", "to", "standard_monthly_remuneration", "monthly_salary", "already_paid_out"],
    noun: t("ui.js.epi_noun"), plural: t("ui.js.epi_plural"), quick: t("ui.js.epi_quick"),
  },
  national_pension: {
    rows: "lsc-np-rows", template: "lsc-np-row", keys: ["from", "to", "status", "already_paid_out"],
    noun: t("ui.js.np_noun"), plural: t("ui.js.np_plural"), quick: t("ui.js.np_quick"),
  },
  bonuses: {
    rows: "lsc-bonus-rows", template: "lsc-bonus-row", keys: ["month", "amount"],
    noun: t("ui.js.bonus_noun"), plural: t("ui.js.bonus_plural"),
  },
};
const SCALARS = [
  "claim_date", "nationality", "left_japan_on", "ever_entitled_to_pension",
  "permanent_resident", "other_retirement_income_same_year", "what_if_96_month_cap",
  "reentry_permit_until", "moved_out_notice_filed",
];
const AMOUNT_KINDS = ["monthly_salary", "standard_monthly_remuneration"];
const MAX_ROWS = { employees_pension: 600, national_pension: 600, bonuses: 1200 };

let uid = 0;

/** Today as YYYY-MM-DD in the user's own time zone (the claim date's default). */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Full-width digits and separators from a Japanese IME become ASCII; spaces are trimmed. */
function cleanText(value) {
  return value.normalize("NFKC").trim();
}

/**
 * A yen amount as typed. Thousands separators are dropped; whole numbers are sent as numbers
 * and anything else as the text typed, so the engine can say what is wrong with it.
 */
function yen(value) {
  const text = cleanText(value).replace(/[,\s]/g, "");
  return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isScalar(value) {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

export class CalculatorForm {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("#calc-form");
    this.kept = root.querySelector("#lsc-kept");
    this.listeners = new Set();
    this.dirty = false;
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", (event) => this.#edited(event.target));
    this.form.addEventListener("change", (event) => this.#edited(event.target));
    this.form.addEventListener("click", (event) => this.#clicked(event));
    watchCountryLists(this.form);
    this.reset();
  }

  /** Call `listener()` after every edit the user makes. */
  onChange(listener) {
    this.listeners.add(listener);
  }

  get mode() {
    return this.root.dataset.mode;
  }

  set mode(mode) {
    this.root.dataset.mode = mode;
    for (const radio of this.form.elements.mode) radio.checked = radio.value === mode;
    this.#updateKeptNote();
  }

  /** An empty form: one empty row per period list, claim date today, quick mode. */
  reset() {
    for (const option of this.form.querySelectorAll("option[data-from-link]")) option.remove();
    for (const element of this.form.querySelectorAll("[data-path]")) {
      if (element.type === "checkbox") element.checked = false;
      else if ("value" in element) element.value = "";
    }
    this.#field("claim_date").value = today();
    for (const name of Object.keys(LISTS)) {
      this.#rowsOf(name).replaceChildren();
      if (name !== "bonuses") this.#addRow(name);
    }
    this.clearErrors();
    this.mode = "quick";
  }

  /**
   * The Claim the form describes, omitting empty optional keys and blank rows, plus `fields`:
   * a map from each Claim path ("employees_pension.0.to") to where it is shown.
   * Quick mode sends only what it shows: the first period of each kind, no bonuses.
   */
  read() {
    const quick = this.mode === "quick";
    const claim = {};
    const fields = new Map([["", { element: null, describe: "" }]]);
    for (const key of SCALARS) {
      const element = this.#field(key);
      if (element.closest(".lsc-detailed-only") && quick) continue;
      fields.set(key, { element, describe: this.#labelOf(element) });
      if (element.type === "checkbox") {
        // data-invert: the box says the opposite of the Claim key ("I did not file…").
        if (element.checked) claim[key] = element.dataset.invert === undefined;
      } else if (element.value.trim() !== "") {
        claim[key] = element.dataset.yen !== undefined ? yen(element.value) : cleanText(element.value);
      }
    }
    for (const [name, list] of Object.entries(LISTS)) {
      fields.set(name, { element: this.#rowsOf(name).closest("fieldset"), describe: list.plural });
      if (quick && name === "bonuses") continue;
      const rows = [...this.#rowsOf(name).children].slice(0, quick ? 1 : undefined);
      const items = [];
      rows.forEach((row, position) => {
        if (this.#isBlank(row)) return; // an empty row is no period at all
        // Claim indexes skip blank rows, so the map, not the row's position, links them.
        const prefix = `${name}.${items.length}`;
        const noun = quick ? list.quick : `${list.noun} ${position + 1}`;
        fields.set(prefix, { element: row, describe: noun });
        items.push(this.#readRow(name, row, prefix, noun, fields));
      });
      if (items.length) claim[name] = items;
    }
    return { claim, fields };
  }

  #readRow(name, row, prefix, noun, fields) {
    const item = {};
    for (const input of row.querySelectorAll("[data-key]")) {
      const key = input.dataset.key;
      if (key === "kind") continue; // it names the key the amount is sent under
      if (this.mode === "quick" && input.closest(".lsc-detailed-only")) continue;
      const entry = { element: input, describe: `${noun}: ${this.#labelOf(input)}` };
      let sentAs = key;
      if (name === "employees_pension" && key === "amount") {
        sentAs = row.querySelector('[data-key="kind"]').value;
        for (const kind of AMOUNT_KINDS) fields.set(`${prefix}.${kind}`, entry);
      } else {
        fields.set(`${prefix}.${key}`, entry);
      }
      if (input.type === "checkbox") {
        if (input.checked) item[sentAs] = true;
      } else if (input.tagName === "SELECT") item[sentAs] = input.value;
      else if (input.value.trim() !== "") item[sentAs] = input.dataset.yen !== undefined ? yen(input.value) : cleanText(input.value);
    }
    return item;
  }

  /**
   * Fill the form from a Claim object (from a link). Returns false, leaving an empty form, when
   * the object has a shape the form cannot show; values themselves are kept as they are, for
   * the engine to judge.
   */
  fill(claim) {
    this.reset();
    try {
      this.#fill(claim);
    } catch {
      this.reset();
      return false;
    }
    const detailed = ["employees_pension", "national_pension"].some((name) => (claim[name]?.length ?? 0) > 1)
      || (claim.bonuses?.length ?? 0) > 0
      || ![undefined, null, "", 0, "0"].includes(claim.other_retirement_income_same_year);
    this.mode = detailed ? "detailed" : "quick";
    for (const element of this.form.querySelectorAll("input, select")) element.dataset.touched = "1";
    this.dirty = true;
    return true;
  }

  #fill(claim) {
    for (const key of Object.keys(claim)) {
      if (!SCALARS.includes(key) && !(key in LISTS)) throw new Error(`unknown key ${key}`);
    }
    for (const key of SCALARS) {
      if (!(key in claim)) continue;
      const value = claim[key];
      if (!isScalar(value)) throw new Error(`${key} is not a single value`);
      const element = this.#field(key);
      if (element.type === "checkbox") {
        const on = value === true || value === "true";
        element.checked = element.dataset.invert === undefined ? on : !on && (value === false || value === "false");
      } else this.#setValue(element, value);
    }
    for (const [name, list] of Object.entries(LISTS)) {
      if (!(name in claim)) continue;
      const items = claim[name];
      if (!Array.isArray(items) || items.length > MAX_ROWS[name]) throw new Error(`${name} is not a list`);
      this.#rowsOf(name).replaceChildren();
      for (const item of items) {
        if (!isPlainObject(item)) throw new Error(`${name} has a non-object`);
        if (Object.keys(item).some((key) => !list.keys.includes(key))) throw new Error(`${name} has unknown keys`);
        const row = this.#addRow(name);
        const amountKinds = AMOUNT_KINDS.filter((kind) => kind in item);
        if (amountKinds.length > 1) throw new Error("both amounts given");
        for (const [key, value] of Object.entries(item)) {
          if (!isScalar(value)) throw new Error(`${name}.${key} is not a single value`);
          if (AMOUNT_KINDS.includes(key)) {
            row.querySelector('[data-key="kind"]').value = key;
            this.#setValue(row.querySelector('[data-key="amount"]'), value);
          } else {
            this.#setValue(row.querySelector(`[data-key="${key}"]`), value);
          }
        }
      }
      if (name !== "bonuses" && items.length === 0) this.#addRow(name);
    }
  }

  #setValue(element, value) {
    const text = value === null ? "" : String(value);
    if (element.tagName === "SELECT") {
      withCountries(element);
      const wanted = element.dataset.path === "nationality" ? text.toUpperCase() : text;
      if (![...element.options].some((option) => option.value === wanted)) {
        // Keep an unknown value so the engine can name the problem (built with textContent).
        const option = document.createElement("option");
        option.value = wanted;
        option.dataset.fromLink = "";
        option.textContent = t("ui.js.not_in_list", { value: wanted });
        element.append(option);
      }
      element.value = wanted;
      return;
    }
    if (element.type === "checkbox") {
      element.checked = value === true || value === "true";
      return;
    }
    if (element.type === "date" && text !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      throw new Error("not a date"); // a date input would silently drop it
    }
    element.value = text;
  }

  clearErrors() {
    for (const element of this.root.querySelectorAll("[aria-invalid]")) {
      element.removeAttribute("aria-invalid");
      // Row inputs keep their link to the row title ("Employees' Pension period 2").
      if (element.dataset.describedby) element.setAttribute("aria-describedby", element.dataset.describedby);
      else element.removeAttribute("aria-describedby");
    }
    for (const message of this.root.querySelectorAll(".lsc-field__error, .lsc-row__error")) {
      message.hidden = true;
      message.textContent = "";
    }
    for (const box of this.root.querySelectorAll(".lsc-has-error")) box.classList.remove("lsc-has-error");
  }

  /**
   * Show the engine's errors next to their fields. Errors on fields the user has not touched
   * yet are not shown there (a fresh form is not a list of mistakes); they are returned as
   * `pending` so the result can say what is still needed.
   */
  showErrors(errors, fields) {
    this.clearErrors();
    const shown = [];
    const pending = [];
    for (const error of errors) {
      const { path, entry } = this.#locate(error.field ?? "", fields);
      const item = { ...error, describe: entry.describe, element: entry.element };
      if (!entry.element) {
        shown.push(item);
      } else if (this.#touched(entry.element)) {
        this.#markError(entry.element, error.message, path);
        shown.push(item);
      } else {
        pending.push(item);
      }
    }
    return { shown, pending };
  }

  #locate(field, fields) {
    const parts = field === "" ? [] : String(field).split(".");
    while (parts.length) {
      const path = parts.join(".");
      if (fields.has(path)) return { path, entry: fields.get(path) };
      parts.pop();
    }
    return { path: "", entry: fields.get("") };
  }

  #touched(element) {
    if (element.matches("input, select")) return element.dataset.touched === "1";
    return !!element.querySelector('[data-touched="1"]');
  }

  #markError(element, message, path) {
    const isControl = element.matches("input, select");
    // A control's message goes under it; a row's or a whole list's goes at its end.
    const box = isControl ? element.closest(".lsc-field, .lsc-check") : element;
    let note = box.querySelector(":scope > .lsc-field__error, :scope > .lsc-row__error");
    if (!note) {
      note = document.createElement("p");
      note.className = "lsc-field__error";
      box.append(note);
    }
    note.id ||= `lsc-error-${++uid}`;
    // Several errors can land on one place (a row with two problems): show them all.
    note.textContent = note.hidden ? message : `${note.textContent} ${message}`;
    note.hidden = false;
    note.dataset.errorFor = path;
    box.classList.add("lsc-has-error");
    const control = isControl ? element : element.querySelector("input, select");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", [control.dataset.describedby, note.id].filter(Boolean).join(" "));
    }
  }

  #edited(target) {
    if (!target.matches?.("input, select")) return;
    if (target.name === "mode") {
      this.mode = target.value;
    } else {
      target.dataset.touched = "1";
    }
    this.dirty = true;
    this.#updateKeptNote();
    this.#notify();
  }

  #clicked(event) {
    const add = event.target.closest("[data-add]");
    const remove = event.target.closest("[data-remove]");
    if (add) {
      const row = this.#addRow(add.dataset.add);
      row.querySelector("input, select").focus();
    } else if (remove) {
      const row = remove.closest(".lsc-row");
      const rows = row.parentElement;
      const name = rows.closest("[data-list]").dataset.list;
      const next = row.nextElementSibling ?? row.previousElementSibling;
      if (rows.children.length === 1 && name !== "bonuses") {
        // The first row is also quick mode's form: clear it rather than removing it.
        for (const input of row.querySelectorAll("input")) {
          input.value = "";
          input.checked = false;
        }
      } else {
        row.remove();
        this.#renumber(name);
      }
      (next && next.isConnected ? next.querySelector("input") : rows.closest("fieldset").querySelector("[data-add]"))?.focus();
    } else {
      return;
    }
    this.dirty = true;
    this.#updateKeptNote();
    this.#notify();
  }

  #addRow(name) {
    const list = LISTS[name];
    const row = document.getElementById(list.template).content.firstElementChild.cloneNode(true);
    const n = ++uid;
    const title = document.createElement("p");
    title.className = "lsc-row__title";
    title.id = `lsc-row-${n}`;
    row.prepend(title);
    for (const input of row.querySelectorAll("[data-key]")) {
      input.id = `lsc-${name}-${n}-${input.dataset.key}`;
      const label = row.querySelector(`label[data-for="${input.dataset.key}"]`);
      if (label) label.htmlFor = input.id;
      input.dataset.describedby = title.id;
      input.setAttribute("aria-describedby", title.id);
    }
    this.#rowsOf(name).append(row);
    this.#renumber(name);
    return row;
  }

  #renumber(name) {
    const noun = LISTS[name].noun;
    [...this.#rowsOf(name).children].forEach((row, i) => {
      row.querySelector(".lsc-row__title").textContent = t("ui.js.row_title", { noun, number: i + 1 });
      row.querySelector("[data-remove]").setAttribute("aria-label", t("ui.js.remove_row", { noun, number: i + 1 }));
    });
  }

  #updateKeptNote() {
    if (this.mode !== "quick") {
      this.kept.hidden = true;
      return;
    }
    const extra = (name) => [...this.#rowsOf(name).children].slice(name === "bonuses" ? 0 : 1).filter((row) => !this.#isBlank(row)).length;
    const periods = extra("employees_pension") + extra("national_pension");
    const bonuses = extra("bonuses");
    const parts = [];
    if (periods) parts.push(t("ui.js.kept_periods", { count: periods }));
    if (bonuses) parts.push(t("ui.js.kept_bonuses", { count: bonuses }));
    if (!["", "0"].includes(this.#field("other_retirement_income_same_year").value.trim())) {
      parts.push(t("ui.js.kept_other"));
    }
    this.kept.hidden = parts.length === 0;
    this.kept.textContent = parts.length
      ? t("ui.js.kept_note", { items: list(parts) })
      : "";
  }

  #isBlank(row) {
    return [...row.querySelectorAll("input")].every((input) =>
      (input.type === "checkbox" ? !input.checked : input.value.trim() === ""));
  }

  #field(path) {
    return this.form.querySelector(`[data-path="${path}"]`);
  }

  #rowsOf(name) {
    return this.root.querySelector(`#${LISTS[name].rows}`);
  }

  #labelOf(element) {
    const label = element.id && this.root.querySelector(`label[for="${element.id}"]`);
    if (!label) return "";
    const copy = label.cloneNode(true);
    copy.querySelector(".lsc-unit")?.remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  #notify() {
    for (const listener of this.listeners) listener();
  }
}
