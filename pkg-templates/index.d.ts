// Types of the tumar package (`tumar` and, through ui/index.d.ts, `tumar/ui`).

/** The kinds of harm tumar's rules detect. */
export type Category = 'grooming' | 'sextortion' | 'bullying' | 'self_harm' | 'personal_info' | 'money';

/** Grooming stages (grooming rules only). */
export type Stage = 'age' | 'trust' | 'isolation' | 'secrecy' | 'risk_check' | 'gifts' | 'sexual' | 'meeting';

/** How serious a hit is. `signal` rules never nudge alone: they count in a conversation's risk. */
export type Severity = 'signal' | 'low' | 'medium' | 'high';

/** Who sent a message, seen from the protected child. */
export type Direction = 'incoming' | 'outgoing';

/** The languages of the shipped rules and nudge texts. */
export type Locale = 'kk' | 'ru' | 'uz' | 'ar' | 'en' | (string & {});

/** The WebAssembly module or where to get it. In Node: bytes or a `WebAssembly.Module`. */
export type WasmInput = URL | string | Request | Response | BufferSource | WebAssembly.Module;

/** One rule file: its path (shown in diagnostics) and its TOML text. */
export interface RuleSource {
  name: string;
  text: string;
}

/** Rules given by the integrator: a bundle from `tumar compile`, or rule files. */
export type RulesInput = Uint8Array | ArrayBuffer | ArrayBufferView | RuleSource[];

export interface GuardOptions {
  /** The child's language (`kk`, `ru`, `uz`, `ar`, `en`); default `en`. */
  locale?: Locale;
  /** The child's country, ISO 3166 alpha-2 (`KZ`, `UZ`, ...): chooses the support services. */
  country?: string;
  /** Rules to use instead of the built-in ones (rule files load the compiler module first). */
  rules?: RulesInput;
  /** Where to load the `.wasm` from (browsers: default next to the package's JS). */
  wasm?: WasmInput;
  /**
   * Where to load the compiler module's `.wasm` from (`tumar/tumar_compiler_bg.wasm`; default next
   * to the package's JS). It is loaded only for rule files given as TOML, never otherwise.
   */
  compilerWasm?: WasmInput;
  /** Support services and nudge texts of your own, checked when the guard is created. */
  content?: RuntimeContent;
}

/** A support service an integrator adds: your trust-and-safety team, a school counsellor. */
export interface AddedService {
  /** Kebab-case, not a built-in id. */
  id: string;
  /** Shown as text, at most 80 characters. */
  name: string;
  /** One of the built-in kinds; `child_helpline`, `child_protection` and `mental_health` count as someone to talk to. */
  kind:
    | 'child_helpline'
    | 'child_protection'
    | 'mental_health'
    | 'chat'
    | 'police'
    | 'emergency'
    | 'online_report'
    | 'image_removal'
    | 'complaint'
    | 'violence_hotline'
    | 'directory';
  /** ISO 3166-1 alpha-2 codes of the countries whose nudges list it (first). */
  countries: string[];
  /** Categories whose nudges list it; default all. */
  categories?: Category[];
  /** The number to dial (digits, optionally after `+`); becomes a `tel:` link. A `phone` or a `url` is needed. */
  phone?: string;
  /** An `https:` link. */
  url?: string;
  /** Opening hours as shown (`Mon-Fri 9-17`). */
  hours?: string;
  /** Meant for parents rather than children; default `false`. */
  forParents?: boolean;
}

/** Texts of one locale that replace the built-in ones. */
export interface LocaleTexts {
  labels?: Partial<Record<keyof NudgeContent['labels'], string>>;
  choices?: Partial<Record<ChoiceId, string>>;
  incoming?: Partial<Record<Category, { title?: string; body?: string }>>;
  outgoing?: Partial<Record<Category, { title?: string; body?: string }>>;
  /** The conversation nudge: its title, body, and the sign named for each grooming stage (or sextortion `threats`). */
  conversation?: { title?: string; body?: string; signs?: Partial<Record<Stage | 'threats', string>> };
}

