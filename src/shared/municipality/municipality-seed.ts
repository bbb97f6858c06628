/**
 * Seed data: the municipalities a deployment knows out of the box (DOMAIN.md §1, DANE
 * DIVIPOLA). Only their code, name and department; the municipality's admin fills in the rest
 * of the profile. This is the one place in the code that names a municipality.
 */
export const KNOWN_MUNICIPALITIES: Readonly<Record<string, { name: string; department: string }>> = {
  '95001': { name: 'San José del Guaviare', department: 'Guaviare' },
  '95015': { name: 'Calamar', department: 'Guaviare' },
  '95025': { name: 'El Retorno', department: 'Guaviare' },
  '95200': { name: 'Miraflores', department: 'Guaviare' },
};
