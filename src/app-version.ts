/** The build's version, shown in diagnostics and reported to the server. */
export const APP_VERSION: string = import.meta.env?.VITE_APP_VERSION ?? '0.1.0';

/**
 * This build exactly (the version plus the commit it was built from, see vite.config.ts): what
 * the tallies are stamped with, so a device that ran another build recounts them once.
 */
export const BUILD_ID: string = import.meta.env?.VITE_BUILD_ID ?? APP_VERSION;
