import { html, type Html } from './html';

/** The public portal's page frame: server-rendered, no JavaScript needed, WCAG 2.1 AA. */
export function portalPage(opts: { title: string; body: Html }): Html {
  return html`<!doctype html>
<html lang="es-CO">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} — Alcaldía de Miraflores (Guaviare)</title>
<link rel="stylesheet" href="/portal/portal.css">
</head>
<body>
<a class="skip" href="#contenido">Saltar al contenido</a>
<header class="top"><p class="entity"><a class="home" href="/portal">Alcaldía Municipal de Miraflores — Guaviare</a></p></header>
<main id="contenido">
<h1>${opts.title}</h1>
${opts.body}
</main>
<footer><p>Portal público de la Alcaldía de Miraflores. Transparencia y acceso a la información pública (Ley 1712 de 2014).</p></footer>
</body>
</html>`;
}

export const PORTAL_CSS = `
:root { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a202c; }
body { margin: 0; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem; }
.top { background: #0b6e4f; color: #fff; padding: 0.75rem 1rem; }
.entity { margin: 0; font-weight: 700; }
.entity a.home { color: #fff; text-decoration: none; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
label { display: block; font-weight: 600; margin-top: 0.75rem; }
input { font: inherit; min-height: 48px; width: 100%; max-width: 24rem; padding: 0.5rem; border: 1px solid #6b7a74; border-radius: 6px; }
button { font: inherit; font-weight: 600; min-height: 48px; margin-top: 1rem; padding: 0.5rem 1.25rem; background: #0b6e4f; color: #fff; border: 0; border-radius: 6px; cursor: pointer; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.result { border: 1px solid #c3cbc7; border-radius: 8px; padding: 1rem; margin-top: 1rem; }
.number { white-space: nowrap; font-variant-numeric: tabular-nums; }
.error { color: #b42318; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.items { list-style: none; padding: 0; }
.items li { border-bottom: 1px solid #c3cbc7; padding: 0.5rem 0; }
.meta { color: #4a5568; font-size: 0.95rem; }
.summary { font-size: 1.1rem; }
article img { max-width: 100%; height: auto; }
a { color: #08523b; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c3cbc7; padding: 0.4rem; text-align: left; }
nav ol.menu li, nav ul li { margin: 0.3rem 0; }
footer { border-top: 1px solid #c3cbc7; padding: 1rem; color: #4a5568; font-size: 0.9rem; text-align: center; }
`;
