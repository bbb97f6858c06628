import { useEffect, useState } from 'preact/hooks';
import { messages as m } from '../i18n/es-CO';
import { href, type Route } from '../router';

/** On a phone the bottom bar shows this many sections; the rest are under «Más». */
export const BAR_SECTIONS = 4;

/**
 * The role's sections. On a wide screen, a strip of tabs under the header; on a phone, a bar at
 * the bottom with the first sections and «Más» opening the rest (nothing hidden off-screen).
 * Which one shows is the stylesheet's decision (the same markup, so nothing moves in the DOM).
 */
export function SectionNav({
  links,
  current,
  phoneExtras = [],
}: {
  links: readonly (readonly [Route, string])[];
  current: Route['page'];
  /** Under «Más» on a phone only (the header has them on a wide screen, e.g. «Cambiar contraseña»). */
  phoneExtras?: readonly (readonly [Route, string])[];
}) {
  const [open, setOpen] = useState(false);
  // Choosing a section closes the menu.
  useEffect(() => setOpen(false), [current]);
  const overflow = phoneExtras.length > 0 || links.length > BAR_SECTIONS + 1;
  const link = ([r, label]: readonly [Route, string], i: number) => (
    <a key={label} href={href(r)} class={overflow && i >= BAR_SECTIONS ? 'nav-extra' : undefined} aria-current={r.page === current ? 'page' : undefined}>
      {label}
    </a>
  );
  const menu = [...links.slice(BAR_SECTIONS), ...phoneExtras];
  const extraCurrent = overflow && menu.some(([r]) => r.page === current);
  return (
    <nav class={`tabs${overflow ? ' has-more' : ''}`} aria-label={m.nav.label}>
      {links.map(link)}
      {overflow && (
        <>
          <button
            type="button"
            class={`nav-more${extraCurrent ? ' current' : ''}`}
            aria-expanded={open}
            aria-controls="nav-more-menu"
            onClick={() => setOpen(!open)}
          >
            {m.nav.more}
          </button>
          {open && (
            <ul id="nav-more-menu" class="nav-more-menu">
              {menu.map(([r, label]) => (
                <li key={label}>
                  <a href={href(r)} aria-current={r.page === current ? 'page' : undefined} onClick={() => setOpen(false)}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </nav>
  );
}
