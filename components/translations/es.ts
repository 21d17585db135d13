import { duration, plural } from '../shared/intl.js';
import { registerTranslation, type Translation } from '../shared/localize.js';

/**
 * Spanish (neutral, with "usted"), registered on import. A term missing here is a type error, and `localize.test.ts`
 * fails.
 */
export const es: Translation = {
  $code: 'es',
  $name: 'Español',

  loginTitle: 'Inicie sesión para dictar',
  username: 'Usuario',
  password: 'Contraseña',
  logIn: 'Iniciar sesión',
  loggingIn: 'Iniciando sesión…',
  logOut: 'Cerrar sesión',
  signedInAs: 'Sesión iniciada como',
  loggedOutHere: 'Ha cerrado la sesión.',
  loggedOutServerLater:
    'Ha cerrado la sesión en este navegador. No se pudo contactar con el servidor para terminarla allí; terminará en cuanto sea posible.',
  savedBeforeEnd: (items) =>
    `${plural('es', items, 'Se guardó', 'Se guardaron')} ${items} ${plural('es', items, 'elemento', 'elementos')} antes de que terminara la sesión.`,
  notSaved: (what) => `No guardado: ${what}.`,
  storeDownChecking:
    'El servicio de sesiones no está disponible por un momento. No se cerró la sesión de nadie: esta página vuelve a comprobarlo cada pocos segundos y continúa sola.',
  cookieBlocked:
    'Su navegador rechazó la cookie de inicio de sesión del servicio de dictado, así que no puede mantener la sesión en esta página. Consulte a su equipo de informática: la página y el servicio de dictado deben estar en el mismo sitio.',
  originNotAllowed: (origin) =>
    `El servicio de dictado no acepta la dirección de esta página (${origin}). Pida a su equipo de informática que la añada a los orígenes permitidos del servicio.`,
  unreachable: 'No se puede conectar con el servidor. Compruebe su conexión e inténtelo de nuevo.',
  offlineRetry: 'No tiene conexión. Vuelva a conectarse a la red e inténtelo de nuevo.',
  serverAnswered: (status) => `El servidor respondió ${status}.`,
  extendFailed: (why) => `No se pudo prolongar la sesión: ${why}`,
  supersededByLogin: 'Un nuevo inicio de sesión sustituyó a esta sesión.',

  endLoggedOut: 'Se cerró su sesión en otra pestaña o ventana. Vuelva a iniciar sesión.',
  endExpired: 'La sesión ha caducado. Vuelva a iniciar sesión.',
  endReplaced: 'Inició sesión en otro lugar, así que esta sesión terminó. Vuelva a iniciar sesión para continuar aquí.',
  endTerminated: 'El servidor terminó su sesión. Vuelva a iniciar sesión.',
  endKeepAliveTimeout:
    'El servicio de dictado dejó de recibir señales de esta página (tiempo de espera agotado), así que su sesión terminó. Vuelva a iniciar sesión.',
  endPageLeft: 'Su sesión terminó mientras esta página estaba cerrada o en segundo plano. Vuelva a iniciar sesión.',
  endConnectionLost: 'Se perdió la conexión con el servicio de dictado, así que su sesión terminó. Vuelva a iniciar sesión.',
  endServiceRestarting: 'El servicio de dictado se reinició, así que su sesión terminó. Vuelva a iniciar sesión.',

  errInvalidCredentials: 'Usuario o contraseña incorrectos.',
  errLoginThrottled: (seconds) =>
    `Demasiados intentos fallidos para esta cuenta o desde esta red. Inténtelo de nuevo dentro de ${duration('es', seconds)}.`,
  errRateLimited: 'Demasiados intentos. Espere un minuto e inténtelo de nuevo.',
  errValidation: 'Escriba un usuario y una contraseña.',
  errForbiddenOrigin: 'El servicio de dictado no acepta solicitudes desde la dirección de esta página. Consulte a su equipo de informática.',
  errNotAuthenticated: 'No ha iniciado sesión.',
  errInternal: 'El servicio de dictado tuvo un error interno. Inténtelo de nuevo; si vuelve a ocurrir, avise a su administrador.',
  errStoreUnavailable: 'El servicio de sesiones no está disponible por un momento. Inténtelo de nuevo en unos segundos.',
  serverSaid: (message) => message,

  warningTitle: 'Su sesión está a punto de caducar',
  warningBody: 'Por su seguridad, la sesión se cerrará dentro de',
  warningKept: 'Todo lo que dictó se conserva.',
  logoutNow: 'Cerrar sesión ahora',
  stayLoggedIn: 'Mantener la sesión',
  expiredTitle: 'Su sesión ha caducado',
  logInAgain: 'Volver a iniciar sesión',
  timeLeft: (seconds) => `Tiempo restante: ${duration('es', seconds)}.`,

  dictate: 'Dictar',
  barLabel: 'Dictado',
  microphoneLevel: 'Nivel del micrófono',
  keptPending: (seconds) =>
    `Este dispositivo guarda ${duration('es', seconds)} de voz, que se transcribirán cuando vuelva a iniciar sesión.`,
  keptNotTranscribed: (seconds) =>
    `Este dispositivo guarda ${duration('es', seconds)} de voz aún sin transcribir: pulse Dictar para transcribirlos.`,
  microphone: 'Micrófono',
  microphoneNumber: (n) => `Micrófono ${n}`,
  retry: 'Reintentar',
  myWords: 'Mis palabras',
  connectDevice: 'Conectar micrófono de dictado',
  connectAnotherDevice: (names) => `${names}: conectar otro micrófono de dictado`,
  needsSessionManager: 'El dictado necesita un <session-manager> a su alrededor.',
  reconnecting: 'Reconectando con el servicio de dictado…',
  connecting: 'Conectando con el servicio de dictado…',
  checkingSession: 'Comprobando su sesión…',
  logInToDictate: 'Inicie sesión para empezar a dictar.',
  keptWhileLoggedOut:
    'Su voz se sigue grabando en este dispositivo y se transcribirá cuando vuelva a iniciar sesión. Pulse Dictar otra vez cuando termine.',
  transcribingKept: (seconds) => `Transcribiendo ${duration('es', seconds)} de voz guardada mientras no había conexión…`,
  sealedBeforeExpiry:
    'Su sesión está a punto de terminar: su voz se guarda ahora en este dispositivo y se transcribirá cuando vuelva a iniciar sesión, o enseguida si mantiene la sesión.',
  startingMicrophone: 'Iniciando el micrófono…',
  listening: (shortcut) => (shortcut ? `Escuchando… Pulse Dictar o ${shortcut} para parar.` : 'Escuchando… Pulse Dictar para parar.'),
  finishing: 'Terminando las últimas palabras…',
  ready: (shortcut) =>
    shortcut ? `Listo para dictar. Pulse Dictar o ${shortcut} para empezar.` : 'Listo para dictar. Pulse Dictar para empezar.',
  said: (sentence) => sentence,
  serverCouldNotHandle: (why) => `El servicio de dictado no pudo procesar un mensaje: ${why}`,
  recovered: (words) =>
    `${plural('es', words, 'Se recuperó', 'Se recuperaron')} ${words} ${plural('es', words, 'palabra dictada', 'palabras dictadas')} mientras no había conexión.`,
  recoveredNothing: 'La voz guardada mientras no había conexión no contenía palabras.',
  restored: (words) =>
    `${plural('es', words, 'Se restauró', 'Se restauraron')} ${words} ${plural('es', words, 'palabra dictada', 'palabras dictadas')} que la página no había guardado antes de cerrarse.`,

  linkLoggedOut: 'Se cerró su sesión (aquí o en otra pestaña), así que el dictado se detuvo. Inicie sesión para continuar.',
  linkSignedInElsewhere: 'El dictado se detuvo: inició sesión en otro lugar. Vuelva a iniciar sesión aquí para continuar.',
  linkExpired: 'Su sesión caducó, así que el dictado se detuvo. Vuelva a iniciar sesión para continuar.',
  linkServerHeardNothing:
    'El servicio de dictado dejó de recibir señales de esta página (tiempo de espera agotado). Vuelva a iniciar sesión para continuar.',
  linkTerminated: 'El servidor terminó su sesión, así que el dictado se detuvo. Vuelva a iniciar sesión para continuar.',
  linkRestarting: 'El servicio de dictado se está reiniciando. Vuelva a iniciar sesión en un momento para continuar.',
  linkInternalError: 'El servicio de dictado tuvo un error interno y cerró la conexión. Vuelva a iniciar sesión para continuar.',
  linkMessageTooBig: 'El servicio de dictado cerró la conexión: un mensaje era demasiado grande. Vuelva a iniciar sesión para continuar.',
  linkKeepAliveTimeout: (seconds) =>
    `Conexión perdida: el servicio de dictado no respondió en ${duration('es', seconds)}. Compruebe su red y vuelva a iniciar sesión.`,
  linkRecordingTimeout: (seconds) =>
    `Conexión perdida: el servicio de dictado dejó de responder mientras dictaba (nada durante ${duration('es', seconds)}). Compruebe su red y vuelva a iniciar sesión.`,
  linkPageLeft: 'Su sesión terminó mientras esta página estaba cerrada o en segundo plano, así que el dictado se detuvo. Vuelva a iniciar sesión para continuar.',
  linkLost: 'Se perdió la conexión con el servicio de dictado. Vuelva a iniciar sesión cuando se restablezca.',
  linkNotReading:
    'El servicio de dictado cerró la conexión porque esta página dejó de recibir sus mensajes (la página estaba demasiado ocupada o la red era demasiado lenta). Vuelva a iniciar sesión para continuar.',
  linkRateExceeded:
    'El servicio de dictado cerró la conexión porque esta página envió mucho más de lo permitido. Vuelva a iniciar sesión para continuar; si vuelve a ocurrir, avise a su administrador.',
  linkTooManyConnections:
    'El dictado está abierto en demasiadas pestañas o barras para esta sesión (o desde esta red). Cierre algunas y pulse Reintentar.',
  linkOfflineBack: 'Se quedó sin conexión, así que el dictado se detuvo. La red ha vuelto: inicie sesión de nuevo para continuar.',
  linkOffline: 'No tiene conexión, así que el dictado se detuvo. Vuelva a iniciar sesión cuando recupere la conexión.',
  linkRefused: 'No se puede conectar con el servicio de dictado. Compruebe que está en marcha y vuelva a intentarlo.',
  linkUnauthorized: 'El servicio de dictado rechazó la conexión porque su sesión ya no es válida (401). Vuelva a iniciar sesión.',
  linkRejected: 'El servicio de dictado rechazó la conexión. Pida a su administrador que permita este sitio.',
  linkStoreUnavailable:
    'El servicio de sesiones no está disponible por un momento. No se cerró la sesión de nadie: el dictado se reconecta solo cuando vuelva.',
  linkClosed: (code) => `La conexión con el servicio de dictado se cerró de forma inesperada (código ${code}). Vuelva a iniciar sesión para continuar.`,

  micDenied:
    'Se denegó el acceso al micrófono. Permita el micrófono para este sitio (el icono de la barra de direcciones) y pulse Dictar otra vez.',
  micNotFound: 'No se encontró ningún micrófono. Conecte uno y pulse Dictar otra vez.',
  micBusy: 'No se pudo iniciar el micrófono: puede que otra aplicación lo esté usando.',
  micUnplugged: 'Se desconectó el micrófono, así que la grabación se detuvo. Se conservó lo reconocido hasta entonces.',
  micInsecure: 'El micrófono solo funciona en una página segura (https).',
  micUnsupported: 'Este navegador no puede grabar audio aquí.',
  micFailed: 'No se pudo iniciar el micrófono.',
  noTarget: 'Haga clic en el campo de texto en el que quiere dictar y pulse Dictar.',
  recognizerUnavailable: 'El reconocimiento de voz no está disponible en el servidor. Consulte a su administrador.',
  recognizerBusy: 'Todos los reconocedores de voz del servidor están ocupados. Inténtelo de nuevo en un momento.',
  recognizerFailed: 'El reconocedor de voz falló, así que la grabación se detuvo. Se conservó lo que había reconocido.',
  recordingLimit: 'La grabación se detuvo: alcanzó la duración máxima que permite el servidor. Pulse Dictar para continuar.',
  keptLimit: (minutes) =>
    `La grabación se detuvo: este dispositivo guarda ${duration('es', minutes * 60)} de voz, lo máximo que graba sin conexión. Se transcribirán cuando vuelva a iniciar sesión.`,
  audioRejected: 'El servicio de dictado no pudo usar el audio de este navegador.',
  tooManyRecordings:
    'Ya está dictando en otras pestañas o barras, tantas como el servidor permite a la vez. Detenga una de ellas y pulse Dictar aquí.',
};

registerTranslation(es);
