import { useState } from 'preact/hooks';
import type { PersonQuery } from '#shared/habeas/api';
import { messages as m } from '../i18n/es-CO';
import { DsrSection } from './dsr-section';
import { PersonSearch } from './person-search';

/** The data-protection officer's desk: find, export, correct and delete one person's data. */
export function HabeasPage() {
  // A data-subject request in the list can start a search for its person.
  const [preset, setPreset] = useState<PersonQuery | null>(null);
  return (
    <>
      <section class="card" aria-labelledby="habeas-title">
        <h2 id="habeas-title">{m.habeas.title}</h2>
        <p class="muted">{m.habeas.intro}</p>
      </section>
      <PersonSearch preset={preset} />
      <DsrSection onSearch={setPreset} />
    </>
  );
}
