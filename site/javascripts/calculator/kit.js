// The claim kit's page (/claim-kit/): the claimant's details in, the kit's answer drawn (its
// problems next to the fields, the plan, the claim sheet), the calendar file, printing.
//
// Privacy: the details live in this page's memory and go only to the Python worker of this
// page (a postMessage inside the browser, never a network request). They are never written to
// the address (only the calculator's answers are, by main.js), to a link, or to storage, except
// when the reader ticks "Keep my details on this device" (localStorage, one key, deleted by
// "Forget my details" or by unticking). Every rule is the engine's: this file only reads the
// form, asks Python (calc.kit) and draws its answer.

import { watchCountryLists, withCountries } from "./countries.js";
import { today } from "./form.js";
import { RowList } from "./rows.js";
import { SecondPayment } from "./second.js";
import { day, lang, t, yen } from "./strings.js";

const STORE = "lumpsum-calc:claim-kit-details";
const MAX_HISTORY = 40;

/** Set `value` at a dotted path ("bank.swift", "history.0.from") of `target`. */
function setPath(target, path, value) {
  const parts = path.split(".");
  let here = target;
  parts.slice(0, -1).forEach((part, i) => {
    const nextIsIndex = /^\d+$/.test(parts[i + 1]);
    here[part] ??= nextIsIndex ? [] : {};
    here = here[part];
  });
  here[parts.at(-1)] = value;
}

function getPath(source, path) {
  return path.split(".").reduce((here, part) => (here == null ? undefined : here[part]), source);
}

function storageOrNull() {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked (a sandboxed frame, or storage turned off)
  }
}

class DetailsForm {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("#kit-form");
    this.rows = root.querySelector("#kit-history-rows");
    this.template = root.querySelector("#kit-history-row");
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.history = new RowList(this.rows, this.template, {
      list: "history", title: "kit.ui.history_row", max: MAX_HISTORY,
      onChange: () => this.changed() });
    root.querySelector("#kit-history-add").addEventListener("click", () => {
      this.history.add()?.querySelector("input").focus();
      this.changed();
    });
    watchCountryLists(this.form);
    this.listeners = new Set();
    for (const type of ["input", "change"]) {
      this.form.addEventListener(type, (event) => {
        if (event.target.id === "kit-keep") return;
        event.target.dataset.touched = "1";
        this.changed();
      });
    }
  }

  onChange(listener) {
    this.listeners.add(listener);
  }

  changed() {
    for (const listener of this.listeners) listener();
  }

  /** The ClaimantDetails the form describes: empty entries left out, text as typed. */
  read() {
    const details = {};
    for (const control of this.form.elements) {
      if (!control.name) continue; // the "keep" box has none: it is not a detail
      if (control.type === "radio") {
        if (control.checked) setPath(details, control.name, control.value);
      } else if (control.type === "checkbox") {
        if (control.checked) setPath(details, control.name, true);
      } else {
        const value = control.value.trim();
        if (value !== "") setPath(details, control.name, value);
      }
    }
    if (Array.isArray(details.history)) {
      // a row left blank is not sent; the others keep their place (their problems are located
      // by index)
      details.history = [...this.rows.children].map((_, i) => details.history[i] ?? {});
      while (details.history.length && !Object.keys(details.history.at(-1)).length) details.history.pop();
      if (!details.history.length) delete details.history;
    }
    return details;
  }

  /** Fill the form from stored details (only ever the reader's own, from this device). */
  fill(details) {
    if (!details || typeof details !== "object") return;
    withCountries(this.form);
    this.rows.replaceChildren();
    const history = Array.isArray(details.history) ? details.history.slice(0, MAX_HISTORY) : [];
    for (let i = 0; i < history.length; i++) this.history.add();
    for (const control of this.form.elements) {
      if (!control.name) continue;
      const value = getPath(details, control.name);
      if (control.type === "radio") control.checked = value === control.value || (value === undefined && control.defaultChecked);
      else if (control.type === "checkbox") control.checked = value === true;
      else if (typeof value === "string") control.value = value;
      else control.value = "";
    }
  }

  clear() {
    this.form.reset();
    this.rows.replaceChildren();
    for (const control of this.form.querySelectorAll("[data-touched]")) delete control.dataset.touched;
  }

  /** Where a problem's field is shown: its control, or the box of a group (history). */
  locate(field) {
    const path = field.replace(/^details\./, "");
    const control = this.form.querySelector(`[name="${CSS.escape(path)}"]`);
    if (control) return { control, box: control.closest(".lsc-field, .lsc-check, .kit-choice") };
    const parts = path.split(".");
    while (parts.length) {
      const box = this.form.querySelector(`[data-field-box="${CSS.escape(parts.join("."))}"]`);
      if (box) return { control: box.querySelector("input, select"), box };
      parts.pop();
    }
    return { control: null, box: null };
  }
}

