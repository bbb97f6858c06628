import { PRIVACY_NOTICE_VERSION } from '../../shared/records';

/**
 * The notice read to the citizen when their data is taken (Ley 1581 de 2012, art. 12):
 * purpose, rights and who is responsible. Its version is stored with each request.
 */
export const PRIVACY_NOTICE = {
  version: PRIVACY_NOTICE_VERSION,
  title: 'Aviso de privacidad (tratamiento de datos personales)',
  paragraphs: [
    'La Alcaldía de Miraflores (Guaviare), responsable del tratamiento, usará sus datos para radicar, tramitar y responder esta solicitud y para los informes de ley, en cumplimiento de la Ley 1755 de 2015. No se necesita su autorización para esta finalidad legal.',
    'Usted tiene derecho a conocer, actualizar, rectificar y solicitar la supresión de sus datos, a revocar la autorización cuando proceda y a presentar quejas ante la Superintendencia de Industria y Comercio (SIC).',
    'Responsable: Alcaldía Municipal de Miraflores, Palacio Municipal, Miraflores (Guaviare). Canales: ventanilla de atención al ciudadano y el portal web municipal.',
  ],
} as const;
