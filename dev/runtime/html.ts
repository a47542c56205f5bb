/**
 * Fake HtmlService: HTML outputs built from strings or from `<name>.html` files of the built
 * add-on, and templates with `<? code ?>`, `<?= escaped ?>` and `<?!= raw ?>` scriptlets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { exception, realmOf } from './env';
import { HOST_REALM } from './ui';

type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;
type HtmlTemplate = GoogleAppsScript.HTML.HtmlTemplate;
type HtmlService = GoogleAppsScript.HTML.HtmlService;

export interface HtmlServiceOptions {
  /**
   * The vm context the bundle runs in. Scriptlets are compiled there, so they can call the
   * script's global functions (the usual `<?!= include('styles') ?>`) as in Apps Script.
   */
  context?: vm.Context;
}

const SANDBOX_MODE = { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' };
const X_FRAME_OPTIONS_MODE = { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' };

export function createHtmlService(distDir: string, options: HtmlServiceOptions = {}): HtmlService {
  return new FakeHtmlService(distDir, options.context) as unknown as HtmlService;
}

class FakeHtmlService implements HtmlService {
  readonly SandboxMode = SANDBOX_MODE as unknown as typeof GoogleAppsScript.HTML.SandboxMode;
  readonly XFrameOptionsMode =
    X_FRAME_OPTIONS_MODE as unknown as typeof GoogleAppsScript.HTML.XFrameOptionsMode;

  constructor(
    private readonly distDir: string,
    private readonly context: vm.Context | undefined,
  ) {}

  createHtmlOutput(html?: string | GoogleAppsScript.Base.BlobSource): HtmlOutput {
    return new FakeHtmlOutput(this.context, textOf(html));
  }

  createHtmlOutputFromFile(filename: string): HtmlOutput {
    return new FakeHtmlOutput(this.context, this.readProjectFile(filename));
  }

  createTemplate(html: string | GoogleAppsScript.Base.BlobSource): HtmlTemplate {
    return new FakeHtmlTemplate(this.context, textOf(html));
  }

  createTemplateFromFile(filename: string): HtmlTemplate {
    return new FakeHtmlTemplate(this.context, this.readProjectFile(filename));
  }

  getUserAgent(): string {
    return 'Mozilla/5.0 (local Apps Script runtime)';
  }

  /** Project files are named without extension; `name.html` is accepted too. */
  private readProjectFile(filename: string): string {
    const name = filename.replace(/\.html$/, '');
    try {
      return readFileSync(join(this.distDir, `${name}.html`), 'utf8');
    } catch {
      const realm = this.context ? realmOf(this.context) : HOST_REALM;
      throw exception(realm, `No HTML file named ${name} was found.`);
    }
  }
}

class FakeHtmlOutput implements HtmlOutput {
  sandboxMode = 'IFRAME';
  xFrameOptionsMode = 'DEFAULT';
  private title = '';
  private width = 0;
  private height = 0;
  private faviconUrl = '';
  private readonly metaTags: GoogleAppsScript.HTML.HtmlOutputMetaTag[] = [];

  constructor(
    private readonly context: vm.Context | undefined,
    private content = '',
  ) {}

  getContent(): string {
    return this.content;
  }

  setContent(content: string): HtmlOutput {
    this.content = String(content);
    return this;
  }

  append(addedContent: string): HtmlOutput {
    this.content += printable(addedContent);
    return this;
  }

  appendUntrusted(addedContent: string): HtmlOutput {
    return this.append(escapeHtml(printable(addedContent)));
  }

  clear(): HtmlOutput {
    return this.setContent('');
  }

  asTemplate(): HtmlTemplate {
    return new FakeHtmlTemplate(this.context, this.content);
  }

  getTitle(): string {
    return this.title;
  }

  setTitle(title: string): HtmlOutput {
    this.title = String(title);
    return this;
  }

  getWidth(): number {
    return this.width;
  }

  setWidth(width: number): HtmlOutput {
    this.width = width;
    return this;
  }

  getHeight(): number {
    return this.height;
  }

  setHeight(height: number): HtmlOutput {
    this.height = height;
    return this;
  }

  getFaviconUrl(): string {
    return this.faviconUrl;
  }

  setFaviconUrl(iconUrl: string): HtmlOutput {
    this.faviconUrl = iconUrl;
    return this;
  }

  setSandboxMode(mode: GoogleAppsScript.HTML.SandboxMode): HtmlOutput {
    this.sandboxMode = String(mode);
    return this;
  }

  setXFrameOptionsMode(mode: GoogleAppsScript.HTML.XFrameOptionsMode): HtmlOutput {
    this.xFrameOptionsMode = String(mode);
    return this;
  }

  addMetaTag(name: string, content: string): HtmlOutput {
    this.metaTags.push({ getName: () => name, getContent: () => content });
    return this;
  }

  getMetaTags(): GoogleAppsScript.HTML.HtmlOutputMetaTag[] {
    return [...this.metaTags];
  }

  getBlob(): GoogleAppsScript.Base.Blob {
    throw new Error('HtmlOutput.getBlob is not implemented by the local runtime');
  }

  getAs(): GoogleAppsScript.Base.Blob {
    return this.getBlob();
  }
}

/** Scriptlets: `<?!= raw ?>`, `<?= escaped ?>` and `<? code ?>`. */
const SCRIPTLET = /<\?(!=|=)?([\s\S]*?)\?>/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Data for the template is set as properties on it (`template.rows = ...`), so the class keeps
 * its own state in private fields: every own enumerable property is a template variable.
 */
class FakeHtmlTemplate implements HtmlTemplate {
  readonly #context: vm.Context | undefined;
  readonly #source: string;

  constructor(context: vm.Context | undefined, source: string) {
    this.#context = context;
    this.#source = source;
  }

  [propName: string]: unknown;

  evaluate(): HtmlOutput {
    const output = new FakeHtmlOutput(this.#context);
    const names = Object.keys(this).filter((name) => IDENTIFIER.test(name) && name !== 'output');
    const render = vm.compileFunction(this.getCode(), ['output', ...names], {
      parsingContext: this.#context,
    });
    render(output, ...names.map((name) => this[name]));
    return output;
  }

  /** The template compiled to statements appending to `output`, as Apps Script does. */
  getCode(): string {
    const statements: string[] = [];
    let literalStart = 0;
    for (const match of this.#source.matchAll(SCRIPTLET)) {
      const [scriptlet, kind, code] = match;
      statements.push(
        `output.append(${JSON.stringify(this.#source.slice(literalStart, match.index))});`,
      );
      if (kind === '!=') statements.push(`output.append(${code});`);
      else if (kind === '=') statements.push(`output.appendUntrusted(${code});`);
      else statements.push(code);
      literalStart = match.index + scriptlet.length;
    }
    statements.push(`output.append(${JSON.stringify(this.#source.slice(literalStart))});`);
    return statements.join('\n');
  }

  getCodeWithComments(): string {
    return this.getCode();
  }

  getRawContent(): string {
    return this.#source;
  }
}

function textOf(html: string | GoogleAppsScript.Base.BlobSource | undefined): string {
  if (html === undefined) return '';
  return typeof html === 'string' ? html : html.getBlob().getDataAsString();
}

/** Scriptlet values: `null`/`undefined` print nothing, anything else its string form. */
function printable(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function escapeHtml(text: string): string {
  const entities: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
  };
  return text.replace(/[&<>"']/g, (character) => entities[character]);
}
