// Run-time nudge content: support services an integrator adds (their own trust-and-safety
// team, a school counsellor), hides or corrects, and nudge texts and choice labels overridden
// per locale. Plain data, checked once against the module's catalog (built-in services, kinds,
// locales, label keys, text limits); the popup sets every text with `textContent` and accepts
// only `tel:` and `https:` links.

import { supportCatalog } from './wasm/tumar.js';

/** A problem in the `content` given to `createGuard` or `guard.setContent`. */
export class ContentError extends TypeError {
  /**
   * @param {string} path where in the content, e.g. `services.add[0].url`
   * @param {string} problem
   */
  constructor(path, problem) {
    super(`tumar: content.${path}: ${problem}`);
    this.name = 'ContentError';
    /** Where in the content the problem is. */
    this.path = path;
  }
}

/** @type {any} parsed once, on first use */
let catalog;
const known = () => (catalog ??= JSON.parse(supportCatalog()));

/** Fields of a service an integrator may give, and which of them `replace` may change. */
const SERVICE_FIELDS = ['id', 'name', 'kind', 'countries', 'categories', 'phone', 'url', 'hours', 'forParents'];
const REPLACEABLE = ['name', 'phone', 'url', 'hours', 'forParents'];
/** Labels longer than a button: the notes and the block question. */
const NOTE_LABELS = new Set(['no_local_helpline', 'waiting']);
const TITLE_LABELS = new Set(['block_confirm']);

/**
 * Checks run-time content and returns it normalized (country codes in capitals), or `null`
 * when there is none. Throws a `ContentError` naming the first problem.
 * @param {unknown} content
 * @returns {import('./index.js').RuntimeContent | null}
 */
export function validateContent(content) {
  if (content === undefined || content === null) {
    return null;
  }
  const { limits } = known();
  const root = record(content, '', ['services', 'texts']);
  const services = record(root.services ?? {}, 'services', ['add', 'hide', 'replace']);
  const builtIn = new Set(known().services.map((/** @type {{ id: string }} */ s) => s.id));

  const add = list(services.add ?? [], 'services.add').map((entry, index) => {
    const path = `services.add[${index}]`;
    const fields = record(entry, path, SERVICE_FIELDS);
    for (const key of ['id', 'name', 'kind', 'countries']) {
      if (fields[key] === undefined) {
        throw new ContentError(`${path}.${key}`, 'is missing');
      }
    }
    const id = text(fields.id, `${path}.id`, 64);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
      throw new ContentError(`${path}.id`, `must be kebab-case (lowercase letters, digits, single dashes), not "${id}"`);
    }
    if (builtIn.has(id)) {
      throw new ContentError(`${path}.id`, `"${id}" is a built-in service; change it with services.replace`);
    }
    builtIn.add(id);
    const kind = oneOf(fields.kind, `${path}.kind`, known().kinds);
    const countries = list(fields.countries, `${path}.countries`).map((code, i) => countryCode(code, `${path}.countries[${i}]`));
    if (countries.length === 0) {
      throw new ContentError(`${path}.countries`, 'needs at least one country code');
    }
    const categories =
      fields.categories === undefined ? null : list(fields.categories, `${path}.categories`).map((c, i) => oneOf(c, `${path}.categories[${i}]`, known().categories));
    const service = { id, kind, countries, categories, ...serviceFields(fields, path, limits) };
    if (!service.phone && !service.url) {
      throw new ContentError(path, 'needs a `phone` or a `url`, so that the child can reach it');
    }
    return service;
  });
  const ids = new Set(builtIn);
  const hide = list(services.hide ?? [], 'services.hide').map((id, index) => serviceId(id, `services.hide[${index}]`, ids));
  const replace = Object.fromEntries(
    Object.entries(record(services.replace ?? {}, 'services.replace')).map(([id, fields]) => {
      const path = `services.replace.${id}`;
      serviceId(id, path, ids);
      return [id, serviceFields(record(fields, path, REPLACEABLE), path, limits)];
    }),
  );

  const texts = Object.fromEntries(
    Object.entries(record(root.texts ?? {}, 'texts')).map(([locale, value]) => {
      const path = `texts.${locale}`;
      oneOf(locale, path, known().locales);
      const parts = record(value, path, ['labels', 'choices', 'incoming', 'outgoing', 'conversation']);
      const labels = Object.fromEntries(
        Object.entries(record(parts.labels ?? {}, `${path}.labels`, known().labels)).map(([key, label]) => {
          const limit = NOTE_LABELS.has(key) ? limits.note : TITLE_LABELS.has(key) ? limits.title : limits.label;
          const checked = text(label, `${path}.labels.${key}`, limit);
          if (key === 'messages_count' && !checked.includes('{n}')) {
            throw new ContentError(`${path}.labels.${key}`, 'must contain {n}, where the number goes');
          }
          return [key, checked];
        }),
      );
      const choices = Object.fromEntries(
        Object.entries(record(parts.choices ?? {}, `${path}.choices`, known().choices)).map(([id, label]) => [
          id,
          text(label, `${path}.choices.${id}`, limits.label),
        ]),
      );
      /** @param {'incoming' | 'outgoing'} direction */
      const nudgeTexts = (direction) =>
        Object.fromEntries(
          Object.entries(record(parts[direction] ?? {}, `${path}.${direction}`, known().categories)).map(([category, value]) => {
            const at = `${path}.${direction}.${category}`;
            const { title, body } = record(value, at, ['title', 'body']);
            return [
              category,
              {
                ...(title === undefined ? {} : { title: text(title, `${at}.title`, limits.title) }),
                ...(body === undefined ? {} : { body: text(body, `${at}.body`, limits.body) }),
              },
            ];
          }),
        );
      return [locale, { labels, choices, incoming: nudgeTexts('incoming'), outgoing: nudgeTexts('outgoing'), conversation: conversationTexts(parts.conversation, `${path}.conversation`, limits) }];
    }),
  );
  return { services: { add, hide, replace }, texts };
}

