/** A path the route pattern matches (ACCESS_MATRIX keys): parameters filled with values that exist nowhere. */
export const concretePath = (pattern: string): string =>
  pattern
    .replace(':hash', '0'.repeat(64))
    .replace(':key', 'noticias')
    .replace(':slug', 'no-existe')
    .replace(':deviceId', 'dispositivo-inexistente')
    .replace(':id', '00000000-0000-7000-8000-000000000000')
    .replace('/api/*', '/api/no-existe')
    .replace('/*', '/index.html');
