import type { MunicipalityProfile } from '#shared/municipality/municipality-schema';

/** "Alcaldía Municipal de … (Department)": how documents head the entity's name. */
export function entityLine(p: Pick<MunicipalityProfile, 'entityName' | 'department'>): string {
  return p.department && !p.entityName.includes(p.department) ? `${p.entityName} (${p.department})` : p.entityName;
}

/** The address, phone and e-mail the entity is reached at, those it has filled in. */
export function contactLine(p: Pick<MunicipalityProfile, 'address' | 'phone' | 'email'>): string {
  return [p.address, p.phone, p.email].filter((x) => x !== '').join(' · ');
}

/** The head of a printed document: logo, entity and (with `contact`) how to reach it. */
export function EntityHeading({ profile, contact = false }: { profile: MunicipalityProfile; contact?: boolean }) {
  const reach = contact ? contactLine(profile) : '';
  return (
    <>
      {profile.logo && <img class="entity-logo" src={profile.logo} alt="" width={64} height={64} />}
      <p data-testid="entity-name">{entityLine(profile)}</p>
      {reach && <p class="muted">{reach}</p>}
    </>
  );
}
