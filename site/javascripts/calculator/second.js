// The claim kit's second payment (/claim-kit/): the payment notice, agency offers and the
// exchange rate in; the return's lines, the notice's check, the offers' costs (table and bars),
// the amounts in the person's currency and the tax agent's brief drawn from the kit's answer.
// Every figure is the engine's (calc.kit); this file reads the inputs and draws.

import { RowList } from "./rows.js";
import { day, decimal, t, yen } from "./strings.js";

const OFFER_KEYS = ["label", "fixed_fee", "percent_of_refund", "percent_of_total",
  "percent_of_gross", "minimum_fee", "maximum_fee", "advance_percent", "advance_months_early"];
const TEXT_KEYS = new Set(["label"]);
const MAX_OFFERS = 12;

/** A number as typed: whole yen as a number, a percentage as exact text, anything else as
 * typed (the engine says what is wrong with it). */
function typedNumber(value, decimal) {
  const text = value.normalize("NFKC").trim().replace(/[,\s]/g, "");
  if (!decimal && /^\d{1,12}$/.test(text)) return Number(text);
  if (decimal && /^\d{1,9}(\.\d{1,6})?$/.test(text)) return text;
  return value.trim();
}

/** 2028-01-01 → 2028年1月1日, as the agent reads dates. */
function japaneseDate(iso) {
  const [year, month, date] = iso.split("-").map(Number);
  return `${year}年${month}月${date}日`;
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

export class SecondPayment {
  constructor(root, onChange) {
    this.root = root;
    this.form = root.querySelector("#kit-second-form");
    this.rows = root.querySelector("#kit-offer-rows");
    this.template = root.querySelector("#kit-offer-row");
    this.$ = (id) => root.querySelector(`#${id}`);
    this.form.addEventListener("submit", (event) => event.preventDefault());
    for (const type of ["input", "change"]) {
      this.form.addEventListener(type, (event) => {
        event.target.dataset.touched = "1";
        onChange();
      });
    }
    this.offers = new RowList(this.rows, this.template, {
      list: "offers", title: "kit.second.offer_row", max: MAX_OFFERS, onChange });
    root.querySelector("#kit-offer-add").addEventListener("click", () => {
      this.offers.add()?.querySelector("input").focus();
      onChange();
    });
  }

  /** The request's notice, offers and exchange_rate: only what the person typed. */
  read() {
    const out = {};
    const value = (name) => this.form.querySelector(`[name="${name}"]`).value.trim();
    const notice = {};
    for (const key of ["gross", "withheld", "remitted"]) {
      const typed = value(`notice.${key}`);
      if (typed !== "") notice[key] = typedNumber(typed, false);
    }
    if (value("notice.date") !== "") notice.date = value("notice.date");
    if (Object.keys(notice).length) out.notice = notice;
    const offers = [...this.rows.children].map((row) => {
      const offer = {};
      for (const key of OFFER_KEYS) {
        const typed = row.querySelector(`[data-key="${key}"]`).value.trim();
        if (typed === "") continue;
        offer[key] = TEXT_KEYS.has(key) ? typed
          : typedNumber(typed, key.startsWith("percent") || key === "advance_percent");
      }
      return offer;
    });
    if (offers.length) out.offers = offers;
    const currency = value("exchange_rate.currency");
    const rate = value("exchange_rate.per_yen");
    if (currency !== "" || rate !== "") out.exchange_rate = { currency, per_yen: rate };
    return out;
  }

  /** Where a problem (notice.withheld, offers.0.fixed_fee) is shown. */
  locate(field) {
    const control = this.form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (control) return { control, box: control.closest(".lsc-field") };
    const parts = field.split(".");
    while (parts.length) {
      const box = this.form.querySelector(`[data-field-box="${CSS.escape(parts.join("."))}"]`);
      if (box) return { control: null, box };
      parts.pop();
    }
    return { control: null, box: null };
  }

  draw(kit, problemNode) {
    for (const node of this.form.querySelectorAll(".kit-problem")) node.remove();
    for (const control of this.form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    const problems = [...(kit.notice?.problems ?? []), ...(kit.offers?.problems ?? []),
      ...(kit.exchange_rate?.problems ?? [])];
    for (const problem of problems) {
      const { control, box } = this.locate(problem.field);
      if (!box || (problem.severity === "missing" && control && !control.dataset.touched)) continue;
      box.append(problemNode(problem));
      if (control && problem.severity === "error") control.setAttribute("aria-invalid", "true");
    }
    this.drawReturn(kit);
    this.drawNotice(kit.notice);
    this.drawOffers(kit.offers);
    this.drawLeftBehind(kit.left_behind);
    this.drawBrief(kit);
    this.drawExchange(kit);
  }

  drawReturn(kit) {
    const found = kit.tax_return;
    this.$("kit-return").hidden = !found;
    this.$("kit-return-none").hidden = Boolean(found);
    if (!found) return;
    this.$("kit-return-source").textContent = t(found.source === "notice"
      ? "kit.second.from_notice" : "kit.second.from_estimate");
    this.$("kit-return-lines").replaceChildren(...found.lines.map((line) => {
      const tr = document.createElement("tr");
      tr.dataset.code = line.code;
      const label = document.createElement("td");
      const ja = document.createElement("span");
      ja.lang = "ja";
      ja.textContent = line.japanese;
      label.append(ja, document.createElement("br"), line.label);
      const amount = cell(yen(line.amount), "kit-amount");
      amount.dataset.yenPath = `tax_return.${line.code}`;
      tr.append(label, cell(line.sheet), amount);
      if (line.code === "refund") tr.className = "kit-total";
      return tr;
    }));
    this.$("kit-return-year").textContent = t("kit.second.tax_year",
      { year: found.tax_year, years: found.service_years });
    this.$("kit-return-window").textContent = t("kit.second.file_window",
      { from: day(found.file_from), until: day(found.file_until) });
    this.$("kit-return-readings").hidden = !found.other_readings.length;
    this.$("kit-return-readings-list").replaceChildren(...found.other_readings.map((reading) => {
      const li = document.createElement("li");
      li.dataset.code = reading.code;
      li.textContent = reading.reason;
      return li;
    }));
    this.$("kit-return-notes").replaceChildren(...found.notes.map((note) => {
      const li = document.createElement("li");
      li.textContent = note;
      return li;
    }));
  }

  drawNotice(notice) {
    for (const line of this.form.querySelectorAll("[data-notice-line]")) {
      const found = notice?.lines.find((l) => l.code === line.dataset.noticeLine);
      line.textContent = found?.text ?? "";
    }
    this.$("kit-notice-ok").hidden = !(notice && notice.ok);
  }

  drawOffers(offers) {
    const table = this.$("kit-offers-table");
    const chart = this.$("kit-offers-chart");
    const shown = offers && offers.offers.length > 0;
    table.hidden = !shown;
    chart.hidden = !shown;
    if (!shown) return;
    const all = [...offers.offers.map((offer, index) => ({ offer, path: `offers.${index}` })),
      { offer: offers.do_it_yourself, path: "do_it_yourself" }];
    this.$("kit-offers-body").replaceChildren(...all.map(({ offer, path }) => {
      const tr = document.createElement("tr");
      const fee = cell(yen(offer.fee), "kit-amount");
      fee.dataset.yenPath = `${path}.fee`;
      const keep = cell(yen(offer.you_keep), "kit-amount");
      keep.dataset.yenPath = `${path}.you_keep`;
      const rate = offer.effective_annual_rate === null ? "—" : t("kit.second.offers_rate_value",
        { rate: (Number(offer.effective_annual_rate) * 100).toFixed(2) });
      tr.append(cell(offer.label), fee, keep, cell(rate));
      return tr;
    }));
    this.$("kit-offers-chart-caption").textContent = t("kit.second.offers_chart",
      { refund: yen(offers.refund) });
    const most = Math.max(offers.refund, 1);
    this.$("kit-offers-bars").replaceChildren(...all.map(({ offer }) => {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.className = "kit-bar__label";
      name.textContent = offer.label;
      const bar = document.createElement("span");
      bar.className = "kit-bar";
      const share = Math.max(0, Math.min(1, offer.you_keep / most));
      bar.style.setProperty("--share", String(share));
      const value = document.createElement("span");
      value.className = "kit-bar__value";
      value.textContent = yen(offer.you_keep);
      li.append(name, bar, value);
      return li;
    }));
  }

  drawLeftBehind(items) {
    this.$("kit-left-behind").hidden = !items.length;
    this.$("kit-left-behind-list").replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = item.title;
      li.append(title, ` ${item.text}`);
      return li;
    }));
  }

  drawBrief(kit) {
    const values = kit.form.values;
    const brief = this.$("kit-brief");
    const address = values.address;
    const fill = {
      name: values.name,
      date_of_birth: values.date_of_birth ?? "",
      address: [address.street, address.city, address.state, address.postcode, address.country]
        .filter(Boolean).join(", "),
      basic_pension_number: values.basic_pension_number,
    };
    for (const slot of brief.querySelectorAll("[data-brief]")) {
      slot.textContent = fill[slot.dataset.brief] || t("kit.ui.sheet_not_written");
    }
    const found = kit.tax_return;
    this.$("kit-brief-lines").replaceChildren(...(found?.lines ?? []).map((line) => {
      const tr = document.createElement("tr");
      const label = document.createElement("td");
      const ja = document.createElement("span");
      ja.lang = "ja";
      ja.textContent = `${line.sheet}　${line.japanese}`;
      const own = document.createElement("small");
      own.textContent = line.label;
      label.append(ja, " ", own);
      tr.append(label, cell(`${line.amount.toLocaleString("ja-JP")}円`, "kit-amount"));
      return tr;
    }));
    this.$("kit-brief-estimate").hidden = found?.source !== "estimate";
    this.$("kit-brief-window").textContent = found
      ? `${japaneseDate(found.file_from)}～${japaneseDate(found.file_until)}` : "";
    // The brief names the calculator and the rules that produced its figures, for the agent.
    this.$("kit-brief-versions").textContent =
      `lumpsum-calc ${kit.versions.calculator} · data ${kit.versions.data}`;
  }

  drawExchange(kit) {
    for (const old of this.root.querySelectorAll(".kit-fx")) old.remove();
    const exchange = kit.exchange_rate;
    if (!exchange || !Object.keys(exchange.figures).length) return;
    for (const target of this.root.querySelectorAll("[data-yen-path]")) {
      const amount = exchange.figures[target.dataset.yenPath];
      if (amount === undefined) continue;
      const fx = document.createElement("small");
      fx.className = "kit-fx";
      fx.textContent = t("kit.second.exchange_value",
        { amount: decimal(amount), currency: exchange.currency });
      target.append(fx);
    }
  }
}
