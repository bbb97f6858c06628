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

  nav: {
    label: 'Secciones',
    list: 'Solicitudes',
    new: 'Radicar',
    report: 'Informe',
  },

  pqrsd: {
    title: 'Solicitudes ciudadanas (PQRSD)',
    newTitle: 'Radicar una solicitud',
    requestData: 'Datos de la solicitud',
    receivedAt: 'Fecha y hora de recepción',
    citizen: 'Peticionario',
    onlyDenuncia: '(solo denuncias)',
    nameOptional: 'Nombre (opcional)',
    address: 'Dirección física',
    email: 'Correo electrónico',
    phone: 'Teléfono',
    object: 'Objeto de la solicitud',
    attachments: 'Documentos anexos',
    addAttachment: 'Agregar anexo',
    remove: 'Quitar',
    noticeVersion: 'Versión del aviso:',
    noticeShown: 'Informé al ciudadano el aviso de tratamiento de datos',
    noticeRequired: 'Informe el aviso de datos personales al ciudadano antes de radicar',
    overdueCount: (n: number) => (n === 1 ? '1 vencida' : `${n} vencidas`),
    dueSoonCount: (n: number) => (n === 1 ? '1 vence en 3 días hábiles' : `${n} vencen en 3 días hábiles`),
    search: 'Buscar',
    searchHint: 'Radicado, documento, nombre o texto',
    show: 'Mostrar',
    state: 'Estado',
    anyState: 'Todos los estados',
    dependencia: 'Dependencia',
    anyDependencia: 'Todas las dependencias',
    overdueSince: (d: string) => `Vencida desde ${d}`,
    dueOn: (d: string) => `Vence ${d}`,
    dueDate: 'Vencimiento',
    clockStopped: 'Término suspendido (esperando al ciudadano)',
    extension: 'Prórroga',
    assignedTo: 'Asignada a',
    notFound: 'Esa solicitud no está en este dispositivo.',
    noAccess: 'Su rol no trabaja con solicitudes ciudadanas. Los módulos de capacitación llegarán pronto.',
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

  steps: {
    title: 'Registrar un paso',
    step: 'Paso',
    choose: 'Elija un paso',
    date: 'Fecha del paso',
    note: 'Nota (opcional)',
    record: 'Registrar paso',
    saved: 'Paso registrado en este dispositivo.',
    none: 'La solicitud está cerrada: no admite más pasos.',
    history: 'Historial',
    filed: 'Radicada',
    dependencia: 'Dependencia',
    assignee: 'Funcionario responsable',
    newDueDate: 'Nueva fecha de vencimiento',
    reason: 'Motivo de la prórroga (se notifica al ciudadano)',
    authority: 'Autoridad competente',
    what: 'Qué debe completar el ciudadano',
    answer: 'Texto de la respuesta',
    document: 'Documento de respuesta (nombre del archivo, opcional)',
    denied: 'La respuesta niega lo solicitado',
  },

  receipt: {
    title: 'Constancia de radicación',
    entity: 'Alcaldía Municipal de Miraflores (Guaviare)',
    open: 'Ver constancia',
    radicado: 'Radicado',
    provisional: 'Número provisional',
    provisionalNote: 'Número provisional: el radicado oficial se asigna al sincronizar y aparecerá aquí.',
    receivedAt: 'Fecha y hora de recepción',
    type: 'Tipo',
    dueDate: 'Fecha máxima de respuesta',
    noTerm: 'Sin término legal',
    code: 'Código de verificación',
    lookupHint: (host: string) => `Consulte el estado en ${host}/portal/consulta con el radicado y el código.`,
    legal: 'Términos de la Ley 1755 de 2015, contados en días hábiles desde el día siguiente a la recepción.',
    print: 'Imprimir o guardar PDF',
    share: 'Compartir imagen',
    downloaded: 'Imagen descargada.',
    back: 'Volver a la solicitud',
  },

  report: {
    title: 'Informe de solicitudes (Decreto 1081 de 2015)',
    from: 'Desde',
    to: 'Hasta',
    csv: 'Descargar CSV',
    xlsx: 'Descargar Excel (XLSX)',
    onlyDevice: 'Calculado con las solicitudes sincronizadas en este dispositivo.',
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
    INVALID_TRANSITION: 'Ese paso no es posible en el estado actual de la solicitud.',
    RATE_LIMITED: 'Demasiadas consultas seguidas. Espere un momento.',
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
