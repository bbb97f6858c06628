import type { MunicipalityProfile } from '#shared/municipality/municipality-schema';
import { PRIVACY_NOTICE_VERSION } from '#shared/records';

export interface PrivacyNotice {
  /** The template's version and a digest of the exact text shown: stored with each request. */
  version: string;
  title: string;
  paragraphs: string[];
}

/** FNV-1a, 32 bits, as 8 hex digits: tells two texts apart in the version (not a security hash). */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const orAsk = (value: string) => (value === '' ? 'se informa en la ventanilla de atención al ciudadano' : value);

/**
 * The aviso de privacidad read to the petitioner when their data is taken (Ley 1581 de 2012
 * art. 12; Decreto 1377 de 2013 arts. 14–15, now Decreto 1074 de 2015): who is responsible and
 * how to reach them, the purpose, the rights, and where to read the data-processing policy.
 * Every name and contact comes from the municipality's profile. Its version (template and a
 * digest of this very text) and the moment it was shown are stored with the request.
 */
export function privacyNotice(p: MunicipalityProfile): PrivacyNotice {
  const controller = p.dataController || p.entityName;
  const paragraphs = [
    `Responsable del tratamiento: ${controller}. Dirección: ${orAsk(p.address)}. Teléfono: ${orAsk(p.phone)}. Correo electrónico: ${orAsk(p.email)}.`,
    `Finalidad: ${p.entityName} usará sus datos personales para radicar, tramitar y responder esta solicitud, comunicarle su estado y elaborar los informes de ley, en cumplimiento de la Ley 1755 de 2015. Por ser una finalidad legal no se requiere su autorización (Ley 1581 de 2012, art. 10).`,
    'Sus derechos (Ley 1581 de 2012, art. 8): conocer, actualizar y rectificar sus datos; ser informado del uso que se les da; pedir suprimirlos y revocar la autorización cuando proceda; acceder a ellos gratuitamente; y presentar quejas ante la Superintendencia de Industria y Comercio (SIC) por infracciones a la ley.',
    p.policyUrl
      ? `Política de tratamiento de datos personales: puede leerla en ${p.policyUrl} y pedirla en la ventanilla de atención al ciudadano. Allí se publican también sus cambios.`
      : 'Política de tratamiento de datos personales: puede pedirla en la ventanilla de atención al ciudadano, donde se informan también sus cambios.',
  ];
  const title = 'Aviso de privacidad';
  return { version: `${PRIVACY_NOTICE_VERSION}.${digest([title, ...paragraphs].join('\n'))}`, title, paragraphs };
}