/**
 * The conversation nudge's texts of one locale, checked: title, body, and signs by grooming
 * stage (or `threats`).
 * @param {unknown} value
 * @param {string} path
 * @param {{ title: number, body: number, note: number }} limits
 */
function conversationTexts(value, path, limits) {
  const { title, body, signs } = record(value ?? {}, path, ['title', 'body', 'signs']);
  return {
    ...(title === undefined ? {} : { title: text(title, `${path}.title`, limits.title) }),
    ...(body === undefined ? {} : { body: text(body, `${path}.body`, limits.body) }),
    signs: Object.fromEntries(
      Object.entries(record(signs ?? {}, `${path}.signs`, [...known().stages, 'threats'])).map(([key, sign]) => [key, text(sign, `${path}.signs.${key}`, limits.note)]),
    ),
  };
}

/**
 * The nudge content with run-time content applied: texts of its locale, hidden and replaced
 * services, added services of the country (and category) first.
 * @param {import('./index.js').NudgeContent} nudge
 * @param {import('./index.js').RuntimeContent | null} content checked by `validateContent`
 * @param {string} country the child's country
 * @param {string[]} [signKeys] for the conversation nudge, the stage (or `threats`) of each of
 *   its `signs`, in order
 * @returns {import('./index.js').NudgeContent}
 */
export function applyContent(nudge, content, country, signKeys = []) {
  if (!content) {
    return nudge;
  }
  const texts = content.texts[nudge.locale];
  const own = nudge.conversation ? texts?.conversation : texts?.[nudge.direction]?.[nudge.category];
  const { hide, replace, add } = content.services;
  const where = country.toUpperCase();
  const added = add
    .filter((s) => s.countries.includes(where) && (!s.categories || s.categories.includes(nudge.category)))
    .map((s) => ({ ...serviceLink(s), international: false }));
  const services = [...added, ...nudge.services]
    .filter((s) => !hide.includes(s.id))
    .map((s) => (replace[s.id] ? { ...s, ...serviceLink({ ...s, ...replace[s.id], forParents: replace[s.id].forParents ?? s.for_parents }) } : s));
  const talk = known().talk_kinds;
  return {
    ...nudge,
    title: own?.title ?? nudge.title,
    body: own?.body ?? nudge.body,
    ...(nudge.signs ? { signs: nudge.signs.map((sign, i) => texts?.conversation.signs[signKeys[i]] ?? sign) } : {}),
    choices: nudge.choices.map((c) => ({ ...c, label: texts?.choices[c.id] ?? c.label })),
    labels: { ...nudge.labels, ...texts?.labels },
    services,
    local_helpline: services.some((s) => !s.international && talk.includes(s.kind)),
  };
}