/** A label's text without its Japanese part or unit, to name a field in a list. */
function labelText(label) {
  if (!label) return "";
  const copy = label.cloneNode(true);
  for (const part of copy.querySelectorAll(".kit-ja, .lsc-unit")) part.remove();
  return copy.textContent.trim();
}

/** The name of the field in a box (its label, or its group's legend). */
const fieldName = (box) => labelText(box?.querySelector(":scope > label, :scope > legend"));

/** A problem's paragraph, next to its field: carries data-field (its path) and data-code. */
function problemNode(problem, tag = "p") {
  const node = document.createElement(tag);
  node.className = `kit-problem kit-problem--${problem.severity}`;
  node.dataset.field = problem.field;
  node.dataset.code = problem.code;
  node.dataset.severity = problem.severity;
  const label = document.createElement("strong");
  label.textContent = `${t(`kit.ui.severity_${problem.severity}`)}: `;
  node.append(label, problem.message);
  return node;
}

function whenText(step) {
  if (step.date) return day(step.date);
  if (step.from && step.until) return t("kit.ui.plan_window", { from: day(step.from), until: day(step.until) });
  if (step.until) return t("kit.ui.plan_until", { date: day(step.until) });
  return "";
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  a.rel = "noopener";
  a.target = "_blank";
  return a;
}

class KitView {
  constructor(root, details, calculator) {
    this.root = root;
    this.details = details;
    this.calculator = calculator;
    this.$ = (id) => root.querySelector(`#${id}`);
  }

  clearProblems() {
    for (const node of this.root.querySelectorAll("#kit-form .kit-problem")) node.remove();
    for (const control of this.root.querySelectorAll("#kit-form [aria-invalid]")) {
      control.removeAttribute("aria-invalid");
      control.removeAttribute("aria-describedby");
    }
  }

  /** The calculator's answers cannot be read: say so, and open them. */
  claimErrors(errors) {
    this.clearProblems();
    const summary = this.$("kit-check-summary");
    summary.textContent = t("kit.ui.fix_answers");
    const list = this.$("kit-problems");
    list.replaceChildren(...errors.map((error) => {
      const item = document.createElement("li");
      item.className = "kit-problem kit-problem--error";
      item.dataset.field = error.field;
      item.dataset.code = error.code;
      // name the calculator's field ("Nationality: This is required.")
      const path = String(error.field).replace(/^claim\./, "").split(".")[0];
      const control = this.calculator?.querySelector(`[data-path="${CSS.escape(path)}"]`);
      const label = control && this.calculator.querySelector(`label[for="${CSS.escape(control.id)}"]`);
      const name = labelText(label);
      item.textContent = name ? `${name} — ${error.message}` : error.message;
      return item;
    }));
    this.$("kit-answers").open = true;
  }

  draw(kit) {
    this.problems(kit.form);
    this.plan(kit);
    this.sheet(kit);
  }

  problems(form) {
    this.clearProblems();
    const counts = { error: 0, missing: 0, warning: 0 };
    const listed = [];
    let uid = 0;
    for (const problem of form.problems) {
      counts[problem.severity] += 1;
      const { control, box } = this.details.locate(problem.field);
      // An empty entry the reader has not been to yet (still to fill in, or a hint such as
      // "no postcode?") is said only in the list below, not next to the field: a fresh form
      // is not a list of mistakes.
      const quiet = problem.severity !== "error" && control && !control.dataset.touched
        && control.value === "";
      if (box && !quiet) {
        const node = problemNode(problem);
        node.id = `kit-problem-${++uid}`;
        box.append(node);
        if (control) {
          if (problem.severity === "error") control.setAttribute("aria-invalid", "true");
          const described = [control.getAttribute("aria-describedby"), node.id].filter(Boolean);
          control.setAttribute("aria-describedby", described.join(" "));
        }
      }
      const item = problemNode(problem, "li");
      const name = fieldName(box);
      if (name) item.querySelector("strong").after(`${name} — `);
      if (control) {
        item.tabIndex = 0;
        item.addEventListener("click", () => control.focus());
        item.addEventListener("keydown", (event) => { if (event.key === "Enter") control.focus(); });
      }
      listed.push(item);
    }
    this.$("kit-problems").replaceChildren(...listed);
    this.$("kit-check-summary").textContent = form.ok
      ? t("kit.ui.check_ok")
      : t("kit.ui.check_counts", { errors: counts.error, missing: counts.missing, warnings: counts.warning });
    this.root.dataset.formOk = form.ok ? "true" : "false";
  }

