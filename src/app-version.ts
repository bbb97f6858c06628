/** The build's version, shown in diagnostics and reported to the server. */
export const APP_VERSION: string = import.meta.env?.VITE_APP_VERSION ?? '0.1.0';
