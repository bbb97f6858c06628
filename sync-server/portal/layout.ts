import type { MunicipalityProfile } from '#shared/municipality/municipality-schema';
import { html, type Html } from './html';

/** What the frame says about the municipality whose portal it is: all from its profile. */
export type PortalSite = Pick<MunicipalityProfile, 'entityName' | 'department' | 'logo' | 'address' | 'phone' | 'email' | 'policyUrl'>;

const entityOf = (s: PortalSite) => (s.department && !s.entityName.includes(s.department) ? `${s.entityName} (${s.department})` : s.entityName);

function footer(site: PortalSite | null): Html {
  if (!site) return html`<footer><p>Transparencia y acceso a la información pública (Ley 1712 de 2014).</p></footer>`;
  const reach = [site.address, site.phone, site.email].filter((x) => x !== '').join(' · ');
  return html`<footer><p>Portal público de ${entityOf(site)}. Transparencia y acceso a la información pública (Ley 1712 de 2014).</p>${reach ? html`<p>${reach}</p>` : ''}${
    site.policyUrl ? html`<p><a href="${site.policyUrl}">Política de tratamiento de datos personales</a></p>` : ''
  }</footer>`;
}

/**
 * The public portal's page frame: server-rendered, no JavaScript needed, WCAG 2.1 AA. `site`
 * is the profile of the portal's municipality; null only where no store is read (the
 * rate-limit page), which then names no entity rather than a wrong one.
 */
export function portalPage(opts: { title: string; body: Html; site: PortalSite | null }): Html {
  const { site } = opts;
  return html`<!doctype html>
<html lang="es-CO">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}${site ? ` — ${entityOf(site)}` : ''}</title>
<link rel="stylesheet" href="/portal/portal.css">
</head>
<body>
<a class="skip" href="#contenido">Saltar al contenido</a>
<header class="top"><p class="entity"><a class="home" href="/portal">${site?.logo ? html`<img class="logo" src="${site.logo}" alt="" width="40" height="40"> ` : ''}${site ? entityOf(site) : 'Portal público'}</a></p></header>
<main id="contenido">
<h1>${opts.title}</h1>
${opts.body}
</main>
${footer(site)}
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
.entity img.logo { vertical-align: middle; height: 40px; width: auto; background: #fff; border-radius: 4px; }
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