/**
 * A service as the popup shows it.
 * @param {{ id: string, name: string, kind: string, phone?: string | null, url?: string | null, hours?: string | null, forParents?: boolean }} s
 */
function serviceLink(s) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    phone: s.phone ?? null,
    tel: s.phone ? `tel:${s.phone}` : null,
    url: s.url ?? null,
    hours: s.hours ?? null,
    for_parents: s.forParents ?? false,
  };
}

/**
 * The changeable fields of a service, checked.
 * @param {Record<string, unknown>} fields
 * @param {string} path
 * @param {{ label: number, note: number }} limits
 */
function serviceFields(fields, path, limits) {
  /** @type {{ name?: string, phone?: string, url?: string, hours?: string, forParents?: boolean }} */
  const out = {};
  if (fields.name !== undefined) {
    out.name = text(fields.name, `${path}.name`, limits.note);
  }
  if (fields.phone !== undefined) {
    const phone = text(fields.phone, `${path}.phone`, 16);
    if (!/^\+?[0-9]{2,15}$/.test(phone)) {
      throw new ContentError(`${path}.phone`, `must be the number to dial: 2 to 15 digits, optionally after +, not "${phone}"`);
    }
    out.phone = phone;
  }
  if (fields.url !== undefined) {
    const url = text(fields.url, `${path}.url`, 2048);
    if (!url.startsWith('https://') || !isUrl(url)) {
      throw new ContentError(`${path}.url`, `must be an https: link (phones go in \`phone\`, which becomes tel:), not "${url}"`);
    }
    out.url = url;
  }
  if (fields.hours !== undefined) {
    out.hours = text(fields.hours, `${path}.hours`, limits.label);
  }
  if (fields.forParents !== undefined) {
    if (typeof fields.forParents !== 'boolean') {
      throw new ContentError(`${path}.forParents`, 'must be true or false');
    }
    out.forParents = fields.forParents;
  }
  return out;
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} [keys] the allowed keys (any when omitted)
 * @returns {Record<string, any>}
 */
function record(value, path, keys) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ContentError(path || '(root)', 'must be an object');
  }
  for (const key of Object.keys(value)) {
    if (keys && !keys.includes(key)) {
      throw new ContentError(path ? `${path}.${key}` : key, `unknown key; expected one of ${keys.join(', ')}`);
    }
  }
  return /** @type {Record<string, any>} */ (value);
}

/**
 * @param {unknown} value
 * @param {string} path
 * @returns {unknown[]}
 */
function list(value, path) {
  if (!Array.isArray(value)) {
    throw new ContentError(path, 'must be an array');
  }
  return value;
}

/**
 * A non-empty string of at most `limit` characters.
 * @param {unknown} value
 * @param {string} path
 * @param {number} limit
 */
function text(value, path, limit) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ContentError(path, 'must be a non-empty string');
  }
  if ([...value].length > limit) {
    throw new ContentError(path, `is longer than ${limit} characters`);
  }
  return value;
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} allowed
 */
function oneOf(value, path, allowed) {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new ContentError(path, `must be one of ${allowed.join(', ')}`);
  }
  return value;
}

/**
 * @param {unknown} id
 * @param {string} path
 * @param {Set<string>} ids the built-in and added services
 */
function serviceId(id, path, ids) {
  if (typeof id !== 'string' || !ids.has(id)) {
    throw new ContentError(path, `no service has the id "${String(id)}"`);
  }
  return id;
}

/** @param {string} url */
function isUrl(url) {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Region names, to tell a real ISO 3166-1 code from two random letters. */
let regions;

/**
 * @param {unknown} code
 * @param {string} path
 */
function countryCode(code, path) {
  const upper = typeof code === 'string' ? code.toUpperCase() : '';
  regions ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  if (!/^[A-Z]{2}$/.test(upper) || regions.of(upper) === undefined) {
    throw new ContentError(path, `unknown country code "${String(code)}"; use ISO 3166-1 alpha-2 (KZ, UZ, GB)`);
  }
  return upper;
}
