// Small DOM helpers. Data always enters the page as text (textContent / text
// nodes), never as HTML.

/**
 * h('td', {class: 'num', dataset: {label: 'Amount'}}, '6.00') builds an element.
 * Props: class, text, dataset, on<Event> (functions), anything else as an attribute
 * (true → empty attribute, false/null/undefined → left out). Children: nodes or strings.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}

/** Shows a sentence in a form's message line; kind is 'error', 'ok', 'info' or ''. */
export function say(el, text, kind = 'info') {
  el.textContent = text || '';
  if (text) el.dataset.kind = kind;
  else delete el.dataset.kind;
  if (kind === 'error' && text) el.setAttribute('role', 'alert');
  else el.setAttribute('role', 'status');
}

/** Disables a form's submit buttons while `work` runs; returns work's result. */
export async function busy(form, work) {
  const buttons = [...form.querySelectorAll('button')];
  const before = buttons.map((b) => b.disabled);
  buttons.forEach((b) => { b.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    buttons.forEach((b, i) => { b.disabled = before[i]; });
    form.removeAttribute('aria-busy');
  }
}

/** Calls fn at most once per `ms`, after the last call. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Fills a <select> with vehicle types ({id, type_name, hourly_rate}). */
export function fillTypeSelect(select, types, money) {
  select.replaceChildren(
    ...types.map((t) => h('option', { value: t.id, text: `${t.type_name} · ${money(t.hourly_rate)}/h` })),
  );
}
