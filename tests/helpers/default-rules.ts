// The pure rules with the default settings filled in when a test leaves them out, for tests of
// the rules themselves. The app never calls them this way: there the settings argument is
// required and comes from the municipality's profile (src/modules/municipality, server
// sync-server/municipality), so a caller cannot forget them.
import { DEFAULT_PQRSD_SETTINGS, type Lifecycle, type PqrsdSettings } from '#shared/pqrsd/lifecycle-schema';
import * as rules from '#shared/pqrsd/lifecycle';
import * as deadlines from '#shared/pqrsd/deadlines';
import { buildPqrsdReport as buildReport, type PqrsdReportOptions, type ReportInput } from '#shared/pqrsd/report';
import type { PqrsdType } from '#shared/records/pqrsd';

export * from '#shared/pqrsd/lifecycle';
export { isOpen, POSITIVE_SILENCE_DELIVERY_DAYS, termStart, VERBAL_CHANNELS } from '#shared/pqrsd/deadlines';

const or = (s?: PqrsdSettings) => s ?? DEFAULT_PQRSD_SETTINGS;

export const initialLifecycle = (type: PqrsdType, receivedAt: string, s?: PqrsdSettings) => rules.initialLifecycle(type, receivedAt, or(s));
export const applyEvent = (l: Lifecycle, e: rules.LifecycleEvent, s?: PqrsdSettings, facts?: rules.RequestFacts) =>
  rules.applyEvent(l, e, or(s), facts);
export const foldEvents = (
  type: PqrsdType,
  receivedAt: string,
  events: readonly rules.LifecycleEvent[],
  s?: PqrsdSettings,
  facts?: rules.RequestFacts,
) => rules.foldEvents(type, receivedAt, events, or(s), facts);
export const extensionCap = (l: Lifecycle, s?: PqrsdSettings) => deadlines.extensionCap(l, or(s));
export const transferLimit = (l: Lifecycle, s?: PqrsdSettings) => deadlines.transferLimit(l, or(s));
export const completionRequestLimit = (l: Lifecycle, s?: PqrsdSettings) => deadlines.completionRequestLimit(l, or(s));
export const legalReceiptDate = (receivedAt: string, s?: PqrsdSettings) => deadlines.legalReceiptDate(receivedAt, or(s));
export const completionDeadlineOf = (requiredOn: string, months: number, s?: PqrsdSettings) => deadlines.completionDeadlineOf(requiredOn, months, or(s));
export const positiveSilence = (l: Lifecycle, today: string, s?: PqrsdSettings) => deadlines.positiveSilence(l, today, or(s));
export const dueWithin = (l: Lifecycle, today: string, days: number, s?: PqrsdSettings) => rules.dueWithin(l, today, days, or(s));
export const allowedActions = (l: Lifecycle, today: string, s?: PqrsdSettings) => rules.allowedActions(l, today, or(s));
export const responseBusinessDays = (l: Lifecycle, s?: PqrsdSettings) => rules.responseBusinessDays(l, or(s));

/** The report with the default settings unless a test gives its own (or `saturdayIsBusinessDay`). */
export function buildPqrsdReport(
  requests: readonly ReportInput[],
  range: { from: string; to: string },
  today: string,
  opts: Partial<PqrsdReportOptions> & { saturdayIsBusinessDay?: boolean } = {},
) {
  const { saturdayIsBusinessDay, ...rest } = opts;
  const settings = { ...or(opts.settings), ...(saturdayIsBusinessDay === undefined ? {} : { saturdayIsBusinessDay }) };
  return buildReport(requests, range, today, { ...rest, settings });
}
