// micromark syntax for the portal's Markdown (see markdown.ts): CommonMark plus GFM tables and
// bare http(s) URLs, raw HTML off (it stays text), and bounds on the constructs whose built-in
// resolvers do work proportional to everything before them, so a hostile draft stays fast.

import { parse } from 'micromark';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Code, Construct, Extension, State } from 'micromark-util-types';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    portalBareUrl: 'portalBareUrl';
    portalBareUrlTrail: 'portalBareUrlTrail';
    portalLiteral: 'portalLiteral';
  }
}

export const SYNTAX_LIMITS = Object.freeze({
  /** Emphasis delimiter runs ('*', '__' …) per paragraph, heading or cell; later ones stay text. */
  maxDelimiterRuns: 200,
  /** A longer run of '*' or '_' stays text. */
  maxDelimiterLength: 24,
  /** Setext headings ('Title' over '===') per document; later underlines stay text. */
  maxSetextHeadings: 50,
});

const builtIns = parse().constructs;

function builtIn(field: 'text' | 'flow', code: number, name: string): Construct {
  const entry = builtIns[field][code];
  const found = (Array.isArray(entry) ? entry : [entry]).find((c) => c?.name === name);
  if (!found) throw new Error(`micromark has no ${name} construct`);
  return found;
}

/**
 * Emphasis whose resolver (a backward search from each closing run) sees a bounded number of
 * runs. A closing run with no opening run of its character before it can never match, so it is
 * text from the start (as the resolver would conclude after searching the whole paragraph).
 */
function boundedAttention(): Construct {
  const base = builtIn('text', 42, 'attention');
  const resolveAll = base.resolveAll!;
  return {
    ...base,
    name: 'portalAttention',
    add: 'before',
    resolveAll(events, context) {
      let runs = 0;
      const openers = new Map<number, number>();
      for (const [kind, token] of events) {
        if (kind !== 'enter' || token.type !== 'attentionSequence') continue;
        const marker = context.sliceSerialize(token).charCodeAt(0);
        const hopeless = token._close && !token._open && !openers.get(marker);
        if (hopeless || runs >= SYNTAX_LIMITS.maxDelimiterRuns || token.end.offset - token.start.offset > SYNTAX_LIMITS.maxDelimiterLength) {
          token.type = 'data';
          continue;
        }
        runs++;
        if (token._open) openers.set(marker, (openers.get(marker) ?? 0) + 1);
      }
      return resolveAll(events, context);
    },
  };
}

/** Setext headings, counted: each one rewrites the whole event list parsed so far. */
function boundedSetext(): Construct {
  const base = builtIn('flow', 61, 'setextUnderline');
  const resolveTo = base.resolveTo!;
  let headings = 0;
  return {
    ...base,
    name: 'portalSetextUnderline',
    add: 'before',
    tokenize(effects, ok, nok) {
      return headings >= SYNTAX_LIMITS.maxSetextHeadings ? nok : base.tokenize.call(this, effects, ok, nok);
    },
    resolveTo(events, context) {
      headings++;
      return resolveTo(events, context);
    },
  };
}

// Bare URLs: 'http(s)://' plus at least one character, up to whitespace or < > [ ] ` ".
// Trailing punctuation is left out, and a ')' only stays when it closes a '(' of the URL.
const isStop = (code: Code): boolean =>
  code === null || code < 33 || code === 34 || code === 60 || code === 62 || code === 91 || code === 93 || code === 96 ||
  /\s/.test(String.fromCharCode(code));
const isTrail = (code: Code): boolean => code !== null && '?!.,:;*_~\')'.includes(String.fromCharCode(code));
const isWordBefore = (code: Code): boolean => code !== null && /[A-Za-z0-9/:@.&%+<-]/.test(String.fromCharCode(code));

const trailingRun: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    const run: State = (code) => {
      if (isTrail(code)) {
        effects.consume(code);
        return run;
      }
      effects.exit('portalBareUrlTrail');
      return isStop(code) ? ok(code) : nok(code);
    };
    return (code) => {
      effects.enter('portalBareUrlTrail');
      return run(code);
    };
  },
};

const bareUrl: Construct = {
  name: 'portalBareUrl',
  previous(code) {
    return !isWordBefore(code);
  },
  tokenize(effects, ok, nok) {
    const prefix = 'http';
    let matched = 0;
    let parens = 0;
    let innerRun = false; // inside a punctuation run already known to be followed by more URL
    const done: State = (code) => {
      effects.exit('portalBareUrl');
      return ok(code);
    };
    const closeParens: State = (code) => {
      if (code === 41 && parens > 0) {
        parens--;
        effects.consume(code);
        return closeParens;
      }
      return done(code);
    };
    const inner: State = (code) => {
      innerRun = true;
      return path(code);
    };
    const path: State = (code) => {
      if (isStop(code)) return done(code);
      if (isTrail(code) && !innerRun) return effects.check(trailingRun, closeParens, inner)(code);
      if (code === 40) parens++;
      else if (code === 41 && parens > 0) parens--;
      if (!isTrail(code)) innerRun = false;
      effects.consume(code);
      return path;
    };
    const host: State = (code) => {
      if (isStop(code) || isTrail(code)) return nok(code);
      effects.consume(code);
      return path;
    };
    const scheme: State = (code) => {
      if (matched < prefix.length) {
        if (code !== prefix.charCodeAt(matched)) return nok(code);
        matched++;
        effects.consume(code);
        return scheme;
      }
      const rest = matched === prefix.length && code === 115 ? 's://' : '://';
      return literal(rest)(code);
    };
    const literal = (text: string): State => {
      let k = 0;
      const step: State = (code) => {
        if (k === text.length) return host(code);
        if (code !== text.charCodeAt(k)) return nok(code);
        k++;
        effects.consume(code);
        return step;
      };
      return step;
    };
    return (code) => {
      effects.enter('portalBareUrl');
      return scheme(code);
    };
  },
};

/**
 * A character whose construct failed ('&' that is no entity, ']' that closes nothing …), kept as
 * its own token. Left to micromark it would become a `data` token next to another one, and
 * merging those costs a copy of the paragraph's whole event list each time. It is only tried
 * where the construct it backs up was (the same `previous` rule).
 */
function literalAfter(construct?: Construct): Construct {
  return {
    name: 'portalLiteral',
    add: 'after',
    previous: construct?.previous,
    tokenize(effects, ok) {
      return (code) => {
        effects.enter('portalLiteral');
        effects.consume(code);
        effects.exit('portalLiteral');
        return ok;
      };
    },
  };
}

function literals(): Record<number, Construct> {
  const always = literalAfter();
  // ! & < \ ] start constructs that are tried everywhere; ` and h only where their rule allows.
  return { 33: always, 38: always, 60: always, 92: always, 93: always, 96: literalAfter(builtIn('text', 96, 'codeText')), 104: literalAfter(bareUrl) };
}

const LITERALS = literals();

/** The parse extensions, fresh per document (the setext bound counts per document). */
export function portalSyntax(): Extension[] {
  const attention = boundedAttention();
  const setext = boundedSetext();
  return [
    gfmTable(),
    {
      disable: { null: ['htmlFlow', 'htmlText', 'attention', 'setextUnderline'] },
      text: { 42: attention, 95: attention, 104: bareUrl },
    },
    {
      text: LITERALS,
      flow: { 45: setext, 61: setext },
      insideSpan: { null: [attention] },
    },
  ];
}