/** Run-time nudge content: plain data, checked (a `ContentError` names the first problem), always shown as text. */
export interface RuntimeContent {
  services?: {
    /** Listed first in the nudges of their countries. */
    add?: AddedService[];
    /** Ids of services (built-in or added) never to show. */
    hide?: string[];
    /** Corrections by service id. */
    replace?: Record<string, Partial<Pick<AddedService, 'name' | 'phone' | 'url' | 'hours' | 'forParents'>>>;
  };
  /** By locale (`kk`, `ru`, `uz`, `ar`, `en`). */
  texts?: Partial<Record<'kk' | 'ru' | 'uz' | 'ar' | 'en', LocaleTexts>>;
}

/** Thrown by `createGuard` and `guard.setContent` for content that is not valid. */
export interface ContentError extends TypeError {
  name: 'ContentError';
  /** Where in the content: `services.add[0].url`. */
  path: string;
}

export interface CheckOptions {
  /** Who sent the message; default `incoming`. */
  direction?: Direction;
  /**
   * The language(s) the chat is in, when the messenger knows them (`'ru'`, `['kk', 'ru']`).
   * Rules scoped to other languages are skipped. Kazakh and Uzbek chats often switch to
   * Russian: pass every language the chat may use. Omitted: every rule runs. A tag holding a comma is a `TypeError`.
   */
  lang?: string | string[];
  /**
   * The conversation (chat) the message belongs to: any stable id of the integrator's (a
   * contact's JID, a chat id; the guard keeps only its 64-bit hash). With it, the guard adds the
   * message's grooming and sextortion hits and signals to that conversation's risk and the
   * verdict gains `conversation`. The guard keeps at most 1,000 conversations (least recently
   * used dropped) and 32 events each: rule ids, stages, severities, directions, times; never text.
   */
  conversation?: string;
  /** When the message was sent or received, in milliseconds (like `Date.now()`, the default). */
  now?: number;
}

/** A conversation's risk level. */
export type Risk = 'none' | 'low' | 'medium' | 'high';

/** One rule behind a conversation's risk. No text. */
export interface RiskReason {
  rule: string;
  category: Category;
  stage: Stage | null;
  severity: Severity;
  direction: Direction;
  /** The `now` of the message it fired in. */
  time_ms: number;
}

/** A conversation's state after a message (in a verdict of a check with `conversation`). */
export interface ConversationState {
  risk: Risk;
  /** The grooming stages seen, strongest first. */
  stages: Stage[];
  /** The rules behind the risk, most weighty first. */
  reasons: RiskReason[];
  /**
   * True the first time the risk reaches `high` (and again only after it fell below `medium`):
   * the verdict's `nudge` is then the conversation nudge.
   */
  nudge: boolean;
}

/** One rule that fired. `start`/`end` are UTF-16 code units of the checked text, like `String.prototype.slice`. */
export interface Hit {
  rule: string;
  category: Category;
  stage: Stage | null;
  severity: Severity;
  start: number;
  end: number;
}

/** The result of a check. It never contains the message text. */
export interface Verdict {
  /** Categories of the hits, unique. */
  categories: Category[];
  /** `nudge` when the child should see a nudge. */
  action: 'none' | 'nudge';
  /** The highest severity among the hits. */
  severity: Exclude<Severity, 'signal'> | 'none';
  /**
   * Which nudge to show: the most severe (then most urgent) hit's category, and the direction;
   * `conversation: true` for the conversation nudge (the chat's risk became high).
   */
  nudge: { category: Category; direction: Direction; conversation?: true } | null;
  /** The conversation's state, when the check named a `conversation`. */
  conversation?: ConversationState;
  /** The hits in order of their start: at most 64, the most severe ones. */
  hits: Hit[];
  /**
   * Hits of `signal` rules (an age question, a picture request), at most 64. They never nudge
   * and never count in `categories` or `severity`; they feed a conversation's risk.
   */
  signals: Hit[];
  /** How many less severe hits and signals the caps of 64 left out (the nudge was decided on all of them). */
  dropped_hits: number;
  /**
   * The message was longer than the scan window: its first 64 KiB and its last 4 KiB of text as
   * the matcher sees it were checked (folded: invisible characters do not count, characters
   * that fold to several count in full).
   */
  truncated: boolean;
}