  plan(kit) {
    const estimate = kit.estimate;
    const line = [t("kit.ui.estimate_line", { total: yen(estimate.total_received) })];
    if (estimate.claim_deadline) line.push(t("kit.ui.deadline_line", { date: day(estimate.claim_deadline) }));
    this.$("kit-estimate").textContent = [...line, ...estimate.reasons].join(" ");
    const steps = kit.plan.map((step) => {
      const item = document.createElement("li");
      item.className = "kit-step";
      item.dataset.code = step.code;
      const when = document.createElement("p");
      when.className = "kit-step__when";
      when.textContent = whenText(step);
      if (step.estimate) {
        const tag = document.createElement("span");
        tag.className = "kit-tag";
        tag.textContent = t("kit.ui.plan_estimate");
        when.append(" ", tag);
      }
      const title = document.createElement("h3");
      title.textContent = step.title;
      const action = document.createElement("p");
      action.textContent = step.action;
      const source = document.createElement("p");
      source.className = `kit-step__source kit-confidence--${step.confidence}`;
      source.append(link(step.reference, t(`kit.confidence.${step.confidence}`)));
      item.append(when, title, action, source);
      return item;
    });
    this.$("kit-steps").replaceChildren(...steps);
  }

  sheet(kit) {
    const values = kit.form.values;
    const wrong = new Set(kit.form.problems.filter((p) => p.severity === "error")
      .map((p) => p.field.replace(/^details\./, "").replace(/^bank\.(account_number|iban)$/, "bank.account")));
    for (const slot of this.root.querySelectorAll("#kit-sheet [data-value]")) {
      let value = getPath(values, slot.dataset.value);
      if (slot.dataset.value === "permanent_resident") value = t(value ? "kit.item.yes" : "kit.item.no");
      else if (slot.dataset.value === "date_of_birth" && value) value = value.replaceAll("-", "");
      else if (slot.dataset.value === "permanent_resident_since" && value) value = day(value);
      const text = value == null ? "" : String(value);
      slot.replaceChildren();
      slot.classList.toggle("kit-empty", text === "");
      slot.classList.toggle("kit-wrong", wrong.has(slot.dataset.value));
      if (text === "") {
        slot.textContent = t("kit.ui.sheet_not_written");
      } else if (slot.dataset.boxes) {
        slot.append(...boxes(text.replace(/-/g, ""), Number(slot.dataset.boxes), slot.dataset.value));
      } else {
        slot.textContent = text;
      }
    }
    const rows = values.history.map((row, index) => {
      const tr = document.createElement("tr");
      const cells = [String(index + 1), row.employer || (row.derived ? t("kit.ui.sheet_derived") : ""),
        row.employer_address, `${row.from} – ${row.to}`, row.scheme ? String(row.scheme) : ""];
      for (const text of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      if (index >= values.history_rows_on_form) tr.className = "kit-history--extra";
      return tr;
    });
    this.$("kit-sheet-history").replaceChildren(...rows);
    this.$("kit-attachments").replaceChildren(...kit.attachments.map((paper) => {
      const item = document.createElement("li");
      item.dataset.code = paper.code;
      item.dataset.needed = paper.needed ? "true" : "false";
      const mark = document.createElement("span");
      mark.className = "kit-tick";
      mark.textContent = paper.needed ? "☑" : "☐";
      mark.setAttribute("aria-hidden", "true");
      const why = document.createElement("small");
      why.textContent = paper.why;
      item.append(mark, " ", paper.title, document.createElement("br"), why);
      return item;
    }));
    const to = kit.send_to;
    const address = this.$("kit-send-to");
    const lines = [to.japanese, ...to.latin];
    address.replaceChildren(...lines.flatMap((line, i) => {
      const span = document.createElement("span");
      span.textContent = line;
      if (i === 0) span.lang = "ja";
      return [span, document.createElement("br")];
    }));
    const phone = document.createElement("small");
    phone.textContent = `${t("kit.ui.sheet_phone", { japan: to.phone_japan, abroad: to.phone_abroad })} ${to.note}`;
    address.append(phone);
    this.$("kit-sheet-plan").replaceChildren(...kit.plan.map((step) => {
      const item = document.createElement("li");
      const when = document.createElement("strong");
      when.textContent = whenText(step);
      item.append(when, ` ${step.title}`);
      return item;
    }));
    this.$("kit-prepared").textContent = `${t("kit.ui.sheet_prepared", {
      date: day(today()), verified: day(kit.procedure_last_verified) })} ${t("ui.js.versions", kit.versions)}`;
  }
}

/** `count` boxes holding `text`'s characters (a SWIFT code, a date, a pension number). */
function boxes(text, count, path) {
  const spans = [];
  for (let i = 0; i < Math.max(count, text.length); i++) {
    const box = document.createElement("span");
    box.className = "kit-box";
    box.textContent = text[i] ?? "";
    spans.push(box);
    const gapAfter = path === "date_of_birth" ? [3, 5] : path === "basic_pension_number" ? [3] : [];
    if (gapAfter.includes(i)) {
      const gap = document.createElement("span");
      gap.className = "kit-gap";
      spans.push(gap);
    }
  }
  return spans;
}

function setUpKeeping(root, details, schedule) {
  const keep = root.querySelector("#kit-keep");
  const status = root.querySelector("#kit-keep-status");
  const forget = root.querySelector("#kit-forget");
  const store = storageOrNull();
  let saved = null;
  try {
    saved = store?.getItem(STORE) ?? null;
  } catch {
    saved = null;
  }
  if (saved) {
    try {
      details.fill(JSON.parse(saved));
      keep.checked = true;
      status.textContent = t("kit.ui.kept");
    } catch {
      store.removeItem(STORE);
    }
  }
  forget.hidden = !keep.checked;
  const save = () => {
    if (!keep.checked || !store) return;
    try {
      store.setItem(STORE, JSON.stringify(details.read()));
    } catch {
      status.textContent = t("kit.ui.storage_unavailable");
    }
  };
  keep.addEventListener("change", () => {
    if (keep.checked) {
      if (!store) {
        keep.checked = false;
        status.textContent = t("kit.ui.storage_unavailable");
        return;
      }
      save();
      status.textContent = t("kit.ui.kept");
    } else {
      store?.removeItem(STORE);
      status.textContent = t("kit.ui.forgotten");
    }
    forget.hidden = !keep.checked;
  });
  forget.addEventListener("click", () => {
    store?.removeItem(STORE);
    keep.checked = false;
    forget.hidden = true;
    details.clear();
    status.textContent = t("kit.ui.forgotten");
    schedule();
  });
  return save;
}

function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Start the kit on `root` (#claim-kit). `calculator` is the page's calculator (#calculator),
 * whose answers are the kit's claim; `whenReady` resolves to the runtime's API.
 */
export function initKit(root, calculator, whenReady) {
  if (root.dataset.initialised) return;
  root.dataset.initialised = "true";
  const details = new DetailsForm(root);
  const view = new KitView(root, details, calculator);
  const status = root.querySelector("#kit-status");
  let api = null;
  let asking = false;
  let again = false;

  const second = new SecondPayment(root, () => schedule());
  const request = () => ({
    claim: calculator.lscForm.read().claim, details: details.read(), ...second.read() });

  async function compute() {
    if (!api || !calculator.lscForm) return;
    if (asking) {
      again = true;
      return;
    }
    asking = true;
    let answer;
    try {
      do {
        again = false;
        answer = await api.kit(request(), lang);
      } while (again && root.isConnected);
    } finally {
      asking = false;
    }
    if (!root.isConnected) return;
    if (answer.ok) {
      view.draw(answer.kit);
      second.draw(answer.kit, problemNode);
    }
    else view.claimErrors(answer.errors);
    root.dataset.state = "ready";
    performance.mark("kit:result-rendered");
  }
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      compute().catch((error) => {
        console.error(error);
        status.textContent = t("ui.js.compute_failed");
      });
    });
  };

  const save = setUpKeeping(root, details, schedule);
  details.onChange(() => {
    save();
    schedule();
  });
  calculator.addEventListener("lsc:input", schedule);

  // The answers are open when there are none yet (the kit reached directly), closed when a
  // link brought them.
  root.querySelector("#kit-answers").open = !location.hash.startsWith("#c=");

  // Printing gives the claim sheet, or the tax agent's brief from its own button.
  const printing = (what) => () => {
    document.body.dataset.kitPrint = what;
    window.print();
  };
  window.addEventListener("afterprint", () => delete document.body.dataset.kitPrint);
  root.querySelector("#kit-print").addEventListener("click", printing("sheet"));
  root.querySelector("#kit-brief-print").addEventListener("click", printing("brief"));
  root.querySelector("#kit-calendar").addEventListener("click", async () => {
    const note = root.querySelector("#kit-calendar-status");
    note.textContent = "";
    if (!api) return;
    const answer = await api.calendar(request(), lang);
    if (answer.ok) download(answer.calendar, "lump-sum-claim-plan.ics");
    else note.textContent = t("kit.ui.calendar_failed", { error: answer.errors.map((e) => e.message).join(" ") });
  });

  whenReady.then((ready) => {
    api = ready;
    status.textContent = "";
    status.hidden = true;
    schedule();
  }, () => {
    status.textContent = t("ui.js.load_failed", { error: "" });
  });
}
