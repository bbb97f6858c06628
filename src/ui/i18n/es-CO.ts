import type { ErrorCode } from '../../shared/errors';

/** Every text the app shows, in Spanish (Colombia). Components take their words from here. */
export const messages = {
  appName: 'GEL Campo',
  municipalityOf: (name: string) => `Alcaldía de ${name}`,
  skipToContent: 'Saltar al contenido',

  signIn: {
    title: 'Iniciar sesión',
    intro: 'Inicie sesión una vez con conexión; después la aplicación funciona sin internet.',
    username: 'Usuario',
    password: 'Contraseña',
    submit: 'Ingresar',
    submitting: 'Ingresando…',
    offlineFirstTime: 'Sin conexión. El primer inicio de sesión en este dispositivo necesita internet.',
    again: 'Su sesión ya no es válida en el servidor. Inicie sesión de nuevo para enviar lo pendiente; nada de lo guardado se pierde.',
  },
  signOut: 'Cerrar sesión',
  signOutPending: (n: number) =>
    `Hay ${n} cambio(s) sin enviar. Quedan guardados en este dispositivo y se enviarán cuando vuelva a iniciar sesión. ¿Cerrar sesión?`,

  status: {
    region: 'Estado de sincronización',
    online: 'En línea',
    offline: 'Sin conexión',
    pending: (n: number) => (n === 0 ? 'Todo enviado' : n === 1 ? '1 cambio por enviar' : `${n} cambios por enviar`),
    sending: (done: number, total: number) => `Enviando ${done} de ${total}`,
    syncing: 'Sincronizando…',
    lastSync: (when: string) => `Última sincronización: ${when}`,
    neverSynced: 'Aún no se ha sincronizado',
    lastError: (msg: string) => `Último error: ${msg}`,
    nextRetry: (when: string) => `Nuevo intento ${when}`,
    syncNow: 'Sincronizar ahora',
    rejected: (n: number) => (n === 1 ? '1 cambio rechazado' : `${n} cambios rechazados`),
  },

  storage: {
    persisted: 'Almacenamiento persistente: concedido',
    notPersisted: 'Almacenamiento persistente: no concedido (el navegador podría borrar datos si falta espacio)',
    unknown: 'Almacenamiento persistente: no disponible en este navegador',
    usage: (used: string, quota: string) => `Espacio usado: ${used} de ${quota}`,
  },

  update: {
    available: 'Hay una nueva versión de GEL Campo.',
    reload: 'Actualizar',
    later: 'Más tarde',
    offlineReady: 'La aplicación quedó lista para usarse sin conexión.',
    close: 'Cerrar',
  },

  pqrsd: {
    title: 'Solicitudes ciudadanas (PQRSD)',
    newTitle: 'Radicar una solicitud',
    type: 'Tipo de solicitud',
    channel: 'Canal de recepción',
    idType: 'Tipo de documento',
    idNumber: 'Número de documento',
    citizenName: 'Nombre completo del ciudadano',
    subject: 'Asunto',
    description: 'Descripción',
    submit: 'Radicar',
    saved: (n: string) => `Solicitud guardada en este dispositivo con el número provisional ${n}.`,
    invalid: 'Revise los campos marcados.',
    listTitle: 'Solicitudes en este dispositivo',
    empty: 'Aún no hay solicitudes en este dispositivo.',
    provisional: 'provisional',
    radicado: 'Radicado',
    received: 'Recibida',
    anonymous: 'Anónimo',
    required: 'Obligatorio',
  },

  syncState: {
    pending: 'Pendiente de envío',
    synced: 'Sincronizada',
    rejected: 'Rechazada por el servidor',
  },

  quarantine: {
    title: 'Cambios rechazados por el servidor',
    intro: 'El servidor no aceptó estos cambios. Se guardan aquí con el motivo; no se pierden.',
    reason: 'Motivo',
    discard: 'Descartar',
    confirmDiscard: '¿Descartar este cambio rechazado? No se podrá recuperar.',
  },

  errors: {
    MALFORMED_REQUEST: 'La solicitud enviada al servidor está mal formada.',
    VALIDATION_FAILED: 'Los datos no son válidos.',
    PAYLOAD_TOO_LARGE: 'El envío es demasiado grande para el servidor.',
    TOO_MANY_MUTATIONS: 'Demasiados cambios en un solo envío.',
    UNAUTHENTICATED: 'La sesión no es válida o expiró.',
    FORBIDDEN: 'Su rol no permite esta acción.',
    INVALID_CREDENTIALS: 'Usuario o contraseña incorrectos.',
    TOO_MANY_ATTEMPTS: 'Demasiados intentos fallidos. Espere unos minutos e intente de nuevo.',
    NOT_FOUND: 'No se encontró lo solicitado.',
    UNKNOWN_KIND: 'El servidor no reconoce este tipo de registro.',
    RECORD_EXISTS: 'El registro ya existe en el servidor.',
    RECORD_NOT_FOUND: 'El registro no existe en el servidor.',
    READ_ONLY_FIELD: 'Se intentó cambiar un campo que no se puede modificar.',
    USERNAME_TAKEN: 'Ese nombre de usuario ya existe.',
    INTERNAL: 'No fue posible comunicarse con el servidor.',
  } satisfies Record<ErrorCode, string>,
} as const;

export function errorMessage(code: string, fallback?: string): string {
  return (messages.errors as Record<string, string>)[code] ?? fallback ?? messages.errors.INTERNAL;
}

const dateTime = new Intl.DateTimeFormat('es-CO', {
  timeZone: 'America/Bogota',
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** Date and time as officials read them: Bogotá time, whatever the device's zone. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}
