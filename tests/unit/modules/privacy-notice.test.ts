import { describe, expect, it } from 'vitest';
import { privacyNotice } from '../../../src/modules/pqrsd/privacy-notice';
import { seedProfile, type MunicipalityProfile } from '#shared/municipality/municipality-schema';
import { PRIVACY_NOTICE_VERSION } from '#shared/records';

const filled: MunicipalityProfile = {
  ...seedProfile('95015'),
  address: 'Calle 3 # 5-10, Palacio Municipal',
  phone: '608 000 2222',
  email: 'alcaldia@calamar.example.gov.co',
  dataController: 'Alcaldía Municipal de Calamar — Secretaría General',
  policyUrl: 'https://calamar.example.gov.co/politica-de-datos',
};

describe('the aviso de privacidad (Decreto 1377 de 2013, arts. 14–15)', () => {
  it('names the controller with address, phone and e-mail, the purpose, every right and where the policy is', () => {
    const n = privacyNotice(filled);
    const text = n.paragraphs.join('\n');
    expect(n.title).toBe('Aviso de privacidad');
    for (const part of [filled.dataController, filled.address, filled.phone, filled.email, filled.policyUrl, filled.entityName]) expect(text).toContain(part);
    expect(text).toMatch(/Finalidad: .*radicar, tramitar y responder/);
    for (const right of ['conocer', 'actualizar', 'rectificar', 'suprimir', 'revocar', 'Superintendencia de Industria y Comercio']) expect(text).toContain(right);
  });

  it('says where to ask for what the profile does not have yet, instead of leaving it out', () => {
    const text = privacyNotice(seedProfile('95015')).paragraphs.join('\n');
    expect(text).toContain('Dirección: se informa en la ventanilla de atención al ciudadano.');
    expect(text).toContain('puede pedirla en la ventanilla');
  });

  it('is versioned by template and text: another municipality or a changed contact is another version', () => {
    const a = privacyNotice(filled);
    expect(a.version).toMatch(new RegExp(`^${PRIVACY_NOTICE_VERSION}\\.[0-9a-f]{8}$`));
    expect(a.version.length).toBeLessThanOrEqual(20); // what the request's schema stores
    expect(privacyNotice({ ...filled }).version).toBe(a.version);
    expect(privacyNotice({ ...filled, phone: '608 000 3333' }).version).not.toBe(a.version);
    expect(privacyNotice(seedProfile('95001')).version).not.toBe(privacyNotice(seedProfile('95015')).version);
  });
});