/** A problem in rule files: a stable code and a place. */
export interface Diagnostic {
  level: 'error' | 'warning';
  /** Stable code, such as `E104`. */
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  ruleId: string | null;
  help: string | null;
  /** The diagnostic rendered like rustc, with the source line. */
  rendered: string;
}

/** Thrown by `createGuard` and `Guard.loadRules` when rules do not compile; fields of the first error. */
export interface RulesError extends Error {
  name: 'RulesError';
  code: string;
  file: string;
  line: number;
  column: number;
  ruleId: string | null;
  /** Every error and warning of the load. */
  diagnostics: Diagnostic[];
  /** All of them rendered like rustc. */
  rendered: string;
}

/** What the child can choose in a nudge. */
export type ChoiceId = 'block' | 'report' | 'talk' | 'get_help' | 'edit' | 'send_anyway' | 'keep_reading';

/** A support service shown in a nudge. */
export interface Service {
  id: string;
  name: string;
  kind: string;
  /** The number as written for people, e.g. `150`. */
  phone: string | null;
  /** `tel:` link for `phone`. */
  tel: string | null;
  /** `https:` link. */
  url: string | null;
  hours: string | null;
  /** Meant for parents rather than children. */
  for_parents: boolean;
  /** Not from the child's country (an international service, in English). */
  international: boolean;
}

/** Everything the nudge popup shows, in the child's language. */
export interface NudgeContent {
  locale: string;
  dir: 'ltr' | 'rtl';
  category: Category;
  direction: Direction;
  title: string;
  body: string;
  /** In display order; outgoing nudges end with `send_anyway`, incoming ones with `keep_reading`. */
  choices: { id: ChoiceId; label: string }[];
  /** The primary service first. International ones appear only where no local service does the same job. */
  services: Service[];
  /** Whether a local child helpline or counsellor is among the services (if not, the popup says so). */
  local_helpline: boolean;
  /** True for the conversation nudge. */
  conversation?: true;
  /** The conversation nudge's signs in the child's words, strongest first (a list under the body). */
  signs?: string[];
  labels: {
    dialog_label: string;
    close: string;
    services_heading: string;
    call: string;
    open: string;
    for_parents: string;
    international: string;
    more_help: string;
    no_local_helpline: string;
    block_confirm: string;
    block_yes: string;
    cancel: string;
    waiting: string;
    /** Contains `{n}`. */
    messages_count: string;
    [label: string]: string;
  };
}

/** Checks messages. Free it with `free()` (or `using`) when done. */
export interface Guard {
  readonly locale: Locale;
  readonly country: string;
  /** Scans one message; cheap enough for every keystroke. */
  check(text: string, options?: CheckOptions): Verdict;
  /**
   * Swaps the rules; resolves once the new rules are in use. Rejects with a `RulesError` (and
   * the old rules keep working) when they do not compile.
   */
  loadRules(rules?: RulesInput): Promise<void>;
  /** Warnings found while compiling the current rules' files (none for a bundle or the built-in rules). */
  readonly warnings: Diagnostic[];
  /** The content of the nudge a verdict calls for (default: the guard's locale and country), or `null`. */
  nudge(verdict: Verdict, options?: { locale?: Locale; country?: string }): NudgeContent | null;
  /** Forgets a conversation's state; whether anything was kept. */
  forget(conversation: string): boolean;
  /** The conversations' state as versioned JSON (no text), for storage of the integrator's choice. */
  exportConversations(): string;
  /** Restores a state from `exportConversations`; throws a `TypeError` (and keeps the current state) when it is not valid. */
  importConversations(state: string): void;
  /** Replaces the run-time content; on a `ContentError` the old content stays. */
  setContent(content?: RuntimeContent): void;
  /** Frees the compiled rules and the conversations' state. */
  free(): void;
  [Symbol.dispose](): void;
}

/** Loads the WebAssembly module (once) and compiles the rules (built-in unless `rules` is given). */
export function createGuard(options?: GuardOptions): Promise<Guard>;
