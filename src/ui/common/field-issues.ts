import { z } from 'zod/mini';
import { ApiCallError } from '../../api/api-call-error';
import { AppError } from '#shared/errors';
import { fieldLabel } from '../i18n/field-labels';

/** One validation problem: the field's dotted path (as the shared schemas name it) and the Spanish reason. */
export interface FieldIssue {
  path: string;
  message: string;
}

function isIssue(d: unknown): d is FieldIssue {
  return typeof d === 'object' && d !== null && typeof (d as FieldIssue).message === 'string' && typeof ((d as FieldIssue).path ?? '') === 'string';
}

/**
 * The validation issues an error carries, wherever it comes from: a device-side refusal
 * (AppError `details`), the server's (ApiCallError `details`) or a schema checked in place
 * (ZodError). Empty when the error is not about fields.
 */
export function issuesOf(err: unknown): FieldIssue[] {
  if (err instanceof z.core.$ZodError) return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const details = err instanceof AppError || err instanceof ApiCallError ? err.details : undefined;
  return Array.isArray(details) ? details.filter(isIssue).map((d) => ({ path: d.path ?? '', message: d.message })) : [];
}

/** The form field an issue's path belongs to: itself, an alias, or the nearest parent the form has. */
export function fieldOf<F extends string>(path: string, fields: readonly F[], aliases: Readonly<Record<string, F>> = {}): F | undefined {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    if (aliases[p]) return aliases[p];
    if ((fields as readonly string[]).includes(p)) return p as F;
  }
  return undefined;
}

/** An issue said away from its input: «Nombre: Escriba al menos 3 caracteres.» (the label, never the raw path). */
export function labelledIssue(issue: FieldIssue, kind?: string): string {
  const label = issue.path ? fieldLabel(issue.path, kind) : null;
  return label ? `${label}: ${issue.message}` : issue.message;
}

/**
 * Issues sorted onto a form: the first reason of each field it shows, and the rest (issues of
 * fields it does not show) as labelled sentences for the form's summary.
 */
export function sortIssues<F extends string>(
  issues: readonly FieldIssue[],
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
): { byField: Partial<Record<F, string>>; rest: string[] } {
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const f = fieldOf(issue.path, fields, aliases);
    if (f === undefined) rest.push(labelledIssue(issue));
    else byField[f] ??= issue.message;
  }
  return { byField, rest: [...new Set(rest)] };
}
